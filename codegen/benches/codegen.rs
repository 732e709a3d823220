//! Generating Rust types: every supported release's schemas (`schemas/23.3`, `24.1`,
//! `25.2`), each and all together; synthetic folders of 50 and 500 schemas shaped like the
//! PCE's (objects with properties, enums, nested arrays of objects, cross-file `$ref`s to a
//! few common files), written to a temp folder by the bench itself; and, when
//! `../shared/pce-api-bundles` is beside the project, Illumio's 25.2.20 bundle: the whole
//! generation, each stage on its own (load, lower and name, typify, post-passes, format), and
//! growing shares of its v2 schemas, to show the cost is linear. Run with
//! `cargo bench -p illumio-pce-codegen --bench codegen`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, SamplingMode};
use illumio_pce_codegen::{stages, Settings};
use serde_json::{json, Value};

/// The supported releases, as folders under `schemas/`.
const RELEASES: [&str; 3] = ["23.3", "24.1", "25.2"];

/// The sizes of the synthetic schema folders.
const SIZES: [usize; 2] = [50, 500];

/// The folder of a release's schemas.
fn release_dir(release: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../schemas")
        .join(release)
}

/// Generates one folder of schemas, checking that it produced code.
fn generate(dir: &Path) {
    let module = illumio_pce_codegen::generate(dir, &Settings::new()).expect("generates");
    assert!(!module.source.is_empty());
}

/// The shared files every synthetic schema refers to, as the PCE's `common/` ones.
fn common_files() -> [(&'static str, Value); 3] {
    let draft = "http://json-schema.org/draft-04/schema#";
    [
        (
            "href_object.schema.json",
            json!({
                "$schema": draft,
                "description": "A reference to another object",
                "type": "object",
                "additionalProperties": false,
                "required": ["href"],
                "properties": {"href": {"description": "URI of the object", "type": "string"}}
            }),
        ),
        (
            "label.schema.json",
            json!({
                "$schema": draft,
                "description": "A label",
                "type": "object",
                "required": ["href"],
                "properties": {
                    "href": {"description": "URI of the label", "type": "string"},
                    "key": {"description": "Key of the label", "type": "string"},
                    "value": {"description": "Value of the label", "type": "string"}
                }
            }),
        ),
        (
            "port_range.schema.json",
            json!({
                "$schema": draft,
                "description": "A port or port range and a protocol",
                "type": "object",
                "additionalProperties": false,
                "required": ["proto"],
                "properties": {
                    "port": {"type": "integer", "minimum": 0, "maximum": 65535},
                    "to_port": {"type": "integer", "minimum": 0, "maximum": 65535},
                    "proto": {"description": "IANA protocol number", "type": "integer"}
                }
            }),
        ),
    ]
}

/// The `index`-th synthetic schema: a PCE-like `GET` response with scalar properties, two
/// enums, references to the common files and a nested array of objects holding another.
fn synthetic_schema(index: usize) -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "description": format!("Resource {index}"),
        "type": "object",
        "additionalProperties": false,
        "required": ["href", "name"],
        "properties": {
            "href": {"description": "URI of the resource", "type": "string"},
            "name": {"description": "Name of the resource", "type": "string"},
            "description": {"description": "Description", "type": ["string", "null"]},
            "enabled": {"description": "Whether it is enabled", "type": "boolean"},
            "max_items": {"description": "Upper bound", "type": "integer", "minimum": 0},
            "created_at": {"type": "string", "format": "date-time"},
            "created_by": {"$ref": "../common/href_object.schema.json"},
            "state": {"type": "string", "enum": ["active", "draft", "deleted"]},
            "enforcement_mode": {
                "type": "string",
                "enum": ["idle", "visibility_only", "full", "selective"]
            },
            "labels": {"type": "array", "items": {"$ref": "../common/label.schema.json"}},
            "rules": {
                "description": "Rules of the resource",
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "action"],
                    "properties": {
                        "id": {"type": "integer"},
                        "action": {"type": "string", "enum": ["allow", "deny", "override_deny"]},
                        "ports": {
                            "type": "array",
                            "items": {"$ref": "../common/port_range.schema.json"}
                        },
                        "consumers": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "label": {"$ref": "../common/label.schema.json"},
                                    "actors": {"type": "string", "enum": ["ams"]}
                                }
                            }
                        }
                    }
                }
            }
        }
    })
}

