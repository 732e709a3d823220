//! Type names: the one place that decides what every generated type is called.
//!
//! The rules, the same in every release (so a name comes back in the next release as long as
//! its schema does), in the order they claim names:
//! 1. **Naming table.** A name the generator is given for a location (the release table's
//!    `FeatureToggle`) is that type's name, and, for a union branch, the branch's name.
//! 2. **Objects.** In a bundle with an `openapi.json`, the item of a collection is the
//!    collection's noun made singular (`GET /orgs/{org_id}/workloads` answers `Workload`s,
//!    `…/rule_sets/{id}/sec_rules` `SecRule`s), the body of a `POST` to it `New<Noun>`
//!    (`NewWorkload`) and the body of a `PUT` to one of its instances `<Noun>Update`
//!    (`WorkloadUpdate`): a PCE user's words, and the same in every release, as they come
//!    from the paths. Shorter paths claim first; a noun already taken gets the parent
//!    collection's noun before it (`RuleSetSecRule`). See [`objects`](crate::objects).
//! 3. **Files.** The root of `x_y.schema.json` is `XY`. Files claim their names in path
//!    order, `common/` files last; a file whose name is taken gets its folder as a prefix:
//!    `v2/labels` is `Labels`, `common/labels` is `CommonLabels`.
//! 4. **`$ref` targets inside a file** (`#/definitions/cluster`) are named by their last
//!    pointer token (`Cluster`), prefixed by their file's type name when that is taken
//!    (`HealthDefinitionsCluster`).
//! 5. **One shape, one type, for anonymous schemas.** Anonymous schemas with the same
//!    structure are one type (see [`lower`](crate::lower)), and one with the structure of a
//!    named schema is that named type: files outside the given folder (`common/`) first, then
//!    by path (`created_by: {"href"}` is `HrefObject`). Named schemas keep types of their
//!    own, even when two have the same structure; one that is nothing but a `$ref` to another
//!    is a type alias of it (`pub type ProductVersionGet = ProductVersion;`).
//! 6. **Shared anonymous shapes** take the name of the property that holds them when every use
//!    agrees on it (`ransomware` → `Ransomware`; not a word as general as `type` or
//!    `status`); else, for an object that requires properties, their names (`{"key",
//!    "value"}` required: `KeyValue`), `{"href"}` being a `Reference` (every reference between
//!    PCE objects is one), suffixed `Only` when no other property is allowed (`ReferenceOnly`); else
//!    the property that holds most of its uses (`created_by`, over `updated_by`: `CreatedBy`).
//!    No name depends on how many properties a shape has. A name already taken falls to
//!    rule 7.
//!    (An anonymous shape used once is named by rule 7; a release that uses it a second time
//!    names it by this rule, unless it requires properties.)
//! 7. **Position.** Anything else is named where it is first written: the name of the type it
//!    is in, then the property names down to it, array items taking the singular of their
//!    property (`UsersLoginGet` → `orgs[]` → `UsersLoginGetOrg`) or of the array type's name
//!    (`Labels` → `Label`), union branches taking their [variant name](crate::variants)
//!    (`LabelRestrictions` → `LabelRestrictionsAssignment`).
//!
//! A name that is still taken gets a number; numbers, `Item` for the items of an array whose
//! name has no plural to make singular, and branches named by position are the fall-backs the
//! generator counts ([`Naming::fallbacks`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::load::Loaded;
use crate::location::Location;
use crate::lower::{Kind, ShapeId, Shapes, Step};
use crate::objects::{collections, ObjectName};
use crate::settings::Settings;
use crate::variants::VariantName;
use crate::words::{file_type_name, pascal, singular, singular_name, typify_spelling};

/// A named schema that is only a `$ref` to another: a type alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Alias {
    /// The alias.
    pub name: String,
    /// The type it stands for.
    pub target: String,
    /// The schema it is the root of.
    pub origin: Location,
}

/// A named schema with the structure of another named schema: a type of its own with the
/// same definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Twin {
    /// Its name.
    pub name: String,
    /// The shape it has.
    pub shape: ShapeId,
    /// The schema it is the root of.
    pub origin: Location,
}

