//! Reading a data set: every file is read, parsed and checked, and every
//! problem is reported with its file and place (line:column for the text
//! of the file, the JSON path for the rest) before anything is built.
//!
//! Reading a file: only a regular file of at most [`MAX_FILE_BYTES`] (a
//! FIFO or a device is refused, not read); a UTF-8 byte order mark (as
//! Windows Notepad writes) is skipped; text that is not UTF-8 is refused
//! with the line, column and byte offset of the first bad byte.

use super::document::Section;
use super::{
    Background, DataSet, Footnotes, Meeting, NoteSection, Objectives, Participants, Programme,
    WorkPlan, shape,
};
use crate::diagnostics::Diagnostic;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The files a data set knows, in the order they are read. Only
/// `meeting.json` and `programme.json` must be there ([`REQUIRED`]); the
/// concept note's sections are those `meeting.json` names (by default the
/// known ones that are there, in [`DEFAULT_SECTIONS`]' order).
pub const FILES: [&str; 7] = [
    "meeting.json",
    "background.json",
    "objectives.json",
    "workplan.json",
    "participants.json",
    "footnotes.json",
    "programme.json",
];

/// The files every data set needs.
pub const REQUIRED: [&str; 2] = ["meeting.json", "programme.json"];

/// The concept note's known sections, in their default order.
pub const DEFAULT_SECTIONS: [&str; 5] = [
    "background.json",
    "objectives.json",
    "workplan.json",
    "participants.json",
    "programme.json",
];

/// The largest data file read (16 MiB; the stress set's largest file,
/// 500 programme items, is about 0.4 MiB).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Where the loader gets the JSON value of each file: the disk ([`Disk`]),
/// or an editor's values not yet saved (`meetdoc serve`), so that both are
/// checked by the same code.
pub trait Source {
    /// The JSON value of the file at `path`, or why there is none.
    fn value(&self, path: &Path) -> Result<Value, Diagnostic>;
}

/// The files as they are on disk: read safely ([`read_text`]) and parsed
/// ([`parse_json`]).
pub struct Disk;

impl Source for Disk {
    fn value(&self, path: &Path) -> Result<Value, Diagnostic> {
        parse_json(path, &read_text(path)?)
    }
}

/// Values given for some files (by their canonical path), the disk for the
/// others: what an editor checks before it saves.
#[derive(Debug, Clone, Default)]
pub struct Overlay {
    pub values: std::collections::HashMap<PathBuf, Value>,
}

impl Overlay {
    /// Gives the value of the file at `path` (which must exist on disk).
    pub fn set(&mut self, path: &Path, value: Value) -> std::io::Result<()> {
        self.values.insert(path.canonicalize()?, value);
        Ok(())
    }
}

impl Source for Overlay {
    fn value(&self, path: &Path) -> Result<Value, Diagnostic> {
        match path.canonicalize().ok().and_then(|p| self.values.get(&p)) {
            Some(v) => Ok(v.clone()),
            None => Disk.value(path),
        }
    }
}

/// Reads and validates the data set in `dir`. On success returns the data
/// and its warnings; otherwise every error and warning found.
pub fn load(dir: &Path) -> Result<(DataSet, Vec<Diagnostic>), Vec<Diagnostic>> {
    load_from(dir, &Disk)
}

