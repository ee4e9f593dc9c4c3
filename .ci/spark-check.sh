#!/usr/bin/env bash
# The PySpark example (examples/spark/cookielint_job.py, the Python package inside mapInPandas)
# in local mode over the corpus, as JSON Lines and as a WARC file: its output must equal
# `cookielint batch` on one machine. Installs the package, pyspark, pandas and pyarrow in a
# virtual environment (Java 17 is on the machine). Usage: .ci/spark-check.sh [path/to/cookielint]
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(realpath "${1:-target/debug/cookielint}")"
venv="$(mktemp -d)/venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check . pyspark pandas pyarrow
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import gzip, json, pathlib, sys
work = pathlib.Path(sys.argv[1])
docs = sorted(p for p in pathlib.Path("corpus").rglob("*") if p.suffix in {".md", ".txt", ".html"} and p.is_file())
with open(work / "corpus.jsonl", "w") as out:
    for path in docs:
        field = "html" if path.suffix == ".html" else "text"
        out.write(json.dumps({"id": str(path), "url": f"https://corpus.example/{path.name}", field: path.read_text()}) + "\n")
with gzip.open(work / "corpus.warc.gz", "wb") as out:
    for path in docs[:6]:
        body = path.read_bytes()
        kind = "text/html" if path.suffix == ".html" else "text/plain"
        http = b"HTTP/1.1 200 OK\r\nContent-Type: " + kind.encode() + b"; charset=utf-8\r\n\r\n" + body
        head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://corpus.example/{path.name}\r\n"
                f"WARC-Date: 2026-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
                f"Content-Length: {len(http)}\r\n\r\n").encode()
        out.write(head + http + b"\r\n\r\n")
print(f"{len(docs)} corpus documents")
PY
"$bin" batch -q --lint --stdin-jsonl < "$work/corpus.jsonl" > "$work/single.jsonl"
"$bin" batch -q --lint "$work/corpus.warc.gz" >> "$work/single.jsonl"
PYSPARK_PYTHON="$venv/bin/python" "$venv/bin/python" examples/spark/cookielint_job.py --master 'local[2]' \
  --partitions 4 --lint --output "$work/spark" "$work/corpus.jsonl" "$work/corpus.warc.gz" 2> "$work/spark.log" \
  || { tail -40 "$work/spark.log"; exit 1; }
python3 - "$work" <<'PY'
import json, pathlib, sys
work = pathlib.Path(sys.argv[1])
def records(lines):
    return sorted((json.loads(l) for l in lines if l.strip()), key=lambda r: r["source"])
single = records(open(work / "single.jsonl"))
spark = records(l for part in sorted((work / "spark").glob("part-*")) for l in open(part))
assert len(spark) == len(single), f"spark wrote {len(spark)} records, one machine {len(single)}"
for a, b in zip(single, spark):
    assert a == b, f"{a['source']}: the Spark result differs from the single-machine one"
print(f"spark: {len(spark)} records, equal to the single-machine batch output")
PY