/// A name that fell back to a position, and by which construct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fallback {
    /// The name.
    pub name: String,
    /// `number`, `item` or `variant`.
    pub construct: &'static str,
}

/// Every name of a module.
#[derive(Debug, Default)]
pub(crate) struct Naming {
    /// Each emitted shape → its name.
    pub names: HashMap<ShapeId, String>,
    /// Each union shape → the names of its branches.
    pub variants: HashMap<ShapeId, Vec<String>>,
    /// Named schemas that are aliases of another type.
    pub aliases: Vec<Alias>,
    /// Named schemas with the structure of another named schema.
    pub twins: Vec<Twin>,
    /// Each named location and each anonymous use → the type name there.
    pub by_location: BTreeMap<Location, String>,
    /// Names that fell back to a position.
    pub fallbacks: Vec<Fallback>,
    /// Each collection's item and the body of its `PUT` (rule 2), where it has both.
    pub updates: Vec<(Location, Location)>,
}

/// Names every shape of `shapes`.
pub(crate) fn assign(shapes: &Shapes, loaded: &Loaded, settings: &Settings) -> Result<Naming> {
    let mut namer = Namer {
        shapes,
        taken: BTreeSet::new(),
        location_names: BTreeMap::new(),
        out: Naming::default(),
        in_progress: BTreeSet::new(),
    };
    namer.naming_table(loaded, settings)?;
    namer.objects(loaded);
    namer.named_locations();
    namer.canonical_names();
    namer.shared_names();
    let mut order: Vec<(Location, ShapeId)> = shapes
        .emitted()
        .map(|(id, shape)| {
            (
                shape
                    .uses
                    .first()
                    .map(|u| u.at.clone())
                    .unwrap_or_else(|| shape.origin.clone()),
                id,
            )
        })
        .collect();
    order.sort();
    for (_, id) in order {
        namer.name(id);
    }
    for (id, shape) in shapes.emitted() {
        if shape.kind == Kind::Union {
            let variants: Vec<String> = shape
                .variants
                .iter()
                .zip(&shape.branches)
                .map(|(v, at)| match namer.location_names.get(at) {
                    Some(table_name) => table_name.clone(),
                    None => namer.variant_word(v),
                })
                .collect();
            for (variant, word) in shape.variants.iter().zip(&variants) {
                if matches!(variant, VariantName::Position(_)) {
                    let name = format!(
                        "{}::{word}",
                        namer.out.names.get(&id).cloned().unwrap_or_default()
                    );
                    namer.fallback(&name, "variant");
                }
            }
            namer.out.variants.insert(id, variants);
        }
        for used in &shape.uses {
            let name = namer.out.names.get(&id).cloned().unwrap_or_default();
            namer.out.by_location.entry(used.at.clone()).or_insert(name);
        }
    }
    for (location, name) in &namer.location_names {
        namer.out.by_location.insert(location.clone(), name.clone());
    }
    Ok(namer.out)
}

struct Namer<'a> {
    shapes: &'a Shapes,
    /// Names handed out, as typify spells them (it would merge two that differ only in case).
    taken: BTreeSet<String>,
    /// Each named (or naming-table) location → its own name.
    location_names: BTreeMap<Location, String>,
    out: Naming,
    /// Shapes whose name is being decided, against runaway recursion.
    in_progress: BTreeSet<ShapeId>,
}

