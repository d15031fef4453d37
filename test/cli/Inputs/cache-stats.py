#!/usr/bin/env python3
"""Prints '<name>: cached N, findings M' for each JSON report given."""
import json, os, sys

for f in sys.argv[1:]:
    r = json.load(open(f))
    print("%s: cached %d, findings %d" % (os.path.basename(f),
          r["stats"]["cached_translation_units"], len(r["findings"])))
