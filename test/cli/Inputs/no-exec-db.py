#!/usr/bin/env python3
"""Writes a compile database whose commands try every way we know to make
Clang's driver run a program, and fake tools that leave a marker if run.

usage: no-exec-db.py DIR HANDLER_CPP MOCKINC_DIR

DIR/build/compile_commands.json  one entry per attempt (each its own file)
DIR/{build,path,B,gcc/bin}/...   executable fakes: nvptx-arch, clang, ld...
DIR/marks/                       where a fake that runs leaves its name
"""
import json, os, shutil, stat, sys

top, handler, mockinc = (os.path.abspath(a) for a in sys.argv[1:4])
build, marks = os.path.join(top, "build"), os.path.join(top, "marks")
tool_dirs = [build, os.path.join(top, "path"), os.path.join(top, "B"),
             os.path.join(top, "gcc", "bin")]
tools = ["nvptx-arch", "amdgpu-arch", "offload-arch", "clang", "clang++",
         "clang-19", "gcc", "g++", "cc", "c++", "as", "ld", "ld.lld", "cc1plus",
         "ptxas", "fatbinary", "clang-offload-bundler", "xcrun", "hipconfig"]
for d in tool_dirs + [marks, os.path.join(build, "rsp")]:
    os.makedirs(d, exist_ok=True)
for d in tool_dirs:
    for t in tools:
        p = os.path.join(d, t)
        with open(p, "w") as f:
            f.write("#!/bin/sh\ntouch '%s/%s'\necho sm_80\necho gfx90a\n" % (marks, t))
        os.chmod(p, 0o755)
path = os.path.join(top, "path")

def w(rel, text):
    with open(os.path.join(build, rel), "w") as f:
        f.write(text)

# A config file named on the command line, and the default ones a driver
# would pick up beside "clang++" (the working folder, for the embedded one).
w("evil.cfg", "-x cuda --offload-arch=native\n")
for cfg in ["clang++.cfg", "clang.cfg", "x86_64-unknown-linux-gnu-clang++.cfg",
            "x86_64-pc-linux-gnu.cfg", "x86_64-linux-gnu-clang++.cfg"]:
    w(cfg, "-x cuda --offload-arch=native\n")
# Response files: flat, nested (relative to the including file), and the
# flags the normal TU needs to find its sleep().
w("rsp/gpu.rsp", "-x cuda --offload-arch=native\n")
w("rsp/outer.rsp", "-fopenmp @inner.rsp\n")
w("rsp/inner.rsp", "--nvptx-arch-tool=%s/nvptx-arch -fopenmp-targets=nvptx64\n" % path)
w("rsp/tool.rsp", "'--amdgpu-arch-tool=%s/amdgpu-arch' -x hip --offload-arch=native\n" % path)
w("rsp/flags.rsp", "-std=c++17 -isystem '%s'\n" % mockinc)

attempts = [
    ["-x", "cuda", "--offload-arch=native"],
    ["-x", "cuda", "--cuda-gpu-arch=native", "--cuda-host-only"],
    ["-x", "hip", "--offload-arch=native"],
    ["-x", "hip", "--offload-arch=native", "--offload-device-only"],
    ["--nvptx-arch-tool=%s/nvptx-arch" % path, "-x", "cuda", "--offload-arch=native"],
    ["--amdgpu-arch-tool=%s/amdgpu-arch" % path, "-x", "hip", "--offload-arch=native"],
    ["-fopenmp", "--offload-arch=native"],
    ["-fopenmp", "-fopenmp-targets=nvptx64"],
    ["-fopenmp", "-fopenmp-targets=amdgcn-amd-amdhsa"],
    ["-fopenmp", "-fopenmp-targets=nvptx64", "-Xopenmp-target=nvptx64", "-march=native"],
    ["-fopenmp", "--offload=nvptx64", "-Xarch_device", "--offload-arch=native"],
    ["-x", "hip", "--offload=spirv64", "--offload-arch=native"],
    ["--target=nvptx64-nvidia-cuda", "-march=native"],
    ["-target", "amdgcn-amd-amdhsa", "-mcpu=native"],
    ["-ccc-install-dir", path, "-x", "cuda", "--offload-arch=native"],
    ["-ccc-gcc-name", path + "/gcc", "-ccc-print-bindings"],
    ["-B" + top + "/B", "-x", "cuda", "--offload-arch=native"],
    ["-B", top + "/B", "--gcc-toolchain=" + top + "/gcc", "-fuse-ld=" + path + "/ld",
     "--ld-path=" + path + "/ld"],
    ["--gcc-install-dir=" + top + "/gcc", "-no-integrated-as", "-fno-integrated-cc1",
     "-save-temps", "-fprofile-instr-generate", "-fprofile-generate"],
    ["--config=" + build + "/evil.cfg"],
    ["--config", "evil.cfg"],
    ["-###", "-v", "-x", "cuda", "--offload-arch=native"],
    ["--rocm-path=" + top + "/gcc", "--hip-path=" + top + "/gcc", "-x", "hip"],
    ["--cuda-path=" + top + "/gcc", "--ptxas-path=" + path + "/ptxas", "-x", "cuda"],
    ["@rsp/gpu.rsp"],
    ["@rsp/outer.rsp"],
    ["@" + build + "/rsp/tool.rsp"],
]
entries = []
for i, extra in enumerate(attempts):
    src = os.path.join(top, "t%02d.cpp" % i)
    with open(src, "w") as f:
        f.write("int f%d() { return %d; }\n" % (i, i))
    entries.append({"directory": build, "file": src,
                    "arguments": ["clang++"] + extra + ["-c", src, "-o", "t.o"]})
shutil.copy(handler, os.path.join(top, "handler.cpp"))
shutil.copy(os.path.join(os.path.dirname(handler), "config.h"), top)
entries.append({"directory": build, "file": os.path.join(top, "handler.cpp"),
                "arguments": ["clang++", "@rsp/flags.rsp", "-c", "../handler.cpp"]})
with open(os.path.join(build, "compile_commands.json"), "w") as f:
    json.dump(entries, f, indent=1)
