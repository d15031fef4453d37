"""A private icecream cluster on one machine, for one test.

  with-icecream.py stage <stage dir> <plugin.so>
      Makes <stage dir> (world-traversable) with a copy of the plugin. The
      icecream daemons give root away (to "icecc", else "nobody") before
      they make or unpack a compiler environment or run a compile: the
      plugin packed into the environment, their logs and their environments
      live here, outside the build tree, which that user may not be able to
      reach (a clone below a 0700 folder).

  with-icecream.py run <stage dir> <work dir> -- <command>...
      Runs <command> with a scheduler and two daemons (iceccd) of its own,
      the client's and a helper, all inside private namespaces, for this
      command only. Afterwards prints whether the helper's environment held
      the staged plugin and how many compiles the helper ran as remote
      jobs, from its log, and copies the logs into <work dir>:
      scheduler.log, client-iceccd.log, helper-iceccd.log and client.log
      (the icecc client's, at debug level).

Needs root: unshare(1) makes new network, mount and PID namespaces, and a
daemon needs root (it keeps only CAP_SYS_CHROOT) to run remote jobs in a
chroot.

Why namespaces. iceccd 1.4 told to listen on loopback only (-i lo) binds
its port twice and never starts; without -i it listens on every interface,
and the scheduler and the daemons broadcast on the local network to find
each other. In a new network namespace the only interface is loopback,
brought up here: nothing can be heard or broadcast beyond it, and the
default ports (scheduler 8765, helper 10245) are free whatever runs on the
machine. The namespace ends with the command.
  --mount: a private tmpfs on /run (/var/run). As root a daemon puts its
      socket at /var/run/icecc/iceccd.socket (where the client looks) and
      the scheduler and daemons write pid files in /var/run: these are the
      namespace's own, so a system icecream is neither used nor disturbed,
      and nothing is left behind.
  --pid --fork --mount-proc: this script is the namespace's first process;
      when it exits the kernel kills whatever is left in it.

Why two daemons. A single daemon, the client's and the helper at once, does
not work: the scheduler gives the submitting node its own jobs without an
environment, and the daemon refuses them as remote jobs ("Empty
environment"); the client then compiles locally. icecream's own tests
(tests/test.sh) run a client daemon with --no-remote and helpers on other
ports; so does this script.

The flags and variables, as icecream's tests use them:
  icecc-scheduler -l <log> -v -v -v: the scheduler, logging at trace level.
  iceccd -s 127.0.0.1: the scheduler to log in to (broadcasts would find
      none: outside its tests icecream does not broadcast on loopback).
  iceccd -m 2: at most two jobs at once (this machine has two cores).
  iceccd -N <name>, -l <log> -v -v -v: its name, its log at trace level.
  iceccd -b <stage>/<work>-<name>-envs: where it keeps compiler
      environments (instead of /var/cache/icecc): the client's daemon the
      native one it makes for the client, the helper the ones it is sent
      and unpacks to run remote jobs in.
  iceccd --no-remote (the client's daemon): takes no remote jobs, and
      listens on no TCP port.
  ICECC_TEST_SOCKET (the helper only): its Unix socket for local clients,
      away from the client's daemon's /var/run/icecc/iceccd.socket.
  ICECC_TEST_REMOTEBUILD=1 (client): the helper's address is 127.0.0.1,
      the client's own, and the client would compile such a job itself
      ("building myself, but telling localhost"). With this set it goes
      the remote way instead, to a daemon with a TCP port: it preprocesses
      the source and sends it, and the compiler environment if the helper
      lacks it, to the helper's port; the helper unpacks the environment
      and compiles in a chroot of it.
  ICECC_PREFERRED_HOST=helper (client): the scheduler gives every job to
      the helper; a job waits for a free slot there rather than going to
      another node.
  ICECC_DEBUG=debug, ICECC_LOGFILE: the client logs which host each job
      went to ("Have to use host ...") and any local compile
      ("<building_local>", "building myself ...", "local build forced ...").
  ICECC_VERSION is not set: the client asks its daemon for the native
      environment of its compiler, and the daemon makes it with
      icecc-create-env, adding the files the compile names, the plugin of
      -fplugin= among them (client/arg.cpp: extrafiles).
icecream has no switch to forbid falling back to a local compile: the caller
checks the client's log for it.
"""
import fcntl
import filecmp
import glob
import os
import pwd
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time


def tool(name):
    # iceccd and icecc-scheduler are in /usr/sbin, not always on a user's PATH.
    found = shutil.which(name, path=os.pathsep.join(
        [os.environ.get("PATH", ""), "/usr/sbin", "/sbin"]))
    if not found:
        sys.exit(f"with-icecream: {name} not found (Debian's icecc package)")
    return found


def stage(folder, plugin):
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    os.chmod(folder, 0o755)
    staged = os.path.join(folder, "stallscan-plugin.so")
    shutil.copyfile(plugin, staged)
    os.chmod(staged, 0o644)


def loopback_up():
    # ip link set lo up, without needing iproute2: SIOCGIFFLAGS/SIOCSIFFLAGS.
    SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        req = struct.pack("16sH22x", b"lo", 0)
        flags = struct.unpack("16sH22x", fcntl.ioctl(s, SIOCGIFFLAGS, req))[1]
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH22x", b"lo", flags | IFF_UP))


