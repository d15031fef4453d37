"""Prints 'same N findings' when two stallscan JSON reports have the same
findings (check, location, message, trace, fingerprint), else the difference."""
import json
import sys

def key(f):
    return json.dumps({k: f.get(k) for k in
                       ("check", "file", "line", "column", "message", "trace",
                        "fingerprint")}, sort_keys=True)

a, b = (json.load(open(p))["findings"] for p in sys.argv[1:3])
ka, kb = sorted(map(key, a)), sorted(map(key, b))
if ka == kb:
    print(f"same {len(ka)} findings")
else:
    print("differ:")
    for k in sorted(set(ka) ^ set(kb)):
        print(("only in first: " if k in ka else "only in second: ") + k)
    sys.exit(1)
