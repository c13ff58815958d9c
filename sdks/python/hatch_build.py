"""Build hook: generate the wire models from the API document before the wheel is built.

In a checkout the document is ../../api/openapi.json (or $STRATA_OPENAPI); an sdist carries the
generated module instead, so a wheel built from it needs neither the document nor a regeneration.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class GenerateModelsHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        spec_file = root / "scripts" / "generate.py"
        spec = importlib.util.spec_from_file_location("strata_generate", spec_file)
        if spec is None or spec.loader is None:
            raise RuntimeError(f"cannot load {spec_file}")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        document = Path(os.environ.get("STRATA_OPENAPI") or module.DEFAULT_SPEC)
        if document.is_file():
            module.generate(document.resolve())
        elif not module.OUTPUT.is_file():
            raise RuntimeError(f"neither the API document ({document}) nor a generated {module.OUTPUT} is here")
