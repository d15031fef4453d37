"""Rewrites a dumped .stallscan section for the negative tests of
embed.test: `version N` sets the first record's format version, `flip`
changes a byte of its payload (the checksum no longer matches), `truncate`
cuts the section short, `garbage` replaces it with bytes of no record.

  patch-record.py <section file> version 99|flip|truncate|garbage
"""
import struct
import sys

path, what = sys.argv[1], sys.argv[2]
data = bytearray(open(path, "rb").read())
if what == "version":
    struct.pack_into("<I", data, 8, int(sys.argv[3]))
elif what == "flip":
    data[60] ^= 0xFF
elif what == "truncate":
    data = data[: len(data) // 2]
elif what == "garbage":
    data = bytearray(b"this is not a stallscan record" * 4)
else:
    sys.exit("unknown patch " + what)
open(path, "wb").write(bytes(data))
