#!/usr/bin/env python3
"""The peer figure: stallscan and the Clang Static Analyzer on CSA's own test
file for unix.BlockInCriticalSection, side by side.

The file is LLVM's clang/test/Analysis/block-in-critical-section.cpp (not in
this repository: pass the path of a copy). Its `expected-warning` comments say
where CSA warns; `// no-warning` lines are where it must not. This script runs

  stallscan   on the file as a C++17 translation unit (a throwaway
              compile_commands.json in a temporary folder), the
              lock-held-while-blocking check only;
  CSA         clang --analyze -Xclang -analyzer-checker=core,unix.BlockInCriticalSection,
              counting its [unix.BlockInCriticalSection] warnings, on the same
              C++17 TU and with the test's own -std=c++11;

and prints for each: expected warnings found, findings on no-warning lines,
findings elsewhere, and the expected lines it missed (the verifier's comments
on that line or the line before say why, e.g. CSA's own FIXME).

usage: csa-peer.py FILE [--build DIR] [--clang PATH] [-v]
"""
import argparse, collections, json, os, re, shutil, subprocess, sys, tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# expected-warning, expected-warning 2, expected-warning@+1, expected-warning@-2 3, expected-warning@12
EXPECTED = re.compile(r"expected-warning(?:@([+-]?)(\d+))?(?:\s+(\d+))?\s*\{\{")


def parse_expectations(lines):
    expected = collections.Counter()
    quiet = set()
    for n, text in enumerate(lines, 1):
        for m in EXPECTED.finditer(text):
            sign, offset, count = m.group(1), m.group(2), m.group(3)
            line = n
            if offset is not None:
                line = n + int(offset) if sign == "+" else n - int(offset) if sign == "-" else int(offset)
            expected[line] += int(count) if count else 1
        if "no-warning" in text:
            quiet.add(n)
    return expected, quiet


def score(name, found, expected, quiet, lines):
    """found: Counter line -> number of findings on it."""
    hits = sum(min(found[l], c) for l, c in expected.items())
    on_quiet = sum(found[l] for l in quiet)
    extra = sum(max(0, c - expected.get(l, 0)) for l, c in found.items() if l not in quiet)
    missed = sorted(l for l, c in expected.items() if found[l] < c)
    return {"tool": name, "expected": sum(expected.values()), "found": hits,
            "no_warning_lines": on_quiet, "elsewhere": extra, "missed": missed,
            "quiet_hits": sorted(l for l in quiet if found[l])}


def run_stallscan(path, build):
    tmp = tempfile.mkdtemp(prefix="csa-peer-")
    try:
        src = os.path.join(tmp, "block-in-critical-section.cpp")
        shutil.copyfile(path, src)
        db = [{"directory": tmp, "file": src,
               "arguments": ["clang++", "-x", "c++", "-std=c++17", "-c", src, "-o", "peer.o"]}]
        with open(os.path.join(tmp, "compile_commands.json"), "w") as f:
            json.dump(db, f)
        cmd = [os.path.join(build, "bin", "stallscan"), "-p", tmp, "--no-cache", "--quiet",
               "--checks=-*,lock-held-while-blocking", "--format=json", "--fail-on=never", src]
        out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if out.returncode != 0:
            sys.exit(f"csa-peer: stallscan failed ({out.returncode}):\n{out.stderr}")
        report = json.loads(out.stdout)
        if report.get("errors"):
            sys.exit(f"csa-peer: stallscan could not parse the file: {report['errors']}")
        found = collections.Counter(f["line"] for f in report["findings"])
        return found, cmd
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_csa(path, clang, std):
    cmd = [clang, "--analyze", "-x", "c++", "-std=" + std, "-Xclang",
           "-analyzer-checker=core,unix.BlockInCriticalSection", path, "-o", os.devnull]
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    found = collections.Counter()
    base = re.escape(os.path.basename(path))
    for line in out.stdout.splitlines():
        m = re.match(r".*" + base + r":(\d+):\d+: warning: .*\[unix\.BlockInCriticalSection\]$", line)
        if m:
            found[int(m.group(1))] += 1
    return found, cmd


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", help="a copy of clang/test/Analysis/block-in-critical-section.cpp")
    ap.add_argument("--build", default=os.path.join(TOP, "build"), help="stallscan build folder")
    ap.add_argument("--clang", default="/usr/lib/llvm-19/bin/clang")
    ap.add_argument("-v", action="store_true", help="print each missed line")
    a = ap.parse_args()
    with open(a.file) as f:
        lines = f.read().splitlines()
    expected, quiet = parse_expectations(lines)
    if not expected:
        sys.exit("csa-peer: no expected-warning comments in " + a.file)
    # CSA on the same C++17 TU, and with its own RUN line's -std=c++11.
    results = [score("stallscan (C++17)", run_stallscan(a.file, a.build)[0], expected, quiet, lines),
               score("CSA (C++17)", run_csa(a.file, a.clang, "c++17")[0], expected, quiet, lines),
               score("CSA (C++11, its RUN line)", run_csa(a.file, a.clang, "c++11")[0], expected, quiet,
                     lines)]
    print(f"{'tool':<26} {'expected':>8} {'found':>6} {'no-warning lines':>17} {'elsewhere':>10}")
    for r in results:
        print(f"{r['tool']:<26} {r['expected']:>8} {r['found']:>6} {r['no_warning_lines']:>17} {r['elsewhere']:>10}")
    for r in results:
        for l in r["missed"]:
            why = ""
            for k in (l, l + 1, l + 2):
                if k <= len(lines) and "FIXME" in lines[k - 1]:
                    why = "  (" + lines[k - 1].strip().lstrip("/ ").strip() + ")"
            print(f"{r['tool']}: missed line {l}: {lines[l - 1].strip()}{why}" if a.v or why
                  else f"{r['tool']}: missed line {l}")
        for l in r["quiet_hits"]:
            print(f"{r['tool']}: finding on no-warning line {l}: {lines[l - 1].strip()}")


if __name__ == "__main__":
    main()
