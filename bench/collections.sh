#!/usr/bin/env bash
# Figures of a large async collection (BENCHMARKS.md, "Collections of any size"), side by
# side on one running mock-pce serving Illumio's 25.2.20 bundle with 50,000 workloads made
# from bench/workload.json (a realistic workload, some 2.7 KB of JSON), jobs done at once:
#  1. the generated 25.2.20 crate's workloads_list_all (datafile streamed into typed items)
#     against plain reqwest reading the datafile whole into a serde_json::Value, in turn:
#     time and peak heap memory of the datafile phase (tests/bundle-e2e/examples/datafile.rs);
#  2. the official Python SDK's get_collection (illumio, from PyPI, in a virtualenv under
#     target/bench-venv) on the same mock.
# With TRAFFIC=N (e.g. 100000), a traffic query finding N flows among 20 such workloads
# instead: the SDK's stream and collect (datafile.rs --traffic), then the official Python
# SDK's get_traffic_flows_async (bench/python_traffic.py), on the same mock.
# Needs ../shared/pce-api-bundles/25.2.20. Prints one JSON object per line.
#
# Usage: bench/collections.sh        (env: ROUNDS=5 ITEMS=50000 TRAFFIC=)
set -euo pipefail

cd "$(dirname "$0")/.."
rounds=${ROUNDS:-5}
items=${ITEMS:-50000}
traffic=${TRAFFIC:-}
flows=()
if [[ -n $traffic ]]; then
    items=20
    flows=(--fill-flows "$traffic")
fi
bundle=../shared/pce-api-bundles/25.2.20
api_key=api_bench:bench-secret
[[ -d $bundle ]] || { echo "collections.sh: $bundle is missing" >&2; exit 1; }

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

echo "== building (release)" >&2
cargo build --quiet --release -p illumio-pce-mock --bin mock-pce
cargo run --quiet -p xtask -- generate --bundle "$bundle" \
    --crate "$target_dir/bundle-crates/25.2.20" --allow-missing-refs >&2
cp Cargo.lock tests/bundle-e2e/
(cd tests/bundle-e2e && CARGO_TARGET_DIR=$target_dir cargo build --quiet --release --example datafile)

echo "== Python virtualenv: $venv" >&2
if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet illumio==1.1.3

echo "== mock-pce with $items workloads" >&2
"$target_dir/release/mock-pce" --bundle "$bundle" --api-key "$api_key" \
    --rate-limit-per-minute 4000000000 --fill "/orgs/1/workloads=$items" \
    --fill-template bench/workload.json --job-seconds 0 --job-retry-after 0 "${flows[@]}" \
    >"$tmp/ready.json" &
mock_pid=$!
for _ in $(seq 600); do
    [[ -s $tmp/ready.json ]] && break
    sleep 0.1
done
[[ -s $tmp/ready.json ]] || { echo "collections.sh: mock-pce did not start" >&2; exit 1; }
url=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["url"])' "$tmp/ready.json")
ca_cert=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["ca_cert"])' "$tmp/ready.json")

if [[ -n $traffic ]]; then
    echo "== SDK traffic query, $traffic flows: stream and collect ($rounds rounds, in turn)" >&2
    "$target_dir/release/examples/datafile" --url "$url" --ca "$ca_cert" --rounds "$rounds" --traffic
    echo "== official Python SDK, get_traffic_flows_async ($rounds rounds)" >&2
    env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE "$venv/bin/python" bench/python_traffic.py \
        "$url" "$ca_cert" "$api_key" "$rounds"
    exit 0
fi
echo "== generated crate vs serde_json::Value ($rounds rounds, in turn)" >&2
"$target_dir/release/examples/datafile" --url "$url" --ca "$ca_cert" --rounds "$rounds"
echo "== official Python SDK, get_collection ($rounds rounds)" >&2
env -u REQUESTS_CA_BUNDLE -u CURL_CA_BUNDLE "$venv/bin/python" bench/python_collection.py \
    "$url" "$ca_cert" "$api_key" /workloads "$rounds"
