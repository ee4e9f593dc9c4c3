"""The Python package against the command line: the same contract, errors as exceptions with
their span, many documents on all cores with the GIL released."""

import json
import os
import pathlib
import subprocess
import threading
import time

import pytest

import cookielint

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = sorted(p for p in (ROOT / "corpus").iterdir() if p.suffix in {".md", ".txt", ".html"})
BINARY = os.environ.get("COOKIELINT_BIN")
TABLE = "## Analytics cookies\n\n| Cookie | Provider | Purpose | Duration |\n|---|---|---|---|\n| _ga | Google | Counts visits | 24 months |\n"


def cli(*args):
    if not BINARY:
        if os.environ.get("CI"):
            pytest.fail("CI is set: COOKIELINT_BIN must name the cookielint program")
        pytest.skip("COOKIELINT_BIN is not set")
    return subprocess.run([BINARY, *args], capture_output=True, check=False, cwd=ROOT).stdout


def test_extract_reads_a_table():
    policy = cookielint.extract(TABLE)
    cookie = policy["cookies"][0]
    assert (cookie["name"], cookie["category"], cookie["duration"]["iso8601"]) == ("_ga", "statistics", "P24M")
    assert policy["source"] == "-"


def test_extract_gives_what_the_command_line_gives_on_the_corpus():
    for path in CORPUS:
        expected = json.loads(cli("extract", "--output-format", "json", str(path.relative_to(ROOT))))
        got = cookielint.extract(path.read_bytes(), source=str(path.relative_to(ROOT)))
        assert got == expected, path.name


def test_lint_gives_what_the_command_line_gives():
    for path in CORPUS[:10]:
        name = str(path.relative_to(ROOT))
        expected = json.loads(cli("lint", "--output-format", "json", "--config", os.devnull, name) or b"[]")
        assert cookielint.lint(path.read_bytes(), source=name) == expected, path.name


def test_lint_takes_a_profile_and_a_configuration():
    rules = lambda findings: {f["rule"] for f in findings}
    assert "excessive-lifetime" in rules(cookielint.lint(TABLE, profile="cnil"))
    assert "excessive-lifetime" not in rules(cookielint.lint(TABLE, profile="generic"))
    assert "excessive-lifetime" in rules(cookielint.lint(TABLE, config={"limits": {"any": "13 months"}}))
    assert "missing-expected" in rules(cookielint.lint(TABLE, config={"expected": ["_gid"]}))


def test_a_configuration_file_is_read(tmp_path):
    config = tmp_path / "cookielint.toml"
    config.write_text('ignore = ["missing-purpose", "excessive-lifetime"]\nprofile = "cnil"\n')
    findings = cookielint.lint(TABLE, config=config)
    assert "excessive-lifetime" not in {f["rule"] for f in findings}


def test_errors_carry_the_message_and_the_span():
    with pytest.raises(cookielint.CookielintError) as binary:
        cookielint.extract(b"PK\x03\x04\x00\x00binary")
    assert binary.value.span == (4, 5) and "binary" in binary.value.message
    with pytest.raises(cookielint.CookielintError, match="unknown rule"):
        cookielint.lint(TABLE, config={"ignore": ["missing-duraton"]})
    with pytest.raises(cookielint.CookielintError, match="unknown profile"):
        cookielint.lint(TABLE, profile="strict")
    with pytest.raises(cookielint.CookielintError, match="unknown field"):
        cookielint.lint(TABLE, config={"colour": "blue"})
    with pytest.raises(cookielint.CookielintError, match="format"):
        cookielint.extract(TABLE, format="pdf")
    with pytest.raises(cookielint.CookielintError):
        cookielint.extract(42)


def test_format_and_source_choose_how_a_document_is_read():
    html = "<h2>Cookies</h2><table><tr><th>Name</th><th>Duration</th></tr><tr><td>_ga</td><td>2 years</td></tr></table>"
    assert cookielint.extract(html)["format"] == "html"
    assert cookielint.extract(html, source="policy.md")["format"] == "markdown"
    assert cookielint.extract(TABLE, format="text")["format"] == "text"


def test_extract_many_keeps_order_and_failures():
    documents = [path.read_bytes() for path in CORPUS] + [b"\x00binary"]
    sources = [path.name for path in CORPUS] + ["bad.bin"]
    results = cookielint.extract_many(documents, sources=sources, errors="return")
    assert [r["source"] for r in results[:-1]] == sources[:-1]
    assert isinstance(results[-1], cookielint.CookielintError) and results[-1].span == (0, 1)
    for path, result in zip(CORPUS, results):
        assert result == cookielint.extract(path.read_bytes(), source=path.name)
    with pytest.raises(cookielint.CookielintError):
        cookielint.extract_many(documents)


def test_extract_many_releases_the_gil():
    # A Python thread keeps counting while a large batch is read: it could not if the GIL were held.
    documents = [path.read_bytes() for path in CORPUS] * 40
    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    counter = threading.Thread(target=count)
    counter.start()
    started = time.perf_counter()
    cookielint.extract_many(documents, threads=2)
    finished = time.perf_counter()
    stop.set()
    counter.join()
    during = [t for t in ticks if started < t < finished]
    assert finished - started > 0.05, "a batch long enough to tell"
    assert len(during) >= 5, f"{len(during)} ticks in {finished - started:.2f} s"


def test_records_are_the_lines_batch_writes():
    rows = [{"id": str(p.relative_to(ROOT)), "url": f"https://corpus.example/{p.name}",
             ("html" if p.suffix == ".html" else "text"): p.read_text()} for p in CORPUS]
    lines = cookielint.records(rows, lint=True)
    jsonl = "".join(json.dumps(r) + "\n" for r in rows)
    if not BINARY:
        cli()  # skips, or fails under CI
    expected = subprocess.run([BINARY, "batch", "-q", "--ordered", "--lint", "--stdin-jsonl"], input=jsonl.encode(),
                              capture_output=True, check=False, cwd=ROOT).stdout.decode().splitlines()
    assert lines == expected


def test_records_from_warc_are_the_lines_batch_writes(tmp_path):
    import gzip

    documents = CORPUS[:4]
    archive = b""
    for path in documents:
        body = path.read_bytes()
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
        head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://corpus.example/{path.name}\r\n"
                f"WARC-Date: 2026-01-01T00:00:00Z\r\nContent-Length: {len(http)}\r\n\r\n").encode()
        archive += gzip.compress(head + http + b"\r\n\r\n")
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(archive)
    lines = cookielint.records_from_warc(archive, name=str(warc), lint=True)
    assert len(lines) == len(documents)
    assert [json.loads(l)["source"] for l in lines] == [f"https://corpus.example/{p.name}" for p in documents]
    if not BINARY:
        cli()  # skips, or fails under CI
    expected = subprocess.run([BINARY, "batch", "-q", "--ordered", "--lint", str(warc)], capture_output=True,
                              check=False, cwd=ROOT).stdout.decode().splitlines()
    assert lines == expected
