//! Spelling: Pascal-case identifiers from schema words, singulars, and how typify re-cases a
//! name.

use std::path::Path;

use heck::ToUpperCamelCase;

/// `x_y_get.schema.json` → `XYGet`.
pub(crate) fn file_type_name(file: &Path) -> String {
    let stem = file
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let stem = stem.trim_end_matches(".json").trim_end_matches(".schema");
    pascal(stem)
}

/// A Pascal-case identifier that is valid Rust (a leading digit gets a `T` prefix).
pub(crate) fn pascal(word: &str) -> String {
    let name = word.to_upper_camel_case();
    match name.chars().next() {
        None => "Unnamed".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("T{name}"),
        Some(_) if name == "Self" => "SelfType".to_owned(),
        Some(_) => name,
    }
}

/// How typify spells a type name it is given: re-cased, so `XYGet` becomes `XyGet`.
pub(crate) fn typify_spelling(name: &str) -> String {
    name.to_upper_camel_case()
}

/// English singular of a word, for the common plural spellings only.
pub(crate) fn singular(word: &str) -> String {
    if word.len() <= 3 || word.ends_with("series") {
        word.to_owned()
    } else if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with("ss") || word.ends_with("us") || !word.ends_with('s') {
        word.to_owned()
    } else if let Some(stem) = word
        .strip_suffix("es")
        .filter(|s| s.ends_with("ss") || s.ends_with('x') || s.ends_with("ch"))
    {
        stem.to_owned()
    } else {
        word[..word.len() - 1].to_owned()
    }
}

/// Words that end a schema's name by saying which request or response it is.
const DIRECTION_WORDS: [&str; 5] = ["Get", "Put", "Post", "Delete", "Response"];

/// A Pascal-case name with its last word before any direction words (`Get`, `Post`,
/// `Response`, …) made singular, when that word is a plural: `OptionalFeatures` →
/// `OptionalFeature`, `ServiceBindingsGet` → `ServiceBindingGet`; `None` when it is not.
pub(crate) fn singular_name(name: &str) -> Option<String> {
    let starts: Vec<usize> = name
        .char_indices()
        .filter(|(_, c)| c.is_ascii_uppercase())
        .map(|(i, _)| i)
        .collect();
    let words: Vec<&str> = starts
        .iter()
        .enumerate()
        .map(|(n, start)| &name[*start..starts.get(n + 1).copied().unwrap_or(name.len())])
        .collect();
    let keep = words.iter().rposition(|w| !DIRECTION_WORDS.contains(w))?;
    let word = words[keep].to_ascii_lowercase();
    let single = singular(&word);
    (single != word).then(|| {
        let mut out: String = words[..keep].concat();
        out.push_str(&pascal(&single));
        out.push_str(&words[keep + 1..].concat());
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_become_pascal_case() {
        assert_eq!(
            file_type_name(Path::new("v2/optional_features_get.schema.json")),
            "OptionalFeaturesGet"
        );
        assert_eq!(
            file_type_name(Path::new("common/ipv4_ipv6_subnet.schema.json")),
            "Ipv4Ipv6Subnet"
        );
        assert_eq!(
            file_type_name(Path::new("fragments/x.rule_types.json")),
            "XRuleTypes"
        );
        assert_eq!(pascal("2fa"), "T2fa");
        assert_eq!(pascal("self"), "SelfType");
    }

    #[test]
    fn plurals_become_singular() {
        let cases = [
            ("orgs", "org"),
            ("policies", "policy"),
            ("addresses", "address"),
            ("services", "service"),
            ("matches", "match"),
            ("status", "status"),
            ("os", "os"),
            ("access", "access"),
            ("time_series", "time_series"),
        ];
        for (plural, one) in cases {
            assert_eq!(singular(plural), one, "{plural}");
        }
        assert_eq!(
            singular_name("OptionalFeatures").as_deref(),
            Some("OptionalFeature")
        );
        assert_eq!(singular_name("Labels").as_deref(), Some("Label"));
        assert_eq!(singular_name("HealthGet"), None);
        assert_eq!(
            singular_name("ServiceBindingsGet").as_deref(),
            Some("ServiceBindingGet")
        );
        assert_eq!(
            singular_name("VensStatisticsPostResponse").as_deref(),
            Some("VensStatisticPostResponse")
        );
    }
}
