//! The shape check: a JSON value against the JSON Schema of its data type
//! (generated from the Rust types by schemars, so the two cannot drift),
//! reporting every problem of a file at once, in the user's words, at its
//! JSON path. Typed values (dates, times, languages, text, markup) are
//! checked by their own parsers through their schema `format`
//! (`values::check_format`).
//!
//! The schemas use a small part of JSON Schema — objects with
//! `properties`/`required`/`additionalProperties`, arrays with `items` and
//! lengths, strings with `format`, integers, `enum`/`const`, `$ref`, and
//! `anyOf`/`oneOf` for optional values and tagged variants — and this walks
//! that part. After it passes, serde builds the typed value.

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::values;
use schemars::JsonSchema;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

/// The JSON Schema of `T`, made once per type and kept for the process
/// (a handful of small values).
pub fn schema_of<T: JsonSchema>() -> &'static Value {
    static CACHE: OnceLock<Mutex<HashMap<String, &'static Value>>> = OnceLock::new();
    let key = T::schema_id().into_owned();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    cache
        .entry(key)
        .or_insert_with(|| Box::leak(Box::new(schemars::schema_for!(T).to_value())))
}

/// Every problem of `value` against `schema`, as errors in `file`.
pub fn check(file: &Path, schema: &Value, value: &Value, diags: &mut Vec<Diagnostic>) {
    let mut c = Checker {
        file,
        root: schema,
        diags,
    };
    c.check(schema, value, &mut String::new());
}

struct Checker<'a, 'd> {
    file: &'a Path,
    root: &'a Value,
    diags: &'d mut Vec<Diagnostic>,
}

/// What a JSON value is, in words.
fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(n) if n.is_u64() || n.is_i64() => "a number",
        Value::Number(_) => "a number with a fraction",
        Value::String(_) => "text",
        Value::Array(_) => "a list [...]",
        Value::Object(_) => "an object {...}",
    }
}

fn expected(t: &str) -> &'static str {
    match t {
        "string" => "text in double quotes",
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "true or false",
        "array" => "a list [...]",
        "object" => "an object {...}",
        "null" => "null",
        _ => "another kind of value",
    }
}

