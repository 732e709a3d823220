"""Times Python's jsonschema (Draft4Validator) and fastjsonschema on a payload file.

Usage: python_validators.py SCHEMA PAYLOAD RUNS

Each validator is built (compiled) once, outside the timings; every figure is the best of
RUNS wall times, in seconds. Prints one JSON object.
"""

import json
import sys
import time
from importlib.metadata import version

import fastjsonschema
import jsonschema


def best_of(runs, operation):
    """The shortest of `runs` runs of `operation`."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        operation()
        best = min(best, time.perf_counter() - start)
    return best


def main():
    schema_path, payload_path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    with open(payload_path, "rb") as f:
        body = f.read()
    payload = json.loads(body)

    draft4 = jsonschema.Draft4Validator(schema)
    fast = fastjsonschema.compile(schema)
    if not draft4.is_valid(payload):
        sys.exit("jsonschema finds the payload invalid")
    fast(payload)  # raises if invalid

    print(json.dumps({
        "python": sys.version.split()[0],
        "jsonschema": version("jsonschema"),
        "fastjsonschema": version("fastjsonschema"),
        "runs": runs,
        "loads_s": best_of(runs, lambda: json.loads(body)),
        "jsonschema_s": best_of(runs, lambda: draft4.is_valid(payload)),
        "fastjsonschema_s": best_of(runs, lambda: fast(payload)),
        "loads_jsonschema_s": best_of(runs, lambda: draft4.is_valid(json.loads(body))),
        "loads_fastjsonschema_s": best_of(runs, lambda: fast(json.loads(body))),
    }))


if __name__ == "__main__":
    main()
