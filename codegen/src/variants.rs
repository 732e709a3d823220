//! What the branches of a `oneOf`/`anyOf` are called, from what the schema offers.
//!
//! The first of these rules that names every branch apart names them all:
//! 1. the type of the `$ref` each is (`TrafficFlowsLabelParam`);
//! 2. their `title`s;
//! 3. the first property each requires that no other branch requires (`label_restrictions`:
//!    `Assignment`, `Restriction`; `created_by`: `User`, `Agent`, `System`);
//! 4. the first value of a property whose `enum`s tell the branches apart
//!    (`nfc_dvs_service_checks`' `protocol`: `Tcp` for `tcp`/`udp`, `Icmp`);
//! 5. the first property, or property of a property, that only it has, after `With`
//!    (`label_mapping_rule_label_assignments`: `WithLabelKey`, `WithLabelHref`);
//! 6. their JSON types (`Integer`, `String`, `Object`), or the first value of an enum
//!    (`Unlimited`).
//!
//! When none does, each branch takes the first rule that names it apart (`Object` aside, which
//! says little beside other objects), and the one branch left, if any, is `Other`; a branch still unnamed keeps its position
//! ([`VariantName::Position`]), which the generator counts. Enum values name a branch by
//! their first one only, so that a release adding values keeps the name. A branch whose
//! `$ref` names a missing file is named after that file.

use std::collections::BTreeSet;

use heck::ToUpperCamelCase;
use serde_json::Value;

use crate::keywords::strings;
use crate::location::Location;
use crate::merge::{Branch, Deref};

/// The name of one branch.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum VariantName {
    /// The name of the type of the named location the branch refers to.
    Ref(Location),
    /// A name of its own, Pascal-case.
    Word(String),
    /// Its position, counting from 1, when nothing else names it apart.
    Position(usize),
}

/// The names of `branches`, in order.
pub(crate) fn variant_names(branches: &[Branch], deref: &mut dyn Deref) -> Vec<VariantName> {
    let facts: Vec<Facts> = branches.iter().map(|b| Facts::of(b, deref)).collect();
    let by_rule: Vec<Vec<Option<VariantName>>> = vec![
        facts.iter().map(|f| f.reference.clone()).collect(),
        facts
            .iter()
            .map(|f| f.title.clone().map(VariantName::Word))
            .collect(),
        unique_required(&facts),
        discriminating_enum(&facts),
        unique_paths(&facts),
        facts
            .iter()
            .map(|f| f.json_type.clone().map(VariantName::Word))
            .collect(),
    ];
    if let Some(names) = by_rule.iter().find_map(|names| complete(names)) {
        return names;
    }
    let object = VariantName::Word("Object".to_owned());
    let mut names: Vec<Option<VariantName>> = vec![None; branches.len()];
    for candidates in &by_rule {
        let candidates: Vec<Option<VariantName>> = candidates
            .iter()
            .map(|c| c.clone().filter(|c| *c != object))
            .collect();
        for (index, candidate) in candidates.iter().enumerate() {
            let Some(candidate) = candidate else { continue };
            if names[index].is_some() {
                continue;
            }
            let clashes = candidates.iter().enumerate().any(|(other, c)| {
                other != index && c.as_ref() == Some(candidate) && names[other].is_none()
            }) || names.iter().any(|n| n.as_ref() == Some(candidate));
            if !clashes {
                names[index] = Some(candidate.clone());
            }
        }
    }
    let other = VariantName::Word("Other".to_owned());
    if names.iter().filter(|n| n.is_none()).count() == 1
        && names.len() > 1
        && !names.contains(&Some(other.clone()))
    {
        if let Some(unnamed) = names.iter_mut().find(|n| n.is_none()) {
            *unnamed = Some(other);
        }
    }
    names
        .into_iter()
        .enumerate()
        .map(|(index, name)| name.unwrap_or(VariantName::Position(index + 1)))
        .collect()
}

/// The names of a rule when it names every branch, each apart.
fn complete(candidates: &[Option<VariantName>]) -> Option<Vec<VariantName>> {
    let names: Vec<VariantName> = candidates.iter().cloned().collect::<Option<_>>()?;
    let distinct: BTreeSet<String> = names.iter().map(|n| format!("{n:?}")).collect();
    (distinct.len() == names.len()).then_some(names)
}