/// [`load`], with each file's value taken from `src`.
pub fn load_from(
    dir: &Path,
    src: &dyn Source,
) -> Result<(DataSet, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    if !dir.is_dir() {
        diags.push(
            Diagnostic::error(
                dir,
                "",
                "not a data set folder (it does not exist or is not a folder)",
            )
            .help(format!(
                "a data set is a folder holding {} (and the concept note's sections)",
                REQUIRED.join(" and ")
            )),
        );
        return Err(diags);
    }
    if crate::set::load::is_set(dir) && !dir.join("meeting.json").exists() {
        diags.push(
            Diagnostic::error(
                &dir.join(crate::set::load::SET_FILE),
                "",
                "this folder is a document set, not a data set",
            )
            .help(format!(
                "build a set with: meetdoc bundle {}",
                dir.display()
            )),
        );
        return Err(diags);
    }
    let meeting = read_from::<Meeting>(dir, "meeting.json", &mut diags, src);
    let programme = read_from::<Programme>(dir, "programme.json", &mut diags, src);
    let footnotes = if dir.join("footnotes.json").exists() {
        read_from::<Footnotes>(dir, "footnotes.json", &mut diags, src)
    } else {
        Some(Footnotes::default())
    };
    // Each file that parsed is checked on its own, so that the errors of
    // every file are reported together.
    if let Some(m) = &meeting {
        super::validate::check_meeting(dir, m, &mut diags);
    }
    if let Some(p) = &programme {
        super::validate::check_programme(dir, p, meeting.as_ref(), &mut diags);
    }
    let names = section_files(dir, meeting.as_ref(), &mut diags);
    let mut sections = Vec::new();
    let mut complete = true;
    for name in &names {
        let section = match name.as_str() {
            "background.json" => {
                read_from::<Background>(dir, name, &mut diags, src).map(NoteSection::Background)
            }
            "objectives.json" => {
                read_from::<Objectives>(dir, name, &mut diags, src).map(NoteSection::Objectives)
            }
            "workplan.json" => {
                read_from::<WorkPlan>(dir, name, &mut diags, src).map(NoteSection::WorkPlan)
            }
            "participants.json" => {
                read_from::<Participants>(dir, name, &mut diags, src).map(NoteSection::Participants)
            }
            "programme.json" => Some(NoteSection::Programme),
            _ => read_from::<Section>(dir, name, &mut diags, src).map(|section| {
                super::document::check_section(&dir.join(name), &section, "", 1, &mut diags);
                NoteSection::Other {
                    file: name.clone(),
                    section,
                }
            }),
        };
        match section {
            Some(s) => sections.push(s),
            None => complete = false,
        }
    }
    let (Some(meeting), Some(footnotes), Some(programme), true) =
        (meeting, footnotes, programme, complete)
    else {
        return Err(diags);
    };
    let mut files = vec!["meeting.json".to_string()];
    files.extend(
        names
            .iter()
            .filter(|n| n.as_str() != "programme.json")
            .cloned(),
    );
    if dir.join("footnotes.json").exists() {
        files.push("footnotes.json".into());
    }
    files.push("programme.json".into());
    let data = DataSet {
        dir: dir.to_path_buf(),
        meeting,
        sections,
        footnotes,
        programme,
        files,
        note: None,
    };
    diags.extend(super::validate::validate(&data));
    // Paragraphs an import of a Word document could not place.
    diags.extend(crate::import::report::check(dir));
    if diags.iter().any(Diagnostic::is_error) {
        Err(diags)
    } else {
        Ok((data, diags))
    }
}

/// The files of the concept note's sections, in order: those `meeting.json`
/// names (each checked: a file of this folder, named once, there), else the
/// known ones that are there. A JSON file of the folder that is no section
/// is named in a warning (it would not be printed).
fn section_files(
    dir: &Path,
    meeting: Option<&Meeting>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let meeting_file = dir.join("meeting.json");
    let names: Vec<String> = match meeting.and_then(|m| m.sections.as_ref()) {
        Some(listed) => {
            let mut names: Vec<String> = Vec::new();
            for (i, name) in listed.iter().enumerate() {
                let at = format!("sections[{i}]");
                let problem = if name.contains(['/', '\\']) || name.starts_with('.') {
                    Some((
                        format!("\"{name}\" is not a file of this folder"),
                        "name a JSON file of the data set's folder, e.g. \"outcomes.json\""
                            .to_string(),
                    ))
                } else if !name.ends_with(".json") {
                    Some((
                        format!("\"{name}\" is not a JSON file"),
                        format!("name the file with its extension, e.g. \"{name}.json\""),
                    ))
                } else if matches!(name.as_str(), "meeting.json" | "footnotes.json") {
                    Some((
                        format!("{name} is not a section"),
                        "name the files of the sections only".to_string(),
                    ))
                } else if names.contains(name) {
                    Some((
                        format!("{name} is named twice"),
                        "a section is printed once: remove one".to_string(),
                    ))
                } else if dir.join(name).symlink_metadata().is_err() {
                    let present: Vec<String> = json_files(dir);
                    let known: Vec<&str> = present.iter().map(String::as_str).collect();
                    Some((
                        format!("{name} is not in the folder"),
                        match crate::diagnostics::did_you_mean(name, &known) {
                            Some(s) => format!("did you mean \"{s}\"?"),
                            None => format!(
                                "make the file, or remove it from the list (files here: {})",
                                known.join(", ")
                            ),
                        },
                    ))
                } else {
                    None
                };
                match problem {
                    Some((message, help)) => {
                        diags.push(Diagnostic::error(&meeting_file, at, message).help(help))
                    }
                    None => names.push(name.clone()),
                }
            }
            names
        }
        None => DEFAULT_SECTIONS
            .iter()
            // Whatever is there under the name (a pipe in its place is
            // refused when read).
            .filter(|n| dir.join(n).symlink_metadata().is_ok())
            .map(|n| n.to_string())
            .collect(),
    };
    for file in json_files(dir) {
        if !names.contains(&file)
            && !matches!(
                file.as_str(),
                "meeting.json" | "footnotes.json" | "programme.json"
            )
        {
            diags.push(Diagnostic::warning(
                &dir.join(&file),
                "",
                format!("{file} is not one of the concept note's sections: it is not printed (name it in \"sections\" in meeting.json to print it)"),
            ));
        }
    }
    names
}

