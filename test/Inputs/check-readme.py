#!/usr/bin/env python3
"""The README's sample output must be real: every line of the block between
the readme-output markers must appear, in order, in what the quick-start
command prints. usage: check-readme.py README OUTPUT_FILE"""
import sys
readme, output = sys.argv[1:3]
text = open(readme).read()
block = text.split("<!-- readme-output-begin -->")[1].split("<!-- readme-output-end -->")[0]
want = [l for l in block.strip().splitlines() if not l.startswith("```")]
got = open(output).read().splitlines()
i = 0
for line in want:
    while i < len(got) and got[i] != line:
        i += 1
    if i == len(got):
        print(f"README line not in the output (in order): {line!r}")
        sys.exit(1)
    i += 1
print(f"README sample output: {len(want)} lines found in order")
