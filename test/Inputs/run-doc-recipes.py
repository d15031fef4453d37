#!/usr/bin/env python3
"""Runs every stallscan command of a docs page, as written, against a build.

Commands are taken from the page's code blocks (shell, YAML `run:`/`script:`
steps, hooks), continuation lines joined. `-p build` becomes the given build
folder and `stallscan` the binary under test; everything else runs verbatim in
a scratch git repository (with an origin/main ref for --diff-base recipes).
Exit status 0 or 1 (findings) passes; 2 or 3 fails the test.

usage: run-doc-recipes.py STALLSCAN BUILD_DIR DOC SCRATCH_DIR
"""
import os, re, subprocess, sys

stallscan, build, doc, scratch = sys.argv[1:5]
text = open(doc).read()
commands = []
for block in re.findall(r"```[a-z]*\n(.*?)```", text, re.S):
    joined = re.sub(r"\\\n\s*", " ", block)
    for line in joined.splitlines():
        line = re.sub(r"^\s*(- )?(run: \|)?", "", line).strip()
        line = re.sub(r"^exec ", "", line)
        if re.search(r"(^|\| )stallscan ", line):
            commands.append(" ".join(line.split("  #")[0].split()))
os.makedirs(scratch, exist_ok=True)
subprocess.run("git init -q . && git -c user.email=t@t -c user.name=t commit -q --allow-empty -m base "
               "&& git update-ref refs/remotes/origin/main HEAD", shell=True, cwd=scratch, check=True)
failed = 0
for cmd in commands:
    run = re.sub(r"(^|\| )stallscan ", lambda m: m.group(1) + stallscan + " ", cmd)
    run = run.replace(" -p build ", " -p " + build + " ")
    r = subprocess.run(run, shell=True, cwd=scratch, capture_output=True, text=True)
    ok = r.returncode in (0, 1)
    failed += not ok
    print(("ok   " if ok else "FAIL ") + cmd + ("" if ok else "  -> exit %d: %s" % (r.returncode, r.stderr.strip()[:300])))
print(f"{len(commands)} recipe commands, {failed} failed")
sys.exit(1 if failed else 0)
