#!/usr/bin/env bash
# The Ray Data example (examples/ray/cookielint_ray.py) on a local Ray instance over the corpus:
# its lines must equal `cookielint batch --stdin-jsonl` on the same records. Installs the
# package and ray[data] in a virtual environment. Usage: .ci/ray-check.sh path/to/cookielint
set -euo pipefail
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
cd "$(dirname "$0")/.."
venv="$(mktemp -d)/venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check . "ray[data]"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import json, pathlib, sys
work = pathlib.Path(sys.argv[1])
docs = sorted(p for p in pathlib.Path("corpus").iterdir() if p.suffix in {".md", ".txt", ".html"})
with open(work / "corpus.jsonl", "w") as out:
    for path in docs:
        field = "html" if path.suffix == ".html" else "text"
        out.write(json.dumps({"id": str(path), "url": f"https://corpus.example/{path.name}", field: path.read_text()}) + "\n")
PY
"$bin" batch -q --lint --stdin-jsonl < "$work/corpus.jsonl" > "$work/single.jsonl" || test $? -eq 2
"$venv/bin/python" examples/ray/cookielint_ray.py --num-cpus 2 --lint --output "$work/ray" "$work/corpus.jsonl" \
  > "$work/ray.log" 2>&1 || { tail -30 "$work/ray.log"; exit 1; }
python3 - "$work" <<'PY'
import json, pathlib, sys
work = pathlib.Path(sys.argv[1])
key = lambda line: json.loads(line)["source"]
single = sorted((l for l in open(work / "single.jsonl") if l.strip()), key=key)
ray = sorted((l for l in open(work / "ray" / "results.jsonl") if l.strip()), key=key)
assert len(ray) == len(single), (len(ray), len(single))
for a, b in zip(single, ray):
    assert json.loads(a) == json.loads(b), key(a)
print(f"ray: {len(ray)} records, equal to the single-machine batch output")
PY
