"""Run `cookielint batch` on Apache Spark: the same extraction as on one machine, spread over a
cluster.

Every executor pipes its partition through `cookielint batch --stdin-jsonl`, which reads JSON
Lines of {"id", "url", "text" | "html"} and writes one result line per document; so the binary
must be installed at the same path on every executor (or shipped with `--files` and named
with --binary ./cookielint).

    spark-submit examples/spark/cookielint_job.py --output results/ policies.jsonl
    spark-submit examples/spark/cookielint_job.py --format parquet --output results.parquet crawl.warc.gz
    python examples/spark/cookielint_job.py --master 'local[2]' --output out/ policies.jsonl

Inputs ending in .warc or .warc.gz are read whole by one task each (binaryFiles) and given to
`cookielint batch` as files; everything else is read as JSON Lines, split across tasks. Output:
JSON Lines text files (the same lines as `cookielint batch` writes), or Parquet with one row per
document and the nested extraction as structs.
"""

import argparse
import os
import shlex
import subprocess
import tempfile

from pyspark.sql import SparkSession


def run_warc(binary, extra):
    """A mapPartitions function: each element is (path, bytes) of one WARC file."""

    def process(files):
        for path, content in files:
            suffix = ".warc.gz" if path.endswith(".gz") else ".warc"
            with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
                handle.write(content)
                handle.flush()
                result = subprocess.run(
                    [binary, "batch", "-q", "--ordered", *extra, handle.name],
                    check=False,
                    capture_output=True,
                )
                # Exit status 2 means some records failed; they are in the output with status
                # error, so only a missing output is a task failure.
                if result.returncode not in (0, 2):
                    raise RuntimeError(f"cookielint failed on {path}: {result.stderr.decode(errors='replace')}")
                for line in result.stdout.decode().splitlines():
                    yield line

    return process


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="+", help="JSON Lines files or folders, .warc / .warc.gz files")
    parser.add_argument("--output", required=True, help="output folder (JSON Lines parts) or Parquet path")
    parser.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl")
    parser.add_argument("--binary", default="cookielint", help="path of the cookielint binary on the executors")
    parser.add_argument("--lint", action="store_true", help="lint each document too")
    parser.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's)")
    parser.add_argument("--partitions", type=int, help="JSON Lines partitions (default: Spark's)")
    args = parser.parse_args()

    builder = SparkSession.builder.appName("cookielint")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    extra = ["--lint"] if args.lint else []

    warcs = [p for p in args.inputs if p.endswith((".warc", ".warc.gz"))]
    jsonl = [p for p in args.inputs if p not in warcs]
    parts = []
    if jsonl:
        lines = sc.textFile(",".join(jsonl), minPartitions=args.partitions)
        command = " ".join(shlex.quote(a) for a in [args.binary, "batch", "--stdin-jsonl", "--ordered", "-q", *extra])
        # `cookielint batch` exits 2 when some documents failed; those are result lines like any
        # other, so the exit status is not a task failure.
        parts.append(lines.pipe(f"sh -c {shlex.quote(command + '; test $? -le 2')}"))
    if warcs:
        parts.append(sc.binaryFiles(",".join(warcs)).mapPartitions(run_warc(args.binary, extra)))
    results = parts[0] if len(parts) == 1 else sc.union(parts)

    if args.format == "jsonl":
        results.saveAsTextFile(args.output)
    else:
        spark.read.json(results).write.mode("overwrite").parquet(args.output)
    spark.stop()


if __name__ == "__main__":
    os.environ.setdefault("PYSPARK_PYTHON", "python3")
    main()
