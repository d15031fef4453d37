#!/usr/bin/env python3
"""Checks an `strace -f -e trace=execve` log: the only execve is the first
one (stallscan itself), and no fake tool left a marker.

usage: check-no-exec.py STRACE_LOG MARKS_DIR
"""
import os, re, sys

log, marks = sys.argv[1:3]
execs = [l.rstrip() for l in open(log) if re.search(r"\bexecve\(", l)]
for e in execs[1:]:
    print("unexpected", e)
for m in sorted(os.listdir(marks)):
    print("ran", m)
print("execve", len(execs), "stallscan" if execs and "stallscan" in execs[0] else "?")
