#!/usr/bin/env python3
"""Writes large seeds for the document targets into DIR: one per shape that nests or leaves
openers unclosed, each just under 1 MiB, after a small cookie table, so that the fuzzer starts
from the sizes at which a quadratic path or a recursion shows instead of growing inputs there
byte by byte."""
import pathlib
import sys

out = pathlib.Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
LIMIT = 1_000_000
TABLE = "## Cookies\n\n| Name | Duration |\n|---|---|\n| _ga | 2 years |\n\n"
HTML_TABLE = "<h2>Cookies</h2><table><tr><th>Name</th><th>Duration</th></tr><tr><td>_ga</td><td>2 years</td></tr></table>"


def fill(head, unit, tail=""):
    size = lambda text: len(text.encode())
    count = max(1, (LIMIT - size(head) - size(tail)) // size(unit))
    return head + unit * count + tail


SEEDS = {
    "brackets.md": fill(TABLE, "["),
    "emphasis.md": fill(TABLE, "*_"),
    "spans.md": fill(TABLE, "<span>"),
    "links.md": fill(TABLE, "[a]("),
    "quotes.md": fill(TABLE, "\u201c\"\u00ab"),
    "backticks.md": fill(TABLE, "`a"),
    "nested-quotes.md": fill(TABLE, "> "),
    "list-openers.md": fill(TABLE, "- "),
    "nested-lists.md": TABLE + "".join("  " * d + "- item\n" for d in range(700)),
    "many-rows.md": fill(TABLE + "| Name | Provider | Duration |\n|---|---|---|\n", "| _x | Example | 1 day |\n"),
    "wide-header.md": fill(TABLE + "|", " Name |", "\n"),
    "long-line.md": fill(TABLE, "word _ga 2 years "),
    "cell-per-line.txt": fill("Name\nProvider\nDuration\n", "_ga\nGoogle\n2 years\n"),
    "divs.html": fill(HTML_TABLE, "<div>"),
    "cells.html": fill(HTML_TABLE, "<table><tr><td>"),
    "lists.html": fill(HTML_TABLE, "<ul><li>"),
    "formatting.html": fill(HTML_TABLE, "<b><i>"),
    "rowspans.html": fill("<table><tr><th>Name</th><th>Provider</th></tr><tr><td>_ga</td><td rowspan=\"99999\">Google</td></tr>", "<tr><td>_x</td></tr>", "</table>"),
    "comments.html": fill(HTML_TABLE, "<!--<a "),
}
for name, text in SEEDS.items():
    (out / name).write_text(text)
