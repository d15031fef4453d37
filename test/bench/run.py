#!/usr/bin/env python3
"""stallscan benchmark: cost relative to `clang++ -fsyntax-only`, side by side.

For each corpus (the bundled testdata servers, and a generated corpus of N
translation units in the shapes of real servers: Boost.Asio sessions, libuv
and libevent callbacks, epoll reactors, plain C++ helpers), this measures in
one run, interleaved, with the same parallelism:

  syntax-only  clang++-19 -fsyntax-only -w over every TU (same flags)
  plugin       the same compiles with the stallscan compiler plugin loaded
               (-Wno-everything instead of -w, which would silence the plugin
               and let it skip its analysis)
  cold         stallscan with an empty cache (parse + extract + analyse + write cache)
  warm         stallscan again, every TU served from the cache
  1 changed    stallscan after a comment was appended to one source (restored
               afterwards): that TU parsed again, the others from the
               cache (beside it, that TU's own syntax-only time); the
               --time-phases of the stallscan runs are printed beside them

and prints wall-clock seconds, ratios to syntax-only, and peak resident memory.
Machines are noisy: the ratios are the result, absolute times mean little.
No test asserts on these numbers.

usage: run.py [--tus N] [-j N] [--reps N] [--build DIR] [--db DIR] [--skip-plugin]
"""
import argparse, concurrent.futures as cf, json, os, random, resource, shlex
import shutil, subprocess, sys, time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLANG = "/usr/lib/llvm-19/bin/clang++"
CLANGC = "/usr/lib/llvm-19/bin/clang"


def syntax_only_command(entry, plugin=None):
    args = entry.get("arguments") or shlex.split(entry["command"])
    src = entry["file"]
    out = [CLANGC if src.endswith(".c") else CLANG]
    skip = False
    for a in args[1:]:
        if skip:
            skip = False
            continue
        if a in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if a in ("-c", "-MD", "-MMD"):
            continue
        out.append(a)
    if plugin:
        return out + ["-fsyntax-only", "-Wno-everything", "-fplugin=" + plugin], entry["directory"]
    return out + ["-fsyntax-only", "-w"], entry["directory"]


