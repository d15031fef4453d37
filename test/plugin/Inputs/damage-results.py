"""damage-results.py IN OUT finding|header|cut: writes IN, a binary index
with stored results, to OUT with its results section damaged: one byte of
every finding's text changed, one byte of the section's header changed,
or the file cut short inside the section."""
import struct
import sys

src, dst, how = sys.argv[1:4]
b = bytearray(open(src, "rb").read())
at = struct.unpack_from("<Q", b, 56)[0]
assert at and b[at:at + 8] == b"STALLRES", "no stored results"
if how == "finding":
    nfind = struct.unpack_from("<I", b, at + 20)[0]
    findings_at, blob_at = struct.unpack_from("<QQ", b, at + 48)
    for i in range(nfind):
        off, length = struct.unpack_from("<QI", b, at + findings_at + i * 24)
        pos = at + blob_at + off + length // 2
        b[pos] = ord("x") if b[pos] != ord("x") else ord("y")
elif how == "header":
    b[at + 12] ^= 1
elif how == "cut":
    b = b[:len(b) - 7]
open(dst, "wb").write(bytes(b))
