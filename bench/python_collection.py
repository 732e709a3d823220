"""Times a large collection read through Illumio's official Python SDK's `get_collection`.

Usage: python_collection.py URL CA_CERT AUTH_USERNAME:SECRET ENDPOINT ROUNDS

Each round builds an `illumio.PolicyComputeEngine` for org 1 with API-key credentials and
TLS verification against the CA file, then times `pce.get_collection(ENDPOINT).json()`: the
async job (`Prefer: respond-async`), its polls, the datafile downloaded and parsed. Prints one
JSON object: the items, the median and best wall time in seconds, and the growth of the
process's peak resident memory over the rounds (ru_maxrss, in bytes).
"""

import json
import resource
import statistics
import sys
import time
from importlib.metadata import version
from urllib.parse import urlparse

import illumio


def peak_rss():
    """The process's peak resident memory so far, in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main():
    url, ca_cert, key, endpoint = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    rounds = int(sys.argv[5])
    username, secret = key.split(":", 1)
    parsed = urlparse(url)
    before = peak_rss()
    times, items = [], 0
    for _ in range(rounds):
        pce = illumio.PolicyComputeEngine(url, port=str(parsed.port), org_id="1")
        pce.set_credentials(username, secret)
        pce.set_tls_settings(verify=ca_cert)
        start = time.perf_counter()
        collection = pce.get_collection(endpoint).json()
        times.append(time.perf_counter() - start)
        items = len(collection)
        del collection
    print(json.dumps({
        "illumio": version("illumio"),
        "items": items,
        "rounds": rounds,
        "median_s": statistics.median(times),
        "best_s": min(times),
        "peak_rss_growth_bytes": peak_rss() - before,
    }))


if __name__ == "__main__":
    main()