def timed(cmd, cwd=None):
    """Runs a command in a fresh python so that ru_maxrss is its own peak."""
    wrapper = ("import resource,subprocess,sys,time;t=time.perf_counter();"
               "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
               "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)")
    out = subprocess.run([sys.executable, "-c", wrapper] + cmd, cwd=cwd,
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def syntax_only(db, jobs, plugin=None, failures_ok=False):
    entries = json.load(open(db))
    start = time.perf_counter()
    peak = 0
    with cf.ThreadPoolExecutor(jobs) as pool:
        for secs, rss, code in pool.map(lambda e: timed(*syntax_only_command(e, plugin)), entries):
            peak = max(peak, rss)
            if code != 0 and not failures_ok:
                raise SystemExit("clang++ -fsyntax-only failed on a corpus TU")
    return time.perf_counter() - start, peak


SHAPES = {
    "asio": """#include <boost/asio.hpp>
#include <memory>
#include <string>
#include <fstream>
namespace b{n} {{
namespace asio = boost::asio;
int helper{n}(const std::string &s);
struct Session{n} : std::enable_shared_from_this<Session{n}> {{
  asio::ip::tcp::socket sock;
  char buf[512];
  explicit Session{n}(asio::io_context &io) : sock(io) {{}}
  void start() {{
    auto self = shared_from_this();
    sock.async_read_some(asio::buffer(buf), [this, self](boost::system::error_code ec, std::size_t n) {{
      if (ec) return;
      on_read(n);
    }});
  }}
  void on_read(std::size_t n) {{
    std::string line(buf, n);
    if (helper{n}(line) > 3) {{ std::ofstream log("/tmp/b{n}.log", std::ios::app); log << line; }}
    asio::async_write(sock, asio::buffer(buf, n), [self = shared_from_this()](auto, auto) {{ self->start(); }});
  }}
}};
int helper{n}(const std::string &s) {{ int k = 0; for (char c : s) k += c == ' '; return k; }}
void run{n}(asio::io_context &io) {{ std::make_shared<Session{n}>(io)->start(); }}
}}
""",
    "uv": """#include <uv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static void alloc_cb{n}(uv_handle_t *h, size_t s, uv_buf_t *b) {{ (void)h; b->base = malloc(s); b->len = s; }}
static void log_line{n}(const char *p, size_t n) {{ FILE *f = fopen("/tmp/u{n}.log", "a"); if (f) {{ fwrite(p, 1, n, f); fclose(f); }} }}
static void read_cb{n}(uv_stream_t *s, ssize_t n, const uv_buf_t *b) {{
  if (n > 0) log_line{n}(b->base, (size_t)n);
  else if (n < 0) uv_close((uv_handle_t *)s, NULL);
  free(b->base);
}}
static void conn_cb{n}(uv_stream_t *server, int status) {{
  if (status < 0) return;
  uv_tcp_t *c = malloc(sizeof *c);
  uv_tcp_init(server->loop, c);
  if (uv_accept(server, (uv_stream_t *)c) == 0) uv_read_start((uv_stream_t *)c, alloc_cb{n}, read_cb{n});
}}
int start{n}(uv_loop_t *loop, uv_tcp_t *server) {{ uv_tcp_init(loop, server); return uv_listen((uv_stream_t *)server, 128, conn_cb{n}); }}
""",
    "event": """#include <event2/event.h>
#include <event2/http.h>
#include <event2/buffer.h>
#include <netdb.h>
#include <string.h>
static void lookup{n}(struct evhttp_request *req, void *arg) {{
  (void)arg;
  struct addrinfo *res = NULL;
  if (getaddrinfo("localhost", "80", NULL, &res) == 0) freeaddrinfo(res);
  struct evbuffer *out = evbuffer_new();
  evbuffer_add_printf(out, "ok %d\\n", {n});
  evhttp_send_reply(req, 200, "OK", out);
  evbuffer_free(out);
}}
void install{n}(struct evhttp *http) {{ evhttp_set_cb(http, "/l{n}", lookup{n}, NULL); }}
""",
    "reactor": """#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>
#include <map>
#include <string>
namespace r{n} {{
struct Conn {{ int fd; std::string in; }};
static void handle(Conn &c) {{
  char buf[4096];
  ssize_t n = recv(c.fd, buf, sizeof buf, MSG_DONTWAIT);
  if (n > 0) {{ c.in.append(buf, (size_t)n); if (c.in.size() > 1000) usleep(100); send(c.fd, buf, (size_t)n, MSG_DONTWAIT); }}
}}
void loop(int ep, std::map<int, Conn> &conns) {{
  std::vector<epoll_event> ev(64);
  for (;;) {{
    int k = epoll_wait(ep, ev.data(), (int)ev.size(), -1);
    for (int i = 0; i < k; ++i) {{ auto it = conns.find(ev[i].data.fd); if (it != conns.end()) handle(it->second); }}
  }}
}}
}}
""",
    "plain": """#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>
namespace p{n} {{
std::mutex m;
std::map<std::string, int> counts;
void bump(const std::string &k) {{ std::lock_guard<std::mutex> g(m); ++counts[k]; }}
std::vector<std::string> split(const std::string &s) {{
  std::vector<std::string> out; std::string cur;
  for (char c : s) {{ if (c == ' ') {{ out.push_back(cur); cur.clear(); }} else cur += c; }}
  out.push_back(cur); std::sort(out.begin(), out.end()); return out;
}}
void worker() {{ std::thread t([] {{ for (auto &w : split("a b c")) bump(w); }}); t.join(); }}
}}
""",
}


def generate(dirpath, n):
    if os.path.isdir(dirpath):
        shutil.rmtree(dirpath)
    os.makedirs(dirpath)
    rng = random.Random(1234)
    weights = [("asio", 2), ("uv", 2), ("event", 2), ("reactor", 2), ("plain", 2)]
    kinds = [k for k, w in weights for _ in range(w)]
    entries = []
    for i in range(n):
        kind = kinds[i % len(kinds)] if i < len(kinds) else rng.choice(kinds)
        c = kind in ("uv", "event")
        name = os.path.join(dirpath, f"tu{i:03d}_{kind}.{'c' if c else 'cpp'}")
        open(name, "w").write(SHAPES[kind].format(n=i))
        compiler = "cc" if c else "c++"
        std = "-std=gnu11" if c else "-std=c++17"
        entries.append({"directory": dirpath, "file": name,
                        "arguments": [compiler, std, "-O2", "-c", name, "-o", name + ".o"]})
    json.dump(entries, open(os.path.join(dirpath, "compile_commands.json"), "w"), indent=1)


def timed_phases(cmd, cwd=None):
    """timed() for a stallscan run with --time-phases: also its phases."""
    wrapper = ("import resource,subprocess,sys,time;t=time.perf_counter();"
               "r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE,text=True);"
               "e=time.perf_counter()-t;"
               "p=[l for l in r.stderr.splitlines() if l.startswith('stallscan: time:')];"
               "print(e, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode);"
               "print(p[-1][len('stallscan: time:'):].strip() if p else '')")
    out = subprocess.run([sys.executable, "-c", wrapper] + cmd + ["--time-phases"], cwd=cwd,
                         capture_output=True, text=True, check=True).stdout.split("\n")
    secs, rss, code = out[0].split()
    return float(secs), int(rss), int(code), out[1]


EDIT = "\n// stallscan benchmark: an edit (removed again after the run)\n"


def measure(label, db, stallscan, jobs, reps, failures_ok=False, plugin_pass=True,
            cache=None, changed_file=None):
    cache = cache or os.path.join(os.path.dirname(db), ".stallscan-bench-cache")
    plugin = os.path.join(os.path.dirname(os.path.dirname(stallscan)), "lib", "stallscan-plugin.so")
    run = [stallscan, "-p", db, "-j", str(jobs), "--quiet", "--cache-dir", cache,
           "--format=json", "-o", os.devnull]
    best, phases = {}, {}
    for _ in range(reps):
        s, s_peak = syntax_only(db, jobs, failures_ok=failures_ok)
        p, p_peak = syntax_only(db, jobs, plugin, failures_ok) if plugin_pass else (0, 0)
        shutil.rmtree(cache, ignore_errors=True)
        c, c_peak, code, c_ph = timed_phases(run)
        if code not in (0, 1) and not (failures_ok and code == 3):
            raise SystemExit(f"stallscan failed on {label} (exit {code})")
        w, w_peak, _, w_ph = timed_phases(run)
        # One file changed: a comment appended to one TU's source (the
        # largest, or --changed), so its content key changes and only that
        # TU is parsed again; its bytes and modification time are restored
        # afterwards. Beside it, that TU's own syntax-only time.
        entries = json.load(open(db))
        if changed_file:
            entry = next(e for e in entries if os.path.join(e["directory"], e["file"]).endswith(changed_file))
        else:
            entry = max(entries, key=lambda e: os.path.getsize(
                os.path.join(e["directory"], e["file"])))
        src = os.path.join(entry["directory"], entry["file"])
        st = os.stat(src)
        original = open(src, "rb").read()
        try:
            open(src, "ab").write(EDIT.encode())
            o, o_peak, _, o_ph = timed_phases(run)
            one, _, _ = timed(*syntax_only_command(entry))
        finally:
            open(src, "wb").write(original)
            os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns))
        best["one_tu"] = (one, 0)
        for k, v, ph in (("syntax", (s, s_peak), ""), ("plugin", (p, p_peak), ""),
                         ("cold", (c, c_peak), c_ph), ("warm", (w, w_peak), w_ph),
                         ("changed", (o, o_peak), o_ph)):
            if k not in best or v[0] < best[k][0]:
                best[k] = v
                phases[k] = ph
    tus = len(json.load(open(db)))
    s = best["syntax"][0]
    print(f"{label}: {tus} TUs, -j {jobs}, best of {reps}")
    print(f"  clang++ -fsyntax-only  {s:8.2f} s   1.00x   peak {best['syntax'][1] / 1024:7.1f} MiB (largest single clang)")
    for k, name in (("plugin", "clang++ + plugin"), ("cold", "stallscan cold"),
                    ("warm", "stallscan warm"), ("changed", "stallscan 1 changed")):
        if k == "plugin" and not plugin_pass:
            continue
        t, peak = best[k]
        print(f"  {name:<21}  {t:8.2f} s   {t / s:4.2f}x   peak {peak / 1024:7.1f} MiB"
              + (f"   ({phases[k]})" if phases.get(k) else ""))
    print(f"  (the changed TU, {os.path.basename(src)}, alone: clang++ -fsyntax-only "
          f"{best['one_tu'][0]:.2f} s)")
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tus", type=int, default=200)
    ap.add_argument("-j", type=int, default=os.cpu_count())
    ap.add_argument("--reps", type=int, default=1)
    ap.add_argument("--build", default=os.path.join(TOP, "build"))
    ap.add_argument("--skip-testdata", action="store_true")
    ap.add_argument("--db", action="append", default=[],
                    help="also measure this compile database (a real project; "
                         "TUs that fail to parse are measured as they are)")
    ap.add_argument("--skip-corpus", action="store_true")
    ap.add_argument("--skip-plugin", action="store_true",
                    help="leave out the compiles with the plugin")
    ap.add_argument("--cache-dir", help="the cache of the --db runs (default: "
                    "beside the database)")
    ap.add_argument("--changed", help="the TU to edit for '1 changed' (a path "
                    "suffix; default: the largest source)")
    a = ap.parse_args()
    stallscan = os.path.join(a.build, "bin", "stallscan")
    if not a.skip_testdata:
        measure("testdata", os.path.join(a.build, "testdata", "compile_commands.json"),
                stallscan, a.j, a.reps, plugin_pass=not a.skip_plugin)
    for db in a.db:
        path = db if db.endswith(".json") else os.path.join(db, "compile_commands.json")
        measure(os.path.abspath(path), path, stallscan, a.j, a.reps, failures_ok=True,
                plugin_pass=not a.skip_plugin, cache=a.cache_dir, changed_file=a.changed)
    if a.skip_corpus:
        return
    corpus = os.path.join(a.build, "bench", "corpus")
    generate(corpus, a.tus)
    measure("generated corpus", os.path.join(corpus, "compile_commands.json"), stallscan, a.j, a.reps,
            plugin_pass=not a.skip_plugin)


if __name__ == "__main__":
    main()
