#!/usr/bin/env python3
"""Copies a summary file, an index or a cache entry, pointing the first fact
inside a reactor loop at reactor INDEX (default 99, which does not exist).

usage: bad-reactor.py IN OUT [INDEX]
"""
import json, sys

doc = json.load(open(sys.argv[1]))
index = int(sys.argv[3]) if len(sys.argv) > 3 else 99
units = doc.get("units") or [doc["summary"]]
for unit in units:
    facts = [f for key in ("calls", "blocking", "indirect_calls") for f in unit[key]]
    hit = next((f for f in facts if f["Reactor"] >= 0), None)
    if hit:
        hit["Reactor"] = index
        break
else:
    sys.exit("no fact inside a reactor loop in " + sys.argv[1])
json.dump(doc, open(sys.argv[2], "w"))
