//! The one layout meetdoc writes data files in: readable by people, and
//! read well by a version-control diff.
//!
//! - Two spaces of indentation; a newline at the end of the file.
//! - The file's outer object has one member per line.
//! - Any object or list inside it is written on one line, `{ "a": 1, "b": 2 }`
//!   or `["x", "y"]`, when that line (indentation, name and trailing comma
//!   included) is at most [`WIDTH`] characters long; otherwise it is
//!   opened over several lines, one member or entry per line, each laid out
//!   by the same rule.
//! - Members keep their order; text is written as JSON text (non-ASCII
//!   characters as they are, not as `\u` escapes).
//!
//! So short things (a speaker, a part, the list of documents' entry) stay on
//! one line inside indented lists, and long ones (a programme item with its
//! description) get a line per field. The same value always gives the same
//! bytes, so saving an unchanged file changes nothing, and an edit changes
//! the lines of the value it touched (and, when that value no longer fits on
//! its line or now does, the lines of the object holding it).

use serde_json::Value;

/// The longest line an object or list is kept on (in characters).
pub const WIDTH: usize = 120;

/// `value` in the data file layout (see the module's documentation).
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    write_expanded(value, 0, &mut out);
    out.push('\n');
    out
}

/// `to_string` as bytes, for writing.
pub fn to_bytes(value: &Value) -> Vec<u8> {
    to_string(value).into_bytes()
}

fn indent(level: usize, out: &mut String) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

/// A scalar (or an empty object or list) as JSON.
fn scalar(value: &Value) -> String {
    serde_json::to_string(value).expect("a JSON value serializes")
}

/// The one-line form of `value`.
fn inline(value: &Value, out: &mut String) {
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                inline(v, out);
            }
            out.push(']');
        }
        Value::Object(map) if !map.is_empty() => {
            out.push_str("{ ");
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&scalar(&Value::String(k.clone())));
                out.push_str(": ");
                inline(v, out);
            }
            out.push_str(" }");
        }
        other => out.push_str(&scalar(other)),
    }
}

/// Writes `value`, which starts after `prefix` characters on a line at
/// `level` and is followed by `suffix` characters (a comma or nothing): on
/// one line if it fits, else opened.
fn write_value(value: &Value, level: usize, prefix: usize, suffix: usize, out: &mut String) {
    let nested = matches!(value, Value::Array(a) if !a.is_empty())
        || matches!(value, Value::Object(o) if !o.is_empty());
    if !nested {
        out.push_str(&scalar(value));
        return;
    }
    let mut line = String::new();
    inline(value, &mut line);
    if level * 2 + prefix + line.chars().count() + suffix <= WIDTH {
        out.push_str(&line);
    } else {
        write_expanded(value, level, out);
    }
}

/// Writes a nested value opened over several lines; its opening bracket is
/// already placed on the current line, at `level`.
fn write_expanded(value: &Value, level: usize, out: &mut String) {
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            for (i, v) in items.iter().enumerate() {
                let comma = usize::from(i + 1 < items.len());
                indent(level + 1, out);
                write_value(v, level + 1, 0, comma, out);
                if comma == 1 {
                    out.push(',');
                }
                out.push('\n');
            }
            indent(level, out);
            out.push(']');
        }
        Value::Object(map) if !map.is_empty() => {
            out.push_str("{\n");
            for (i, (k, v)) in map.iter().enumerate() {
                let comma = usize::from(i + 1 < map.len());
                indent(level + 1, out);
                let key = scalar(&Value::String(k.clone()));
                out.push_str(&key);
                out.push_str(": ");
                write_value(v, level + 1, key.chars().count() + 2, comma, out);
                if comma == 1 {
                    out.push(',');
                }
                out.push('\n');
            }
            indent(level, out);
            out.push('}');
        }
        other => out.push_str(&scalar(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn short_objects_stay_on_one_line_inside_indented_lists() {
        let v = json!({
            "heading": "Indicative Programme",
            "days": [{ "date": "2025-09-23", "items": [
                { "start": "13:30", "end": "14:00", "kind": "logistics", "title": "Registration" },
                { "start": "14:00", "end": "14:15", "kind": "session", "title": "Opening",
                  "speakers": [{ "name": "Mr. A", "capacity": "Chair" }],
                  "description": ["A long paragraph that does not fit on the line of its item together with the other fields of the item."] }
            ]}]
        });
        let text = to_string(&v);
        assert_eq!(
            text,
            r#"{
  "heading": "Indicative Programme",
  "days": [
    {
      "date": "2025-09-23",
      "items": [
        { "start": "13:30", "end": "14:00", "kind": "logistics", "title": "Registration" },
        {
          "start": "14:00",
          "end": "14:15",
          "kind": "session",
          "title": "Opening",
          "speakers": [{ "name": "Mr. A", "capacity": "Chair" }],
          "description": [
            "A long paragraph that does not fit on the line of its item together with the other fields of the item."
          ]
        }
      ]
    }
  ]
}
"#
        );
        // The layout reads back as the same value.
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), v);
    }

    #[test]
    fn the_same_value_gives_the_same_bytes_and_an_edit_changes_its_lines_only() {
        let v = json!({ "a": [ { "start": "13:30", "end": "14:00" }, { "start": "14:00", "end": "15:00" } ],
                        "b": ["x", "y"], "c": {} , "d": [], "e": null, "f": 1.5, "g": "서울 \"q\" \\ \n" });
        let once = to_string(&v);
        let again: Value = serde_json::from_str(&once).unwrap();
        assert_eq!(to_string(&again), once);
        assert!(
            once.contains("\"g\": \"서울 \\\"q\\\" \\\\ \\n\""),
            "{once}"
        );
        let mut edited = v.clone();
        edited["a"][1]["end"] = json!("15:15");
        let after = to_string(&edited);
        let changed: Vec<(&str, &str)> = once
            .lines()
            .zip(after.lines())
            .filter(|(a, b)| a != b)
            .collect();
        assert_eq!(once.lines().count(), after.lines().count());
        assert_eq!(changed.len(), 1, "{changed:?}");
    }

    #[test]
    fn a_line_is_never_longer_than_the_width_unless_one_value_is() {
        let long = "x".repeat(200);
        let v = json!({ "list": [long, "short"], "o": { "k": "v" } });
        let text = to_string(&v);
        for line in text.lines() {
            assert!(line.chars().count() <= WIDTH || line.contains(&"x".repeat(200)));
        }
        assert!(text.contains("  \"o\": { \"k\": \"v\" }\n"), "{text}");
    }

    #[test]
    fn the_shipped_data_files_are_in_this_layout() {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let mut seen = 0;
        for set in std::fs::read_dir(&data).unwrap() {
            for file in std::fs::read_dir(set.unwrap().path()).unwrap() {
                let path = file.unwrap().path();
                if path.extension().is_some_and(|e| e == "json") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let v: Value = serde_json::from_str(&text).unwrap();
                    assert!(
                        to_string(&v) == text,
                        "{} is not in the layout",
                        path.display()
                    );
                    seen += 1;
                }
            }
        }
        assert!(seen >= 9);
    }
}
