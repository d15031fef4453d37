#!/usr/bin/env python3
"""Copies an HTML report with a test script appended to its body: the script
drives the page (clicks, typing) and writes what it saw to
<body data-test="...">, which `chromium --dump-dom` then shows.
usage: with-script.py REPORT.html SCRIPT.js OUT.html"""
import sys

page, script, out = sys.argv[1:4]
html = open(page, encoding="utf-8").read()
js = open(script, encoding="utf-8").read()
at = html.rindex("</body>")
open(out, "w", encoding="utf-8").write(html[:at] + "<script>\n" + js + "\n</script>\n" + html[at:])
