//! JSON objects as rows, for `--format csv|table`: the columns are the objects' properties,
//! `href` first and the others in the order they first appear (each object's by name); a cell is a string as it is, a number or boolean as JSON,
//! `null` empty, an object with an `href` its href, and anything else its compact JSON.

use serde_json::Value;

use crate::args::ListFormat;
use crate::exit::Error;
use crate::printable::field;

/// The rows of `json`: each object of an array (a single object is one row; anything else
/// one row of one `value` column).
fn rows(json: &Value) -> (Vec<String>, Vec<Vec<String>>) {
    let objects: Vec<&Value> = match json {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut columns: Vec<String> = Vec::new();
    for object in &objects {
        match object {
            Value::Object(map) => {
                for key in map.keys() {
                    if !columns.contains(key) {
                        columns.push(key.clone());
                    }
                }
            }
            _ if !columns.iter().any(|c| c == "value") => columns.push("value".to_owned()),
            _ => {}
        }
    }
    if let Some(at) = columns.iter().position(|c| c == "href") {
        let href = columns.remove(at);
        columns.insert(0, href);
    }
    let rows = objects
        .iter()
        .map(|object| {
            columns
                .iter()
                .map(|column| match object {
                    Value::Object(map) => map.get(column).map_or(String::new(), cell),
                    other if column == "value" => cell(other),
                    _ => String::new(),
                })
                .collect()
        })
        .collect();
    (columns, rows)
}

/// One cell.
fn cell(value: &Value) -> String {
    let text = match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        Value::Object(map) => match map.get("href").and_then(Value::as_str) {
            Some(href) => href.to_owned(),
            None => value.to_string(),
        },
        other => other.to_string(),
    };
    field(&text)
}

/// `json` printed as `format` asks: indented JSON, CSV or a table.
pub fn formatted(json: &Value, format: ListFormat) -> Result<String, Error> {
    match format {
        ListFormat::Json => {
            let mut text = serde_json::to_string_pretty(json).unwrap_or_else(|_| json.to_string());
            text.push('\n');
            Ok(text)
        }
        ListFormat::Csv => csv(json),
        ListFormat::Table => Ok(table(json)),
    }
}

/// `json` as CSV with a header row.
pub fn csv(json: &Value) -> Result<String, Error> {
    let (columns, rows) = rows(json);
    let mut writer = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| Error::usage(format!("cannot write CSV: {e}"));
    writer.write_record(&columns).map_err(fail)?;
    for row in rows {
        writer.write_record(&row).map_err(fail)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| Error::usage(format!("cannot write CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `json` as a table of columns aligned with spaces, a header line first.
pub fn table(json: &Value) -> String {
    let (columns, rows) = rows(json);
    let width = |i: usize| {
        rows.iter()
            .map(|row| row[i].chars().count())
            .chain([columns[i].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..columns.len()).map(width).collect();
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    let mut out = line(&columns.iter().map(|c| c.to_uppercase()).collect::<Vec<_>>());
    for row in &rows {
        out.push_str(&line(row));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn objects_become_rows_with_references_as_hrefs() {
        let labels = json!([
            {"href": "/orgs/1/labels/1", "key": "role", "value": "web", "created_by": {"href": "/users/1"}},
            {"href": "/orgs/1/labels/2", "key": "env", "value": "a, \"b\"", "extra": [1, 2], "deleted": null}
        ]);
        assert_eq!(
            csv(&labels).expect("CSV"),
            "href,created_by,key,value,deleted,extra\n\
             /orgs/1/labels/1,/users/1,role,web,,\n\
             /orgs/1/labels/2,,env,\"a, \"\"b\"\"\",,\"[1,2]\"\n"
        );
        assert_eq!(
            table(&labels),
            "HREF              CREATED_BY  KEY   VALUE   DELETED  EXTRA\n\
             /orgs/1/labels/1  /users/1    role  web\n\
             /orgs/1/labels/2              env   a, \"b\"           [1,2]\n"
        );
    }
}
