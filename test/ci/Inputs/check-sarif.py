#!/usr/bin/env python3
"""Validates a SARIF file three ways and prints what it checked:

1. against the official SARIF 2.1.0 JSON schema (OASIS errata 01, kept beside
   this script so the test needs nothing outside the repository);
2. with Microsoft's SARIF multitool (npm @microsoft/sarif-multitool-linux,
   pinned and installed by tool/setup), running its SARIF rules and its GitHub
   ingestion rules (GHxxxx); any error or unexpected warning fails;
3. the constraints stallscan itself promises: ruleId/ruleIndex agree, every
   result has an artifact URI and a partial fingerprint, rules carry their
   check page as help, and help URIs are never file:// paths.

usage: check-sarif.py FILE [--help-uri-base URI]
The multitool binary is $STALLSCAN_SARIF_MULTITOOL (set by test/lit.cfg.py)."""
import collections, json, os, subprocess, sys, tempfile
import jsonschema

here = os.path.dirname(os.path.abspath(__file__))
path = sys.argv[1]
help_base = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--help-uri-base" else None

# Warnings of the multitool we accept, with the reason.
ACCEPTED_WARNINGS = {
    # informationUri: stallscan has no public home page to name.
    "SARIF2005",
}


def fail(msg):
    print("check-sarif: " + msg)
    sys.exit(1)


schema = json.load(open(os.path.join(here, "sarif-schema-2.1.0.json")))
doc = json.load(open(path))
jsonschema.validate(doc, schema)
print("valid SARIF 2.1.0")

tool = os.environ.get("STALLSCAN_SARIF_MULTITOOL", "")
if not tool or not os.access(tool, os.X_OK):
    fail("the SARIF multitool is missing (%r); run ./tool/setup" % tool)
with tempfile.TemporaryDirectory() as tmp:
    log = os.path.join(tmp, "validation.sarif")
    run = subprocess.run(
        [tool, "validate", path, "--config", os.path.join(here, "sarif-multitool.xml"),
         "--rule-kind", "Sarif;Gh", "--level", "Error;Warning;Note",
         "--output", log, "--log", "ForceOverwrite"],
        capture_output=True, text=True,
        env=dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1"))
    if run.returncode != 0 or not os.path.exists(log):
        fail("the multitool failed (%d): %s" % (run.returncode, run.stdout + run.stderr))
    findings = json.load(open(log))["runs"][0].get("results", [])
levels = collections.Counter(r.get("level", "warning") for r in findings)
bad = [r for r in findings
       if r.get("level", "warning") == "error" or
       (r.get("level", "warning") == "warning" and r["ruleId"] not in ACCEPTED_WARNINGS)]
for r in bad:
    print("multitool: %s %s: %s" % (r.get("level", "warning"), r["ruleId"],
                                    r["message"].get("text", r["message"])))
if bad:
    fail("%d multitool errors or unexpected warnings" % len(bad))
print("multitool: SARIF and GitHub rules pass (%d notes)" % levels["note"])

run = doc["runs"][0]
rules = run["tool"]["driver"]["rules"]
print("rules: " + " ".join(r["id"] for r in rules))
for r in rules:
    if not r.get("help", {}).get("markdown", "").startswith("# " + r["id"]):
        fail("rule %s does not carry its check page as help" % r["id"])
    uri = r.get("helpUri")
    if help_base is None and uri is not None:
        fail("rule %s has a help URI (%s) though no docs base was given" % (r["id"], uri))
    if help_base is not None and uri != help_base.rstrip("/") + "/checks/" + r["name"] + ".md":
        fail("rule %s: help URI %r" % (r["id"], uri))
    if uri and uri.startswith("file:"):
        fail("rule %s: a file:// help URI" % r["id"])
if help_base:
    print("help URIs under " + help_base)
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