/// The JSON files of `dir`, by name, sorted.
fn json_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().is_file())
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .filter(|n| n.ends_with(".json"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The folder and name of a file (its folder: "." for a bare name).
pub fn split_file(file: &Path) -> (PathBuf, String) {
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    (dir, name)
}

/// Reads one JSON file of `dir` into `T`, adding diagnostics for what is
/// wrong with it.
pub fn read<T: DeserializeOwned + JsonSchema>(
    dir: &Path,
    name: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    read_from(dir, name, diags, &Disk)
}

/// [`read`], with the file's value taken from `src`.
pub fn read_from<T: DeserializeOwned + JsonSchema>(
    dir: &Path,
    name: &str,
    diags: &mut Vec<Diagnostic>,
    src: &dyn Source,
) -> Option<T> {
    let path = dir.join(name);
    let value = match src.value(&path) {
        Ok(v) => v,
        Err(mut d) => {
            if d.message.starts_with("cannot read the file: ")
                && !path.exists()
                && REQUIRED.contains(&name)
            {
                d.help = Some(format!(
                    "every data set needs {name}; copy it from data/neacap-pd2/ and edit it"
                ));
            }
            diags.push(d);
            return None;
        }
    };
    parse_value(&path, value, diags)
}

/// Parses JSON text into `T`: the JSON syntax first, then every problem of
/// its shape and values at once, then the typed value.
pub fn parse_text<T: DeserializeOwned + JsonSchema>(
    path: &Path,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let value = parse_json(path, text).map_err(|d| diags.push(d)).ok()?;
    parse_value(path, value, diags)
}

/// A JSON value into `T`: every problem of its shape at once, then the
/// typed value.
pub fn parse_value<T: DeserializeOwned + JsonSchema>(
    path: &Path,
    value: Value,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let before = diags.len();
    shape::check(path, shape::schema_of::<T>(), &value, diags);
    if diags[before..].iter().any(Diagnostic::is_error) {
        return None;
    }
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(v) => Some(v),
        Err(e) => {
            // What the schema cannot say (e.g. a footnote id defined twice).
            let place = e.path().to_string();
            let place = if place == "." { String::new() } else { place };
            diags.push(Diagnostic::error(path, place, e.inner().to_string()));
            None
        }
    }
}

/// The text of a data file, read safely (see the module's notes).
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let cannot = |e: &dyn std::fmt::Display| {
        Diagnostic::error(path, "", format!("cannot read the file: {e}"))
            .help("check that the file exists and that you may read it")
    };
    let meta = std::fs::metadata(path).map_err(|e| cannot(&e))?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a pipe, a device or a socket)"
        };
        return Err(
            Diagnostic::error(path, "", format!("cannot read the file: it is {what}"))
                .help("a data file is a regular JSON file"),
        );
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(path, meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| cannot(&e))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot(&e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    decode(path, bytes)
}

fn too_large(path: &Path, bytes: u64) -> Diagnostic {
    Diagnostic::error(
        path,
        "",
        format!(
            "the file is too large ({:.1} MB; a data file may hold at most {} MB)",
            bytes as f64 / 1_000_000.0,
            MAX_FILE_BYTES / 1024 / 1024
        ),
    )
    .help("is it the right file? A data file holds the text of one part of the documents")
}

/// Bytes as UTF-8 text, without a byte order mark.
pub fn decode(path: &Path, mut bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Diagnostic::error(
            path,
            format!("line {line}, column {column}"),
            format!(
                "the file is not UTF-8 text: byte {at} (0x{:02X}) is not UTF-8",
                bytes[at]
            ),
        )
        .help(
            "save the file as UTF-8 (in Notepad: Save As, Encoding: UTF-8); \
             it was probably saved as Latin-1 or Windows-1252",
        )
    })
}

