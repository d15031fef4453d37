"""Runs a command with a private distcc helper: distccd listening on
127.0.0.1 only, on a free port, for this command only; distcc told to use
it, never to fall back to compiling locally. Afterwards stops the helper (its
own process group) and prints how many compiles it ran, from its log.

distccd runs only the compilers of its list, /usr/lib/distcc: the test's
compiler is a wrapper in the test's folder (it adds the plugin, which
distccd refuses to take from a client's -fplugin=), so this private helper
is started with --enable-tcp-insecure, which lifts that list. On real
helpers, install the wrapper in /usr/lib/distcc instead.

  with-distccd.py <work dir> -- <command>...
"""
import os
import re
import signal
import socket
import subprocess
import sys
import time

work = os.path.abspath(sys.argv[1])
if sys.argv[2] != "--":
    sys.exit("usage: with-distccd.py <work dir> -- <command>...")
cmd = sys.argv[3:]
os.makedirs(os.path.join(work, "client"), exist_ok=True)
log = os.path.join(work, "distccd.log")
# Started as root, distccd gives its privileges away (to "distcc" or
# "nobody"): its log must be writable by that user.
open(log, "a").close()
os.chmod(log, 0o666)
# ... and its temporary folder (lit's TMPDIR is private to root).
tmp = os.path.join(work, "tmp")
os.makedirs(tmp, exist_ok=True)
os.chmod(tmp, 0o1777)

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]

daemon = subprocess.Popen(
    ["distccd", "--daemon", "--no-detach", "--listen", "127.0.0.1",
     "--allow", "127.0.0.1", "--port", str(port), "--jobs", "2",
     "--enable-tcp-insecure",
     "--log-file", log, "--verbose"],
    start_new_session=True, stdin=subprocess.DEVNULL,
    env=dict(os.environ, TMPDIR=tmp))
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

text = open(log, errors="replace").read() if os.path.exists(log) else ""
done = len(re.findall(r"COMPILE_OK", text))
print(f"with-distccd: distccd on 127.0.0.1 compiled {done} files")
sys.exit(status)
