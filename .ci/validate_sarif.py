"""Validates cookielint's SARIF output against the official SARIF 2.1.0 schema (draft-04)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema

root = Path(__file__).resolve().parent.parent
shared = root.parent / "shared"
schema = json.loads((shared / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text())
validator_class = jsonschema.validators.validator_for(schema)
validator = validator_class(schema)
binary = Path(os.environ.get("CARGO_TARGET_DIR", root / "target")) / "debug" / "cookielint"
inputs = [str(root / "corpus"), str(shared / "seeds"), str(shared / "realworld" / "docs")]
checked = 0
for target in inputs:
    output = subprocess.run([str(binary), "lint", "--format", "sarif", "--fail-on", "never", target],
                            capture_output=True, check=True).stdout
    document = json.loads(output)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    for error in errors[:10]:
        print(f"{target}: {'/'.join(map(str, error.path))}: {error.message}")
    if errors:
        sys.exit(1)
    checked += len(document["runs"][0]["results"])
print(f"SARIF valid: {checked} results from {len(inputs)} inputs")
