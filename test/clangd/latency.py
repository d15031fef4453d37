#!/usr/bin/env python3
"""clangd diagnostics latency, baseline against candidate, side by side.

For every file and round, a fresh clangd process is started for each of the
two binaries (the order alternates from round to round: baseline first in
even measured rounds, candidate first in odd ones), initialized, and sent didOpen; the
time measured is from writing didOpen to reading the first
textDocument/publishDiagnostics for that file (for the candidate with
--require-code: the first one containing a diagnostic with that code, since
the candidate's extra diagnostics come in the same publish).  With --edits N
(default 1), clangd is first left to finish its post-open work (preamble and
standard-library indexing; --settle), then N didChange edits follow (a comment
line appended, then removed, ...), each timed from writing didChange to the
publishDiagnostics for its version (with --require-code, again one containing
that code).  The process is then shut down, and the next session starts only
once it has exited.  Rounds are the outer loop, files the inner one, so slow drift in
machine load spreads over all files.  Warm-up rounds (default 1) are run
the same way and not counted.

Reported per file: the median over rounds of each binary, and the ratio of
medians candidate/baseline.  Overall: the ratio of the sums of the per-file
medians (each file weighted by its cost), and the median of the per-file
ratios (each file weighted equally).  No timing is asserted: the exit status
is 0 unless a session fails (timeout, crash, error response, non-zero exit).

usage: latency.py --baseline BIN --candidate BIN --compile-commands-dir DIR
                  [--rounds R] [--warmup W] [--edits N] [--settle S]
                  [--require-code CODE]
                  [--clangd-arg A]... [--baseline-arg A]... [--candidate-arg A]...
                  [--user-config YAML | --no-stdlib-index] [--root DIR]
                  [--timeout S] [--json OUT] [--log-dir DIR] [-q] FILE...
"""
import json
import os
import platform
import statistics
import subprocess
import sys
import time

sys.dont_write_bytecode = True   # no __pycache__ beside the tests
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_session import (NO_STDLIB_INDEX, LspClient, LspError, UserConfig,  # noqa: E402
                         clangd_argv, parse_session_args, path_to_uri, session_parser)


def clangd_version(binary):
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired) as e:
        return "unknown (%s)" % e
    return out.splitlines()[0].strip() if out.strip() else "unknown"


