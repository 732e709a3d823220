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
- labels+workloads: this checkout's crate with only the features `labels` and `workloads`;
- program: that crate and a program using it (labels and workloads listed, created, read
  back and updated through `to_update`), both compiled: operations are `#[inline]`, so what
  a program calls is compiled in the program, and this is what a user's build costs;
- base program: the same program over the base crate (which has no features), both compiled.

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


LABELS_AND_WORKLOADS = ["--no-default-features", "--features", "labels,workloads"]

PROGRAM = """\
//! A script that uses labels and workloads only: what `build_cost.py` builds as a user would.
use illumio_pce_25_2_20::types::{CommonLabels, HrefObject, NewLabel, NewWorkload, NewWorkloadName};
use illumio_pce_25_2_20::{ClientBuilder, Pce};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pce = Pce::new(ClientBuilder::from_env()?.build()?);
    let web = pce.labels_create(&NewLabel::new("role", "web")).await?.href.ok_or("no href")?;
    for label in pce.labels_list(&Default::default()).await? {
        let href = label.href.clone().ok_or("no href")?;
        pce.labels_update(&href, &label.to_update()?).await?;
    }
    let labels = CommonLabels(vec![HrefObject::new(web)]);
    let workload = NewWorkloadName::new("web-1").labels(labels);
    pce.workloads_create(&NewWorkload::from(workload)).await?;
    for workload in pce.workloads_list_all(&Default::default()).await? {
        let href = workload.href.clone().ok_or("no href")?;
        pce.workloads_update(&href, &workload.to_update()?).await?;
        println!("{:?}", pce.workloads_get(&href).await?.hostname);
    }
    Ok(())
}
"""


def write_program(program, crate, features):
    """A binary crate at `program` running PROGRAM over `crate` (with only labels and
    workloads when `features`)."""
    (program / "src").mkdir(parents=True, exist_ok=True)
    (program / "Cargo.toml").write_text(
        "[package]\nname = \"labels-and-workloads\"\nversion = \"0.0.0\"\nedition = \"2021\"\n"
        "publish = false\n\n[workspace]\n\n[dependencies]\n"
        f"illumio-pce-25-2-20 = {{ path = \"{crate}\""
        + (', default-features = false, features = ["labels", "workloads"]' if features else "")
        + " }\n"
        "tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n"
    )
    (program / "src/main.rs").write_text(PROGRAM)
    (program / "Cargo.lock").write_bytes((ROOT / "Cargo.lock").read_bytes())


def ir_lines(crate, target, features):
    """Lines of the LLVM IR of the crate, or of the program and the crate it uses (dev
    profile, one codegen unit)."""
    if crate.name == "program":
        library = ir_lines(crate.parent / "crate", target, LABELS_AND_WORKLOADS)
        return library + ir_lines_of(crate, target, ["--bins"])
    if crate.name == "base-program":
        library = ir_lines(crate.parent / "base-crate", target, [])
        return library + ir_lines_of(crate, target, ["--bins"])
    return ir_lines_of(crate, target, ["--lib", *features])


def ir_lines_of(crate, target, args):
    """Lines of the LLVM IR `cargo rustc args` emits for its last crate."""
    # Touched, so that a crate just built with the same arguments is compiled again.
    (crate / "src" / ("main.rs" if "--bins" in args else "lib.rs")).touch()
    deps = target / "debug" / "deps"
    for stale in deps.glob("*.ll"):
        stale.unlink()
    run(
        ["cargo", "rustc", *args, "--", "--emit=llvm-ir", "-Ccodegen-units=1"],
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
    write_program(scratch / "program", scratch / "crate", True)
    write_program(scratch / "base-program", scratch / "base-crate", False)

    profile = ["--release"] if args.release else []
    variants = {
        "base (whole crate)": (scratch / "base-crate", []),
        "now (whole crate)": (scratch / "crate", []),
        "now, labels+workloads": (scratch / "crate", LABELS_AND_WORKLOADS),
        "base, program using labels+workloads": (scratch / "base-program", []),
        "now, program using labels+workloads": (scratch / "program", []),
    }
    # Not incremental: each run compiles the whole crate again.
    env = {"CARGO_TARGET_DIR": str(target), "CARGO_INCREMENTAL": "0"}
    def build(crate, features):
        """The build command of a variant: the crate's library, or the program."""
        kind = ["--bins"] if crate.name.endswith("program") else ["--lib"]
        return ["cargo", "build", *kind, *profile, *features]

    for crate, features in variants.values():
        run(build(crate, features), crate, env)
    times = {name: [] for name in variants}
    for _ in range(args.rounds):
        for name, (crate, features) in variants.items():
            (scratch / "crate/src/lib.rs").touch()
            (scratch / "base-crate/src/lib.rs").touch()
            (scratch / "program/src/main.rs").touch()
            (scratch / "base-program/src/main.rs").touch()
            times[name].append(cpu_seconds(build(crate, features), crate, env))
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
