"""Times sequential GETs of the optional features through Illumio's official Python SDK.

Usage: python_sdk.py URL CA_CERT AUTH_USERNAME:SECRET REQUESTS ROUNDS

Each round builds a fresh `illumio.PolicyComputeEngine` for org 1 with API-key credentials
(`set_credentials`) and TLS verification against the CA file (`set_tls_settings`), then
times REQUESTS sequential `pce.get('/optional_features')` calls (GET
/api/v2/orgs/1/optional_features), each body decoded with `.json()`. Prints one JSON object:
the median and best wall time in seconds, and the connections urllib3 opened per round.
"""

import json
import statistics
import sys
import time
from importlib.metadata import version
from urllib.parse import urlparse

import illumio


def connections_opened(pce):
    """Connections opened by the urllib3 pools of the client's HTTPS adapter."""
    # PolicyComputeEngine keeps a requests.Session in `_session`; its HTTPS adapter's pool
    # manager holds one connection pool per host, each counting the connections it opened.
    pools = pce._session.get_adapter("https://").poolmanager.pools
    return sum(pools[key].num_connections for key in pools.keys())


def one_round(url, ca_cert, username, secret, requests):
    """The wall time of `requests` sequential GETs and the connections they used."""
    parsed = urlparse(url)
    pce = illumio.PolicyComputeEngine(url, port=str(parsed.port), org_id="1")
    pce.set_credentials(username, secret)
    pce.set_tls_settings(verify=ca_cert)
    start = time.perf_counter()
    for _ in range(requests):
        features = pce.get("/optional_features").json()
    elapsed = time.perf_counter() - start
    if not isinstance(features, list):
        sys.exit("unexpected optional_features response")
    return elapsed, connections_opened(pce)


def main():
    url, ca_cert, key = sys.argv[1], sys.argv[2], sys.argv[3]
    requests, rounds = int(sys.argv[4]), int(sys.argv[5])
    username, secret = key.split(":", 1)
    times, connections = [], []
    for _ in range(rounds):
        elapsed, opened = one_round(url, ca_cert, username, secret, requests)
        times.append(elapsed)
        connections.append(opened)
    print(json.dumps({
        "illumio": version("illumio"),
        "requests": requests,
        "rounds": rounds,
        "wall_s": statistics.median_high(times),
        "best_s": min(times),
        "connections": connections,
    }))


if __name__ == "__main__":
    main()
