"""Run cookielint on Ray Data with the Python package: JSON Lines of {"id", "url", "text" | "html"}
in, the lines `cookielint batch` writes out.

    python examples/ray/cookielint_ray.py --lint --output out/ policies.jsonl
    python examples/ray/cookielint_ray.py --address auto --output out/ s3://bucket/policies/

The lines come back to the driver and are written to a local folder, in the order of the rows.

Each block of rows goes to `cookielint.records`, which reads it on all the worker's cores with
Python's GIL released; the package must be installed on every node (`pip install .`).
"""

import argparse
import math

import ray


def lines_of(lint):
    def process(batch):
        import cookielint
        import pandas as pd

        rows = batch.to_dict("records")
        # pandas gives NaN, not None, for a missing value; a numeric id is named as the command
        # line names it.
        def value(v):
            if v is None or isinstance(v, float) and math.isnan(v):
                return None
            return v if isinstance(v, str) else str(v)

        rows = [{k: value(v) for k, v in row.items()} for row in rows]
        return pd.DataFrame({"line": cookielint.records(rows, lint=lint)})

    return process


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="+", help="JSON Lines files or folders")
    parser.add_argument("--output", required=True, help="output folder (JSON Lines files)")
    parser.add_argument("--lint", action="store_true", help="lint each document too")
    parser.add_argument("--address", help="Ray cluster address (default: a local one)")
    parser.add_argument("--num-cpus", type=int, help="CPUs of the local Ray instance")
    args = parser.parse_args()

    ray.init(address=args.address, num_cpus=args.num_cpus, include_dashboard=False, log_to_driver=False)
    rows = ray.data.read_json(args.inputs)
    for column in ("id", "url", "text", "html"):
        if column not in rows.schema().names:
            rows = rows.add_column(column, lambda batch: [None] * len(batch))
    lines = rows.map_batches(lines_of(args.lint), batch_format="pandas")
    # One JSON line per document, as `cookielint batch` writes them.
    import os

    os.makedirs(args.output, exist_ok=True)
    with open(os.path.join(args.output, "results.jsonl"), "w") as out:
        for row in lines.iter_rows():
            out.write(row["line"] + "\n")
    ray.shutdown()


if __name__ == "__main__":
    main()
