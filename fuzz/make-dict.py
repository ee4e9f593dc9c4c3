#!/usr/bin/env python3
"""Writes a libFuzzer dictionary for the document targets to standard output: markup openers
and closers of Markdown and HTML, every word of every grammar file (column labels, category and
lifetime words, units, naming and setting words), and the cookie names of the knowledge base.
Mutations that splice these in reach the recognizers far sooner than random bytes do."""
import pathlib
import sys
import tomllib

root = pathlib.Path(__file__).resolve().parent.parent
entries = set()

# Markup that opens and nests: the shapes that were quadratic or recursed before.
MARKUP = [
    "[", "]", "](", "(", ")", "*", "_", "**", "__", "`", "```", "~~~", "> ", "- ", "* ", "+ ", "1. ",
    "|", "| ", " |", "|---|", "---", "===", "#", "## ", "\n", "\n\n", "\t", "  ", "\u00a0", "\f",
    "\"", "\u201c", "\u201d", "\u00ab", "\u00bb", "'", "\u2018", "\u2019", ":", ";", ",", "/", "<!--", "-->",
    "<div>", "</div>", "<span>", "</span>", "<table>", "</table>", "<tr>", "<td>", "</td>", "<th>",
    "<td rowspan=\"24\">", "<td colspan=\"3\">", "<ul>", "<li>", "<ol>", "<blockquote>", "<p>", "<b>",
    "<i>", "<a href=\"x\">", "</a>", "<h2>", "</h2>", "<br>", "<pre>", "<code>", "<script>", "<style>",
    "&nbsp;", "&amp;", "<!-- cookielint-disable -->", "<!-- cookielint: ignore missing-duration -->",
]
entries.update(MARKUP)


def words(value):
    if isinstance(value, str):
        yield value.rstrip("*")
    elif isinstance(value, list):
        for item in value:
            yield from words(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from words(item)


for path in sorted((root / "grammar").glob("*.toml")):
    with open(path, "rb") as f:
        grammar = tomllib.load(f)
    entries.update(w for w in words(grammar) if 0 < len(w) <= 40)

for line in (root / "src/knowledge/known_cookies.tsv").read_text().splitlines():
    if line and not line.startswith("#"):
        name = line.split("\t", 1)[0]
        if 0 < len(name) <= 40:
            entries.add(name)


def quoted(entry):
    out = []
    for byte in entry.encode():
        if byte in (ord('"'), ord("\\")) or byte < 0x20 or byte >= 0x7F:
            out.append(f"\\x{byte:02X}")
        else:
            out.append(chr(byte))
    return '"' + "".join(out) + '"'


for entry in sorted(entries):
    sys.stdout.write(quoted(entry) + "\n")
