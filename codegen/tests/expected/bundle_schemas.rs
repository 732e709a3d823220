//! The test bundle's schemas.

use std::sync::LazyLock;

use illumio_pce::validation::SchemaSet;

/// The bundle's schema files, which the endpoints check request bodies against before
/// sending them.
pub static SCHEMAS: LazyLock<SchemaSet> = LazyLock::new(|| SchemaSet::new("99.1.0", FILES));

/// Every schema file of the bundle: (path in the bundle, text).
const FILES: &[(&str, &str)] = &[
    ("v2/labels_get.schema.json", include_str!("../v2/labels_get.schema.json")),
    ("v2/labels_post.schema.json", include_str!("../v2/labels_post.schema.json")),
    ("v2/labels_post_response.schema.json", include_str!("../v2/labels_post_response.schema.json")),
    ("v2/labels_put.schema.json", include_str!("../v2/labels_put.schema.json")),
    ("v2/optional_features_get.schema.json", include_str!("../v2/optional_features_get.schema.json")),
    ("v2/optional_features_put.schema.json", include_str!("../v2/optional_features_put.schema.json")),
    ("v2/services_get.schema.json", include_str!("../v2/services_get.schema.json")),
    ("v2/services_post.schema.json", include_str!("../v2/services_post.schema.json")),
];
