#!/usr/bin/env bash
# Side-by-side figures for BENCHMARKS.md, on this machine and the same input:
#  1. Python's jsonschema (Draft4Validator) and fastjsonschema against this project's validator
#     and typed decode, on one 10,000-item optional_features_put payload file;
#  2. the SDK against plain reqwest on the mock PCE in-process (sequential GETs, connections,
#     logins; concurrent callers after a session expiry);
#  3. the official Python SDK (illumio, from PyPI) against the SDK and plain reqwest, on one
#     running mock-pce with an API key.
# The Python packages go into a virtualenv under target/bench-venv. Prints a table.
#
# Usage: bench/compare.sh        (env: RUNS=20 REQUESTS=2000 ROUNDS=9 CALLERS=64)
set -euo pipefail

cd "$(dirname "$0")/.."
runs=${RUNS:-20}
requests=${REQUESTS:-2000}
rounds=${ROUNDS:-9}
callers=${CALLERS:-64}
schema=schemas/25.2/v2/optional_features_put.schema.json
api_key=api_bench:bench-secret

target_dir=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
venv=$target_dir/bench-venv
tmp=$(mktemp -d)
mock_pid=

cleanup() {
    if [[ -n $mock_pid ]]; then
        kill "$mock_pid" 2>/dev/null || true
        wait "$mock_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# The machine's CPU counters, to report how much time the hypervisor took (steal).
snapshot() { if [[ -r /proc/stat ]]; then head -1 /proc/stat >"$tmp/$1"; fi; }

echo "== building (release)" >&2
cargo build --quiet --release -p illumio-pce --example bench_compare
cargo build --quiet --release -p pce-tests --example loopback
cargo build --quiet --release -p illumio-pce-mock --bin mock-pce
bin=$target_dir/release

echo "== Python virtualenv: $venv" >&2
if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet jsonschema==4.26.0 fastjsonschema==2.22.3 illumio==1.1.3

snapshot stat.start
echo "== validators on the same payload (best of $runs)" >&2
"$bin/examples/bench_compare" payload "$tmp/payload.json"
"$bin/examples/bench_compare" time "$tmp/payload.json" "$runs" >"$tmp/rust.json"
"$venv/bin/python" bench/python_validators.py "$schema" "$tmp/payload.json" "$runs" >"$tmp/python.json"

echo "== SDK vs reqwest on the in-process mock ($requests GETs x $rounds rounds)" >&2
"$bin/examples/loopback" --requests "$requests" --rounds "$rounds" --callers "$callers" \
    >"$tmp/loopback.json"

echo "== official Python SDK vs SDK vs reqwest on mock-pce ($requests GETs x $rounds rounds)" >&2
"$bin/mock-pce" --api-key "$api_key" --rate-limit-per-minute 4000000000 >"$tmp/ready.json" &
mock_pid=$!
for _ in $(seq 100); do
    [[ -s $tmp/ready.json ]] && break
    sleep 0.1
done
[[ -s $tmp/ready.json ]] || { echo "compare.sh: mock-pce did not start" >&2; exit 1; }
url=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["url"])' "$tmp/ready.json")
ca_cert=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["ca_cert"])' "$tmp/ready.json")
"$bin/examples/loopback" --url "$url" --ca-cert "$ca_cert" --api-key "$api_key" \
    --requests "$requests" --rounds "$rounds" >"$tmp/external.json"
# requests prefers REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE over the session's `verify` (the
# client's CA file) when they are set, so they are cleared for this run.
env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE "$venv/bin/python" bench/python_sdk.py \
    "$url" "$ca_cert" "$api_key" "$requests" "$rounds" >"$tmp/python_sdk.json"

snapshot stat.end

python3 bench/report.py "$tmp"
