#!/usr/bin/env python3
"""Writes DIR/compile_commands.json for FILE... compiled with ARGS.

usage: mkdb.py DIR [--compiler CC] [--directory CWD] FILE[@OBJDIR]... -- ARG...

--directory: the entries' working directory (default DIR); FILE@OBJDIR: the
object file goes to OBJDIR/<name>.o (as CMake's CMakeFiles/<target>.dir/).
"""
import json, os, sys

out_dir = sys.argv[1]
rest = sys.argv[2:]
compiler = "clang++"
directory = out_dir
while rest[:1] in (["--compiler"], ["--directory"]):
    if rest[0] == "--compiler":
        compiler = rest[1]
    else:
        directory = os.path.abspath(rest[1])
    rest = rest[2:]
split = rest.index("--") if "--" in rest else len(rest)
files, args = rest[:split], rest[split + 1:]
os.makedirs(out_dir, exist_ok=True)
entries = []
for spec in files:
    f, _, objdir = spec.partition("@")
    obj = os.path.basename(f) + ".o"
    entries.append({"directory": directory, "file": os.path.abspath(f),
                    "arguments": [compiler] + args + ["-c", os.path.abspath(f), "-o",
                                                      os.path.join(objdir, obj) if objdir else obj]})
json.dump(entries, open(os.path.join(out_dir, "compile_commands.json"), "w"), indent=1)