def cpu_seconds(pid):
    """User+system CPU time of a process (all its threads), from /proc; None if unknown."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def wait_idle(pid, limit, quiet_for=0.25, poll=0.05):
    """Waits until the process has used no CPU for `quiet_for` seconds (at most
    `limit` seconds); returns the seconds waited.  Sleeps `limit` without /proc."""
    start = time.perf_counter()
    last = cpu_seconds(pid)
    if last is None:
        time.sleep(limit)
        return limit
    quiet_since = start
    while time.perf_counter() - start < limit:
        time.sleep(poll)
        now = cpu_seconds(pid)
        if now is None:
            break
        if now > last:
            last, quiet_since = now, time.perf_counter()
        elif time.perf_counter() - quiet_since >= quiet_for:
            break
    return time.perf_counter() - start


def has_code(code):
    return lambda params: any(str(d.get("code")) == code for d in params.get("diagnostics", []))


def session(label, binary, extra, args, path, text, require_code, log_path=None, env=None):
    """One fresh clangd: returns a dict of seconds (init, open, edits, exit) and counts."""
    uri = path_to_uri(path)
    argv = clangd_argv(binary, args.compile_commands_dir, extra)
    t_start = time.perf_counter()
    client = LspClient(argv, cwd=os.path.dirname(path), stderr_path=log_path, env=env)
    try:
        client.initialize(path_to_uri(args.root or os.path.dirname(path)), timeout=args.timeout)
        t_init = time.perf_counter()

        def wait(version, since, what):
            def pred(p):
                return (p.get("version", version) == version
                        and (require_code is None or has_code(require_code)(p)))
            try:
                return client.wait_diagnostics(uri, pred, since, args.timeout, what)
            except LspError as e:
                seen = [n for n in client.notifications[since:]
                        if n[1] == "textDocument/publishDiagnostics" and n[2].get("uri") == uri]
                if require_code and seen:
                    raise LspError("%s (%d publishDiagnostics for the file without code %s)"
                                   % (e, len(seen), require_code))
                raise

        since = client.notification_count()
        sent = client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "c" if path.endswith(".c") else "cpp",
            "version": 1, "text": text}})
        need = " with code %s" % require_code if require_code else ""
        _, ts, params = wait(1, since, "publishDiagnostics for %s%s" % (os.path.basename(path), need))
        # clangd's CPU seconds (all threads) when the publish has been read: less
        # sensitive to a noisy machine than wall time, but includes concurrent
        # work such as standard-library indexing.
        cpu_open = cpu_seconds(client.proc.pid)
        result = {"init": t_init - t_start, "open": ts - sent.sent, "cpu_open": cpu_open,
                  "diagnostics": len(params.get("diagnostics", [])), "edits": []}
        edited = text + ("" if text.endswith("\n") else "\n") + "// latency.py edit\n"
        if args.edits and args.settle > 0:
            # After the first publish clangd keeps working (indexing the preamble's
            # symbols, and the standard library): let that finish so the edits
            # measure the rebuild alone, as when someone starts typing later.
            result["settle"] = wait_idle(client.proc.pid, args.settle)
        for k in range(args.edits):
            version = 2 + k
            since = client.notification_count()
            sent = client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": edited if k % 2 == 0 else text}],
                "wantDiagnostics": True})
            _, ts, _ = wait(version, since, "publishDiagnostics for %s version %d%s"
                            % (os.path.basename(path), version, need))
            result["edits"].append(ts - sent.sent)
        t_exit = time.perf_counter()
        code = client.shutdown(args.timeout)
        result["exit"] = time.perf_counter() - t_exit
        if code != 0:
            raise LspError("clangd exited with code %d" % code)
        return result
    except LspError as e:
        client.keep_log = True
        tail = client.log_tail()
        raise LspError("%s session on %s: %s%s" % (label, os.path.basename(path), e,
                                                   "\nclangd stderr (%s):\n%s" % (client.stderr_path, tail)
                                                   if tail else ""))
    finally:
        client.close()


def median(xs):
    return statistics.median(xs) if xs else None


def ratio(a, b):
    return a / b if a is not None and b else None


def fmt_ms(x):
    return "%9.1f" % (x * 1000) if x is not None else "%9s" % "-"


def fmt_ratio(x):
    return "%7.3f" % x if x is not None else "%7s" % "-"


def main(argv=None):
    p = session_parser(__doc__, "each file's folder")
    p.add_argument("--baseline", required=True, help="baseline clangd binary")
    p.add_argument("--candidate", required=True, help="candidate clangd binary")
    p.add_argument("files", nargs="+", metavar="FILE", help="source files to open")
    p.add_argument("--rounds", type=int, default=5, help="measured rounds (default 5)")
    p.add_argument("--warmup", type=int, default=1, help="uncounted warm-up rounds (default 1)")
    p.add_argument("--edits", type=int, default=1,
                   help="didChange edits timed after the open (default 1; 0 for none)")
    p.add_argument("--settle", type=float, default=10,
                   help="before the edits, wait until clangd has used no CPU for 0.25 s, "
                   "at most this many seconds (default 10; 0: edit right away)")
    p.add_argument("--require-code", help="for the candidate, wait for the first publish "
                   "containing a diagnostic with this code")
    p.add_argument("--clangd-arg", action="append", default=[], help="extra argument for both")
    p.add_argument("--baseline-arg", action="append", default=[], help="extra argument for the baseline")
    p.add_argument("--candidate-arg", action="append", default=[], help="extra argument for the candidate")
    p.add_argument("--json", metavar="OUT", help="write every sample and the summary here")
    p.add_argument("--log-dir", help="keep each session's clangd stderr here")
    p.add_argument("-q", "--quiet", action="store_true", help="no per-session progress on stderr")
    args = parse_session_args(p, argv)
    if args.rounds < 1 or args.warmup < 0 or args.edits < 0:
        p.error("--rounds must be >= 1, --warmup and --edits >= 0")

    files = [os.path.abspath(f) for f in args.files]
    texts = {}
    for f in files:
        try:
            with open(f, "rb") as fh:
                texts[f] = fh.read().decode("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            print("latency: error: %s: %s" % (f, e), file=sys.stderr)
            return 1
    if args.log_dir:
        os.makedirs(args.log_dir, exist_ok=True)
    user_config_text = None
    if args.user_config:
        with open(args.user_config) as fh:
            user_config_text = fh.read()
    elif args.no_stdlib_index:
        user_config_text = NO_STDLIB_INDEX
    user_config = UserConfig(user_config_text) if user_config_text is not None else None
    try:
        return run(args, files, texts, user_config, user_config_text)
    finally:
        if user_config:
            user_config.cleanup()


def run(args, files, texts, user_config, user_config_text):

    sides = {
        "baseline": (args.baseline, args.clangd_arg + args.baseline_arg, None),
        "candidate": (args.candidate, args.clangd_arg + args.candidate_arg, args.require_code),
    }
    samples = {f: {"baseline": [], "candidate": []} for f in files}
    total = (args.warmup + args.rounds) * len(files) * 2
    done = 0
    t_all = time.perf_counter()
    for rnd in range(args.warmup + args.rounds):
        measured = rnd >= args.warmup
        # Measured round 0 runs the baseline first, round 1 the candidate, ...
        order = (("baseline", "candidate") if (rnd - args.warmup) % 2 == 0
                 else ("candidate", "baseline"))
        for f in files:
            for side in order:
                binary, extra, require = sides[side]
                log = (os.path.join(args.log_dir, "%s-r%d-%s.log" % (os.path.basename(f), rnd, side))
                       if args.log_dir else None)
                try:
                    r = session(side, binary, extra, args, f, texts[f], require, log,
                                user_config and user_config.env)
                except LspError as e:
                    print("latency: error: %s" % e, file=sys.stderr)
                    return 1
                done += 1
                r["round"] = rnd - args.warmup if measured else None
                if measured:
                    samples[f][side].append(r)
                if not args.quiet:
                    print("[%d/%d] %s %-9s %-20s open %7.1f ms%s%s%s%s" % (
                        done, total, "round %d" % (rnd - args.warmup) if measured else "warm-up",
                        side, os.path.basename(f), r["open"] * 1000,
                        " (cpu %.0f ms)" % (r["cpu_open"] * 1000) if r["cpu_open"] is not None else "",
                        "  (idle after %.1f ms)" % (r["settle"] * 1000) if "settle" in r else "",
                        "".join("  edit %.1f ms" % (e * 1000) for e in r["edits"]),
                        "  (exit %.1f ms)" % (r["exit"] * 1000)), file=sys.stderr, flush=True)

    per_file = {}
    for f in files:
        row = {}
        for side in ("baseline", "candidate"):
            rs = samples[f][side]
            row[side] = {
                "open": median([r["open"] for r in rs]),
                "edit": median([e for r in rs for e in r["edits"]]),
                "init": median([r["init"] for r in rs]),
                "cpu_open": median([r["cpu_open"] for r in rs if r["cpu_open"] is not None]),
                "exit": median([r["exit"] for r in rs]),
                "settle": median([r["settle"] for r in rs if "settle" in r]),
                "diagnostics": median([r["diagnostics"] for r in rs]),
            }
        row["ratio"] = {"open": ratio(row["candidate"]["open"], row["baseline"]["open"]),
                        "edit": ratio(row["candidate"]["edit"], row["baseline"]["edit"])}
        per_file[f] = row

    def overall(kind):
        b = [per_file[f]["baseline"][kind] for f in files]
        c = [per_file[f]["candidate"][kind] for f in files]
        if None in b or None in c:
            return None, None
        rs = [per_file[f]["ratio"][kind] for f in files]
        return ratio(sum(c), sum(b)), median([r for r in rs if r is not None])

    summary = {k: dict(zip(("ratio_of_summed_medians", "median_of_ratios"), overall(k)))
               for k in ("open", "edit")}

    vb, vc = clangd_version(args.baseline), clangd_version(args.candidate)
    names = {f: os.path.relpath(f) if not os.path.relpath(f).startswith("..") else os.path.basename(f)
             for f in files}
    width = max([len("file")] + [len(n) for n in names.values()])
    print("clangd latency: fresh process per session, didOpen -> first publishDiagnostics%s"
          % (", then %d didChange -> publishDiagnostics" % args.edits if args.edits else ""))
    print("rounds: %d (+%d warm-up), baseline/candidate alternating; medians in ms; ratio = candidate/baseline"
          % (args.rounds, args.warmup))
    print("baseline:  %s (%s)" % (args.baseline, vb))
    print("candidate: %s (%s)%s" % (args.candidate, vc, "  require-code: %s" % args.require_code
                                     if args.require_code else ""))
    header = "%-*s %9s %9s %7s" % (width, "file", "base open", "cand open", "ratio")
    if args.edits:
        header += " %9s %9s %7s" % ("base edit", "cand edit", "ratio")
    print(header)
    for f in files:
        row = per_file[f]
        line = "%-*s %s %s %s" % (width, names[f], fmt_ms(row["baseline"]["open"]),
                                  fmt_ms(row["candidate"]["open"]), fmt_ratio(row["ratio"]["open"]))
        if args.edits:
            line += " %s %s %s" % (fmt_ms(row["baseline"]["edit"]), fmt_ms(row["candidate"]["edit"]),
                                   fmt_ratio(row["ratio"]["edit"]))
        print(line)
    for kind in ("open", "edit") if args.edits else ("open",):
        s = summary[kind]
        print("overall %s: ratio of summed medians %s, median of per-file ratios %s" % (
            kind, fmt_ratio(s["ratio_of_summed_medians"]).strip(),
            fmt_ratio(s["median_of_ratios"]).strip()))
    print("wall time: %.1f s for %d sessions" % (time.perf_counter() - t_all, total))

    if args.json:
        out = {
            "config": {
                "baseline": {"binary": args.baseline, "version": vb,
                             "argv": clangd_argv(args.baseline, args.compile_commands_dir,
                                                 sides["baseline"][1])},
                "candidate": {"binary": args.candidate, "version": vc,
                              "argv": clangd_argv(args.candidate, args.compile_commands_dir,
                                                  sides["candidate"][1]),
                              "require_code": args.require_code},
                "user_config": user_config_text,
                "rounds": args.rounds, "warmup": args.warmup, "edits": args.edits,
                "settle_limit": args.settle,
                "order": "rounds outer, files inner; baseline first in even measured rounds, candidate first in odd",
                "host": platform.node(), "cpus": os.cpu_count(),
                "units": "seconds",
            },
            "files": {f: {"samples": samples[f], "median": {s: per_file[f][s] for s in ("baseline", "candidate")},
                          "ratio": per_file[f]["ratio"]} for f in files},
            "overall": summary,
        }
        with open(args.json, "w") as fh:
            json.dump(out, fh, indent=1, sort_keys=True)
            fh.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
