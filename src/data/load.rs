//! Reading a data set: every file is read and parsed, and every problem is
//! reported with its file and place (line:column for JSON syntax, the JSON
//! path for the rest) before anything is built.

use super::{
    Background, DataSet, Footnotes, Meeting, Objectives, Participants, Programme, WorkPlan,
};
use crate::diagnostics::{Diagnostic, did_you_mean};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The files of a data set, in the order they are read.
pub const FILES: [&str; 7] = [
    "meeting.json",
    "background.json",
    "objectives.json",
    "workplan.json",
    "participants.json",
    "footnotes.json",
    "programme.json",
];

/// Reads and validates the data set in `dir`. On success returns the data
/// and its warnings; otherwise every error and warning found.
pub fn load(dir: &Path) -> Result<(DataSet, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    if !dir.is_dir() {
        diags.push(
            Diagnostic::error(
                dir,
                "",
                "not a data set folder (it does not exist or is not a folder)",
            )
            .help(format!(
                "a data set is a folder holding {}",
                FILES.join(", ")
            )),
        );
        return Err(diags);
    }
    let meeting = read::<Meeting>(dir, "meeting.json", &mut diags);
    let background = read::<Background>(dir, "background.json", &mut diags);
    let objectives = read::<Objectives>(dir, "objectives.json", &mut diags);
    let workplan = read::<WorkPlan>(dir, "workplan.json", &mut diags);
    let participants = read::<Participants>(dir, "participants.json", &mut diags);
    let footnotes = read::<Footnotes>(dir, "footnotes.json", &mut diags);
    let programme = read::<Programme>(dir, "programme.json", &mut diags);
    // Each part that parsed is checked on its own, so that the errors of
    // every file are reported together.
    let range = meeting
        .as_ref()
        .and_then(|m| super::validate::check_meeting(dir, m, &mut diags));
    if let Some(p) = &programme {
        super::validate::check_programme(dir, p, range, &mut diags);
    }
    let (
        Some(meeting),
        Some(background),
        Some(objectives),
        Some(workplan),
        Some(participants),
        Some(footnotes),
        Some(programme),
    ) = (
        meeting,
        background,
        objectives,
        workplan,
        participants,
        footnotes,
        programme,
    )
    else {
        return Err(diags);
    };
    let data = DataSet {
        dir: dir.to_path_buf(),
        meeting,
        background,
        objectives,
        workplan,
        participants,
        footnotes,
        programme,
    };
    diags.extend(super::validate::validate(&data));
    if diags.iter().any(Diagnostic::is_error) {
        Err(diags)
    } else {
        Ok((data, diags))
    }
}

/// Path of one file of the data set.
pub fn file(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}

/// Reads one JSON file into `T`, adding diagnostics for what is wrong.
pub fn read<T: DeserializeOwned>(dir: &Path, name: &str, diags: &mut Vec<Diagnostic>) -> Option<T> {
    let path = file(dir, name);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            let help = if e.kind() == std::io::ErrorKind::NotFound {
                format!("every data set needs {name}; copy it from data/neacap-pd2/ and edit it")
            } else {
                "check the file's permissions and that it is UTF-8 text".to_string()
            };
            diags.push(
                Diagnostic::error(&path, "", format!("cannot read the file: {e}")).help(help),
            );
            return None;
        }
    };
    parse_text(&path, &text, diags)
}

/// Parses JSON text into `T` (syntax, then shape, then text checks).
pub fn parse_text<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            diags.push(
                Diagnostic::error(path, format!("line {}, column {}", e.line(), e.column()), syntax_message(&e))
                    .help("JSON needs double quotes around names and text, commas between items and no comma after the last one"),
            );
            return None;
        }
    };
    let before = diags.len();
    check_strings(path, &value, &mut String::new(), diags);
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    // Text problems are reported, but the value is still checked further
    // (so every error of the run is found at once).
    let _ = before;
    match parsed {
        Ok(v) => Some(v),
        Err(e) => {
            let place = e.path().to_string();
            let place = if place == "." { String::new() } else { place };
            diags.push(shape_error(path, place, e.inner()));
            None
        }
    }
}

fn syntax_message(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    // serde_json appends " at line L column C"; the location is said already.
    match msg.rfind(" at line ") {
        Some(i) => format!("invalid JSON: {}", &msg[..i]),
        None => format!("invalid JSON: {msg}"),
    }
}

fn shape_error(path: &Path, place: String, e: &serde_json::Error) -> Diagnostic {
    let msg = syntax_message(e)
        .trim_start_matches("invalid JSON: ")
        .to_string();
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        // "unknown field `titel`, expected one of `title`, `venue`"
        let found = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split('`')
            .skip(1)
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, s)| s)
            .collect();
        let place = if place.is_empty() {
            found.to_string()
        } else if place == found || place.ends_with(&format!(".{found}")) {
            place
        } else {
            format!("{place}.{found}")
        };
        let d = Diagnostic::error(path, place, format!("unknown field \"{found}\""));
        return match did_you_mean(found, &expected) {
            Some(s) => d.help(format!(
                "did you mean \"{s}\"? (fields here: {})",
                expected.join(", ")
            )),
            None => d.help(format!("fields here: {}", expected.join(", "))),
        };
    }
    let help = if msg.starts_with("missing field") {
        "add the field; see the JSON Schema in schema/ or the seed data set in data/neacap-pd2/"
    } else if msg.starts_with("unknown variant") {
        "use one of the values listed"
    } else {
        "see the JSON Schema in schema/ for what this field takes"
    };
    Diagnostic::error(path, place, msg).help(help)
}

/// Every text in the file must be non-empty and storable in a Word file
/// (XML 1.0 forbids most control characters).
fn check_strings(path: &Path, value: &Value, place: &mut String, diags: &mut Vec<Diagnostic>) {
    match value {
        Value::String(s) => {
            if place == "$schema" {
                return;
            }
            if s.trim().is_empty() {
                diags.push(
                    Diagnostic::error(path, place.clone(), "empty text")
                        .help("write the text, or remove the field if it is optional"),
                );
            }
            for (i, c) in s.chars().enumerate() {
                if !xml_allowed(c) {
                    diags.push(
                        Diagnostic::error(
                            path,
                            place.clone(),
                            format!("control character U+{:04X} at character {} of the text", c as u32, i + 1),
                        )
                        .help("Word files cannot hold it: delete it (it often comes from copying out of a PDF)"),
                    );
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let len = place.len();
                place.push_str(&format!("[{i}]"));
                check_strings(path, v, place, diags);
                place.truncate(len);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                let len = place.len();
                if !place.is_empty() {
                    place.push('.');
                }
                place.push_str(k);
                check_strings(path, v, place, diags);
                place.truncate(len);
            }
        }
        _ => {}
    }
}

/// Characters XML 1.0 allows.
pub fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}
