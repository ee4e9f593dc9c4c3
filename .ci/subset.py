"""Exit 1 unless every cookie field of EXPECTED is in ACTUAL (same rule as tests/corpus.rs)."""
import json
import sys

expected = json.load(open(sys.argv[1]))
actual = json.load(open(sys.argv[2]))


def differences(want, got, path):
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return [f"{path}: {got!r} is not an object"]
        return [d for k, v in want.items() if k != "source" for d in differences(v, got.get(k), f"{path}.{k}")]
    if isinstance(want, list):
        if not isinstance(got, list) or len(want) != len(got):
            return [f"{path}: {len(want)} items expected, got {len(got) if isinstance(got, list) else got!r}"]
        return [d for i, (w, g) in enumerate(zip(want, got)) for d in differences(w, g, f"{path}[{i}]")]
    return [] if want == got else [f"{path}: expected {want!r}, got {got!r}"]


found = differences(expected, actual, "$")
for line in found[:20]:
    print("  " + line)
sys.exit(1 if found else 0)
