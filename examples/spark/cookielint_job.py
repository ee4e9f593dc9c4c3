"""Run cookielint on Apache Spark with the Python package: the same extraction as `cookielint
batch` on one machine, spread over a cluster, with no subprocess.

The executors need the package (`pip install .` at the repository root, or the wheel `maturin
build --release` makes, shipped with `--py-files` or installed on every node). Each task hands
its rows to `cookielint.records`, which reads them on all of the executor's cores with Python's
GIL released.

    spark-submit examples/spark/cookielint_job.py --output results/ policies.jsonl
    spark-submit examples/spark/cookielint_job.py --format parquet --output results.parquet crawl.warc.gz
    python examples/spark/cookielint_job.py --master 'local[2]' --output out/ policies.jsonl

JSON Lines inputs hold records of {"id", "url", "text" | "html"} (what `batch --stdin-jsonl`
reads) and are split across tasks, each task's rows arriving as pandas frames (`mapInPandas`);
inputs ending in .warc or .warc.gz are read whole by one task each (`binaryFiles`). Output: JSON
Lines text files (the lines `cookielint batch` writes), or Parquet with one row per document and
the nested extraction as structs.
"""

import argparse
import os

from pyspark.sql import SparkSession
from pyspark.sql.types import StringType, StructField, StructType

LINE = StructType([StructField("line", StringType())])


def lines_of_rows(lint, threads):
    """A mapInPandas function: frames of (id, url, text, html) rows in, frames of result lines out."""

    def process(frames):
        import cookielint
        import pandas as pd

        for frame in frames:
            rows = frame.to_dict("records")
            # pandas gives NaN, not None, for a missing text or html.
            rows = [{k: (v if isinstance(v, str) else None) for k, v in row.items()} for row in rows]
            yield pd.DataFrame({"line": cookielint.records(rows, lint=lint, threads=threads)})

    return process


def lines_of_warcs(lint, threads):
    """A mapPartitions function: each element is (path, bytes) of one WARC file."""

    def process(files):
        import cookielint

        for path, content in files:
            yield from cookielint.records_from_warc(content, name=path, lint=lint, threads=threads)

    return process


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="+", help="JSON Lines files or folders, .warc / .warc.gz files")
    parser.add_argument("--output", required=True, help="output folder (JSON Lines parts) or Parquet path")
    parser.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl")
    parser.add_argument("--lint", action="store_true", help="lint each document too")
    parser.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's)")
    parser.add_argument("--partitions", type=int, help="JSON Lines partitions (default: Spark's)")
    args = parser.parse_args()

    builder = SparkSession.builder.appName("cookielint")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    # Each task reads its rows on the cores Spark gives a task, not on every core of the node.
    threads = int(sc.getConf().get("spark.task.cpus", "1"))

    warcs = [p for p in args.inputs if p.endswith((".warc", ".warc.gz"))]
    jsonl = [p for p in args.inputs if p not in warcs]
    parts = []
    if jsonl:
        schema = StructType([StructField(name, StringType()) for name in ("id", "url", "text", "html")])
        rows = spark.read.schema(schema).json(jsonl)
        if args.partitions:
            rows = rows.repartition(args.partitions)
        parts.append(rows.mapInPandas(lines_of_rows(args.lint, threads), schema=LINE).rdd.map(lambda row: row.line))
    if warcs:
        parts.append(sc.binaryFiles(",".join(warcs)).mapPartitions(lines_of_warcs(args.lint, threads)))
    results = parts[0] if len(parts) == 1 else sc.union(parts)

    if args.format == "jsonl":
        results.saveAsTextFile(args.output)
    else:
        spark.read.json(results).write.mode("overwrite").parquet(args.output)
    spark.stop()


if __name__ == "__main__":
    os.environ.setdefault("PYSPARK_PYTHON", "python3")
    main()