def wait_for(log, text, proc, what):
    for _ in range(300):
        if proc.poll() is not None:
            sys.exit(f"with-icecream: {what} exited ({proc.returncode}):\n"
                     + open(log, errors="replace").read()[-3000:])
        if text in open(log, errors="replace").read():
            return
        time.sleep(0.1)
    sys.exit(f"with-icecream: {what} did not log {text!r} within 30 s")


def stop(proc):
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def inside(folder, work, cmd):
    names = [n for _, n in socket.if_nameindex()]
    if names != ["lo"]:
        sys.exit(f"with-icecream: not in a private network namespace: {names}")
    loopback_up()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m,mode=755", "tmpfs", "/run"],
                   check=True)

    # The user the scheduler and the daemons run as, chosen as they choose it.
    try:
        user = pwd.getpwnam("icecc")
    except KeyError:
        user = pwd.getpwnam("nobody")
    os.makedirs(work, exist_ok=True)
    logs, envs = {}, {}
    for name in ("scheduler", "client-iceccd", "helper-iceccd"):
        logs[name] = os.path.join(folder, os.path.basename(work) + "-" + name + ".log")
        open(logs[name], "w").close()
        os.chown(logs[name], user.pw_uid, user.pw_gid)
    for name in ("client", "helper"):
        envs[name] = os.path.join(folder, os.path.basename(work) + "-" + name + "-envs")
        shutil.rmtree(envs[name], ignore_errors=True)
        os.makedirs(envs[name])
        os.chown(envs[name], user.pw_uid, user.pw_gid)
    helper_run = "/run/icecc-helper"
    os.makedirs(helper_run)
    os.chown(helper_run, user.pw_uid, user.pw_gid)
    client_log = os.path.join(work, "client.log")
    open(client_log, "w").close()

    quiet = dict(stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                 stderr=subprocess.DEVNULL, start_new_session=True)
    started = []
    status = 1
    try:
        scheduler = subprocess.Popen(
            [tool("icecc-scheduler"), "-l", logs["scheduler"], "-v", "-v", "-v"], **quiet)
        started.append(scheduler)
        wait_for(logs["scheduler"], "scheduler ready", scheduler, "icecc-scheduler")
        daemon = [tool("iceccd"), "-s", "127.0.0.1", "-m", "2", "-v", "-v", "-v"]
        client = subprocess.Popen(
            daemon + ["--no-remote", "-N", "client", "-b", envs["client"],
                      "-l", logs["client-iceccd"]], **quiet)
        started.append(client)
        helper = subprocess.Popen(
            daemon + ["-N", "helper", "-b", envs["helper"], "-l", logs["helper-iceccd"]],
            env=dict(os.environ, ICECC_TEST_SOCKET=helper_run + "/iceccd.socket"), **quiet)
        started.append(helper)
        wait_for(logs["client-iceccd"], "Connected to scheduler", client, "iceccd (client)")
        wait_for(logs["helper-iceccd"], "Connected to scheduler", helper, "iceccd (helper)")
        env = {k: v for k, v in os.environ.items() if not k.startswith("ICECC")}
        env.update({
            "ICECC_PREFERRED_HOST": "helper",
            "ICECC_TEST_REMOTEBUILD": "1",
            "ICECC_DEBUG": "debug",
            "ICECC_LOGFILE": client_log,
        })
        status = subprocess.run(cmd, env=env).returncode
        # The environments the helper unpacked (target=<platform>/<name>), in
        # which it ran the compiles: the plugin is inside, at its own path.
        plugin = os.path.join(folder, "stallscan-plugin.so")
        for copy in sorted(glob.glob(os.path.join(envs["helper"], "target=*", "*") + plugin)):
            if filecmp.cmp(copy, plugin, shallow=False):
                print(f"with-icecream: the helper's environment holds {plugin}")
    finally:
        for proc in reversed(started):
            stop(proc)
        for folder_ in envs.values():
            shutil.rmtree(folder_, ignore_errors=True)

    for name, log in logs.items():
        shutil.copyfile(log, os.path.join(work, name + ".log"))
        os.unlink(log)
    text = open(os.path.join(work, "helper-iceccd.log"), errors="replace").read()
    done = len(re.findall(r"Remote compilation completed with exit code 0", text))
    print(f"with-icecream: the helper compiled {done} remote jobs")
    return status


usage = ("usage: with-icecream.py stage <stage dir> <plugin.so>\n"
         "       with-icecream.py run <stage dir> <work dir> -- <command>...")
args = sys.argv[1:]
if len(args) == 3 and args[0] == "stage":
    stage(os.path.abspath(args[1]), os.path.abspath(args[2]))
elif len(args) >= 5 and args[0] == "run" and args[3] == "--":
    unshare = ["unshare", "--net", "--mount", "--pid", "--fork", "--mount-proc", "--"]
    sys.exit(subprocess.run(unshare + [sys.executable, os.path.abspath(__file__), "inside",
                                       os.path.abspath(args[1]), os.path.abspath(args[2]),
                                       "--"] + args[4:]).returncode)
elif len(args) >= 5 and args[0] == "inside" and args[3] == "--":
    # What "run" runs in the new namespaces.
    sys.exit(inside(args[1], args[2], args[4:]))
else:
    sys.exit(usage)
