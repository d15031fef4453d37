#!/usr/bin/env python3
"""Writes DIR/<name with ESC and CR>.cpp, a handler that blocks, whose source
line also holds escape sequences, and DIR/compile_commands.json for it.
usage: hostile-name.py DIR MOCK_INCLUDE_DIR"""
import json, os, sys

out, inc = sys.argv[1:3]
os.makedirs(out, exist_ok=True)
name = os.path.join(out, "evil\x1b]0;owned\x07\x1b[2J\rname.cpp")
with open(name, "w", encoding="utf-8", newline="") as f:
    f.write("#include <mock_asio.hpp>\n#include <unistd.h>\n"
            "void onTick() { sleep(1); } // \x1b[31mred\x1b[0m \x9b\r\n"
            "int main() {\n  boost::asio::io_context Io;\n"
            "  boost::asio::post(Io, [] { onTick(); });\n  Io.run();\n}\n")
json.dump([{"directory": out, "file": name,
            "arguments": ["clang++", "-std=c++17", "-isystem", inc, "-c", name]}],
          open(os.path.join(out, "compile_commands.json"), "w"))
