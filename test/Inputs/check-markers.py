#!/usr/bin/env python3
"""Checks stallscan's findings on the bundled servers against their markers.

Markers name the check that must fire on their line:
  // BLOCKING: <kind>       stallscan-blocking-in-event-loop, with that kind
  // LOCK-BLOCKING: <kind>  stallscan-lock-held-while-blocking
  // LOCK-SUSPEND: ...      stallscan-lock-held-across-suspend
  // HOT-PATH: ...          stallscan-serialised-hot-path
Every marked line must be reported by its check, and nothing else may be: a
finding on an unmarked or `// OK:` line is a false positive and fails. Each server is analysed on its own (its entries of the
testdata compile database) so its architecture verdict can be checked too.

usage: check-markers.py STALLSCAN TESTDATA_DIR BUILD_DB_DIR SERVER=VERDICT...
"""
import json, os, re, subprocess, sys, tempfile

stallscan, testdata, dbdir = sys.argv[1:4]
expect = dict(a.split("=") for a in sys.argv[4:])
db = json.load(open(os.path.join(dbdir, "compile_commands.json")))
marker = re.compile(r"//\s*(BLOCKING|LOCK-BLOCKING|LOCK-SUSPEND|HOT-PATH|OK):\s*([\w-]+)?")
CHECKS = {"BLOCKING": "stallscan-blocking-in-event-loop",
          "LOCK-BLOCKING": "stallscan-lock-held-while-blocking",
          "LOCK-SUSPEND": "stallscan-lock-held-across-suspend",
          "HOT-PATH": "stallscan-serialised-hot-path"}
failures = 0

for server, verdict in sorted(expect.items()):
    root = os.path.join(testdata, server)
    entries = [e for e in db if os.path.abspath(os.path.join(e["directory"], e["file"])).startswith(root + os.sep)]
    if not entries:
        print(f"{server}: no entries in the compile database"); failures += 1; continue
    want, ok_lines = {}, set()
    for dirpath, _, files in os.walk(root):
        for f in files:
            path = os.path.join(dirpath, f)
            for n, line in enumerate(open(path, errors="replace"), 1):
                m = marker.search(line)
                rel = os.path.relpath(path, testdata)
                if m and m.group(1) in CHECKS:
                    kind = m.group(2) if m.group(1).endswith("BLOCKING") else None
                    want[(rel, n, CHECKS[m.group(1)])] = kind
                elif m:
                    ok_lines.add((rel, n))
    with tempfile.TemporaryDirectory() as tmp:
        json.dump(entries, open(os.path.join(tmp, "compile_commands.json"), "w"))
        out = subprocess.run([stallscan, "-p", tmp, "--format=json", "--no-cache",
                              "--root", testdata, "--quiet"],
                             capture_output=True, text=True)
    if out.returncode not in (0, 1):
        print(f"{server}: stallscan exited {out.returncode}: {out.stderr.strip()}"); failures += 1; continue
    report = json.loads(out.stdout)
    got = {}
    for f in report["findings"]:
        got[(f["file"], f["line"], f["check"])] = f
    for key, kind in sorted(want.items()):
        if key not in got:
            print(f"{server}: MISSING {key[0]}:{key[1]} {key[2]} ({kind})"); failures += 1
        elif kind and got[key]["kind"] != kind:
            print(f"{server}: WRONG KIND {key[0]}:{key[1]}: {got[key]['kind']} != {kind}"); failures += 1
    for key, f in sorted(got.items()):
        if key not in want:
            where = "an OK line" if key[:2] in ok_lines else "an unmarked line"
            print(f"{server}: FALSE POSITIVE on {where} {key[0]}:{key[1]}: {f['message']} [{key[2]}]"); failures += 1
    loop = [f for f in report["findings"] if f["check"] == CHECKS["BLOCKING"]]
    cross = sum(1 for f in loop if any(t["file"] != f["file"] for t in f["trace"]))
    by_check = {}
    for f in report["findings"]:
        by_check[f["check"].replace("stallscan-", "")] = by_check.get(f["check"].replace("stallscan-", ""), 0) + 1
    v = report["architecture"]["verdict"]
    if v != verdict:
        print(f"{server}: verdict {v}, expected {verdict}"); failures += 1
    print(f"{server}: {len(got)} findings, {len(want)} marked, {cross} across files, verdict {v}")
    print(f"{server}: by check " + ", ".join(f"{k}={n}" for k, n in sorted(by_check.items())))

print(f"marker check: {failures} problems")
sys.exit(1 if failures else 0)