impl Namer<'_> {
    /// Takes `name` if it is free.
    fn claim(&mut self, name: &str) -> bool {
        self.taken.insert(typify_spelling(name))
    }

    /// Takes `name`, or the first free `name` + number (a fall-back).
    fn claim_numbered(&mut self, name: String) -> String {
        if self.claim(&name) {
            return name;
        }
        let numbered = (2..)
            .map(|n| format!("{name}{n}"))
            .find(|candidate| self.claim(candidate))
            .unwrap_or_default();
        self.fallback(&numbered, "number");
        numbered
    }

    fn fallback(&mut self, name: &str, construct: &'static str) {
        self.out.fallbacks.push(Fallback {
            name: name.to_owned(),
            construct,
        });
    }

    /// Rule 1.
    fn naming_table(&mut self, loaded: &Loaded, settings: &Settings) -> Result<()> {
        for ((file, pointer), name) in &settings.names {
            let location = Location {
                file: file.clone(),
                pointer: pointer.clone(),
            };
            let exists = loaded
                .files
                .get(file)
                .and_then(|v| v.pointer(pointer))
                .is_some();
            if !exists {
                return Err(Error::UnknownLocation {
                    file: file.clone(),
                    pointer: pointer.clone(),
                    what: format!("naming table entry {name}"),
                });
            }
            if !self.claim(name) {
                return Err(Error::DuplicateName {
                    file: file.clone(),
                    pointer: pointer.clone(),
                    name: name.clone(),
                });
            }
            self.location_names.insert(location.clone(), name.clone());
            let shape = self
                .shapes
                .named
                .get(&location)
                .map(|id| self.shapes.resolve(*id))
                .or_else(|| self.shapes.located.get(&location).copied());
            if let Some(id) = shape {
                self.out.names.entry(id).or_insert_with(|| name.clone());
            }
        }
        Ok(())
    }

    /// Rule 2: the objects of the bundle's `openapi.json`.
    fn objects(&mut self, loaded: &Loaded) {
        for collection in collections(&loaded.routes, &loaded.files) {
            if let (Some(item), Some(update)) = (&collection.item, &collection.update) {
                let pair = (item.location.clone(), update.location.clone());
                self.out.updates.push(pair);
            }
            for object in collection.names() {
                self.object(object.clone());
            }
        }
    }

    /// Names one location of rule 2, unless an earlier rule did.
    fn object(&mut self, object: ObjectName) {
        if self.location_names.contains_key(&object.location) {
            return;
        }
        let Some(id) = self
            .shapes
            .named
            .get(&object.location)
            .map(|id| self.shapes.resolve(*id))
            .or_else(|| self.shapes.located.get(&object.location).copied())
        else {
            return;
        };
        let name = if self.claim(&object.name) {
            object.name
        } else {
            match object.qualified {
                Some(qualified) if self.claim(&qualified) => qualified,
                qualified => self.claim_numbered(qualified.unwrap_or(object.name)),
            }
        };
        // An anonymous item names its shape, unless a named schema has that shape too
        // (rule 5 names it after that schema, and this location reads it by that name).
        if self.shapes.shapes[id].named.is_empty() {
            self.out.names.entry(id).or_insert_with(|| name.clone());
        }
        self.location_names.insert(object.location, name);
    }

    /// Rules 3 and 4: every named location's own name.
    fn named_locations(&mut self) {
        let mut files: Vec<&Location> = Vec::new();
        let mut inner: Vec<&Location> = Vec::new();
        for location in self.shapes.named.keys() {
            if self.location_names.contains_key(location) {
                continue;
            }
            if location.pointer.is_empty() {
                files.push(location);
            } else {
                inner.push(location);
            }
        }
        files.sort_by_key(|l| (folder_rank(l) == 0, l.file.clone()));
        for location in files {
            let stem = file_type_name(&location.file);
            let name = if self.claim(&stem) {
                stem
            } else {
                self.claim_numbered(format!("{}{stem}", folder_prefix(&location.file)))
            };
            self.location_names.insert(location.clone(), name);
        }
        for location in inner {
            let last = location.pointer.rsplit('/').next().unwrap_or_default();
            let own = pascal(&last.replace("~1", "/").replace("~0", "~"));
            let name = if self.claim(&own) {
                own
            } else {
                let file = self
                    .location_names
                    .get(&Location::root(location.file.clone()))
                    .cloned()
                    .unwrap_or_else(|| file_type_name(&location.file));
                self.claim_numbered(format!("{file}{own}"))
            };
            self.location_names.insert(location.clone(), name);
        }
    }

    /// Rule 5: a shape takes the name of its first named location; the other named locations
    /// are twins, and named locations that only refer to another are aliases.
    fn canonical_names(&mut self) {
        for (id, shape) in self.shapes.emitted() {
            let mut locations: Vec<&Location> = shape.named.iter().collect();
            if locations.is_empty() {
                continue;
            }
            locations.sort_by_key(|l| (folder_rank(l), (*l).clone()));
            let canonical = match self.out.names.get(&id) {
                Some(name) => name.clone(),
                None => {
                    let name = self
                        .location_names
                        .get(locations[0])
                        .cloned()
                        .unwrap_or_default();
                    self.out.names.insert(id, name.clone());
                    name
                }
            };
            for location in locations {
                let own = self
                    .location_names
                    .get(location)
                    .cloned()
                    .unwrap_or_default();
                if own != canonical {
                    self.out.twins.push(Twin {
                        name: own,
                        shape: id,
                        origin: location.clone(),
                    });
                }
            }
        }
        for (location, target) in &self.shapes.aliases {
            let name = self
                .location_names
                .get(location)
                .cloned()
                .unwrap_or_default();
            let target = self.location_names.get(target).cloned().unwrap_or_default();
            self.out.aliases.push(Alias {
                name,
                target,
                origin: location.clone(),
            });
        }
        self.out.aliases.sort_by(|a, b| a.name.cmp(&b.name));
    }

    /// Rule 6, for anonymous shapes used more than once.
    fn shared_names(&mut self) {
        let mut shared: Vec<(Location, ShapeId)> = self
            .shapes
            .emitted()
            .filter(|(id, shape)| shape.uses.len() > 1 && !self.out.names.contains_key(id))
            .map(|(id, shape)| (shape.uses[0].at.clone(), id))
            .collect();
        shared.sort();
        for (_, id) in shared {
            let shape = &self.shapes.shapes[id];
            let mut holders: BTreeMap<String, usize> = BTreeMap::new();
            for word in shape.uses.iter().filter_map(|u| holder(&u.path)) {
                if !GENERIC_HOLDERS.contains(&word.as_str()) {
                    *holders.entry(word).or_default() += 1;
                }
            }
            let unanimous = match holders.iter().next() {
                Some((word, count)) if holders.len() == 1 && *count == shape.uses.len() => {
                    Some(pascal(word))
                }
                _ => None,
            };
            // The most uses, then the first in alphabetical order.
            let most = holders
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(word, _)| pascal(word));
            let candidates = [unanimous, content_name(shape.kind, &shape.schema), most];
            for candidate in candidates.into_iter().flatten() {
                if self.claim(&candidate) {
                    self.out.names.insert(id, candidate);
                    break;
                }
            }
        }
    }

    /// The name of shape `id`, decided by rule 7 if no earlier rule did.
    fn name(&mut self, id: ShapeId) -> String {
        if let Some(name) = self.out.names.get(&id) {
            return name.clone();
        }
        let shape = &self.shapes.shapes[id];
        let Some(first) = shape.uses.first().cloned() else {
            let name = self.claim_numbered(file_type_name(&shape.origin.file));
            self.out.names.insert(id, name.clone());
            return name;
        };
        if !self.in_progress.insert(id) {
            return file_type_name(&first.at.file);
        }
        let owner = self.owner_name(&first.owner);
        let (positional, item_fallback) = self.positional(&owner, &first.path);
        let name = self.claim_numbered(positional);
        if item_fallback {
            self.fallback(&name, "item");
        }
        self.in_progress.remove(&id);
        self.out.names.insert(id, name.clone());
        name
    }

    /// The name of the type whose schema is written at `owner`.
    fn owner_name(&mut self, owner: &Location) -> String {
        if let Some(name) = self.location_names.get(owner) {
            return name.clone();
        }
        match self.shapes.located.get(owner) {
            Some(id) => self.name(*id),
            None => file_type_name(&owner.file),
        }
    }

    /// `owner` followed by the steps of `path`; whether an `Item` had to be appended.
    fn positional(&mut self, owner: &str, path: &[Step]) -> (String, bool) {
        let mut parts: Vec<String> = vec![owner.to_owned()];
        let mut last_property: Option<&str> = None;
        let mut item_fallback = false;
        let mut previous: Option<&Step> = None;
        for step in path {
            let property = last_property.take();
            match step {
                Step::Property(name) => {
                    parts.push(pascal(name));
                    last_property = Some(name);
                }
                Step::Items if matches!(previous, Some(Step::Items)) => {}
                Step::Items => match property {
                    Some(name) if singular(name) != name => {
                        parts.pop();
                        parts.push(pascal(&singular(name)));
                    }
                    None if parts.len() == 1 => match singular_name(owner) {
                        Some(single) => parts = vec![single],
                        None => {
                            parts.push("Item".to_owned());
                            item_fallback = true;
                        }
                    },
                    _ => {
                        parts.push("Item".to_owned());
                        item_fallback = true;
                    }
                },
                Step::Values => parts.push("Value".to_owned()),
                Step::Variant(variant) => parts.push(self.variant_word(variant)),
            }
            previous = Some(step);
        }
        (parts.concat(), item_fallback)
    }

    /// The name of a union branch.
    fn variant_word(&self, variant: &VariantName) -> String {
        match variant {
            VariantName::Word(word) => word.clone(),
            VariantName::Ref(location) => self
                .location_names
                .get(location)
                .cloned()
                .unwrap_or_else(|| file_type_name(&location.file)),
            VariantName::Position(index) => format!("Variant{index}"),
        }
    }
}

