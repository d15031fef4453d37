#!/usr/bin/env python3
"""Writes DIR/compile_commands.json for FILE... compiled with ARGS.

usage: mkdb.py DIR [--compiler CC] FILE... -- ARG...
"""
import json, os, sys

out_dir = sys.argv[1]
rest = sys.argv[2:]
compiler = "clang++"
if rest[:1] == ["--compiler"]:
    compiler, rest = rest[1], rest[2:]
split = rest.index("--") if "--" in rest else len(rest)
files, args = rest[:split], rest[split + 1:]
os.makedirs(out_dir, exist_ok=True)
entries = [{"directory": out_dir, "file": os.path.abspath(f),
            "arguments": [compiler] + args + ["-c", os.path.abspath(f), "-o", os.path.basename(f) + ".o"]}
           for f in files]
json.dump(entries, open(os.path.join(out_dir, "compile_commands.json"), "w"), indent=1)
