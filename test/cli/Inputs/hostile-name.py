#!/usr/bin/env python3
"""Writes DIR/<name with ESC and CR>.cpp, a handler that blocks, whose source
line also holds escape sequences, and DIR/compile_commands.json for it.
With --invalid-utf8 the name holds a byte that is not UTF-8 (0xff) instead,
and there is no compile database (JSON cannot hold that name): pass the file
with '-- <flags>'.
usage: hostile-name.py DIR MOCK_INCLUDE_DIR [--invalid-utf8]"""
import json, os, sys

out, inc = sys.argv[1:3]
os.makedirs(out, exist_ok=True)
name = os.path.join(out, "evil\x1b]0;owned\x07\x1b[2J\rname.cpp")
if sys.argv[3:] == ["--invalid-utf8"]:
    name = os.path.join(out, os.fsdecode(b"bad\xffname.cpp"))
# Line 3: ESC sequences, U+009B (CSI as a C1 control), text in UTF-8 that
# must pass unchanged, and a byte that is not UTF-8 (0xff).
with open(name, "wb") as f:
    f.write("#include <mock_asio.hpp>\n#include <unistd.h>\n"
            "void onTick() { sleep(1); } // \x1b[31mred\x1b[0m \x9b caf\u00e9 \u20ac "
            .encode("utf-8") + b"\xff\r\n" +
            b"int main() {\n  boost::asio::io_context Io;\n"
            b"  boost::asio::post(Io, [] { onTick(); });\n  Io.run();\n}\n")
if sys.argv[3:] == ["--invalid-utf8"]:
    sys.exit(0)
json.dump([{"directory": out, "file": name,
            "arguments": ["clang++", "-std=c++17", "-isystem", inc, "-c", name]}],
          open(os.path.join(out, "compile_commands.json"), "w"))
