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
config.excludes = ["Inputs", "unit", "lit.cfg.py", "run", "run.py", "CMakeLists.txt"]
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
config.substitutions.insert(0, ("%fuzz-readers", os.path.join(build, "bin", "stallscan-fuzz-readers")))

# The official SARIF 2.1.0 schema, beside the repository (../shared/schemas),
# and Debian's python3-jsonschema to validate against it.
sarif_schema = os.path.join(os.path.dirname(top), "shared", "schemas", "sarif-schema-2.1.0.json")
if os.path.exists(sarif_schema) and os.path.exists("/usr/lib/python3/dist-packages/jsonschema"):
    config.available_features.add("sarif-schema")
    config.substitutions.insert(0, ("%sarif-schema", sarif_schema))
config.substitutions.insert(0, ("%syspython", "/usr/bin/python3"))

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
config.substitutions.insert(0, ("%clangc", "clang-19"))
