#!/usr/bin/env python3
"""Prints the architecture verdict and evidence of the named components of a
JSON report, one "component NAME: VERDICT" line each followed by its
"evidence: ..." lines. usage: print-components.py REPORT.json NAME..."""
import json, sys
report = json.load(open(sys.argv[1]))
components = {c["name"]: c for c in report["architecture"]["components"]}
for name in sys.argv[2:]:
    c = components.get(name)
    if c is None:
        print(f"component {name}: missing")
        continue
    print(f"component {name}: {c['verdict']}")
    for e in c["evidence"]:
        print(f"evidence: {e['message']}")
