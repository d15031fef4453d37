#!/usr/bin/env python3
"""Runs, as written, the first ```sh block after a heading of a docs page.

The block runs with bash -eo pipefail in the given folder; its output is
passed through and its exit status returned, so a doc recipe that stops
working fails its test.

usage: run-doc-block.py DOC HEADING CWD
"""
import re, subprocess, sys

doc, heading, cwd = sys.argv[1:4]
text = open(doc).read()
at = text.find(heading)
if at < 0:
    sys.exit(f"no heading {heading!r} in {doc}")
m = re.search(r"```sh\n(.*?)```", text[at:], re.S)
if not m:
    sys.exit(f"no ```sh block after {heading!r}")
sys.stdout.flush()
sys.exit(subprocess.run(["bash", "-eo", "pipefail", "-c", m.group(1)], cwd=cwd).returncode)
