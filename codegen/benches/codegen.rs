//! Generating Rust types: every supported release's schemas (`schemas/23.3`, `24.1`,
//! `25.2`), each and all together, and synthetic folders of 50 and 500 schemas shaped like
//! the PCE's (objects with properties, enums, nested arrays of objects, cross-file `$ref`s to
//! a few common files), written to a temp folder by the bench itself, to show how the cost
//! grows with the number of schemas. Run with `cargo bench -p codegen --bench codegen`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use codegen::Settings;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode};
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
    let module = codegen::generate(dir, &Settings::new()).expect("generates");
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

criterion_group!(benches, releases, synthetic);
criterion_main!(benches);
