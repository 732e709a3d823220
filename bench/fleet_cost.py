#!/usr/bin/env python3
"""What a crate of two releases costs against a crate of one, side by side in one run: the
crate `cargo xtask generate` writes for the 26.3.0 bundle alone, and for 25.2.20 and 26.3.0
together (the newest's types and methods, both releases' operations and schemas).

For each: its size (bytes and files of `src/` and `schemas/`), the lines of its release table (`src/releases.rs`), CPU seconds (user + sys) of a dev build of the crate alone,
its dependencies built, incremental off (medians of ROUNDS runs taken in turn, `src/lib.rs`
touched before each), and the lines of its LLVM IR (one codegen unit). Builds go through
`build_cost.py`'s helpers.

Usage: bench/fleet_cost.py [--bundles DIR] [--rounds N]
Prints a Markdown table; scratch under target/fleet-cost/.
"""

import argparse
import statistics
from pathlib import Path

from build_cost import ROOT, cpu_seconds, ir_lines_of, run


def generate(bundles, out, target):
    """The crate `cargo xtask generate` writes for `bundles` into `out`."""
    args = ["cargo", "xtask", "generate"]
    for bundle in bundles:
        args += ["--bundle", str(bundle)]
    run([*args, "--crate", str(out), "--allow-missing-refs"], ROOT, {"CARGO_TARGET_DIR": str(target)})


def size(crate):
    """(bytes, files) of the crate's `src/` and `schemas/`."""
    files = [p for folder in ("src", "schemas") for p in (crate / folder).rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundles", default=str(ROOT.parent / "shared/pce-api-bundles"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    bundles = Path(args.bundles)
    scratch = ROOT / "target/fleet-cost"
    target = scratch / "target"
    variants = {
        "26.3.0 alone": scratch / "one",
        "25.2.20 and 26.3.0": scratch / "two",
    }
    generate([bundles / "26.3.0"], variants["26.3.0 alone"], target)
    generate([bundles / "25.2.20", bundles / "26.3.0"], variants["25.2.20 and 26.3.0"], target)
    env = {"CARGO_TARGET_DIR": str(target), "CARGO_INCREMENTAL": "0"}
    for crate in variants.values():
        (crate / "Cargo.lock").write_bytes((ROOT / "Cargo.lock").read_bytes())
        run(["cargo", "build", "--lib"], crate, env)
    times = {name: [] for name in variants}
    for _ in range(args.rounds):
        for name, crate in variants.items():
            (crate / "src/lib.rs").touch()
            times[name].append(cpu_seconds(["cargo", "build", "--lib"], crate, env))
    base = statistics.median(times["26.3.0 alone"])
    print("| crate | src + schemas | files | release table lines | dev build CPU s | of one | LLVM IR lines |")
    print("|---|---|---|---|---|---|---|")
    for name, crate in variants.items():
        bytes_, files = size(crate)
        table = sum(1 for _ in open(crate / "src/releases.rs", encoding="utf-8"))
        median = statistics.median(times[name])
        lines = ir_lines_of(crate, target, ["--lib"])
        print(
            f"| {name} | {bytes_ / 1e6:.2f} MB | {files} | {table:,} | {median:.2f} | "
            f"{median / base:.2f} | {lines:,} |"
        )


if __name__ == "__main__":
    main()
