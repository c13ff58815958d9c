#!/usr/bin/env python3
"""Stop-gap until api/openapi.json is on main: merge the four services' live springdoc
documents into one (snake_case property names as on the wire, free-form JSON for JsonNode,
colliding schema names prefixed by service). Usage: openapi-preview.py BASE_URL OUT."""
import json
import re
import sys
import urllib.request

base, out = sys.argv[1].rstrip("/"), sys.argv[2]
merged = {"openapi": "3.1.0", "info": {"title": "Strata API (preview)", "version": "2.0.0"},
          "paths": {}, "components": {"schemas": {}}}


def snake(name):
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


for service in ("identity", "workflow", "analytics", "notification"):
    with urllib.request.urlopen(f"{base}/docs/{service}/v3/api-docs", timeout=30) as answer:
        doc = json.load(answer)
    schemas = doc.get("components", {}).get("schemas", {})
    renames = {n: (service.capitalize() + n if n in merged["components"]["schemas"] else n) for n in schemas}
    renames.pop("JsonNode", None)

    def fix(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref and ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[1]
                if name == "JsonNode":
                    return {}
                return {"$ref": "#/components/schemas/" + renames.get(name, name)}
            fixed = {k: fix(v) for k, v in node.items()}
            if isinstance(node.get("properties"), dict):
                fixed["properties"] = {snake(k): fix(v) for k, v in node["properties"].items()}
                if isinstance(node.get("required"), list):
                    fixed["required"] = [snake(r) for r in node["required"]]
            return fixed
        if isinstance(node, list):
            return [fix(v) for v in node]
        return node

    for name, schema in schemas.items():
        if name != "JsonNode":
            merged["components"]["schemas"][renames[name]] = fix(schema)
    for path, item in doc.get("paths", {}).items():
        merged["paths"].setdefault(path, {}).update(fix(item))

with open(out, "w") as f:
    json.dump(merged, f, indent=1)