/// Property names that say nothing of what they hold: a shape they all hold is not named
/// after them (`Type` would be the type of a dozen unrelated `type` properties, and which one
/// depends on how many schemas share the shape in a release).
const GENERIC_HOLDERS: [&str; 8] = [
    "data", "kind", "mode", "name", "state", "status", "type", "value",
];

/// The property a use sits under, singular for array items.
fn holder(path: &[Step]) -> Option<String> {
    match path {
        [.., Step::Property(name)] => Some(name.clone()),
        [.., Step::Property(name), Step::Items] => Some(singular(name)),
        _ => None,
    }
}

/// Rule 6's name from a shape's content: the properties it requires, in the order the schema
/// lists them (`{"href"}` alone is a `Reference`: every reference between PCE objects is one);
/// `Only` after them when it is closed. How many properties it has, or which optional ones,
/// never changes the name.
fn content_name(kind: Kind, schema: &Value) -> Option<String> {
    if kind != Kind::Struct {
        return None;
    }
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let words = match required.as_slice() {
        [] => return None,
        ["href"] => "Reference".to_owned(),
        words => words.iter().map(|w| pascal(w)).collect(),
    };
    let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
    Some(format!("{words}{}", if closed { "Only" } else { "" }))
}

/// Files of a `common/` folder rank first for rule 5 (and after the others for rule 3).
fn folder_rank(location: &Location) -> u8 {
    let folder = location.file.parent().and_then(Path::file_name);
    u8::from(folder.is_none_or(|f| f != "common"))
}

