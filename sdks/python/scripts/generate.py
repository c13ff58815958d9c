#!/usr/bin/env python3
"""Generate src/strata/_generated/models.py from the API document with datamodel-code-generator.

The generator's options live in pyproject.toml ([tool.datamodel-codegen]); its version is pinned
there ([build-system] requires) and in requirements-dev.txt. The document is the repository's
api/openapi.json, or the path in $STRATA_OPENAPI, or the first argument.

    python scripts/generate.py [path/to/openapi.json]

test.sh and the build hook (hatch_build.py) run this; the output is not committed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # sdks/python
OUTPUT = ROOT / "src" / "strata" / "_generated" / "models.py"
DEFAULT_SPEC = ROOT.parent.parent / "api" / "openapi.json"


def spec_path(argv: list[str]) -> Path:
    if len(argv) > 1:
        return Path(argv[1]).resolve()
    return Path(os.environ.get("STRATA_OPENAPI") or DEFAULT_SPEC).resolve()


def generate(spec: Path, output: Path = OUTPUT) -> None:
    if not spec.is_file():
        raise SystemExit(f"generate: the API document {spec} is missing (the SDK's types are generated from it)")
    output.parent.mkdir(parents=True, exist_ok=True)
    (output.parent / "__init__.py").touch()
    # Run from sdks/python so that the generator reads its options from this pyproject.toml.
    subprocess.run(
        [sys.executable, "-m", "datamodel_code_generator", "--input", str(spec), "--output", str(output)],
        cwd=ROOT,
        check=True,
    )


if __name__ == "__main__":
    spec = spec_path(sys.argv)
    generate(spec)
    print(f"generate: {OUTPUT.relative_to(ROOT)} from {spec}")