fn type_matches(t: &str, v: &Value) -> bool {
    match t {
        "string" => v.is_string(),
        "integer" => v.is_u64() || v.is_i64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        "null" => v.is_null(),
        _ => true,
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl<'a> Checker<'a, '_> {
    fn error(&mut self, path: &str, message: impl Into<String>, help: Option<String>) {
        let mut d = Diagnostic::error(self.file, path, message);
        d.help = help;
        self.diags.push(d);
    }

    /// `schema` with a `$ref` followed.
    fn resolve(&self, schema: &'a Value) -> &'a Value {
        let mut s = schema;
        for _ in 0..32 {
            match s.get("$ref").and_then(Value::as_str) {
                Some(r) => {
                    let Some(name) = r.strip_prefix("#/$defs/") else {
                        return s;
                    };
                    match self.root.get("$defs").and_then(|d| d.get(name)) {
                        Some(t) => s = t,
                        None => return s,
                    }
                }
                None => return s,
            }
        }
        s
    }

    fn check(&mut self, schema: &'a Value, value: &Value, path: &mut String) {
        let schema = self.resolve(schema);
        if let Some(branches) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Value::as_array)
        {
            self.check_branches(schema, branches, value, path);
            return;
        }
        if let Some(c) = schema.get("const") {
            if c != value {
                self.error(path, format!("{value} where {c} is expected"), None);
            }
            return;
        }
        if let Some(options) = schema.get("enum").and_then(Value::as_array) {
            self.check_enum(options, value, path);
            return;
        }
        // The type (a list of types for an optional value).
        let types: Vec<&str> = match schema.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        if !types.is_empty() && !types.iter().any(|t| type_matches(t, value)) {
            let want: Vec<&str> = types
                .iter()
                .filter(|t| **t != "null")
                .map(|t| expected(t))
                .collect();
            self.error(
                path,
                format!("{} where {} is expected", kind_of(value), want.join(" or ")),
                describe(schema),
            );
            return;
        }
        match value {
            Value::Object(map) => self.check_object(schema, map, path),
            Value::Array(items) => self.check_array(schema, items, path),
            Value::String(s) => {
                if let Some(format) = schema.get("format").and_then(Value::as_str)
                    && let Err(e) = values::check_format(format, s)
                {
                    self.error(path, e.message, e.help);
                }
            }
            Value::Number(n) => {
                if let Some(min) = schema.get("minimum").and_then(Value::as_f64)
                    && n.as_f64().is_some_and(|x| x < min)
                {
                    self.error(path, format!("{n} is less than {min}"), describe(schema));
                } else if schema.get("format").and_then(Value::as_str) == Some("uint32")
                    && n.as_u64().is_none_or(|x| x > u64::from(u32::MAX))
                {
                    self.error(path, format!("{n} is not a whole number from 0 up"), None);
                }
            }
            _ => {}
        }
    }

    fn check_enum(&mut self, options: &[Value], value: &Value, path: &str) {
        if options.contains(value) {
            return;
        }
        let names: Vec<&str> = options.iter().filter_map(Value::as_str).collect();
        let shown = match value {
            Value::String(s) => format!("\"{s}\""),
            other => other.to_string(),
        };
        let help = match value.as_str().and_then(|s| did_you_mean(s, &names)) {
            Some(s) => format!("did you mean \"{s}\"? (one of: {})", names.join(", ")),
            None => format!("write one of: {}", names.join(", ")),
        };
        self.error(
            path,
            format!("{shown} is not one of the values allowed here"),
            Some(help),
        );
    }

    fn check_branches(
        &mut self,
        schema: &'a Value,
        branches: &'a [Value],
        value: &Value,
        path: &mut String,
    ) {
        let branches: Vec<&'a Value> = branches.iter().map(|b| self.resolve(b)).collect();
        // An optional value: null, or the other branch.
        let non_null: Vec<&'a Value> = branches
            .iter()
            .copied()
            .filter(|b| b.get("type").and_then(Value::as_str) != Some("null"))
            .collect();
        if non_null.len() < branches.len() {
            if value.is_null() {
                return;
            }
            if let [one] = non_null.as_slice() {
                self.check(one, value, path);
                return;
            }
        }
        // A unit enum whose values have descriptions: one const per branch.
        let consts: Vec<Value> = non_null
            .iter()
            .filter_map(|b| b.get("const").cloned())
            .collect();
        if consts.len() == non_null.len() && !consts.is_empty() {
            self.check_enum(&consts, value, path);
            return;
        }
        // Tagged variants: each branch fixes a property to a constant.
        if let Some(tag) = tag_of(&non_null) {
            let Some(map) = value.as_object() else {
                self.error(
                    path,
                    format!("{} where an object {{...}} is expected", kind_of(value)),
                    describe(schema),
                );
                return;
            };
            let tags: Vec<&str> = non_null
                .iter()
                .filter_map(|b| b["properties"][&tag]["const"].as_str())
                .collect();
            match map.get(&tag) {
                None => self.error(
                    path,
                    format!("missing field \"{tag}\""),
                    Some(format!("add \"{tag}\": one of {}", tags.join(", "))),
                ),
                Some(v) => match non_null
                    .iter()
                    .find(|b| b["properties"][&tag]["const"] == *v)
                {
                    Some(b) => self.check(b, value, path),
                    None => {
                        let at = join(path, &tag);
                        self.check_enum(
                            &tags.iter().map(|t| Value::from(*t)).collect::<Vec<_>>(),
                            v,
                            &at,
                        );
                    }
                },
            }
            return;
        }
        // Otherwise: the first branch that fits, else the errors of the first.
        let mut first_errors = None;
        for b in &non_null {
            let mut errors = Vec::new();
            let mut c = Checker {
                file: self.file,
                root: self.root,
                diags: &mut errors,
            };
            c.check(b, value, path);
            if errors.is_empty() {
                return;
            }
            first_errors.get_or_insert(errors);
        }
        self.diags.extend(first_errors.unwrap_or_default());
    }

    fn check_object(&mut self, schema: &'a Value, map: &Map<String, Value>, path: &mut String) {
        static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);
        let props: &'a Map<String, Value> = schema
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&EMPTY);
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !map.contains_key(name) {
                let help = props.get(name).and_then(|p| describe(self.resolve(p)));
                self.error(
                    path,
                    format!("missing field \"{name}\""),
                    Some(match help {
                        Some(h) => format!("add \"{name}\": {h}"),
                        None => format!("add \"{name}\""),
                    }),
                );
            }
        }
        let extra = schema.get("additionalProperties");
        let known: Vec<&str> = props.keys().map(String::as_str).collect();
        for (key, v) in map {
            let len = path.len();
            *path = join(path, key);
            match props.get(key) {
                Some(p) => self.check(p, v, path),
                None => match extra {
                    Some(Value::Bool(false)) => {
                        let fields: Vec<&str> =
                            known.iter().copied().filter(|k| *k != "$schema").collect();
                        let help = match did_you_mean(key, &fields) {
                            Some(s) => format!(
                                "did you mean \"{s}\"? (fields here: {})",
                                fields.join(", ")
                            ),
                            None => format!("fields here: {}", fields.join(", ")),
                        };
                        let p = path.clone();
                        self.error(&p, format!("unknown field \"{key}\""), Some(help));
                    }
                    Some(s @ Value::Object(_)) => {
                        self.check(s, v, path);
                    }
                    _ => {}
                },
            }
            path.truncate(len);
        }
    }

    fn check_array(&mut self, schema: &'a Value, items: &[Value], path: &mut String) {
        let count = |k: &str| schema.get(k).and_then(Value::as_u64);
        match (count("minItems"), count("maxItems")) {
            (Some(a), Some(b)) if a == b && items.len() as u64 != a => self.error(
                path,
                format!("{} entries where exactly {a} are expected", items.len()),
                describe(schema),
            ),
            (Some(a), _) if (items.len() as u64) < a => self.error(
                path,
                format!("{} entries where at least {a} are expected", items.len()),
                describe(schema),
            ),
            (_, Some(b)) if items.len() as u64 > b => self.error(
                path,
                format!("{} entries where at most {b} are expected", items.len()),
                describe(schema),
            ),
            _ => {}
        }
        if let Some(item_schema) = schema.get("items") {
            for (i, v) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                self.check(item_schema, v, path);
                path.truncate(len);
            }
        }
    }
}

