#!/usr/bin/env python3
"""Runs a command, on a pseudo-terminal with --pty (as a user's shell would),
else with a pipe, and prints its output with ESC shown as <ESC> so FileCheck
can match colour sequences. Usage: show-escapes.py [--pty] CMD ARGS..."""
import os
import pty
import subprocess
import sys

args = sys.argv[1:]
if args and args[0] == "--pty":
    args = args[1:]
    master, slave = pty.openpty()
    p = subprocess.Popen(args, stdout=slave, stderr=subprocess.DEVNULL)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    p.wait()
    out = b"".join(chunks).replace(b"\r\n", b"\n")
else:
    out = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
sys.stdout.write(out.decode("utf-8", "replace").replace("\x1b", "<ESC>"))
