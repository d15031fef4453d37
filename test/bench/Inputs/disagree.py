"""disagree.py DIR: in the first summary of DIR that defines a header
function with a call, moves that call to another line, so that this TU says
something other than the TUs that include the same header (a header's inline
function compiled with other macros). Prints the function's name."""
import json
import os
import sys

d = sys.argv[1]
for f in sorted(os.listdir(d)):
    p = os.path.join(d, f)
    j = json.load(open(p))
    s = j["summary"]
    header = {x["Id"]: x["Name"] for x in s["functions"]
              if x["Where"][0] != s["main_file"]}
    calls = [c for c in s["calls"] if c["Caller"] in header]
    if calls:
        calls[0]["Where"][1] += 1000
        json.dump(j, open(p, "w"))
        print(header[calls[0]["Caller"]])
        break