/// Writes `count` synthetic schemas to `dir/v2/` and the common files to `dir/common/`.
fn write_synthetic(dir: &Path, count: usize) -> io::Result<()> {
    let common = dir.join("common");
    let v2 = dir.join("v2");
    fs::create_dir_all(&common)?;
    fs::create_dir_all(&v2)?;
    for (name, schema) in common_files() {
        fs::write(common.join(name), schema.to_string())?;
    }
    for index in 0..count {
        let file = v2.join(format!("resource_{index:04}_get.schema.json"));
        fs::write(file, synthetic_schema(index).to_string())?;
    }
    Ok(())
}

fn releases(c: &mut Criterion) {
    let mut group = c.benchmark_group("codegen_releases");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    for release in RELEASES {
        let dir = release_dir(release);
        group.bench_function(BenchmarkId::new("release", release), |b| {
            b.iter(|| generate(&dir))
        });
    }
    group.bench_function("all", |b| {
        b.iter(|| {
            for release in RELEASES {
                generate(&release_dir(release));
            }
        })
    });
    group.finish();
}

fn synthetic(c: &mut Criterion) {
    let root = std::env::temp_dir().join(format!("codegen-bench-{}", std::process::id()));
    let mut group = c.benchmark_group("codegen_synthetic");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    for count in SIZES {
        let dir = root.join(count.to_string());
        write_synthetic(&dir, count).expect("writes the synthetic schemas");
        group.bench_function(BenchmarkId::new("schemas", count), |b| {
            b.iter(|| generate(&dir))
        });
    }
    group.finish();
    fs::remove_dir_all(&root).expect("removes the synthetic schemas");
}

/// The 25.2.20 bundle's `v2` folder, when it is beside the project.
fn bundle_v2() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/pce-api-bundles/25.2.20/v2");
    dir.is_dir().then_some(dir)
}

fn bundle(c: &mut Criterion) {
    let Some(dir) = bundle_v2() else {
        eprintln!("../shared/pce-api-bundles is not here: no bundle benchmarks");
        return;
    };
    let settings = Settings::new().allow_missing_refs(true);
    let mut group = c.benchmark_group("codegen_bundle_25_2_20");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    group.bench_function("generate", |b| {
        b.iter(|| illumio_pce_codegen::generate(&dir, &settings).expect("generates"))
    });
    group.bench_function("stage/load", |b| {
        b.iter(|| stages::load(&dir, &settings).expect("loads"))
    });
    let loaded = stages::load(&dir, &settings).expect("loads");
    group.bench_function("stage/lower_and_name", |b| {
        b.iter(|| loaded.model(&settings).expect("models"))
    });
    let model = || loaded.model(&settings).expect("models");
    group.bench_function("stage/typify", |b| {
        b.iter_batched(
            model,
            |m| m.convert(&settings).expect("converts"),
            BatchSize::LargeInput,
        )
    });
    let converted = || model().convert(&settings).expect("converts");
    group.bench_function("stage/post_passes", |b| {
        b.iter_batched(
            converted,
            |c| c.polish().expect("polishes"),
            BatchSize::LargeInput,
        )
    });
    let polished = || converted().polish().expect("polishes");
    group.bench_function("stage/format", |b| {
        b.iter_batched(polished, |p| p.format(&settings), BatchSize::LargeInput)
    });
    group.finish();

    let files = fs::read_dir(&dir)
        .expect("lists the bundle")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|name| name.ends_with(".schema.json"))
        .collect::<Vec<_>>();
    let mut files = files;
    files.sort();
    let base = dir.parent().expect("the bundle folder").to_path_buf();
    let mut group = c.benchmark_group("codegen_bundle_share");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    for share in [4, 2, 1] {
        let roots: Vec<PathBuf> = files
            .iter()
            .take(files.len() / share)
            .map(|name| Path::new("v2").join(name))
            .collect();
        group.bench_function(BenchmarkId::new("v2_schemas", roots.len()), |b| {
            b.iter(|| {
                illumio_pce_codegen::generate_files(&base, roots.clone(), &settings)
                    .expect("generates")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, releases, synthetic, bundle);
criterion_main!(benches);
