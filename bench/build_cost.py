#!/usr/bin/env python3
"""What the generated crate of a release bundle costs to build: today's generator against a
baseline commit's, on the same bundle, side by side in one run.

For each variant, CPU seconds (user + sys, of cargo and every rustc it runs) of a build of the
generated crate alone, its dependencies already built (the crate's src/lib.rs touched before
each run, incremental compilation off so that each run compiles it whole), medians of ROUNDS
runs taken in turn; and the lines of LLVM IR of the crate
(`--emit=llvm-ir`, a count that does not move with the machine's load). Variants:

- base: the crate the BASE commit's `cargo xtask generate --bundle` writes (built from a
  `git archive` of that commit, against that commit's SDK);
- full: this checkout's crate, every feature (its default);
- labels+workloads: this checkout's crate with only the features `labels` and `workloads`.

Usage: bench/build_cost.py [--base COMMIT] [--bundle DIR] [--rounds N] [--release]
Prints a Markdown table; scratch under target/build-cost/.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args, cwd, env=None, quiet=True):
    """Runs a command; fails the bench when it fails."""
    result = subprocess.run(
        args,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL if quiet else None,
        stderr=subprocess.PIPE,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"build_cost.py: {' '.join(map(str, args))} failed:\n{result.stderr}")


def cpu_seconds(args, cwd, env):
    """CPU seconds (user + sys) of the command and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run(args, cwd, env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def generate(checkout, bundle, out, target):
    """The crate `cargo xtask generate --bundle` of `checkout` writes to `out`."""
    run(
        ["cargo", "xtask", "generate", "--bundle", bundle, "--crate", out, "--allow-missing-refs"],
        checkout,
        {"CARGO_TARGET_DIR": str(target)},
    )


def ir_lines(crate, target, features):
    """Lines of the crate's LLVM IR (dev profile, one codegen unit)."""
    deps = target / "debug" / "deps"
    for stale in deps.glob("*.ll"):
        stale.unlink()
    run(
        ["cargo", "rustc", "--lib", *features, "--", "--emit=llvm-ir", "-Ccodegen-units=1"],
        crate,
        {"CARGO_TARGET_DIR": str(target), "CARGO_INCREMENTAL": "0"},
    )
    lines = 0
    for ll in deps.glob("*.ll"):
        with open(ll, "rb") as text:
            lines += sum(1 for _ in text)
        ll.unlink()
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="d6431f3")
    parser.add_argument("--bundle", default=str(ROOT.parent / "shared/pce-api-bundles/25.2.20"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--release", action="store_true")
    args = parser.parse_args()

    scratch = ROOT / "target/build-cost"
    target = scratch / "target"
    base_checkout = scratch / "base-checkout"
    if not (base_checkout / "Cargo.toml").exists():
        base_checkout.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "archive", args.base], cwd=ROOT, stdout=subprocess.PIPE, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(base_checkout)], input=archive, check=True)
    generate(base_checkout, args.bundle, scratch / "base-crate", target)
    generate(ROOT, args.bundle, scratch / "crate", target)

    profile = ["--release"] if args.release else []
    variants = {
        "base (whole crate)": (scratch / "base-crate", []),
        "now (whole crate)": (scratch / "crate", []),
        "now, labels+workloads": (
            scratch / "crate",
            ["--no-default-features", "--features", "labels,workloads"],
        ),
    }
    # Not incremental: each run compiles the whole crate again.
    env = {"CARGO_TARGET_DIR": str(target), "CARGO_INCREMENTAL": "0"}
    for crate, features in variants.values():
        run(["cargo", "build", "--lib", *profile, *features], crate, env)
    times = {name: [] for name in variants}
    for _ in range(args.rounds):
        for name, (crate, features) in variants.items():
            (crate / "src/lib.rs").touch()
            times[name].append(
                cpu_seconds(["cargo", "build", "--lib", *profile, *features], crate, env)
            )
    base = statistics.median(times["base (whole crate)"])
    kind = "release" if args.release else "dev"
    print(f"| {kind} build of the crate alone | CPU s, median of {args.rounds} | of base | LLVM IR lines |")
    print("|---|---|---|---|")
    for name, (crate, features) in variants.items():
        median = statistics.median(times[name])
        lines = ir_lines(crate, target, features)
        print(f"| {name} | {median:.2f} | {median / base:.2f} | {lines:,} |")
    print(json.dumps({name: sorted(t) for name, t in times.items()}), file=sys.stderr)


if __name__ == "__main__":
    main()
