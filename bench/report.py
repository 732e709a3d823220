"""Prints the table of bench/compare.sh from the JSON files its steps wrote.

Usage: report.py DIR   (DIR holds rust.json, python.json, loopback.json, external.json and
python_sdk.json, and the first line of /proc/stat before and after the runs when there is one)
"""

import json
import os
import sys


def load(directory, name):
    with open(os.path.join(directory, name + ".json"), encoding="utf-8") as f:
        return json.load(f)


def steal_share(directory):
    """The share of CPU time the hypervisor took from this machine during the runs."""
    try:
        with open(os.path.join(directory, "stat.start"), encoding="utf-8") as f:
            start = [int(n) for n in f.read().split()[1:]]
        with open(os.path.join(directory, "stat.end"), encoding="utf-8") as f:
            end = [int(n) for n in f.read().split()[1:]]
    except OSError:
        return None
    # /proc/stat: user nice system idle iowait irq softirq steal guest guest_nice; guest time
    # is already counted in user and nice.
    delta = [b - a for a, b in zip(start, end)][:8]
    return delta[7] / sum(delta) if len(delta) == 8 and sum(delta) else None


def ms(seconds):
    return f"{seconds * 1000:.2f} ms"


def verdict(ok):
    return "met" if ok else "MISSED"


def table(rows):
    header = ("measure", "this project", "other", "ratio", "goal")
    widths = [max(len(str(row[i])) for row in [header] + rows) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths)] + rows:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())


def main():
    directory = sys.argv[1]
    rust, python = load(directory, "rust"), load(directory, "python")
    loopback, external = load(directory, "loopback"), load(directory, "external")
    python_sdk = load(directory, "python_sdk")

    mb = rust["bytes"] / 1e6
    validate, decode = rust["validate_s"], rust["decode_s"]
    rows = [
        ("validate vs jsonschema " + python["jsonschema"], ms(validate), ms(python["jsonschema_s"]),
         f"{python['jsonschema_s'] / validate:.0f}x",
         f">= 50x: {verdict(python['jsonschema_s'] / validate >= 50)}"),
        ("validate vs fastjsonschema " + python["fastjsonschema"], ms(validate),
         ms(python["fastjsonschema_s"]), f"{python['fastjsonschema_s'] / validate:.0f}x",
         f">= 5x: {verdict(python['fastjsonschema_s'] / validate >= 5)}"),
        ("parse+validate vs json.loads+jsonschema", ms(rust["parse_validate_s"]),
         ms(python["loads_jsonschema_s"]),
         f"{python['loads_jsonschema_s'] / rust['parse_validate_s']:.0f}x", ""),
        ("parse+validate vs json.loads+fastjsonschema", ms(rust["parse_validate_s"]),
         ms(python["loads_fastjsonschema_s"]),
         f"{python['loads_fastjsonschema_s'] / rust['parse_validate_s']:.1f}x", ""),
        ("typed decode vs json.loads+fastjsonschema", ms(decode),
         ms(python["loads_fastjsonschema_s"]),
         f"{python['loads_fastjsonschema_s'] / decode:.1f}x", ""),
        ("parse (Value) vs json.loads", ms(rust["parse_s"]), ms(python["loads_s"]),
         f"{python['loads_s'] / rust['parse_s']:.1f}x", ""),
        ("typed decode throughput", f"{mb / decode:.0f} MB/s", "", "",
         f">= 200 MB/s: {verdict(mb / decode >= 200)}"),
        ("typed encode throughput", f"{mb / rust['encode_s']:.0f} MB/s", "", "", ""),
        ("parse+validate / parse", ms(rust["parse_validate_s"]), ms(rust["parse_s"]),
         f"{rust['parse_validate_s'] / rust['parse_s']:.2f}x",
         f"<= 1.5x: {verdict(rust['parse_validate_s'] / rust['parse_s'] <= 1.5)}"),
        ("(parse + validate) / parse, timed apart", ms(rust["parse_s"] + validate),
         ms(rust["parse_s"]), f"{(rust['parse_s'] + validate) / rust['parse_s']:.2f}x",
         f"<= 1.5x: {verdict((rust['parse_s'] + validate) / rust['parse_s'] <= 1.5)}"),
    ]

    sequential = loopback["sequential"]
    base = sequential["reqwest"]
    for kind in ("sdk_password", "sdk_api_key"):
        run = sequential[kind]
        median = run["wall_s"] / base["wall_s"] - 1
        best = run["best_s"] / base["best_s"] - 1
        connections = sorted({r["connections"] for r in run["runs"]})
        logins = sorted({r["logins"] for r in run["runs"]})
        rows.append((
            f"{loopback['requests']} GETs, {kind} vs reqwest (median)",
            ms(run["wall_s"]), ms(base["wall_s"]), f"{median:+.1%}",
            f"<= +10%: {verdict(median <= 0.10)}"))
        rows.append((
            f"{loopback['requests']} GETs, {kind} vs reqwest (best)",
            ms(run["best_s"]), ms(base["best_s"]), f"{best:+.1%}",
            f"<= +10%: {verdict(best <= 0.10)}"))
        rows.append((
            f"  {kind}: connections / logins per run", f"{connections} / {logins}",
            f"reqwest: {sorted({r['connections'] for r in base['runs']})}", "",
            f"1 / 1: {verdict(connections == [1] and logins == [1])}"
            if kind == "sdk_password" else ""))
    concurrent = loopback["concurrent"]
    extra = concurrent["logins_after"] - concurrent["logins_before"]
    rows.append((
        f"{concurrent['callers']} callers after expiry: logins made", str(extra),
        f"{concurrent['connections_opened']} connections", ms(concurrent["wall_s"]),
        f"exactly 1: {verdict(extra == 1)}"))

    external_sdk = external["external"]["sdk_api_key"]
    external_reqwest = external["external"]["reqwest"]
    rows.append((
        f"{python_sdk['requests']} GETs on mock-pce, SDK vs illumio {python_sdk['illumio']}",
        ms(external_sdk["wall_s"]), ms(python_sdk["wall_s"]),
        f"{python_sdk['wall_s'] / external_sdk['wall_s']:.1f}x", ""))
    rows.append((
        f"{python_sdk['requests']} GETs on mock-pce, reqwest vs illumio",
        ms(external_reqwest["wall_s"]), ms(python_sdk["wall_s"]),
        f"{python_sdk['wall_s'] / external_reqwest['wall_s']:.1f}x",
        f"illumio connections: {sorted(set(python_sdk['connections']))}"))
    table(rows)
    steal = steal_share(directory)
    if steal is not None:
        print(f"\nCPU steal during the runs: {steal:.0%} of the machine's CPU time")

    print()
    for name in ("rust", "python", "loopback", "external", "python_sdk"):
        print(f"{name}: {json.dumps(load(directory, name), sort_keys=True)}")


if __name__ == "__main__":
    main()
