# lit configuration for stallscan. Substitutions:
#   %stallscan   the CLI (build/bin/stallscan)
#   %mockinc     hermetic mock headers (test/Inputs/include), as -isystem
#   %testdata    the bundled sample servers
#   %tdb         their build folder with compile_commands.json
#   FileCheck, not, python3 from LLVM 19 / the system
import os
import lit.formats

config.name = "stallscan"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".c", ".test"]
config.excludes = ["Inputs", "unit", "lit.cfg.py", "run", "run.py", "scale.py", "synth.cpp",
                   "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)

build = os.path.abspath(lit_config.params.get("build_dir") or os.path.join(
    os.path.dirname(config.test_source_root), "build"))
config.test_exec_root = os.path.join(build, "test-output")
llvm_bin = "/usr/lib/llvm-19/bin"
config.environment["PATH"] = os.pathsep.join(
    [llvm_bin, os.path.join(build, "bin"), config.environment.get("PATH", "")])
config.environment["LC_ALL"] = "C"
top = os.path.dirname(config.test_source_root)
config.substitutions.insert(0, ("%stallscan", os.path.join(build, "bin", "stallscan")))
config.substitutions.insert(0, ("%stallscan-build-dir", build))
config.substitutions.insert(0, ("%mockinc", "-isystem " + os.path.join(config.test_source_root, "Inputs", "include")))
config.substitutions.insert(0, ("%testdata", os.path.join(top, "testdata")))
config.substitutions.insert(0, ("%tdb", os.path.join(build, "testdata")))
config.substitutions.insert(0, ("%python", "python3"))
config.substitutions.insert(0, ("%mkdb", "python3 " + os.path.join(config.test_source_root, "Inputs", "mkdb.py")))
config.substitutions.insert(0, ("%exitcode", os.path.join(config.test_source_root, "Inputs", "exit-code")))
config.substitutions.insert(0, ("%unittests", os.path.join(build, "bin", "stallscan-unittests")))
config.substitutions.insert(0, ("%frontend-sim", os.path.join(build, "bin", "stallscan-frontend-sim")))
config.substitutions.insert(0, ("%synth", os.path.join(build, "bin", "stallscan-synth")))
config.substitutions.insert(0, ("%fuzz-readers", os.path.join(build, "bin", "stallscan-fuzz-readers")))

# Microsoft's SARIF multitool, installed from npm by tool/setup into the build
# folder (test/ci/Inputs/check-sarif.py fails, rather than skips, without it).
config.environment["STALLSCAN_SARIF_MULTITOOL"] = os.path.join(
    build, "tools", "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool")
config.substitutions.insert(0, ("%syspython", "/usr/bin/python3"))

# A private mount namespace in which a test may mount a tiny tmpfs, to fill a
# disk without touching the machine's (root: unshare -m; else a user namespace).
import subprocess, tempfile
unshare = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-rm"]
with tempfile.TemporaryDirectory() as probe:
    try:
        ok = subprocess.run(unshare + ["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", probe],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    except OSError:
        ok = False
if ok:
    config.available_features.add("tmpfs-mount")
    config.substitutions.insert(0, ("%unshare-mount", " ".join(unshare)))

# Headless Chromium from Debian, for the HTML report.
if os.path.exists("/usr/bin/chromium"):
    config.available_features.add("chromium")
    config.substitutions.insert(0, ("%chromium",
        "timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic "
        "--no-first-run --disable-background-networking --disable-component-update "
        "--disable-sync --virtual-time-budget=5000 --user-data-dir=%t.profile"))

# clang-tidy-19 with the stallscan module loaded.
if os.path.exists("/usr/bin/clang-tidy-19"):
    config.available_features.add("clang-tidy")
    config.substitutions.insert(0, ("%tidy-module", os.path.join(build, "lib", "stallscan-tidy.so")))
    config.substitutions.insert(0, ("%clang-tidy", "clang-tidy-19 --quiet --load=" + os.path.join(build, "lib", "stallscan-tidy.so")))

# The compiler plugin, loaded into Debian's clang++-19.
plugin_so = os.path.join(build, "lib", "stallscan-plugin.so")
config.substitutions.insert(0, ("%plugin-so", plugin_so))
config.substitutions.insert(0, ("%clang-plugin", "clang++-19 -fplugin=" + plugin_so))
config.substitutions.insert(0, ("%clangxx", "clang++-19"))

# distccd, started as root, runs its compiles as "distcc" or "nobody" (it
# refuses to keep root): what it runs (the compiler wrapper, the plugin) and
# writes (its log, its temporary files) must be reachable by that user, which
# the build tree is not when the clone sits below a private (0700) folder.
# The distcc test stages them in a world-traversable folder of its own, named
# after this build so that two builds never share one.
import hashlib
shared_tmp = "/tmp" if os.access("/tmp", os.W_OK) else tempfile.gettempdir()
config.substitutions.insert(0, ("%distcc-stage", os.path.join(
    shared_tmp, "stallscan-distcc-" + hashlib.sha1(os.path.realpath(build).encode()).hexdigest()[:12])))
config.substitutions.insert(0, ("%clangc", "clang-19"))

# icecream (the icecc package): its daemons give root away too, so the
# icecream test stages the plugin the same way, in a folder of its own.
import shutil
config.substitutions.insert(0, ("%icecc-stage", os.path.join(
    shared_tmp, "stallscan-icecc-" + hashlib.sha1(os.path.realpath(build).encode()).hexdigest()[:12])))
if all(shutil.which(p, path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"]))
       for p in ("icecc", "iceccd", "icecc-scheduler", "icecc-create-env")):
    config.available_features.add("icecc")
# A private network namespace, for a test that starts servers which listen on
# every interface and broadcast (icecream): there, loopback is the only
# interface. Root only (iceccd needs it to run remote jobs in a chroot);
# tried for real, as test/plugin/Inputs/with-icecream.py makes it, since a
# container may forbid it even to root. Without it the test is UNSUPPORTED.
if os.geteuid() == 0:
    try:
        ok = subprocess.run(["unshare", "--net", "--mount", "--pid", "--fork", "--mount-proc",
                             "sh", "-c", "mount -t tmpfs -o size=16k tmpfs /run"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        ok = False
    if ok:
        config.available_features.add("netns")

# strace, to prove that no compile command makes stallscan run a program.
if os.path.exists("/usr/bin/strace"):
    config.available_features.add("strace")


# Compile flags of Debian's framework headers that live in their own folders
# (GLib/GIO), from pkg-config; the frameworks' tests fail without them.
def pkg_cflags(*pkgs):
    try:
        return subprocess.run(["pkg-config", "--cflags", *pkgs], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "-DSTALLSCAN_PKG_CONFIG_FAILED_FOR_" + "_".join(p.replace("-", "_").replace(".", "_") for p in pkgs)
config.substitutions.insert(0, ("%gio-cflags", pkg_cflags("gio-2.0")))

# Qt 5 (qtbase5-dev): QtCore, QtNetwork, QtConcurrent and QtSql headers. Qt's
# headers insist on position-independent code (-fPIC). Without them (a
# machine where tool/setup has not run) the Qt tests are UNSUPPORTED.
qt_cflags = pkg_cflags("Qt5Core", "Qt5Network", "Qt5Concurrent", "Qt5Sql")
if not qt_cflags.startswith("-DSTALLSCAN_PKG_CONFIG_FAILED"):
    config.available_features.add("qt5")
# -isystem as CMake's imported Qt5:: targets and qmake give them: Qt's
# inline internals are library code, summarised by the catalog.
config.substitutions.insert(0, ("%qt-cflags", qt_cflags.replace("-I/", "-isystem /") + " -fPIC"))

# protoc with Debian's gRPC C++ plugin (protobuf-compiler,
# protobuf-compiler-grpc): the gRPC tests generate their stubs and services
# from a .proto, as a real build does, into %t.
import shutil
grpc_plugin = shutil.which("grpc_cpp_plugin") or "/usr/bin/grpc_cpp_plugin"
config.substitutions.insert(0, ("%protoc-grpc",
    "protoc --plugin=protoc-gen-grpc=" + grpc_plugin))

# Debian's CPython headers (python3-dev) for the extension-module tests, from
# Debian's python3-config (not whichever python3 comes first on PATH);
# pybind11-dev's headers are in /usr/include.
def python_cflags():
    try:
        return subprocess.run(["/usr/bin/python3-config", "--includes"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "-DSTALLSCAN_PYTHON3_CONFIG_FAILED"
config.substitutions.insert(0, ("%python-cflags", python_cflags()))

# Node-API headers of the installed nodejs (or Debian's libnode-dev), for the
# native-addon tests.
for node_inc in ("/usr/include/node", "/usr/include/nodejs/src"):
    if os.path.exists(os.path.join(node_inc, "node_api.h")):
        config.substitutions.insert(0, ("%node-cflags", "-I" + node_inc))
        break
else:
    config.substitutions.insert(0, ("%node-cflags", "-DSTALLSCAN_NODE_API_HEADERS_MISSING"))

# node-addon-api (C++), unpacked by tool/setup from npm (pinned); without it
# (offline) the tests that need it are UNSUPPORTED. It is included with
# -isystem, as the catalog summarises it (checks/catalog/frameworks/node.json).
naa = os.path.join(build, "tools", "node-addon-api-8.3.1")
if os.path.exists(os.path.join(naa, "napi.h")):
    config.available_features.add("node-addon-api")
    config.substitutions.insert(0, ("%node-addon-api-cflags", "-isystem " + naa))
