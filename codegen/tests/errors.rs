//! Every way generation can fail, and the settings that change the outcome: each error has
//! the right variant and a message that names the schema file and, where there is one, the
//! JSON pointer. Also: missing `$ref`s allowed as `serde_json::Value`, fix-ups applied and
//! named in the header, and generation being deterministic.

use std::fs;
use std::path::{Path, PathBuf};

use illumio_pce_codegen::{Error, Fixup, Module, Settings};
use serde_json::Value;

/// A folder of schema files in the system temp folder, removed when dropped.
struct Schemas(PathBuf);

impl Schemas {
    /// Writes `files` (path relative to the folder, text) to a folder unique to `case`.
    fn new(case: &str, files: &[(&str, &str)]) -> Self {
        let dir =
            std::env::temp_dir().join(format!("codegen-errors-{}-{case}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("creates the folder");
        for (file, text) in files {
            let path = dir.join(file);
            fs::create_dir_all(path.parent().expect("has a parent")).expect("creates folders");
            fs::write(path, text).expect("writes the schema");
        }
        Self(dir)
    }

    fn generate(&self, settings: &Settings) -> illumio_pce_codegen::Result<Module> {
        illumio_pce_codegen::generate(&self.0, settings)
    }

    /// The error generating the folder gives, with its message.
    fn error(&self, settings: &Settings) -> (Error, String) {
        let error = self.generate(settings).expect_err("generation fails");
        let message = error.to_string();
        (error, message)
    }
}

impl Drop for Schemas {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A schema with two required properties whose `$ref`s name files that do not exist.
const MISSING_FILES: &str = r#"{
    "type": "object",
    "required": ["state", "owner"],
    "properties": {
        "state": {"$ref": "state.schema.json"},
        "owner": {"$ref": "../common/user.schema.json#/definitions/owner"}
    }
}"#;

#[test]
fn refs_to_absent_files_are_all_listed() {
    let schemas = Schemas::new("missing", &[("v2/rule.schema.json", MISSING_FILES)]);
    let (error, message) = schemas.error(&Settings::new());
    let Error::MissingRefs { missing } = &error else {
        panic!("expected MissingRefs, got {error:?}");
    };
    let found: Vec<(&Path, &str, &str, &Path)> = missing
        .iter()
        .map(|m| {
            (
                m.file.as_path(),
                m.pointer.as_str(),
                m.target.as_str(),
                m.resolved.as_path(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                Path::new("v2/rule.schema.json"),
                "/properties/owner",
                "../common/user.schema.json#/definitions/owner",
                Path::new("common/user.schema.json"),
            ),
            (
                Path::new("v2/rule.schema.json"),
                "/properties/state",
                "state.schema.json",
                Path::new("v2/state.schema.json"),
            ),
        ]
    );
    assert!(message.starts_with("2 unresolved $ref(s):"), "{message}");
    assert!(
        message.contains(
            r#"v2/rule.schema.json#/properties/state: $ref "state.schema.json" (no v2/state.schema.json)"#
        ),
        "{message}"
    );
    assert!(
        message.contains(r#"v2/rule.schema.json#/properties/owner: $ref "../common/user.schema.json#/definitions/owner""#),
        "{message}"
    );
}

#[test]
fn allowed_missing_refs_become_json_values_with_a_warning() {
    let schemas = Schemas::new("missing-allowed", &[("v2/rule.schema.json", MISSING_FILES)]);
    let module = schemas
        .generate(&Settings::new().allow_missing_refs(true))
        .expect("generates");
    assert!(module
        .source
        .contains("pub state: ::std::option::Option<::serde_json::Value>,"));
    assert!(module
        .source
        .contains("pub owner: ::std::option::Option<::serde_json::Value>,"));
    assert_eq!(module.warnings.len(), 2, "{:?}", module.warnings);
    for (warning, target) in module.warnings.iter().zip([
        "v2/rule.schema.json#/properties/owner: $ref \"../common/user.schema.json#/definitions/owner\"",
        "v2/rule.schema.json#/properties/state: $ref \"state.schema.json\"",
    ]) {
        assert!(warning.starts_with(target), "{warning}");
        assert!(warning.ends_with("generated as serde_json::Value"), "{warning}");
    }
}

#[test]
fn a_ref_to_an_absent_definition_is_missing() {
    let schemas = Schemas::new(
        "dangling",
        &[(
            "rule.schema.json",
            r##"{"type": "object", "properties": {"state": {"$ref": "#/definitions/nope"}},
                "definitions": {"yes": {"type": "string"}}}"##,
        )],
    );
    let (error, message) = schemas.error(&Settings::new());
    let Error::MissingRefs { missing } = &error else {
        panic!("expected MissingRefs, got {error:?}");
    };
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].target, "#/definitions/nope");
    assert!(
        message.contains(
            r##"rule.schema.json#/properties/state: $ref "#/definitions/nope" (no rule.schema.json#/definitions/nope)"##
        ),
        "{message}"
    );
}

#[test]
fn invalid_json_names_the_file() {
    let schemas = Schemas::new(
        "json",
        &[
            ("a.schema.json", r#"{"type": "string"}"#),
            ("b.schema.json", r#"{"type": "object",}"#),
        ],
    );
    let (error, message) = schemas.error(&Settings::new());
    let Error::Json { file, .. } = &error else {
        panic!("expected Json, got {error:?}");
    };
    assert_eq!(file, Path::new("b.schema.json"));
    assert!(
        message.starts_with("b.schema.json: not valid JSON: trailing comma at line 1"),
        "{message}"
    );
}

#[test]
fn an_unknown_type_names_the_file_and_pointer() {
    let schemas = Schemas::new(
        "objects",
        &[(
            "rule.schema.json",
            r#"{"type": "object", "properties": {"scope": {"type": "objects"}}}"#,
        )],
    );
    let (error, message) = schemas.error(&Settings::new());
    let Error::InvalidSchema { file, pointer, .. } = &error else {
        panic!("expected InvalidSchema, got {error:?}");
    };
    assert_eq!(file, Path::new("rule.schema.json"));
    assert_eq!(pointer, "/properties/scope");
    assert_eq!(
        message,
        r#"rule.schema.json#/properties/scope: `type` must name JSON types, found "objects""#
    );
}

#[test]
fn a_keyword_of_the_wrong_kind_names_the_file_pointer_and_keyword() {
    let schemas = Schemas::new(
        "minimum",
        &[(
            "port.schema.json",
            r#"{"type": "object", "properties": {"x": {"type": "integer", "minimum": "zero"}}}"#,
        )],
    );
    let (error, message) = schemas.error(&Settings::new());
    let Error::InvalidSchema { file, pointer, .. } = &error else {
        panic!("expected InvalidSchema, got {error:?}");
    };
    assert_eq!(file, Path::new("port.schema.json"));
    assert_eq!(pointer, "/properties/x");
    assert_eq!(
        message,
        r#"port.schema.json#/properties/x: `minimum` must be a number, found "zero""#
    );
}

/// A schema typify 0.8 panics on: two enum values it spells as one Rust variant.
const TYPIFY_PANICS: &str =
    r#"{"type": "object", "properties": {"x": {"type": "string", "enum": ["a-b", "a_b"]}}}"#;

#[test]
fn a_typify_panic_is_blamed_on_the_file_that_caused_it() {
    let schemas = Schemas::new(
        "panic-second-file",
        &[
            (
                "a_ok.schema.json",
                r#"{"type": "object", "properties": {"y": {"type": "string"}}}"#,
            ),
            ("z_bad_put.schema.json", TYPIFY_PANICS),
        ],
    );
    let (error, _) = schemas.error(&Settings::new());
    let Error::Typify { file, .. } = &error else {
        panic!("expected Typify, got {error:?}");
    };
    assert_eq!(file, Path::new("z_bad_put.schema.json"));
}

#[test]
fn a_typify_panic_is_an_error_not_an_abort() {
    let schemas = Schemas::new("panic", &[("rule_put.schema.json", TYPIFY_PANICS)]);
    let (error, message) = schemas.error(&Settings::new());
    let Error::Typify { file, pointer, .. } = &error else {
        panic!("expected Typify, got {error:?}");
    };
    assert_eq!(file, Path::new("rule_put.schema.json"));
    assert_eq!(pointer, "/properties/x");
    assert!(
        message.starts_with(
            "rule_put.schema.json#/properties/x: typify cannot convert it: panicked: "
        ),
        "{message}"
    );
    // The process is still usable afterwards.
    let fine = Schemas::new(
        "after-panic",
        &[("rule.schema.json", r#"{"type": "string"}"#)],
    );
    fine.generate(&Settings::new()).expect("generates");
}

#[test]
fn a_schema_typify_rejects_names_the_file() {
    let schemas = Schemas::new(
        "typify",
        &[("state.schema.json", r#"{"type": "integer", "enum": [1.5]}"#)],
    );
    let (error, message) = schemas.error(&Settings::new());
    let Error::Typify { file, .. } = &error else {
        panic!("expected Typify, got {error:?}");
    };
    assert_eq!(file, Path::new("state.schema.json"));
    assert!(
        message.starts_with("state.schema.json#: typify cannot convert it: "),
        "{message}"
    );
}

/// A schema with one nested object, for the naming table.
const RULE: &str = r#"{"type": "object", "properties": {"scope": {"type": "object"}}}"#;

#[test]
fn a_naming_entry_for_an_absent_location_is_an_error() {
    let schemas = Schemas::new("unknown-location", &[("rule.schema.json", RULE)]);
    let settings = Settings::new().name("rule.schema.json", "/properties/scopes", "Scope");
    let (error, message) = schemas.error(&settings);
    let Error::UnknownLocation { file, pointer, .. } = &error else {
        panic!("expected UnknownLocation, got {error:?}");
    };
    assert_eq!(file, Path::new("rule.schema.json"));
    assert_eq!(pointer, "/properties/scopes");
    assert_eq!(
        message,
        "rule.schema.json#/properties/scopes: naming table entry Scope names a location that does not exist"
    );
    let settings = Settings::new().name("rules.schema.json", "", "Rules");
    let (error, message) = schemas.error(&settings);
    assert!(matches!(error, Error::UnknownLocation { .. }), "{error:?}");
    assert!(message.starts_with("rules.schema.json#: "), "{message}");
}

#[test]
fn a_name_given_twice_is_an_error() {
    let schemas = Schemas::new("duplicate", &[("rule.schema.json", RULE)]);
    let settings = Settings::new().name("rule.schema.json", "", "Rule").name(
        "rule.schema.json",
        "/properties/scope",
        "Rule",
    );
    let (error, message) = schemas.error(&settings);
    let Error::DuplicateName {
        file,
        pointer,
        name,
    } = &error
    else {
        panic!("expected DuplicateName, got {error:?}");
    };
    assert_eq!(file, Path::new("rule.schema.json"));
    assert_eq!(pointer, "/properties/scope");
    assert_eq!(name, "Rule");
    assert_eq!(
        message,
        "rule.schema.json#/properties/scope: type name Rule is already used"
    );
}

#[test]
fn a_folder_without_schemas_is_an_error() {
    let empty = Schemas::new("empty", &[]);
    let (error, message) = empty.error(&Settings::new());
    assert!(matches!(error, Error::NoSchemas { .. }), "{error:?}");
    assert_eq!(
        message,
        format!(
            "{}: no *.schema.json file in this folder",
            empty.0.display()
        )
    );
    let other_files = Schemas::new(
        "no-schemas",
        &[("README.md", "# Schemas"), ("v2/rule.json", "{}")],
    );
    let (error, _) = other_files.error(&Settings::new());
    assert!(matches!(error, Error::NoSchemas { .. }), "{error:?}");
}

#[test]
fn an_unreadable_folder_names_the_path() {
    let dir = std::env::temp_dir().join(format!(
        "codegen-errors-{}-does-not-exist",
        std::process::id()
    ));
    let error = illumio_pce_codegen::generate(&dir, &Settings::new()).expect_err("fails");
    assert!(matches!(error, Error::Io { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .starts_with(&format!("cannot read {}", dir.display())),
        "{error}"
    );
}

/// A schema whose author misspelt `additionalProperties`, so draft-04 leaves it open.
const TYPO: &str = r#"{
    "type": "object",
    "additionalPropertes": false,
    "properties": {"enabled": {"type": "boolean"}}
}"#;

/// Renames the misspelt `additionalPropertes` of the root schema.
fn fix_typo(schema: &mut Value) -> Result<(), String> {
    let map = schema
        .as_object_mut()
        .ok_or("the schema is not an object")?;
    let value = map
        .remove("additionalPropertes")
        .ok_or("no `additionalPropertes` to rename")?;
    map.insert("additionalProperties".to_owned(), value);
    Ok(())
}

const FIX_TYPO: Fixup = Fixup {
    name: "additional_properties_typo",
    file: "settings_put.schema.json",
    apply: fix_typo,
};

#[test]
fn a_fixup_is_applied_and_named_in_the_header() {
    let schemas = Schemas::new("fixup", &[("settings_put.schema.json", TYPO)]);
    let open = schemas.generate(&Settings::new()).expect("generates");
    assert!(open.source.contains("pub extra: ::serde_json::Map"));
    let fixed = schemas
        .generate(&Settings::new().fixup(FIX_TYPO))
        .expect("generates");
    // Read strictly: a property the fixed schema does not name is refused, not kept.
    let reading: String = fixed.source.split_whitespace().collect();
    assert!(reading.contains("request!(SettingsPut{"));
    assert!(!reading.contains("}extra);"));
    assert!(!fixed.source.contains("pub extra:"));
    assert!(fixed.source.contains(
        "//!\n//! Fix-up `additional_properties_typo` applied to `settings_put.schema.json`.\n"
    ));
    assert!(!open.source.contains("Fix-up"));
}

#[test]
fn a_failing_fixup_names_the_file_and_fixup() {
    let schemas = Schemas::new(
        "fixup-fails",
        &[(
            "settings_put.schema.json",
            r#"{"type": "object", "additionalProperties": false}"#,
        )],
    );
    let (error, message) = schemas.error(&Settings::new().fixup(FIX_TYPO));
    let Error::Fixup { file, name, .. } = &error else {
        panic!("expected Fixup, got {error:?}");
    };
    assert_eq!(file, Path::new("settings_put.schema.json"));
    assert_eq!(name, "additional_properties_typo");
    assert_eq!(
        message,
        "settings_put.schema.json: fix-up additional_properties_typo failed: no `additionalPropertes` to rename"
    );
}

#[test]
fn a_fixup_for_an_absent_file_is_an_error() {
    let schemas = Schemas::new("fixup-absent", &[("rule.schema.json", RULE)]);
    let (error, message) = schemas.error(&Settings::new().fixup(FIX_TYPO));
    assert!(matches!(error, Error::UnknownLocation { .. }), "{error:?}");
    assert_eq!(
        message,
        "settings_put.schema.json#: fix-up additional_properties_typo names a location that does not exist"
    );
}

#[test]
fn generation_is_deterministic() {
    let dir = Path::new("tests/fixtures/refs");
    let settings = Settings::new().release("24.1");
    let first = illumio_pce_codegen::generate(dir, &settings).expect("generates");
    let second = illumio_pce_codegen::generate(dir, &settings).expect("generates");
    assert_eq!(first, second);
    let roots = ["v2/rule_put.schema.json", "common/label.schema.json"].map(PathBuf::from);
    let forward =
        illumio_pce_codegen::generate_files(dir, roots.to_vec(), &settings).expect("generates");
    let backward =
        illumio_pce_codegen::generate_files(dir, roots.iter().rev().cloned().collect(), &settings)
            .expect("generates");
    assert_eq!(forward.source, backward.source);
    assert_eq!(forward.source, first.source);
}
