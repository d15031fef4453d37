#!/usr/bin/env python3
"""What the runtimes do with the two samples stallscan flags.

testdata/py_extension (a CPython extension module) and testdata/node_addon (a
Node.js addon) each export a blocking function and its fixed twin; stallscan
reports the first and not the second. This script builds both samples with
the system compiler and measures, on the real runtimes:

- Python: N threads each call store.wait(ms) (a sleep holding the GIL) K
  times, then store.wait_released(ms) (the same sleep with the GIL
  released). With the GIL held the calls run one at a time: the wall time is
  N times the ideal (K * ms); released, about 1 times.
- Node: a 1 ms setInterval runs while the addon does K waits of ms each,
  first with compactSync(ms) (on the loop), then with compact(ms, cb) (an
  async work on libuv's pool). Prints how late the ticks come: with the
  blocking export each tick waits for the whole call.

Prints figures only; nothing is asserted about the timing.

usage: runtimes.py [--threads N] [--calls K] [--ms M] [--work DIR]
"""
import argparse, json, os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TESTDATA = os.path.join(HERE, "..", "..", "testdata")

PY_DRIVER = r"""
import sys, threading, time
sys.path.insert(0, sys.argv[1])
import store
threads, calls, ms = map(int, sys.argv[2:5])
for name in ("wait", "wait_released"):
    fn = getattr(store, name)
    def worker():
        for _ in range(calls):
            fn(ms)
    ts = [threading.Thread(target=worker) for _ in range(threads)]
    t0 = time.perf_counter()
    for t in ts: t.start()
    for t in ts: t.join()
    wall = (time.perf_counter() - t0) * 1000
    ideal = calls * ms
    print(f"python store.{name}: {threads} threads x {calls} calls of {ms} ms: "
          f"wall {wall:.0f} ms, {wall / ideal:.2f} x the ideal {ideal} ms "
          f"({threads}.00 = fully serialised)")
"""

NODE_DRIVER = r"""
const addon = require(process.argv[1]);
const [calls, ms] = process.argv.slice(2).map(Number);
function measure(name, run, done) {
  const lates = [];
  let last = process.hrtime.bigint();
  const timer = setInterval(() => {
    const now = process.hrtime.bigint();
    lates.push(Number(now - last) / 1e6 - 1);
    last = now;
  }, 1);
  const t0 = process.hrtime.bigint();
  run(() => {
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    clearInterval(timer);
    lates.sort((a, b) => a - b);
    const max = lates.length ? lates[lates.length - 1] : 0;
    const p50 = lates.length ? lates[Math.floor(lates.length / 2)] : 0;
    console.log(`node ${name}: ${calls} calls of ${ms} ms in ${wall.toFixed(0)} ms: ` +
                `${lates.length} ticks of a 1 ms setInterval, median ${p50.toFixed(1)} ms late, ` +
                `worst ${max.toFixed(1)} ms late`);
    done();
  });
}
function syncRun(done) {
  let i = 0;
  const step = () => {
    if (i++ === calls) return done();
    addon.compactSync(ms);
    setImmediate(step);
  };
  setImmediate(step);
}
function asyncRun(done) {
  let i = 0;
  const step = () => (i++ === calls ? done() : addon.compact(ms, step));
  step();
}
measure("compactSync (on the loop)", syncRun,
        () => measure("compact (async work)", asyncRun, () => {}));
"""


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--calls", type=int, default=20)
    ap.add_argument("--ms", type=int, default=10)
    ap.add_argument("--work", default=None)
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix="stallscan-runtimes-")
    os.makedirs(work, exist_ok=True)
    cc = os.environ.get("CC", "cc")

    py_inc = run(["/usr/bin/python3-config", "--includes"]).stdout.split()
    suffix = run(["/usr/bin/python3-config", "--extension-suffix"]).stdout.strip()
    src = os.path.join(TESTDATA, "py_extension")
    run([cc, "-shared", "-fPIC", "-O2", *py_inc, os.path.join(src, "module.c"),
         os.path.join(src, "store.c"), "-o", os.path.join(work, "store" + suffix)])
    out = run(["/usr/bin/python3", "-c", PY_DRIVER, work, str(a.threads),
               str(a.calls), str(a.ms)]).stdout
    sys.stdout.write(out)

    node_inc = next((d for d in ("/usr/include/node", "/usr/include/nodejs/src")
                     if os.path.exists(os.path.join(d, "node_api.h"))), None)
    if node_inc is None:
        print("node: node_api.h not found, skipped")
        return
    src = os.path.join(TESTDATA, "node_addon")
    addon = os.path.join(work, "node_addon.node")
    run([cc, "-shared", "-fPIC", "-O2", "-I" + node_inc,
         *(os.path.join(src, f) for f in ("addon.c", "jobs.c", "files.c")), "-o", addon])
    out = run(["node", "-e", NODE_DRIVER, addon, str(a.calls), str(a.ms)]).stdout
    sys.stdout.write(out)


if __name__ == "__main__":
    main()
