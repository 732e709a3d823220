#!/usr/bin/env bash
# Generating types for a whole PCE release bundle, side by side in one run on this machine:
# this project's generator (release build, `xtask generate --schemas <bundle>/v2`) and
# datamodel-code-generator, the Python generator people use for JSON Schema today
# (`datamodel-codegen --input <bundle>/v2 --input-file-type jsonschema`, with its default
# formatters, black and isort, and with `--formatters builtin`, its fastest setting), on
# Illumio's 25.2.20 bundle. The commands run in turn, RUNS times each; the table gives the
# best and the median wall time of each and the ratios to this project's.
#
# datamodel-code-generator stops on two of the bundle's upstream bugs that this project's
# generator repairs by itself; it runs on a copy of the bundle in a temporary folder (never
# in the project) with those two mended by hand, as a user of it would have to:
#  - `#definitions/cluster` in v2/health_definitions.schema.json becomes `#/definitions/cluster`;
#  - the `$ref` to `../../../agent/schema/v2/num_workloads_by_exposure_time_series.schema.json`
#    (not in the bundle) in the two time-series responses becomes `{"type": "object"}`.
# The Python package goes into a virtualenv under target/bench-venv-codegen.
#
# Usage: bench/codegen_compare.sh      (env: RUNS=7 BUNDLE=../shared/pce-api-bundles/25.2.20)
set -euo pipefail

cd "$(dirname "$0")/.."
runs=${RUNS:-7}
bundle=${BUNDLE:-../shared/pce-api-bundles/25.2.20}
[[ -d $bundle/v2 ]] || { echo "codegen_compare.sh: no bundle at $bundle" >&2; exit 1; }

target_dir=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
venv=$target_dir/bench-venv-codegen
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== building xtask (release)" >&2
cargo build --quiet --release -p xtask
ours=$target_dir/release/xtask

echo "== Python virtualenv: $venv" >&2
if [[ ! -x $venv/bin/python ]]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet datamodel-code-generator==0.89.0

echo "== a copy of the bundle with the two hand repairs datamodel-code-generator needs" >&2
mkdir -p "$tmp/bundle"
cp -r "$bundle/v2" "$bundle/common" "$tmp/bundle/"
rm -f "$tmp/bundle/v2/illumio.api.json"
sed -i 's|#definitions/cluster|#/definitions/cluster|' "$tmp/bundle/v2/health_definitions.schema.json"
sed -i 's|"\$ref": "../../../agent/schema/v2/num_workloads_by_exposure_time_series.schema.json"|"type": "object"|' \
    "$tmp/bundle/v2/reports_time_series_statistics_post_response.schema.json" \
    "$tmp/bundle/v2/reports_risk_summary_ransomware_timeseries_statistics_post_response.schema.json"

echo "== $runs runs each, alternating" >&2
python3 - "$runs" "$ours" "$bundle/v2" "$venv/bin/datamodel-codegen" "$tmp" <<'PY'
import statistics, subprocess, sys, time

runs, ours, v2, dmcg, tmp = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
commands = {
    "this project (xtask generate, release)": [
        ours, "generate", "--schemas", v2, "--allow-missing-refs", "--out", f"{tmp}/ours.rs",
    ],
    "datamodel-code-generator 0.89.0 (black, isort)": [
        dmcg, "--input", f"{tmp}/bundle/v2", "--input-file-type", "jsonschema",
        "--allow-remote-refs", "--output", f"{tmp}/datamodel",
    ],
    "datamodel-code-generator 0.89.0 (--formatters builtin)": [
        dmcg, "--input", f"{tmp}/bundle/v2", "--input-file-type", "jsonschema",
        "--allow-remote-refs", "--formatters", "builtin", "--output", f"{tmp}/datamodel-builtin",
    ],
}
times = {name: [] for name in commands}
for _ in range(runs):
    for name, command in commands.items():
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[name].append(time.perf_counter() - start)
ours = times.pop(next(iter(commands)))
print("| generator | best | median | ratio (median) |")
print("|---|---|---|---|")
print(f"| this project (xtask generate, release) | {min(ours):.3f} s | {statistics.median(ours):.3f} s | 1 |")
for name, values in times.items():
    ratio = statistics.median(values) / statistics.median(ours)
    print(f"| {name} | {min(values):.3f} s | {statistics.median(values):.3f} s | {ratio:.1f}x |")
PY