/// The property that tells tagged variants apart, if the branches have one.
fn tag_of(branches: &[&Value]) -> Option<String> {
    let first = branches.first()?.get("properties")?.as_object()?;
    first
        .iter()
        .filter(|(_, p)| p.get("const").is_some())
        .map(|(k, _)| k.clone())
        .find(|k| {
            branches
                .iter()
                .all(|b| b["properties"][k.as_str()].get("const").is_some())
        })
}

/// The schema's description, as help.
fn describe(schema: &Value) -> Option<String> {
    schema
        .get("description")
        .and_then(Value::as_str)
        .map(|d| d.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Programme;

    #[test]
    fn every_problem_of_a_file_at_once() {
        let v: Value = serde_json::from_str(
            r#"{"heading": "P", "days": [{"date": "2025-09-23", "items": [
                {"start": "14:00", "end": "25:00", "kind": "lunch"},
                {"start": "9:00", "end": "10:00", "kind": "session", "title": "T", "speakrs": []}
            ]}]}"#,
        )
        .unwrap();
        let mut d = Vec::new();
        check(Path::new("p.json"), schema_of::<Programme>(), &v, &mut d);
        let got: Vec<(String, String)> = d
            .iter()
            .map(|d| (d.location.clone(), d.message.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("days[0].items[0]".into(), "missing field \"title\"".into()),
                (
                    "days[0].items[0].end".into(),
                    "\"25:00\" is not a time of day (00:00 to 24:00)".into()
                ),
                (
                    "days[0].items[0].kind".into(),
                    "\"lunch\" is not one of the values allowed here".into()
                ),
                (
                    "days[0].items[1].start".into(),
                    "\"9:00\" is not a time".into()
                ),
                (
                    "days[0].items[1].speakrs".into(),
                    "unknown field \"speakrs\"".into()
                ),
            ],
            "{d:#?}"
        );
        assert!(
            d[4].help
                .as_deref()
                .unwrap()
                .contains("did you mean \"speakers\"")
        );
    }
}
