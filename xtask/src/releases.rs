//! The PCE releases the SDK supports: one row per release, with its schema folder, the names
//! its anonymous schemas get and its fix-ups. The SDK's types (`illumio_pce::types`) come from
//! the last row; every row's schemas are embedded to validate requests to a PCE of that
//! release.
//!
//! Adding a release: put its schemas in `schemas/<release>/`, add a row here (newest last)
//! and run `cargo xtask codegen`.

use illumio_pce_codegen::{Fixup, Settings};

/// One supported PCE release.
pub(crate) struct Release {
    /// Folder under `schemas/`.
    pub folder: &'static str,
    /// Type names for schemas that can't name themselves: (file, JSON pointer, name).
    pub names: &'static [(&'static str, &'static str, &'static str)],
    /// Repairs of known bugs in this release's upstream schemas.
    pub fixups: &'static [Fixup],
}

/// Names shared by every release: the `oneOf` branches of `optional_features_put` and the
/// nested objects of the `users/login` response.
const NAMES: &[(&str, &str, &str)] = &[
    (
        "v2/optional_features_put.schema.json",
        "/items",
        "OptionalFeatureToggle",
    ),
    (
        "v2/optional_features_put.schema.json",
        "/items/oneOf/0",
        "FeatureToggle",
    ),
    (
        "v2/optional_features_put.schema.json",
        "/items/oneOf/0/properties/name",
        "FeatureName",
    ),
    (
        "v2/optional_features_put.schema.json",
        "/items/oneOf/1",
        "KeyedFeatureToggle",
    ),
    (
        "v2/optional_features_put.schema.json",
        "/items/oneOf/1/properties/name",
        "KeyedFeatureName",
    ),
    (
        "v2/users_login_get.schema.json",
        "/properties/certificate",
        "Certificate",
    ),
    (
        "v2/users_login_get.schema.json",
        "/properties/product_version",
        "ProductVersion",
    ),
    (
        "v2/users_login_get.schema.json",
        "/properties/orgs/items",
        "Org",
    ),
    (
        "v2/users_login_get.schema.json",
        "/properties/orgs/items/properties/role_scopes/items",
        "RoleScope",
    ),
    (
        "v2/users_login_get.schema.json",
        "/properties/orgs/items/properties/role_scopes/items/properties/role",
        "RoleRef",
    ),
    (
        "v2/users_login_get.schema.json",
        "/properties/orgs/items/properties/role_scopes/items/properties/scope/items",
        "ScopeEntry",
    ),
];

/// Every supported release, oldest first; the SDK's types come from the last one.
pub(crate) const RELEASES: &[Release] = &[
    Release {
        folder: "23.3",
        names: NAMES,
        fixups: &[],
    },
    Release {
        folder: "24.1",
        names: NAMES,
        fixups: &[],
    },
    Release {
        folder: "25.2",
        names: NAMES,
        fixups: &[],
    },
];

impl Release {
    /// The generator settings for this release.
    pub fn settings(&self) -> Settings {
        let settings = Settings::new()
            .command("`cargo xtask codegen`")
            .release(self.folder);
        let settings = self
            .names
            .iter()
            .fold(settings, |s, (file, pointer, name)| {
                s.name(*file, *pointer, *name)
            });
        self.fixups.iter().cloned().fold(settings, Settings::fixup)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use illumio_pce_codegen::diff::Kind;
    use illumio_pce_codegen::Direction;

    use super::*;
    use crate::project_root;

    /// The type names of a release's module.
    fn type_names(release: &Release) -> BTreeSet<String> {
        let dir = project_root().join("schemas").join(release.folder);
        let module = illumio_pce_codegen::generate(&dir, &release.settings()).expect("generates");
        module.type_names.into_values().collect()
    }

    /// The SDK has one set of types, from the newest release: what an older release's PCE
    /// answers must decode into them. It would not if the newest release requires a response
    /// property the older one may omit, or changed a type, or dropped a schema.
    #[test]
    fn the_newest_releases_types_read_every_older_releases_responses() {
        let schemas = project_root().join("schemas");
        let newest = RELEASES.last().expect("a release");
        for older in &RELEASES[..RELEASES.len() - 1] {
            let report = illumio_pce_codegen::diff::folders(
                &schemas.join(older.folder),
                &older.settings(),
                &schemas.join(newest.folder),
                &newest.settings(),
            )
            .expect("compares");
            let unreadable: Vec<String> = report
                .changes
                .iter()
                .filter(|c| c.direction != Direction::Request)
                .filter(|c| {
                    matches!(
                        c.kind,
                        Kind::BecameRequired { .. }
                            | Kind::PropertyAdded { required: true, .. }
                            | Kind::TypeChanged { .. }
                            | Kind::SchemaRemoved
                    )
                })
                .map(|c| format!("{} {}: {:?}", c.schema, c.pointer, c.kind))
                .collect();
            assert!(
                unreadable.is_empty(),
                "{} responses do not decode into the {} types: {unreadable:?}",
                older.folder,
                newest.folder
            );
        }
    }

    #[test]
    fn every_type_name_of_a_release_comes_back_in_the_next() {
        for pair in RELEASES.windows(2) {
            let (old, new) = (type_names(&pair[0]), type_names(&pair[1]));
            let gone: Vec<&String> = old.difference(&new).collect();
            assert!(
                gone.is_empty(),
                "{} → {}: {gone:?} renamed or gone",
                pair[0].folder,
                pair[1].folder
            );
        }
    }
}
