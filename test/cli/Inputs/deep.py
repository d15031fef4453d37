#!/usr/bin/env python3
"""Writes a TU that nests deeply. usage: deep.py KIND N OUT
  else-if  an if/else-if chain N deep
  sum      an initializer with N terms 1+1+...+1 (a left-deep tree)
"""
import sys

kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(out, "w") as f:
    if kind == "else-if":
        f.write("void deep() {\n  if (1) ;\n" + "  else if (1) ;\n" * (n - 1) + "}\n")
    else:
        f.write("int deep = " + "+".join(["1"] * n) + ";\n")
