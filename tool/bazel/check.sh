#!/usr/bin/env bash
# Builds the epoll_reactor sample server with Bazel (Debian's bazel-bootstrap,
# offline) through stallscan_report, and compares its findings with the
# CLI's on the same sources. Not part of ./test/run: bazel-bootstrap and its
# Java runtime are a large install. Usage: tool/bazel/check.sh [build dir]
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ws/server"
cp "$top"/testdata/epoll_reactor/* "$work/ws/server/"
# Bazel 4 fetches rules_cc and rules_java from the network for its own C++
# and Java toolchains; offline, local stand-ins (the native rules) serve.
cat > "$work/ws/WORKSPACE" <<EOW
local_repository(name = "rules_cc", path = "$top/tool/bazel/offline/rules_cc")
local_repository(name = "rules_java", path = "$top/tool/bazel/offline/rules_java")
new_local_repository(name = "stallscan", path = "$top", build_file_content = "")
load("@stallscan//tool/bazel:stallscan.bzl", "stallscan_tools")
stallscan_tools(name = "stallscan_tools", build_dir = "$build")
EOW
cat > "$work/ws/server/BUILD" <<'EOB'
load("@stallscan//tool/bazel:stallscan.bzl", "stallscan_report")
cc_library(
    name = "lib",
    srcs = ["event_loop.cpp", "server.cpp", "connection.cpp", "http.cpp",
            "handlers.cpp", "access_log.cpp"],
    hdrs = glob(["*.hpp"]),
    copts = ["-std=c++17"],
)
cc_binary(name = "epoll_reactor", srcs = ["main.cpp"], deps = [":lib"],
          copts = ["-std=c++17"])
stallscan_report(name = "stallscan", deps = [":epoll_reactor"], format = "json")
EOB
(cd "$work/ws" && bazel --batch --output_user_root="$work/root" build //server:stallscan)
cp "$work/ws/bazel-bin/server/stallscan.json" "$work/bazel.json"
# The CLI on the same copy, paths relative to the workspace.
python3 - "$work/ws" > "$work/ws/compile_commands.json" <<'EOP'
import glob, json, os, sys
ws = sys.argv[1]
print(json.dumps([{"directory": ws, "file": f, "arguments": ["clang++", "-std=c++17", "-c", f]}
                  for f in sorted(glob.glob(ws + "/server/*.cpp"))]))
EOP
(cd "$work/ws" && "$build/bin/stallscan" -p . --no-cache --quiet --format json -o "$work/cli.json" || test $? -eq 1)
python3 "$top/test/plugin/Inputs/same-findings.py" "$work/cli.json" "$work/bazel.json"
