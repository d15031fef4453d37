#!/usr/bin/env python3
"""stallscan at scale: link + analysis of synthetic programs of 1k to 50k TUs.

stallscan-synth writes N per-TU summaries in the shapes of a big server
codebase (see test/bench/synth.cpp); this script then measures, per size:

  link       `stallscan link DIR`: read every summary, link, analyse, report
             (JSON to a file), wall-clock seconds, peak resident memory and
             CPU seconds (user + system)
  index      `stallscan link DIR --write-index`: the same plus the index
  load       what reading that index costs a front end: the compiler plugin
             on a one-line TU with index=, minus the same compile without it
             (wall and CPU seconds, and the compile's peak memory)
  same       a front end's load for a TU of the program, unchanged: served
             from the index's stored results (stallscan-frontend-sim; CPU
             seconds and peak memory of the whole process)
  edit       the same TU edited (a blocking call added): the full load
             (measured at every size: --max-load-tus skips only "load")

and the growth factors (CPU time, memory) between consecutive sizes beside
n's and n log n's; under each size's row, the plain link's --time-phases
(wall, CPU and peak memory at the end of each phase).
Nothing is parsed, so the figures are the whole-program part alone. No test
asserts on them (machines are noisy): test/bench/scale.test only checks that
the script runs.

A front end holds the whole index in memory (2.6 GiB for the 10k-TU index):
--max-load-tus N skips the load measurement above N TUs (printed as "-") on
a machine without the memory for it.

The index is written in the stallscan binary's default form (binary since
2026-12-07; --index-format json for the JSON one).

usage: scale.py [--sizes 1000,10000,50000] [--build DIR] [--work DIR] [--keep]
                [--max-load-tus N] [--index-format binary|json]
"""
import argparse, math, os, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run import timed, TOP, CLANG  # noqa: E402


def timed_cpu(cmd, phases=None):
    """Wall seconds, CPU seconds (user + system), peak KiB and exit code of
    one run: on a shared machine the CPU time says what the wall time cannot.
    With a list \p phases, the run's --time-phases lines are appended to it."""
    wrapper = ("import resource,subprocess,sys,time;t=time.perf_counter();"
               "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE,text=True);"
               "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
               "print(time.perf_counter()-t, u.ru_utime+u.ru_stime, u.ru_maxrss, r.returncode);"
               "print(''.join(l for l in r.stderr.splitlines(True) if l.startswith('stallscan: ')))")
    out = subprocess.run([sys.executable, "-c", wrapper] + cmd + (["--time-phases"] if phases is not None else []),
                         capture_output=True, text=True, check=True).stdout
    first, _, rest = out.partition("\n")
    if phases is not None:
        phases.extend(l for l in rest.splitlines()
                      if l.startswith(("stallscan: time:", "stallscan: cpu:", "stallscan: peak:")))
    out = first.split()
    return float(out[0]), float(out[1]), int(out[2]), int(out[3])


def frontend_load(sim, index, summary, reps, edit=None):
    """A front end's load for one TU of the index (stallscan-frontend-sim):
    wall and CPU seconds, peak KiB, and whether the stored results served
    it (STALLSCAN_EXPLAIN_RESULTS)."""
    cmd = ["env", "STALLSCAN_EXPLAIN_RESULTS=1", sim, "--index=" + index,
           "--quiet", summary] + (["--edit=" + edit] if edit else [])
    wrapper = ("import resource,subprocess,sys,time;t=time.perf_counter();"
               "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE,text=True);"
               "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
               "print(time.perf_counter()-t, u.ru_utime+u.ru_stime, u.ru_maxrss, r.returncode);"
               "print(r.stderr)")
    runs = []
    for _ in range(reps):
        out = subprocess.run([sys.executable, "-c", wrapper] + cmd,
                             capture_output=True, text=True, check=True).stdout
        first, _, rest = out.partition("\n")
        w, c, m, rc = first.split()
        if int(rc) != 0:
            sys.exit(f"scale.py: stallscan-frontend-sim exited {rc}: {rest}")
        runs.append((float(w), float(c), int(m),
                     "findings from the index's stored results" in rest))
    return (min(r[0] for r in runs), min(r[1] for r in runs),
            max(r[2] for r in runs), runs[-1][3])


def best(cmd, reps, cwd=None):
    runs = [timed(cmd, cwd) for _ in range(reps)]
    return min(r[0] for r in runs), max(r[1] for r in runs), runs[-1][2]


