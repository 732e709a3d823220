//! Hash-consing: one shape per structure, found by a canonical text of its schema.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Kind, Lowerer, Shape, ShapeId, Use};
use crate::location::Location;

impl Lowerer<'_> {
    /// The shape with this structure, made if new; `uses` are added to it.
    pub(super) fn intern(
        &mut self,
        kind: Kind,
        schema: Value,
        uses: Vec<Use>,
        origin: Location,
    ) -> ShapeId {
        let key = format!("{kind:?}:{}", canonical(&schema));
        let id = match self.interned.get(&key) {
            Some(id) => *id,
            None => {
                let id = self.push(kind, schema, origin);
                self.interned.insert(key, id);
                id
            }
        };
        let shape = &mut self.out.shapes[id];
        shape.direction = shape.direction.join(self.direction);
        for new in uses {
            if self.recorded.insert((id, new.at.clone())) {
                self.out.shapes[id].uses.push(new);
            }
        }
        id
    }

    pub(super) fn push(&mut self, kind: Kind, schema: Value, origin: Location) -> ShapeId {
        self.out.shapes.push(Shape {
            kind,
            schema,
            uses: Vec::new(),
            named: Vec::new(),
            variants: Vec::new(),
            branches: Vec::new(),
            direction: self.direction,
            origin,
            doc: None,
            fields: BTreeMap::new(),
        });
        self.out.shapes.len() - 1
    }
}

/// A JSON text of `value` with object keys sorted, whatever the map's order.
fn canonical(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (index, (key, value)) in entries.into_iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(value, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_text_ignores_key_order() {
        let a: Value =
            serde_json::from_str(r#"{"b": 1, "a": [{"d": 2, "c": 3}]}"#).unwrap_or_default();
        assert_eq!(canonical(&a), r#"{"a":[{"c":3,"d":2}],"b":1}"#);
    }
}