/// `common/x.schema.json` → `Common`, used to tell apart files of the same name.
fn folder_prefix(file: &Path) -> String {
    let folder = file
        .parent()
        .and_then(Path::file_name)
        .map(|n| n.to_string_lossy());
    pascal(folder.as_deref().unwrap_or("Root"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn small_shared_objects_are_named_by_what_they_require() {
        let closed = json!({"properties": {"href": {}}, "required": ["href"], "additionalProperties": false});
        assert_eq!(
            content_name(Kind::Struct, &closed).as_deref(),
            Some("ReferenceOnly")
        );
        let grown = json!({"properties": {"href": {}, "name": {}, "value": {}}, "required": ["href"], "additionalProperties": false});
        assert_eq!(
            content_name(Kind::Struct, &grown).as_deref(),
            Some("ReferenceOnly")
        );
        let pair = json!({"properties": {"key": {}, "value": {}, "href": {}}, "required": ["key", "value"]});
        assert_eq!(
            content_name(Kind::Struct, &pair).as_deref(),
            Some("KeyValue")
        );
        let open = json!({"properties": {"href": {}, "name": {}}, "required": [], "additionalProperties": {}});
        assert_eq!(content_name(Kind::Struct, &open), None);
        assert_eq!(content_name(Kind::Enum, &json!({"enum": ["a"]})), None);
    }

    #[test]
    fn the_holding_property_of_a_use_is_singular_for_items() {
        let items = [Step::Property("labels".to_owned()), Step::Items];
        assert_eq!(holder(&items).as_deref(), Some("label"));
        assert_eq!(
            holder(&[Step::Property("owner".to_owned())]).as_deref(),
            Some("owner")
        );
        assert_eq!(holder(&[Step::Items]), None);
    }
}
