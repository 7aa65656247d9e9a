#!/usr/bin/python3
"""Converts docs/openapi.yaml to JSON and to a C++ source defining bourse::app::OpenApiJson()."""
import json
import sys

import yaml


def main():
    src, out_cc, out_json = sys.argv[1:4]
    with open(src, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    with open(out_json, "w", encoding="utf-8") as f:
        f.write(text)
    data = text.encode("utf-8")
    # As signed char values, so that UTF-8 bytes past 127 are not narrowing conversions.
    body = ",".join(str(b - 256 if b > 127 else b) for b in data)
    with open(out_cc, "w", encoding="utf-8") as f:
        f.write("// Generated from docs/openapi.yaml by tools/openapi_to_cc.py. Do not edit.\n")
        f.write("#include <string_view>\n\nnamespace bourse::app {\n")
        f.write(f"static const char kOpenApi[] = {{{body},0}};\n")
        f.write(f"std::string_view OpenApiJson() {{ return std::string_view(kOpenApi, {len(data)}); }}\n")
        f.write("}  // namespace bourse::app\n")


if __name__ == "__main__":
    main()