/// Parses JSON text; a syntax error is one diagnostic with its line and
/// column and help for that kind of mistake. A name given twice in one
/// object (JSON parsers keep the last silently) is an error too.
pub fn parse_json(path: &Path, text: &str) -> Result<Value, Diagnostic> {
    use serde::de::DeserializeSeed;
    let dups = std::cell::RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    let value = NoDuplicates {
        path: String::new(),
        dups: &dups,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v))
    .map_err(|e| {
        let (message, help) = syntax_message(&e, text);
        Diagnostic::error(
            path,
            format!("line {}, column {}", e.line(), e.column()),
            message,
        )
        .help(help)
    })?;
    if let Some((at, key)) = dups.into_inner().into_iter().next() {
        return Err(Diagnostic::error(
            path,
            at,
            format!("\"{key}\" is given twice in the same object"),
        )
        .help("JSON keeps only the last one: remove or rename the other"));
    }
    Ok(value)
}

/// Builds a JSON value, noting names given twice in an object.
struct NoDuplicates<'a> {
    path: String,
    dups: &'a std::cell::RefCell<Vec<(String, String)>>,
}

impl<'de> serde::de::DeserializeSeed<'de> for NoDuplicates<'_> {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for NoDuplicates<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(NoDuplicates {
            path: format!("{}[{}]", self.path, out.len()),
            dups: self.dups,
        })? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", self.path)
            };
            let v = map.next_value_seed(NoDuplicates {
                path: path.clone(),
                dups: self.dups,
            })?;
            if out.insert(key.clone(), v).is_some() {
                self.dups.borrow_mut().push((path, key));
            }
        }
        Ok(Value::Object(out))
    }
}

/// What a JSON syntax error says, and what to do about it.
fn syntax_message(e: &serde_json::Error, text: &str) -> (String, String) {
    let msg = e.to_string();
    // serde_json appends " at line L column C"; the location is said already.
    let msg = match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    // The character where the parser stopped.
    let here = text
        .lines()
        .nth(e.line().saturating_sub(1))
        .and_then(|l| l.chars().nth(e.column().saturating_sub(1)));
    let help = if matches!(here, Some('“' | '”' | '‘' | '’'))
        || (e.column() > 0
            && text
                .lines()
                .nth(e.line().saturating_sub(1))
                .is_some_and(|l| l.contains(['“', '”'])))
    {
        "the text has curly quotes (“ ” as Word types them): JSON needs straight double quotes \" around names and text"
    } else if msg.starts_with("EOF while parsing") {
        "the file ends too early: a closing }, ] or \" is missing (every { needs its }, every [ its ], every text its closing quote)"
    } else if msg.starts_with("trailing comma") {
        "remove the comma after the last entry of the list or object"
    } else if msg.starts_with("key must be a string") {
        "put field names in double quotes, e.g. \"title\": …"
    } else if msg.starts_with("expected `,` or `}`") || msg.starts_with("expected `,` or `]`") {
        "a comma is missing between two entries, or a quote is missing at the end of the text before"
    } else if msg.starts_with("control character") {
        "a text runs over the end of its line: close it with a double quote before the line ends (write \\n for a line break)"
    } else if msg.starts_with("invalid escape") {
        "a backslash in JSON text starts an escape: write \\\\ for a backslash"
    } else if msg.starts_with("expected value") {
        "a value is missing or misspelt here: text needs double quotes, numbers none, and true/false/null are lower case"
    } else if msg.starts_with("trailing characters") {
        "there is something after the end of the JSON value: the file holds one { … }"
    } else {
        "JSON needs double quotes around names and text, commas between entries and none after the last one"
    };
    (format!("invalid JSON: {msg}"), help.to_string())
}

/// Path of one file of the data set.
pub fn file(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_is_skipped_and_latin1_is_named() {
        let p = Path::new("x.json");
        assert_eq!(decode(p, b"\xEF\xBB\xBF{}".to_vec()).unwrap(), "{}");
        let d = decode(p, b"{\n  \"a\": \"caf\xE9\"\n}".to_vec()).unwrap_err();
        assert_eq!(d.location, "line 2, column 12");
        assert!(d.message.contains("not UTF-8 text: byte 13 (0xE9)"), "{d}");
    }

    #[test]
    fn syntax_help_fits_the_mistake() {
        let p = Path::new("x.json");
        let help = |t: &str| parse_json(p, t).unwrap_err().help.unwrap();
        assert!(help("{\"a\": “b”}").contains("curly quotes"));
        assert!(help("{\"a\": \"b\"").contains("ends too early"));
        assert!(help("{\"a\": 1,}").contains("remove the comma"));
        assert!(help("{a: 1}").contains("double quotes, e.g."));
        let d = parse_json(p, r#"{"notes": {"a": "one", "a": "two"}}"#).unwrap_err();
        assert_eq!(d.location, "notes.a");
        assert!(d.message.contains("\"a\" is given twice"), "{d}");
    }
}
