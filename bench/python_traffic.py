"""Times a traffic query through Illumio's official Python SDK's `get_traffic_flows_async`.

Usage: python_traffic.py URL CA_CERT AUTH_USERNAME:SECRET ROUNDS

Each round builds an `illumio.PolicyComputeEngine` for org 1 with API-key credentials and
TLS verification against the CA file, then times `pce.get_traffic_flows_async` of a query for
every flow (yesterday and today, every policy decision, at most 200,000): the query submitted,
polled, its download parsed into `TrafficFlow` objects. Prints one JSON object: the flows, the
median and best wall time in seconds, and the growth of the process's peak resident memory
over the rounds (ru_maxrss, in bytes).
"""

import datetime
import json
import resource
import statistics
import sys
import time
from importlib.metadata import version
from urllib.parse import urlparse

import illumio
from illumio.explorer import TrafficQuery


def peak_rss():
    """The process's peak resident memory so far, in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main():
    url, ca_cert, key, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    username, secret = key.split(":", 1)
    parsed = urlparse(url)
    today = datetime.datetime.now(datetime.timezone.utc).date()
    query = TrafficQuery.build(
        # Days, as the PCE's schema has them (the SDK passes a string through as it is).
        start_date=str(today - datetime.timedelta(days=1)),
        end_date=str(today),
        policy_decisions=["allowed", "potentially_blocked", "blocked", "unknown"],
        max_results=200000,
    )
    before = peak_rss()
    times, flows = [], 0
    for _ in range(rounds):
        pce = illumio.PolicyComputeEngine(url, port=str(parsed.port), org_id="1")
        pce.set_credentials(username, secret)
        pce.set_tls_settings(verify=ca_cert)
        start = time.perf_counter()
        result = pce.get_traffic_flows_async(query_name="bench", traffic_query=query)
        times.append(time.perf_counter() - start)
        flows = len(result)
        del result
    print(json.dumps({
        "illumio": version("illumio"),
        "flows": flows,
        "rounds": rounds,
        "median_s": statistics.median(times),
        "best_s": min(times),
        "peak_rss_growth_bytes": peak_rss() - before,
    }))


if __name__ == "__main__":
    main()
