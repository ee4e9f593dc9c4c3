#!/usr/bin/env bash
# `cookielint report` in a real browser: a batch run over the corpus and over a policy's git
# history, its page rendered by headless Chromium (installed from Debian when missing), the DOM
# after the page's script ran checked against the batch summary, and a screenshot taken.
# Usage: .ci/report-check.sh path/to/cookielint
set -euo pipefail
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null; then
  apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A policy with two versions, a quarter apart: the page's timeline.
git init -q "$work/history"
(
  cd "$work/history"
  git config user.email ci@example.org && git config user.name ci
  printf '## Analytics cookies\n\n| Cookie | Provider | Purpose | Duration |\n|---|---|---|---|\n| _ga | Google | Counts visits | 2 years |\n| _gid | Google | Counts visits | 24 hours |\n' > cookies.md
  git add cookies.md && GIT_COMMITTER_DATE=2025-01-10T10:00:00Z git commit -qm v1 --date 2025-01-10T10:00:00Z
  printf '## Analytics cookies\n\n| Cookie | Provider | Purpose | Duration |\n|---|---|---|---|\n| _ga | Google | Counts visits | 13 months |\n| _fbp | Meta | Ads | 3 months |\n' > cookies.md
  GIT_COMMITTER_DATE=2025-04-02T10:00:00Z git commit -qam v2 --date 2025-04-02T10:00:00Z
)
"$bin" batch -q --lint corpus --git-history "$work/history" -o "$work/results.jsonl" --summary "$work/summary.json" || test $? -eq 2
"$bin" report "$work/results.jsonl" -o "$work/report.html" 2>/dev/null
browser=(chromium --headless --no-sandbox --disable-gpu --window-size=1400,3000)
"${browser[@]}" --dump-dom "file://$work/report.html" 2>/dev/null > "$work/dom.html"
"${browser[@]}" --screenshot="$work/report.png" "file://$work/report.html" >/dev/null 2>&1
python3 - "$work" <<'PY'
import html.parser, json, pathlib, sys

work = pathlib.Path(sys.argv[1])
summary = json.loads((work / "summary.json").read_text())


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.totals, self.charts, self.rows, self.table = {}, [], {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id") == "totals":
            self.totals = a
        if tag == "svg" and "chart" in (a.get("class") or ""):
            self.charts.append(a["data-chart"])
        if tag == "table":
            self.table = a.get("id")
            self.rows[self.table] = 0
        if tag == "tr" and self.table:
            self.rows[self.table] += 1


page = Page()
page.feed((work / "dom.html").read_text())
for key in ("documents", "cookies", "findings"):
    assert int(page.totals[f"data-{key}"]) == summary[key], (key, page.totals, summary[key])
assert set(page.charts) >= {"status", "languages", "categories", "lifetimes", "timeline"}, page.charts
assert page.rows["findings-table"] - 1 == len(summary["findings_by_rule"]), page.rows
assert page.rows["timeline-table"] - 1 == 2, page.rows
png = (work / "report.png").read_bytes()
assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000, len(png)
print(f"report: {summary['documents']} documents, {summary['cookies']} cookies, {summary['findings']} findings "
      f"as in the summary; charts {sorted(page.charts)}; screenshot {len(png) // 1024} KB")
PY
