#!/usr/bin/python3
"""Fails when a source file crosses a layer the wrong way (see docs/architecture.md).

Checks every file under src/: project includes may only name allowed layers; OpenSSL only in
crypto/, SQLite only in store/sqlite/, Beast only in http/server.cc and client/http_client.cc;
no ambient clock outside base/, app/ and cli/.
"""
import pathlib
import re
import sys

ALLOWED = {
    "base": {"base"},
    "crypto": {"base", "crypto"},
    "merkle": {"base", "crypto", "merkle"},
    "domain": {"base", "domain"},
    "store": {"base", "domain", "merkle", "store"},
    "log": {"base", "crypto", "domain", "merkle", "store", "log"},
    "scan": {"base", "domain", "scan"},
    "delivery": {"base", "crypto", "domain", "delivery"},
    "service": {"base", "crypto", "domain", "merkle", "store", "log", "scan", "delivery", "service"},
    "api": {"base", "domain", "scan", "api"},
    "http": {"base", "crypto", "domain", "merkle", "log", "scan", "service", "api", "http"},
    "client": {"base", "crypto", "domain", "merkle", "api", "client"},
    "app": {"base", "crypto", "domain", "merkle", "store", "log", "scan", "delivery", "service", "api", "http", "client", "app"},
    "cli": {"base", "crypto", "domain", "merkle", "scan", "api", "client", "app", "cli"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]', re.M)
CLOCK = re.compile(r"system_clock::now|absl::Now\(\)|std::random_device|\btime\(nullptr\)")


def main(root):
    root = pathlib.Path(root)
    problems = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".h", ".cc"):
            continue
        rel = path.relative_to(root)
        layer = rel.parts[0]
        text = path.read_text(encoding="utf-8")
        for inc in INCLUDE.findall(text):
            top = inc.split("/")[0]
            if top in ALLOWED and top not in ALLOWED[layer]:
                problems.append(f"{rel}: includes {inc}, but {layer}/ may not depend on {top}/")
            if inc.startswith("openssl/") and layer != "crypto":
                problems.append(f"{rel}: OpenSSL is used only in crypto/")
            if inc == "sqlite3.h" and rel.parts[:2] != ("store", "sqlite"):
                problems.append(f"{rel}: SQLite is used only in store/sqlite/")
            if inc.startswith("boost/beast") and str(rel) not in ("http/server.cc", "client/http_client.cc"):
                problems.append(f"{rel}: Beast is used only in http/server.cc and client/http_client.cc")
        if layer not in ("base", "app", "cli") and not path.name.endswith("_test.cc") and CLOCK.search(text):
            problems.append(f"{rel}: reads the clock or entropy directly; inject Clock/Random")
    for p in problems:
        print(p)
    print(f"layer check: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
