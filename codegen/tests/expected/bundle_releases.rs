//! The test bundle's releases.

use illumio_pce::ReleaseTable;

/// The releases requests are checked against, oldest first: which operations and
/// schema files each has, and what each added to request bodies.
pub static RELEASES: ReleaseTable =
    ReleaseTable::new(&["99.1.0"], OPERATIONS, FILES, PROPERTIES, VALUES);

/// Every operation (its parameters unnamed), sorted, and the releases that have it (bit `i`:
/// the `i`-th release).
const OPERATIONS: &[(&str, u64)] = &[
    ("DELETE /orgs/{}/labels/{}", 0b1),
    ("GET /orgs/{}/datafiles/{}", 0b1),
    ("GET /orgs/{}/labels", 0b1),
    ("GET /orgs/{}/labels/{}", 0b1),
    ("GET /orgs/{}/optional_features", 0b1),
    ("GET /orgs/{}/services", 0b1),
    ("GET /orgs/{}/services/{}", 0b1),
    ("POST /orgs/{}/labels", 0b1),
    ("POST /orgs/{}/services", 0b1),
    ("PUT /orgs/{}/labels/{}", 0b1),
    ("PUT /orgs/{}/optional_features", 0b1),
];

/// Every schema file: (path in the bundle, the releases that have this text, text).
const FILES: &[(&str, u64, &str)] = &[
    ("v2/labels_get.schema.json", 0b1, include_str!("../v2/labels_get.schema.json")),
    ("v2/labels_post.schema.json", 0b1, include_str!("../v2/labels_post.schema.json")),
    ("v2/labels_post_response.schema.json", 0b1, include_str!("../v2/labels_post_response.schema.json")),
    ("v2/labels_put.schema.json", 0b1, include_str!("../v2/labels_put.schema.json")),
    ("v2/optional_features_get.schema.json", 0b1, include_str!("../v2/optional_features_get.schema.json")),
    ("v2/optional_features_put.schema.json", 0b1, include_str!("../v2/optional_features_put.schema.json")),
    ("v2/services_get.schema.json", 0b1, include_str!("../v2/services_get.schema.json")),
    ("v2/services_post.schema.json", 0b1, include_str!("../v2/services_post.schema.json")),
];

/// The request properties each release added: (schema file, added, release index).
const PROPERTIES: &[(&str, &str, u8)] = &[
];

/// The request enum values (as JSON) each release added: (schema file, added, release index).
const VALUES: &[(&str, &str, u8)] = &[
];
