#!/usr/bin/env bash
# `batch --output-format parquet`: the corpus and the development sets through batch twice, as
# JSON Lines and as Parquet; the Parquet files read back with pyarrow and DuckDB must hold
# exactly the cookies and findings of the JSON Lines. Usage: .ci/parquet-check.sh path/to/cookielint
set -euo pipefail
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
cd "$(dirname "$0")/.."
venv="$(mktemp -d)/venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check pyarrow duckdb
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
inputs=(corpus ../shared/realworld/docs ../shared/realworld2/docs)
"$bin" batch -q --lint --ordered "${inputs[@]}" -o "$work/results.jsonl" || test $? -eq 2
"$bin" batch -q --lint --ordered "${inputs[@]}" --output-format parquet -o "$work/cookies.parquet" \
  --findings "$work/findings.parquet" --summary "$work/summary.json" || test $? -eq 2
"$venv/bin/python" - "$work" <<'PY'
import json, pathlib, sys
import duckdb
import pyarrow.parquet as pq

work = pathlib.Path(sys.argv[1])
records = [json.loads(line) for line in open(work / "results.jsonl")]
expected_cookies, expected_findings = [], []
for number, r in enumerate(records):
    for c in r.get("cookies") or []:
        d = c.get("duration") or {}
        expected_cookies.append({
            "document": number, "source": r["source"], "date": r.get("date"), "url": r.get("url"), "language": r.get("language"),
            "site": r.get("site"), "name": c["name"], "pattern": c["pattern"], "kind": c.get("kind"),
            "provider": c.get("provider"), "provider_canonical": c.get("provider_canonical"),
            "purpose": c.get("purpose"), "category": c.get("category"), "category_source": c.get("category_source"),
            "duration_text": d.get("text"), "duration_seconds": d.get("seconds"), "duration_kind": d.get("kind"),
            "party": c.get("party"), "domain": c.get("domain"), "line": c["span"]["line"],
        })
    for f in r.get("findings") or []:
        expected_findings.append({
            "document": number, "source": r["source"], "date": r.get("date"), "url": r.get("url"), "rule": f["rule"], "code": f.get("code"),
            "severity": f.get("severity"), "message": f.get("message"), "line": f.get("line"), "column": f.get("column"),
            "end_line": f.get("end_line"), "end_column": f.get("end_column"),
        })
cookies = pq.read_table(work / "cookies.parquet").to_pylist()
findings = pq.read_table(work / "findings.parquet").to_pylist()
assert cookies == expected_cookies, next((a, b) for a, b in zip(cookies, expected_cookies) if a != b)
assert findings == expected_findings, next((a, b) for a, b in zip(findings, expected_findings) if a != b)
summary = json.loads((work / "summary.json").read_text())
assert len(cookies) == summary["cookies"] and len(findings) == summary["findings"]
n, statistics = duckdb.sql(
    f"select count(*), count(*) filter (where category = 'statistics') from '{work / 'cookies.parquet'}'").fetchall()[0]
assert n == len(cookies) and statistics == sum(1 for c in expected_cookies if c["category"] == "statistics")
top = duckdb.sql(f"select rule, count(*) from '{work / 'findings.parquet'}' group by 1 order by 2 desc limit 1").fetchall()[0]
print(f"parquet: {len(cookies)} cookie rows and {len(findings)} finding rows, equal to the JSON Lines; "
      f"DuckDB reads them ({statistics} statistics cookies; most frequent rule {top[0]}, {top[1]})")
PY
