#!/usr/bin/env python3
"""Validates a SARIF file against the official 2.1.0 schema and checks the
constraints GitHub code scanning adds (ruleId/ruleIndex agree, locations with
artifact URIs, partialFingerprints). usage: check-sarif.py SCHEMA FILE"""
import json, sys
import jsonschema

schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
jsonschema.validate(doc, schema)
print("valid SARIF 2.1.0")
run = doc["runs"][0]
rules = run["tool"]["driver"]["rules"]
print("rules: " + " ".join(r["id"] for r in rules))
for r in rules:
    assert r.get("helpUri") and r.get("help", {}).get("text"), r["id"]
res = run["results"]
for r in res:
    assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
    assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert "stallscanFingerprint/v1" in r["partialFingerprints"]
sup = sum(1 for r in res if r.get("suppressions"))
flows = sum(1 for r in res if r.get("codeFlows"))
print(f"results: {len(res)}, suppressed: {sup}, with code flows: {flows}")
if res:
    a = res[0]["locations"][0]["physicalLocation"]["artifactLocation"]
    print(f"first uri: {a['uri']} base {a.get('uriBaseId')}")
    k, v = next(iter(res[0]["partialFingerprints"].items()))
    print(f"fingerprint: {k} {v}")
