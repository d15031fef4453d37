#!/usr/bin/env python3
"""Reports the first terminal control character in each FILE: bytes below
0x20 but newline and tab, DEL, and C1 controls (U+0080..U+009F in UTF-8).
usage: no-controls.py FILE..."""
import os, re, sys

bad = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    m = bad.search(data)
    name = os.path.basename(path)
    if m:
        print(f"{name}: control character 0x{m.group()[-1]:02x} at byte {m.start()}")
    else:
        print(f"{name}: no control characters")
