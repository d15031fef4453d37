"""stored-results-diff.py STALLSCAN PLUGIN_SO DB_DIR WORK [--only NAME,...] [--move]

The differential test of the index's stored results over real TUs: writes
the index of the compile database in DB_DIR, then compiles every TU of it
with the plugin and that index, with STALLSCAN_VERIFY_RESULTS=1: a TU served
from the stored results is also loaded in full and the two sets of findings
compared (a difference aborts the compile, and fails this script). Prints
how many TUs were served and compared, and why the others were loaded in
full. --only keeps the TUs whose path has one of these folder names.
--move: the sources are copied (the compile database rewritten to the
copy), and once the index is written every TU's main file gets lines
added at its top and in its middle, and one of its lines indented further:
its code moved, and a TU served so says "its code moved"."""
import collections
import concurrent.futures
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

stallscan, plugin, db, work = map(os.path.abspath, sys.argv[1:5])
only = None
if "--only" in sys.argv:
    only = sys.argv[sys.argv.index("--only") + 1].split(",")
os.makedirs(work, exist_ok=True)
move = "--move" in sys.argv
if move:
    # A copy of the sources the TUs' main files are in, to edit.
    text = open(os.path.join(db, "compile_commands.json")).read()
    files = [e["file"] for e in json.loads(text)]
    root = os.path.commonpath([os.path.dirname(f) for f in files])
    tree = os.path.join(work, "tree")
    shutil.copytree(root, tree)
    db = os.path.join(work, "db")
    os.makedirs(db)
    # Only the paths into the copied folder move ("root/../x" stays).
    moved = re.sub(re.escape(root) + r"(?=/(?!\.\.))", tree, text)
    with open(os.path.join(db, "compile_commands.json"), "w") as f:
        f.write(moved)
index = os.path.join(work, "index.bin")
r = subprocess.run([stallscan, "-p", db, "--quiet", "-j", "2",
                    "--write-index", index, "-o", os.path.join(work, "cli.txt")],
                   capture_output=True, text=True)
if r.returncode not in (0, 1, 3) or not os.path.exists(index):
    sys.exit(f"stallscan exited {r.returncode}: {r.stderr}")

entries = json.load(open(os.path.join(db, "compile_commands.json")))
if only:
    entries = [e for e in entries
               if any(f"/{n}/" in e["file"] for n in only)]
if move:
    for e in entries:
        path = os.path.join(e["directory"], e["file"])
        lines = open(path).read().split("\n")
        middle = len(lines) // 2
        while middle > 0 and lines[middle - 1].endswith("\\"):
            middle += 1  # not inside a macro's definition
        # A line that only holds code (not in a raw string or a macro) is
        # safe to indent: one that starts with a letter at column 1 and does
        # not continue a macro.
        for i in range(middle, len(lines)):
            if re.match(r"[A-Za-z_]", lines[i]) and not lines[i].endswith("\\") \
                    and (i == 0 or not lines[i - 1].endswith("\\")):
                lines[i] = "   " + lines[i]
                break
        lines.insert(middle, "")
        lines = ["// this TU's code moved", ""] + lines
        open(path, "w").write("\n".join(lines))


def command(e):
    args = e.get("arguments") or shlex.split(e["command"])
    c = e["file"].endswith(".c")
    out = ["clang-19" if c else "clang++-19"]
    skip = False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a == "-o":
            skip = True
            continue
        if a == "-c" or a.startswith("-o"):
            continue
        out.append(a)
    return out + ["-fsyntax-only", "-fplugin=" + plugin,
                  "-fplugin-arg-stallscan-index=" + index]


def run(e):
    env = dict(os.environ, STALLSCAN_VERIFY_RESULTS="1")
    p = subprocess.run(command(e), cwd=e["directory"], env=env,
                       capture_output=True, text=True)
    return e["file"], p.returncode, p.stderr


served, full, failed = 0, collections.Counter(), []
with concurrent.futures.ThreadPoolExecutor(2) as pool:
    for f, rc, err in pool.map(run, entries):
        lines = [l for l in err.splitlines() if l.startswith("stallscan: ")]
        if any("the same as a full load's" in l and
               (not move or "(its code moved)" in l) for l in lines):
            served += 1
        elif m := [re.sub(r"^stallscan: \S+: ", "", l) for l in lines
                   if ": full load (" in l]:
            full[m[0]] += 1
        if "LLVM ERROR" in err or rc not in (0, 1) or not lines:
            failed.append(f"{f}: exit {rc}\n{err}")
print(f"{len(entries)} TUs: {served} from stored results, each the same as "
      f"a full load; {sum(full.values())} full loads")
for why, n in sorted(full.items()):
    print(f"  {n} {why}")
for f in failed:
    print("FAILED: " + f)
sys.exit(1 if failed else 0)