def best_cpu(cmd, reps, phases=None):
    runs = [timed_cpu(cmd, phases if i == reps - 1 else None) for i in range(reps)]
    return (min(r[0] for r in runs), min(r[1] for r in runs),
            max(r[2] for r in runs), runs[-1][3])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--functions", type=int, default=25)
    ap.add_argument("--build", default=os.path.join(TOP, "build"))
    ap.add_argument("--work", default=None)
    ap.add_argument("--reps", type=int, default=1)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--max-load-tus", type=int, default=0,
                    help="skip the index load measurement above this many TUs")
    ap.add_argument("--index-format", default=None,
                    help="passed to --write-index (default: the binary's own)")
    a = ap.parse_args()
    sizes = [int(s) for s in a.sizes.split(",")]
    stallscan = os.path.join(a.build, "bin", "stallscan")
    synth = os.path.join(a.build, "bin", "stallscan-synth")
    sim = os.path.join(a.build, "bin", "stallscan-frontend-sim")
    plugin = os.path.join(a.build, "lib", "stallscan-plugin.so")
    work = a.work or tempfile.mkdtemp(prefix="stallscan-scale-")
    os.makedirs(work, exist_ok=True)
    tiny = os.path.join(work, "tiny.cpp")
    with open(tiny, "w") as f:
        f.write("int tiny() { return 0; }\n")
    compile_tiny = [CLANG, "-fsyntax-only", "-Wno-everything", tiny,
                    "-fplugin=" + plugin]

    print(f"synthetic programs: {a.functions} functions per TU, best of {a.reps}")
    print(f"{'TUs':>7} {'summaries':>10} {'link s':>8} {'peak MiB':>9} "
          f"{'cpu s':>7} {'+index s':>9} {'index MiB':>10} {'load s':>7} {'load cpu':>9} {'load MiB':>9}"
          f" {'same cpu':>9} {'same MiB':>9} {'edit cpu':>9} {'edit MiB':>9}"
          f"  growth (cpu, memory, n, n log n)")
    prev = None
    for n in sizes:
        d = os.path.join(work, f"tus{n}")
        shutil.rmtree(d, ignore_errors=True)
        subprocess.run([synth, "--tus", str(n), "--functions", str(a.functions),
                        "--out", d], check=True)
        size = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
        report = os.path.join(work, f"report{n}.json")
        phases = []
        t, cpu, rss, rc = best_cpu([stallscan, "link", d, "--format=json", "-o", report],
                                   a.reps, phases)
        if rc not in (0, 1):
            sys.exit(f"scale.py: stallscan link exited {rc} on {n} TUs")
        index = os.path.join(work, f"index{n}.json")
        fmt = ["--index-format", a.index_format] if a.index_format else []
        ti, _, rc = best([stallscan, "link", d, "--format=json", "-o", report,
                          "--write-index", index] + fmt, a.reps)
        if rc not in (0, 1):
            sys.exit(f"scale.py: stallscan link --write-index exited {rc}")
        load, load_cpu, load_mib = "-", "-", "-"
        if not a.max_load_tus or n <= a.max_load_tus:
            base, base_cpu, _, _ = best_cpu(compile_tiny, max(a.reps, 3))
            loaded, loaded_cpu, load_rss, rc = best_cpu(
                compile_tiny + ["-fplugin-arg-stallscan-index=" + index], max(a.reps, 3))
            if rc != 0:
                sys.exit(f"scale.py: the plugin with a {n}-TU index exited {rc}")
            load = f"{max(loaded - base, 0):.2f}"
            load_cpu = f"{max(loaded_cpu - base_cpu, 0):.2f}"
            load_mib = f"{load_rss / 1024:.0f}"
        # A TU of the program as a front end sees it: unchanged (served from
        # the index's stored results) and edited (a blocking call added: the
        # full load).
        one = os.path.join(d, sorted(os.listdir(d))[len(os.listdir(d)) // 2])
        _, same_cpu, same_rss, served = frontend_load(sim, index, one, max(a.reps, 3))
        if not served and not a.index_format:
            sys.exit("scale.py: an unchanged TU was not served from the stored results")
        same = f"{same_cpu:.2f}", f"{same_rss / 1024:.0f}"
        _, edit_cpu, edit_rss, served = frontend_load(sim, index, one, a.reps, "blocking")
        if served:
            sys.exit("scale.py: an edited TU was served from the stored results")
        edit = f"{edit_cpu:.2f}", f"{edit_rss / 1024:.0f}"
        growth = ""
        if prev:
            pn, pt, prss = prev
            k = n / pn
            growth = (f"  x{cpu / max(pt, 1e-9):.1f}, x{rss / prss:.1f}, x{k:.1f}, "
                      f"x{k * math.log(n) / math.log(pn):.1f}")
        print(f"{n:>7} {size / 2**20:>8.0f}MB {t:>8.2f} {rss / 1024:>9.0f} {cpu:>7.2f} "
              f"{ti - t:>9.2f} {os.path.getsize(index) / 2**20:>10.0f} "
              f"{load:>7} {load_cpu:>9} {load_mib:>9} {same[0]:>9} {same[1]:>9} "
              f"{edit[0]:>9} {edit[1]:>9}{growth}")
        for line in phases:  # --time-phases of the (last) plain link
            print("          " + line)
        prev = (n, cpu, rss)
        if not a.keep:
            shutil.rmtree(d, ignore_errors=True)
    if not a.keep and not a.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