/// What tells one branch apart.
struct Facts {
    reference: Option<VariantName>,
    title: Option<String>,
    required: Vec<String>,
    /// Its properties and their properties, as `[name]` and `[name, inner]` paths.
    paths: Vec<Vec<String>>,
    /// Property → its enum values, for the properties that have one.
    enums: Vec<(String, Vec<Value>)>,
    json_type: Option<String>,
}

impl Facts {
    fn of(branch: &Branch, deref: &mut dyn Deref) -> Self {
        let schema = &branch.schema;
        let reference =
            schema
                .get("$ref")
                .and_then(Value::as_str)
                .map(|r| match deref.target(&branch.at, r) {
                    Some((at, _)) => VariantName::Ref(at),
                    None => {
                        let file = r.split('#').next().unwrap_or_default();
                        VariantName::Word(crate::words::file_type_name(std::path::Path::new(file)))
                    }
                });
        let title = schema.get("title").and_then(Value::as_str).map(pascal);
        let required: Vec<String> = strings(schema, "required");
        let mut enums = Vec::new();
        let mut paths = Vec::new();
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in properties {
                let property = match property.get("$ref").and_then(Value::as_str) {
                    Some(r) => deref
                        .target(&branch.at.child(&["properties", name]), r)
                        .map(|(_, v)| v)
                        .unwrap_or_default(),
                    None => property.clone(),
                };
                if let Some(values) = property.get("enum").and_then(Value::as_array) {
                    enums.push((name.clone(), values.clone()));
                }
                paths.push(vec![name.clone()]);
                if let Some(inner) = property.get("properties").and_then(Value::as_object) {
                    paths.extend(inner.keys().map(|k| vec![name.clone(), k.clone()]));
                }
            }
        }
        Self {
            reference,
            title,
            required,
            paths,
            enums,
            json_type: json_type(schema),
        }
    }
}

/// Rule 4: a property every branch gives an enum, the enums pairwise disjoint, named by
/// their first values.
fn discriminating_enum(facts: &[Facts]) -> Vec<Option<VariantName>> {
    let none = vec![None; facts.len()];
    let Some(first) = facts.first() else {
        return none;
    };
    for (property, _) in &first.enums {
        let sets: Option<Vec<&Vec<Value>>> = facts
            .iter()
            .map(|f| f.enums.iter().find(|(p, _)| p == property).map(|(_, v)| v))
            .collect();
        let Some(sets) = sets else { continue };
        let mut seen = BTreeSet::new();
        let disjoint = sets
            .iter()
            .all(|set| set.iter().all(|value| seen.insert(value.to_string())));
        if disjoint && sets.iter().all(|s| !s.is_empty()) {
            return sets
                .iter()
                .map(|s| value_name(&s[0]).map(VariantName::Word))
                .collect();
        }
    }
    none
}

/// Rule 3: the first required property no other branch requires.
fn unique_required(facts: &[Facts]) -> Vec<Option<VariantName>> {
    facts
        .iter()
        .enumerate()
        .map(|(index, f)| {
            f.required
                .iter()
                .find(|name| {
                    facts
                        .iter()
                        .enumerate()
                        .all(|(other, o)| other == index || !o.required.contains(name))
                })
                .map(|name| VariantName::Word(pascal(name)))
        })
        .collect()
}

/// Rule 5: the first property path no other branch has.
fn unique_paths(facts: &[Facts]) -> Vec<Option<VariantName>> {
    facts
        .iter()
        .enumerate()
        .map(|(index, f)| {
            f.paths
                .iter()
                .find(|path| {
                    facts
                        .iter()
                        .enumerate()
                        .all(|(other, o)| other == index || !o.paths.contains(path))
                })
                .map(|path| {
                    let words: String = path.iter().map(|p| pascal(p)).collect();
                    VariantName::Word(format!("With{words}"))
                })
        })
        .collect()
}

/// Rule 6: the branch's JSON type, or the first value of its enum.
fn json_type(schema: &Value) -> Option<String> {
    if let Some(first) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|v| v.first())
    {
        return value_name(first);
    }
    let type_name = match schema.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => {
            let named: Vec<&str> = ts
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| *t != "null")
                .collect();
            match named.as_slice() {
                [one] => (*one).to_owned(),
                _ => return None,
            }
        }
        _ if schema.get("properties").is_some() => "object".to_owned(),
        _ => return None,
    };
    Some(pascal(&type_name))
}

