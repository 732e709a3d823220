#!/usr/bin/env bash
# Instructions one decode takes (callgrind), for the two bodies of
# tests/bundle-e2e/examples/decode_speed.rs (10,000 optional features; the workloads a real
# PCE listed): into the generated 25.2.20 type, into a serde_json::Value, and read into
# serde::de::IgnoredAny (what reading the JSON alone costs). Counts, unlike times, do not move
# with this machine's load: each is (run of 11 decodes - run of 1) / 10, so that making the
# body is not counted. Needs valgrind, ../shared and the crate
# `cargo xtask generate --bundle ../shared/pce-api-bundles/25.2.20 --crate
# target/bundle-crates/25.2.20 --allow-missing-refs` writes. Prints one JSON object per line.
#
# Usage: bench/decode_instructions.sh
set -euo pipefail

cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "decode_instructions.sh: needs valgrind" >&2; exit 1; }
target_dir=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
(cd tests/bundle-e2e && CARGO_TARGET_DIR=$target_dir cargo build --quiet --release --example decode_speed)
bin=$target_dir/release/examples/decode_speed

# Instructions of `decode_speed --only $1 --body $2 --rounds $3`.
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" --only "$1" --body "$2" --rounds "$3" 2>&1 |
        awk '/Collected/ { print $4 }'
}

for body in features workloads; do
    line="{\"body\":\"$body\""
    for kind in typed value ignored; do
        one=$(count "$kind" "$body" 1)
        eleven=$(count "$kind" "$body" 11)
        line+=",\"${kind}_instructions\":$(( (eleven - one) / 10 ))"
    done
    echo "$line}"
done
