"""Checks every machine format cookielint writes, over the corpus, the seeds and the realworld
sets: SARIF against the official SARIF 2.1.0 schema; GitLab Code Quality and rdjson against the
schemas in .ci/schemas (written from each format's documentation); JUnit XML with junitparser;
concise and GitHub lines by their shape; CSV with the csv module. Each format must report the
same findings as `--output-format json`."""
import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import junitparser

root = Path(__file__).resolve().parent.parent
shared = root.parent / "shared"
binary = Path(os.environ.get("CARGO_TARGET_DIR", root / "target")) / "debug" / "cookielint"
inputs = [str(root / "corpus"), str(shared / "seeds"), str(shared / "realworld" / "docs"),
          str(shared / "realworld2" / "docs")]


def validator(path):
    schema = json.loads(Path(path).read_text())
    return jsonschema.validators.validator_for(schema)(schema)


validators = {
    "sarif": validator(shared / "data" / "sarif" / "sarif-schema-2.1.0.json"),
    "gitlab": validator(root / ".ci" / "schemas" / "gitlab-code-quality.json"),
    "rdjson": validator(root / ".ci" / "schemas" / "rdjson.json"),
}


def lint(target, output_format):
    return subprocess.run([str(binary), "lint", "--output-format", output_format, "--fail-on", "never", target],
                          capture_output=True, check=True).stdout.decode()


def fail(target, output_format, message):
    print(f"{output_format} on {target}: {message}")
    sys.exit(1)


def check_schema(target, output_format, document):
    errors = sorted(validators[output_format].iter_errors(document), key=lambda e: list(e.path))
    for error in errors[:10]:
        print(f"{target}: {output_format}: {'/'.join(map(str, error.path))}: {error.message}")
    if errors:
        sys.exit(1)


checked = 0
for target in inputs:
    findings = json.loads(lint(target, "json"))
    expected = len(findings)

    sarif = json.loads(lint(target, "sarif"))
    check_schema(target, "sarif", sarif)
    if len(sarif["runs"][0]["results"]) != expected:
        fail(target, "sarif", "not one result per finding")

    gitlab = json.loads(lint(target, "gitlab"))
    check_schema(target, "gitlab", gitlab)
    if len(gitlab) != expected or len({issue["fingerprint"] for issue in gitlab}) != expected:
        fail(target, "gitlab", "not one issue per finding, each with its own fingerprint")

    rdjson = json.loads(lint(target, "rdjson"))
    check_schema(target, "rdjson", rdjson)
    if len(rdjson["diagnostics"]) != expected:
        fail(target, "rdjson", "not one diagnostic per finding")

    xml = junitparser.JUnitXml.fromstring(lint(target, "junit"))
    failures = sum(1 for suite in xml for case in suite for result in case.result
                   if isinstance(result, junitparser.Failure))
    if failures != expected or xml.failures != expected:
        fail(target, "junit", f"{failures} failures for {expected} findings")

    lines = [json.loads(line) for line in lint(target, "json-lines").splitlines()]
    if lines != findings:
        fail(target, "json-lines", "not the findings of json, one per line")

    concise = lint(target, "concise").splitlines()
    shape = re.compile(r"^.+:\d+:\d+: (CL\d{3}|-) [a-z-]+ .+$")
    if len(concise) != expected or not all(shape.match(line) for line in concise):
        fail(target, "concise", "not one `path:line:column: CODE rule message` line per finding")

    github = lint(target, "github").splitlines()
    command = re.compile(r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^:]+::.+$")
    if len(github) != expected or not all(command.match(line) for line in github):
        fail(target, "github", "not one workflow command per finding")

    extracted = subprocess.run([str(binary), "extract", "--output-format", "csv", target],
                               capture_output=True, check=True).stdout.decode()
    rows = list(csv.DictReader(io.StringIO(extracted)))
    documents = [json.loads(line) for line in subprocess.run(
        [str(binary), "extract", "--output-format", "json-lines", target],
        capture_output=True, check=True).stdout.decode().splitlines()]
    if len(rows) != sum(len(d["cookies"]) for d in documents):
        fail(target, "csv", "not one row per cookie")
    checked += expected
print(f"Machine formats valid: {checked} findings from {len(inputs)} inputs in sarif, gitlab, rdjson, junit, "
      "json-lines, concise and github; csv one row per cookie")

# cookielint.toml: the README's example validates against the shipped schema; a misspelt key and
# an unknown rule do not.
import tomllib

config_schema = json.loads((root / "schemas" / "cookielint.schema.json").read_text())
config_validator = jsonschema.validators.validator_for(config_schema)(config_schema)
readme = (root / "README.md").read_text()
examples = [block for block in re.findall(r"```toml\n(.*?)```", readme, re.S) if "profile" in block]
if not examples:
    fail("README.md", "config", "no cookielint.toml example found")
for example in examples:
    errors = list(config_validator.iter_errors(tomllib.loads(example)))
    if errors:
        fail("README.md", "config", f"the example does not validate: {errors[0].message}")
right = ['ignore = ["CL002"]', 'select = ["missing-duration", "cl001"]', 'profile = "generic"', '',
         '[severity]\nCL003 = "info"', '[per-file-ignores]\n"legacy/*.md" = ["empty-cell"]']
for config in right:
    errors = list(config_validator.iter_errors(tomllib.loads(config)))
    if errors:
        fail("schemas/cookielint.schema.json", "config", f"refuses {config!r}: {errors[0].message}")
wrong = ['profil = "cnil"', 'ignore = ["missing-duraton"]', 'ignore = ["CL999"]', '[severity]\nmissing-duration = "fatal"']
for config in wrong:
    if config_validator.is_valid(tomllib.loads(config)):
        fail("schemas/cookielint.schema.json", "config", f"accepts {config!r}")
print(f"cookielint.toml schema: {len(examples)} README example(s) and {len(right)} configurations valid, "
      f"{len(wrong)} wrong ones refused")
