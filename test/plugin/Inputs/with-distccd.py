"""A private distcc helper for one test.

  with-distccd.py stage <stage dir> <plugin.so>
      Makes <stage dir> (world-traversable) with what distccd runs: a copy of
      the plugin and a compiler wrapper, <stage dir>/clang++-stallscan, that
      adds it. distccd refuses a client's -fplugin= (it would run the
      client's code on the helper), so the wrapper adds it, as a helper's
      administrator would install it in /usr/lib/distcc.

  with-distccd.py run <stage dir> <work dir> -- <command>...
      Runs <command> with distccd listening on 127.0.0.1 only, on a free
      port, for this command only; distcc told to use it, never to fall back
      to compiling locally. Afterwards stops the helper (its own process
      group) and prints how many compiles it ran, from its log.

Started as root, distccd gives its privileges away (to "distcc" or
"nobody"; --user root is refused): everything it runs or writes lives in the
stage folder, outside the build tree, which that user may not be able to
reach (a clone below a 0700 folder). distccd runs only the compilers of its
list, /usr/lib/distcc: this private helper is started with
--enable-tcp-insecure, which lifts that list.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time


def stage(folder, plugin):
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(os.path.join(folder, "tmp"))
    os.chmod(folder, 0o755)
    os.chmod(os.path.join(folder, "tmp"), 0o1777)
    staged = os.path.join(folder, "stallscan-plugin.so")
    shutil.copyfile(plugin, staged)
    os.chmod(staged, 0o644)
    wrapper = os.path.join(folder, "clang++-stallscan")
    with open(wrapper, "w") as f:
        f.write("#!/bin/sh\nexec clang++-19 -fplugin=%s "
                "-fplugin-arg-stallscan-embed \"$@\"\n" % staged)
    os.chmod(wrapper, 0o755)


def run(folder, work, cmd):
    os.makedirs(os.path.join(work, "client"), exist_ok=True)
    log = os.path.join(folder, os.path.basename(work) + "-distccd.log")
    open(log, "w").close()
    os.chmod(log, 0o666)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    daemon = subprocess.Popen(
        ["distccd", "--daemon", "--no-detach", "--listen", "127.0.0.1",
         "--allow", "127.0.0.1", "--port", str(port), "--jobs", "2",
         "--enable-tcp-insecure",
         "--log-file", log, "--verbose"],
        start_new_session=True, stdin=subprocess.DEVNULL, cwd=folder,
        env=dict(os.environ, TMPDIR=os.path.join(folder, "tmp")))
    status = 1
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            sys.exit("with-distccd: distccd did not start listening")
        env = dict(os.environ)
        env.update({
            "DISTCC_HOSTS": f"127.0.0.1:{port}/2",
            "DISTCC_FALLBACK": "0",
            "DISTCC_SKIP_LOCAL_RETRY": "1",
            "DISTCC_DIR": os.path.join(work, "client"),
            "DISTCC_LOG": os.path.join(work, "client.log"),
            "DISTCC_VERBOSE": "1",
        })
        status = subprocess.run(cmd, env=env).returncode
    finally:
        try:
            os.killpg(daemon.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        daemon.wait(timeout=30)

    text = open(log, errors="replace").read()
    shutil.copyfile(log, os.path.join(work, "distccd.log"))
    done = len(re.findall(r"COMPILE_OK", text))
    print(f"with-distccd: distccd on 127.0.0.1 compiled {done} files")
    return status


usage = ("usage: with-distccd.py stage <stage dir> <plugin.so>\n"
         "       with-distccd.py run <stage dir> <work dir> -- <command>...")
args = sys.argv[1:]
if len(args) == 3 and args[0] == "stage":
    stage(os.path.abspath(args[1]), os.path.abspath(args[2]))
elif len(args) >= 5 and args[0] == "run" and args[3] == "--":
    sys.exit(run(os.path.abspath(args[1]), os.path.abspath(args[2]), args[4:]))
else:
    sys.exit(usage)