/// An enum value as a name: `per_rule_flow_log_setting` → `PerRuleFlowLogSetting`.
fn value_name(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(pascal(s)),
        Value::String(_) => Some("Empty".to_owned()),
        Value::Bool(b) => Some(pascal(&b.to_string())),
        Value::Number(n) => Some(format!("N{}", n.to_string().replace(['-', '.'], "_"))),
        _ => None,
    }
}

fn pascal(word: &str) -> String {
    crate::words::pascal(&word.to_upper_camel_case())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct NoRefs;

    impl Deref for NoRefs {
        fn target(&mut self, _: &Location, reference: &str) -> Option<(Location, Value)> {
            Some((Location::root(reference), json!({})))
        }
    }

    fn names(schemas: Vec<Value>) -> Vec<VariantName> {
        let branches: Vec<Branch> = schemas
            .into_iter()
            .enumerate()
            .map(|(i, schema)| Branch {
                at: Location::root("x.json").child(&["oneOf", &i.to_string()]),
                schema,
                null: false,
            })
            .collect();
        variant_names(&branches, &mut NoRefs)
    }

    fn word(w: &str) -> VariantName {
        VariantName::Word(w.to_owned())
    }

    #[test]
    fn refs_and_titles_name_their_branch() {
        assert_eq!(
            names(vec![
                json!({"$ref": "a.json"}),
                json!({"title": "by name", "type": "object"})
            ]),
            [VariantName::Ref(Location::root("a.json")), word("ByName")]
        );
    }

    #[test]
    fn disjoint_enums_then_unique_required_properties_tell_branches_apart() {
        assert_eq!(
            names(vec![
                json!({"required": ["protocol", "port"], "properties": {"protocol": {"enum": ["tcp", "udp"]}}}),
                json!({"required": ["protocol"], "properties": {"protocol": {"enum": ["icmp"]}}})
            ]),
            [word("Tcp"), word("Icmp")]
        );
        assert_eq!(
            names(vec![
                json!({"required": ["key", "assignment"]}),
                json!({"required": ["key", "restriction"]})
            ]),
            [word("Assignment"), word("Restriction")]
        );
    }

    #[test]
    fn primitive_branches_are_named_by_type_or_value() {
        assert_eq!(
            names(vec![
                json!({"type": "integer", "minimum": 1}),
                json!({"type": "string", "enum": ["unlimited"]})
            ]),
            [word("Integer"), word("Unlimited")]
        );
    }

    #[test]
    fn branches_nothing_tells_apart_keep_their_position() {
        assert_eq!(
            names(vec![
                json!({"type": "object"}),
                json!({"type": "object"}),
                json!({"type": "string"})
            ]),
            [
                VariantName::Position(1),
                VariantName::Position(2),
                word("String")
            ]
        );
        assert_eq!(
            names(vec![json!({"type": "object"}), json!({"type": "array"})]),
            [word("Object"), word("Array")]
        );
    }

    #[test]
    fn properties_only_one_branch_has_name_it_and_the_last_one_is_other() {
        assert_eq!(
            names(vec![
                json!({"required": ["label"], "properties": {"label": {"properties": {"key": {}, "value": {}}}}}),
                json!({"required": ["label"], "properties": {"label": {"properties": {"href": {}}}}})
            ]),
            [word("WithLabelKey"), word("WithLabelHref")]
        );
        assert_eq!(
            names(vec![
                json!({"required": ["name"], "properties": {"name": {"enum": ["a", "b"]}}}),
                json!({"required": ["name"], "properties": {"name": {"enum": ["b", "c"]}, "key": {}}})
            ]),
            [word("Other"), word("WithKey")]
        );
    }

    #[test]
    fn enums_name_branches_by_their_first_value_so_added_values_keep_the_name() {
        let branches = |first: Vec<&str>| {
            names(vec![
                json!({"required": ["name"], "properties": {"name": {"enum": first}}}),
                json!({"required": ["name"], "properties": {"name": {"enum": ["editable_dns_client_rule"]}, "key": {}}}),
            ])
        };
        let before = branches(vec!["ip_forwarding_firewall_setting", "ui_analytics"]);
        let after = branches(vec![
            "ip_forwarding_firewall_setting",
            "ui_analytics",
            "core_insights",
        ]);
        assert_eq!(
            before,
            [
                word("IpForwardingFirewallSetting"),
                word("EditableDnsClientRule")
            ]
        );
        assert_eq!(before, after);
    }
}
