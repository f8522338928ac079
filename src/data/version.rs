//! Language versions: a data set (or a set) translated into another
//! language shares everything that is not text with its base — the
//! programme's days and times, the speakers and parts and their order,
//! dates, kinds, numbers, symbols — and gives only its texts.
//!
//! A version is a folder named by its language tag beside the data files
//! (`data/neacap-pd2/ru/`), holding files of the same names as the base's
//! (`ru/programme.json`), each with texts only, at the JSON paths of the
//! base file:
//!
//! ```json
//! { "heading": "Ориентировочная программа",
//!   "days": [ { "items": [ { "title": "Регистрация" }, { "title": "Открытие" } ] } ] }
//! ```
//!
//! A text is a field that [`walk::texts`] finds (text with markup or
//! plain text; identifiers such as symbols and numbers are not texts). A
//! list is given entry by entry, in the base's order (`null` or `{}` for an
//! entry left untranslated). A field of the overlay that is not a text of
//! the base (a time, a kind, a field the base lacks) is an error: the
//! version cannot change what it shares. A text the overlay does not give
//! stays as the base has it and is reported as not yet translated (see
//! `compose::versions`). `version.json` (optional) says which documents the
//! version holds and gives a note printed under their titles, e.g. that
//! the translation is unofficial.

use super::load::{Disk, Source, parse_value};
use super::walk::{self, TextRef};
use super::{DataSet, Footnotes, Meeting, NoteSection, Programme};
use crate::diagnostics::Diagnostic;
use crate::values::{Lang, Text};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The file of a language folder that describes the version.
pub const VERSION_FILE: &str = "version.json";

/// `version.json` in a language folder (optional).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VersionFile {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The documents of the data set this version holds, named as `build`
    /// names their files ("programme", "concept-note"); all when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents: Option<Vec<String>>,
    /// A line printed under the title of each of its documents, e.g.
    /// "Unofficial translation".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// One language version of a data set.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub language: Lang,
    /// The base with the version's texts: its meeting's language is the
    /// version's, its `note` the version's note.
    pub data: DataSet,
    /// The documents it holds (None: all).
    pub documents: Option<Vec<String>>,
    /// The texts the version gives: data file → JSON paths.
    pub given: BTreeMap<String, BTreeSet<String>>,
}

impl Version {
    /// Whether the version holds the document built under `stem`.
    pub fn holds(&self, stem: &str) -> bool {
        self.documents
            .as_ref()
            .is_none_or(|d| d.iter().any(|s| s == stem))
    }

    /// The folder of its overlay files.
    pub fn folder(&self, base: &Path) -> PathBuf {
        base.join(self.language.as_str())
    }
}

/// The language folders of `dir` (data set or set): its folders named by a
/// language tag (`ru`, `zh`, `zh-Hant`), in order.
pub fn languages(dir: &Path) -> Vec<Lang> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<Lang> = entries
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().and_then(|n| Lang::parse(n).ok()))
        .collect();
    out.sort();
    out
}

/// Every language version of the data set `base` (its language folders).
pub fn load_all(base: &DataSet) -> (Vec<Version>, Vec<Diagnostic>) {
    load_all_from(base, &Disk)
}

/// [`load_all`], each file's value taken from `src`.
pub fn load_all_from(base: &DataSet, src: &dyn Source) -> (Vec<Version>, Vec<Diagnostic>) {
    let mut versions = Vec::new();
    let mut diags = Vec::new();
    for language in languages(&base.dir) {
        match load_from(base, &language, src) {
            Ok((v, w)) => {
                versions.push(v);
                diags.extend(w);
            }
            Err(e) => diags.extend(e),
        }
    }
    (versions, diags)
}

/// The version of `base` in `language` (its folder must exist).
pub fn load(
    base: &DataSet,
    language: &Lang,
) -> Result<(Version, Vec<Diagnostic>), Vec<Diagnostic>> {
    load_from(base, language, &Disk)
}

/// [`load`], each file's value taken from `src`.
pub fn load_from(
    base: &DataSet,
    language: &Lang,
    src: &dyn Source,
) -> Result<(Version, Vec<Diagnostic>), Vec<Diagnostic>> {
    let folder = base.dir.join(language.as_str());
    let mut diags = Vec::new();
    if !folder.is_dir() {
        diags.push(
            Diagnostic::error(
                &folder,
                "",
                format!(
                    "the data set has no {} version (no folder {})",
                    language,
                    folder.display()
                ),
            )
            .help(format!(
                "make the folder {} and put in it the data files with their texts translated",
                folder.display()
            )),
        );
        return Err(diags);
    }
    check_files(&folder, &mut diags);
    let mut given = BTreeMap::new();
    let mut data = base.clone();
    // Each file's overlay, typed as the base file is.
    macro_rules! overlay_file {
        ($field:ident, $name:expr) => {
            if let Some((value, paths)) =
                overlay(&base.$field, &folder.join($name), &mut diags, src)
            {
                data.$field = value;
                given.insert($name.to_string(), paths);
            }
        };
    }
    overlay_file!(meeting, "meeting.json");
    // The concept note's sections, each from its file, typed as the
    // base's section is (the programme's is programme.json, below).
    for (i, section) in base.sections.iter().enumerate() {
        let name = section.file().to_string();
        let path = folder.join(&name);
        let d = &mut diags;
        let over = match section {
            NoteSection::Background(b) => {
                overlay(b, &path, d, src).map(|(v, p)| (NoteSection::Background(v), p))
            }
            NoteSection::Objectives(o) => {
                overlay(o, &path, d, src).map(|(v, p)| (NoteSection::Objectives(v), p))
            }
            NoteSection::WorkPlan(w) => {
                overlay(w, &path, d, src).map(|(v, p)| (NoteSection::WorkPlan(v), p))
            }
            NoteSection::Participants(p) => {
                overlay(p, &path, d, src).map(|(v, p)| (NoteSection::Participants(v), p))
            }
            NoteSection::Other { file, section } => {
                overlay(section, &path, d, src).map(|(v, p)| {
                    (
                        NoteSection::Other {
                            file: file.clone(),
                            section: v,
                        },
                        p,
                    )
                })
            }
            NoteSection::Programme => None,
        };
        if let Some((section, paths)) = over {
            data.sections[i] = section;
            given.insert(name, paths);
        }
    }
    overlay_file!(footnotes, "footnotes.json");
    overlay_file!(programme, "programme.json");
    let info = if folder.join(VERSION_FILE).exists() {
        super::load::read_from::<VersionFile>(&folder, VERSION_FILE, &mut diags, src)
    } else {
        Some(VersionFile::default())
    };
    let known = crate::compose::DOCUMENTS;
    if let Some(VersionFile {
        documents: Some(docs),
        ..
    }) = &info
    {
        for (i, d) in docs.iter().enumerate() {
            if !known.contains(&d.as_str()) {
                diags.push(
                    Diagnostic::error(
                        &folder.join(VERSION_FILE),
                        format!("documents[{i}]"),
                        format!("\"{d}\" is not a document of a data set"),
                    )
                    .help(format!("write one of: {}", known.join(", "))),
                );
            }
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    let info = info.unwrap_or_default();
    data.meeting.language = language.clone();
    data.note = info.note;
    // What one field cannot say (a note referenced in a translated text
    // must be defined), as for the base.
    diags.extend(super::validate::validate(&data));
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok((
        Version {
            language: language.clone(),
            data,
            documents: info.documents,
            given,
        },
        diags,
    ))
}

/// Every file of a language folder is a data file or `version.json`.
fn check_files(folder: &Path, diags: &mut Vec<Diagnostic>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    for name in names {
        if name != VERSION_FILE && !super::load::FILES.contains(&name.as_str()) {
            let d = Diagnostic::error(
                &folder.join(&name),
                "",
                "not a file of the data set: a language version holds files of the base's names",
            );
            let files: Vec<&str> = super::load::FILES.to_vec();
            diags.push(match crate::diagnostics::did_you_mean(&name, &files) {
                Some(s) => d.help(format!("did you mean {s}?")),
                None => d.help(format!(
                    "name it as the base file whose texts it translates ({}), or {VERSION_FILE}",
                    files.join(", ")
                )),
            });
        }
    }
}

/// The JSON path of a field under `at`.
fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_string()
    } else {
        format!("{at}.{key}")
    }
}

/// `base` with the texts of the overlay file at `path` (if there is one),
/// and the JSON paths of the texts it gives. Every field of the overlay
/// that is not a text of the base is an error at its place in the overlay.
pub fn overlay<T>(
    base: &T,
    path: &Path,
    diags: &mut Vec<Diagnostic>,
    src: &dyn Source,
) -> Option<(T, BTreeSet<String>)>
where
    T: Serialize + DeserializeOwned + JsonSchema + Clone,
{
    if !path.exists() {
        return Some((base.clone(), BTreeSet::new()));
    }
    let over = src.value(path).map_err(|d| diags.push(d)).ok()?;
    let texts: BTreeSet<String> = walk::texts(base).into_iter().map(|t| t.path).collect();
    let mut merged = serde_json::to_value(base).expect("data serializes");
    let mut given = BTreeSet::new();
    let before = diags.len();
    if !over.is_object() {
        diags.push(
            Diagnostic::error(path, "", "a translation file holds one JSON object { … }")
                .help("copy the base file and keep only its texts, translated"),
        );
        return None;
    }
    apply(&mut merged, &over, "", &texts, &mut given, path, diags);
    if diags[before..].iter().any(Diagnostic::is_error) {
        return None;
    }
    parse_value::<T>(path, merged, diags).map(|v| (v, given))
}

fn apply(
    target: &mut Value,
    over: &Value,
    at: &str,
    texts: &BTreeSet<String>,
    given: &mut BTreeSet<String>,
    path: &Path,
    diags: &mut Vec<Diagnostic>,
) {
    let shared = |at: &str, what: &str| {
        Diagnostic::error(
            path,
            at,
            format!("{what}: a language version gives only texts, and shares everything else with the base"),
        )
        .help(
            "remove it from the translation: times, dates, kinds, minutes, numbers and symbols \
             are those of the base data set, and a translation cannot add a field the base lacks",
        )
    };
    match over {
        Value::Object(fields) => {
            let Some(target) = target.as_object_mut() else {
                diags.push(shared(at, "the base has no fields here"));
                return;
            };
            for (key, value) in fields {
                if at.is_empty() && key == "$schema" {
                    continue;
                }
                let here = join(at, key);
                match target.get_mut(key) {
                    Some(t) => apply(t, value, &here, texts, given, path, diags),
                    None => diags.push(shared(&here, "the base has no such field here")),
                }
            }
        }
        Value::Array(items) => {
            let Some(target) = target.as_array_mut() else {
                diags.push(shared(at, "the base has no list here"));
                return;
            };
            // The original lost entries since the translation was made (a
            // part deleted in the editor): the translation's entries past
            // the original's are not printed, and said so; the English
            // documents, and the version, still build.
            if items.len() > target.len() {
                diags.push(
                    Diagnostic::warning(
                        path,
                        format!("{at}[{}]", target.len()),
                        format!(
                            "the list has {} entries in the translation, {} in the original: the \
                             translation's last {} are not printed",
                            items.len(),
                            target.len(),
                            items.len() - target.len()
                        ),
                    )
                    .help(
                        "remove the entries the original no longer has, and check that the others \
                         still translate the original's entries in the same order",
                    ),
                );
            }
            for (i, (t, v)) in target.iter_mut().zip(items).enumerate() {
                // An entry left untranslated.
                if v.is_null() {
                    continue;
                }
                apply(t, v, &format!("{at}[{i}]"), texts, given, path, diags);
            }
        }
        Value::String(s) => {
            if texts.contains(at) {
                *target = Value::String(s.clone());
                given.insert(at.to_string());
            } else {
                diags.push(shared(at, "not a text of the base"));
            }
        }
        _ => diags.push(shared(at, "not a text")),
    }
}

/// The marker of text number `k`: characters of the Private Use Area, so
/// that it can be found in a document model whatever the layout does
/// around it.
fn marker(k: usize) -> String {
    format!("\u{E000}{k}\u{E001}")
}

/// The text numbers of the markers in `s`.
pub fn markers_in(s: &str) -> BTreeSet<usize> {
    let mut out = BTreeSet::new();
    let mut rest = s;
    while let Some(i) = rest.find('\u{E000}') {
        rest = &rest[i + '\u{E000}'.len_utf8()..];
        if let Some(j) = rest.find('\u{E001}')
            && let Ok(k) = rest[..j].parse()
        {
            out.insert(k);
        }
    }
    out
}

/// `value` with each of its texts replaced by a marker (a text with markup
/// keeps its footnote references), numbered from `places.len()`; each
/// text's place (`file`, its JSON path and text) is added to `places`.
/// None if the copy does not read back (it always should).
pub fn marked<T>(value: &T, file: &str, places: &mut Vec<(String, TextRef)>) -> Option<T>
where
    T: Serialize + DeserializeOwned,
{
    let texts: BTreeMap<String, TextRef> = walk::texts(value)
        .into_iter()
        .map(|t| (t.path.clone(), t))
        .collect();
    let mut v = serde_json::to_value(value).ok()?;
    mark(&mut v, "", &texts, file, places);
    serde_json::from_value(v).ok()
}

fn mark(
    v: &mut Value,
    at: &str,
    texts: &BTreeMap<String, TextRef>,
    file: &str,
    places: &mut Vec<(String, TextRef)>,
) {
    match v {
        Value::Object(fields) => {
            for (key, value) in fields.iter_mut() {
                if !(at.is_empty() && key == "$schema") {
                    mark(value, &join(at, key), texts, file, places);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                mark(item, &format!("{at}[{i}]"), texts, file, places);
            }
        }
        Value::String(s) => {
            if let Some(t) = texts.get(at) {
                let mut m = marker(places.len());
                for id in &t.note_ids {
                    m.push_str(&format!("[^{id}]"));
                }
                *s = m;
                places.push((file.to_string(), t.clone()));
            }
        }
        _ => {}
    }
}

/// A copy of the data set with every text replaced by a marker, and the
/// place of each marker's text: (data file, the text).
pub fn marked_data(data: &DataSet) -> Option<(DataSet, Vec<(String, TextRef)>)> {
    let mut places = Vec::new();
    let mut out = data.clone();
    out.meeting = marked::<Meeting>(&data.meeting, "meeting.json", &mut places)?;
    for section in &mut out.sections {
        let file = section.file().to_string();
        let p = &mut places;
        *section = match &*section {
            NoteSection::Background(b) => NoteSection::Background(marked(b, &file, p)?),
            NoteSection::Objectives(o) => NoteSection::Objectives(marked(o, &file, p)?),
            NoteSection::WorkPlan(w) => NoteSection::WorkPlan(marked(w, &file, p)?),
            NoteSection::Participants(x) => NoteSection::Participants(marked(x, &file, p)?),
            NoteSection::Other { file: f, section } => NoteSection::Other {
                file: f.clone(),
                section: marked(section, &file, p)?,
            },
            NoteSection::Programme => NoteSection::Programme,
        };
    }
    out.footnotes = marked::<Footnotes>(&data.footnotes, "footnotes.json", &mut places)?;
    out.programme = marked::<Programme>(&data.programme, "programme.json", &mut places)?;
    Some((out, places))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> DataSet {
        super::super::load::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/neacap-pd2"))
            .unwrap()
            .0
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        std::fs::create_dir_all(dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn an_overlay_gives_texts_at_the_base_paths() {
        let base = seed();
        let dir = std::env::temp_dir().join(format!("meetdoc-overlay-{}", std::process::id()));
        let p = write(
            &dir,
            "programme.json",
            r#"{ "heading": "Программа", "days": [ { "items": [ null, { "title": "Открытие",
                 "speakers": [ { "affiliation": "Глава" } ] } ] } ] }"#,
        );
        let mut diags = Vec::new();
        let (p2, given) = overlay(&base.programme, &p, &mut diags, &Disk).unwrap();
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(p2.heading.as_str(), "Программа");
        assert_eq!(p2.days[0].items[1].title.as_str(), "Открытие");
        assert_eq!(p2.days[0].items[0].title.as_str(), "Registration");
        assert_eq!(
            p2.days[0].items[1].start,
            base.programme.days[0].items[1].start
        );
        assert_eq!(
            given.into_iter().collect::<Vec<_>>(),
            vec![
                "days[0].items[1].speakers[0].affiliation".to_string(),
                "days[0].items[1].title".to_string(),
                "heading".to_string()
            ]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn what_is_not_a_text_of_the_base_is_an_error_at_its_place() {
        let base = seed();
        let dir = std::env::temp_dir().join(format!("meetdoc-overlay-bad-{}", std::process::id()));
        let p = write(
            &dir,
            "programme.json",
            r#"{ "days": [ { "date": "2025-09-24", "items": [ { "start": "09:00", "kind": "break" },
                 { "speakers": [ { "name": "X", "capacity": "Z" } ] },
                 { "minutes": 3 } ] } ] }"#,
        );
        let mut diags = Vec::new();
        assert!(overlay(&base.programme, &p, &mut diags, &Disk).is_none());
        let at: Vec<&str> = diags.iter().map(|d| d.location.as_str()).collect();
        assert_eq!(
            at,
            vec![
                "days[0].date",
                "days[0].items[0].start",
                "days[0].items[0].kind",
                "days[0].items[1].speakers[0].capacity",
                "days[0].items[2].minutes",
            ],
            "{diags:?}"
        );
        assert!(
            diags[0].message.contains("not a text of the base"),
            "{}",
            diags[0]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn markers_stand_for_every_text() {
        let base = seed();
        let (m, places) = marked_data(&base).unwrap();
        assert_eq!(markers_in(m.programme.heading.as_str()).len(), 1);
        let (file, t) = &places[*markers_in(m.programme.heading.as_str()).first().unwrap()];
        assert_eq!(
            (file.as_str(), t.path.as_str()),
            ("programme.json", "heading")
        );
        // Notes are kept: the text that references one still does.
        let with_note = places
            .iter()
            .position(|(_, t)| !t.note_ids.is_empty())
            .unwrap();
        assert!(!places[with_note].1.note_ids.is_empty());
        // Dates and times are not texts.
        assert_eq!(
            m.programme.days[0].items[0].start,
            base.programme.days[0].items[0].start
        );
        assert!(!places.iter().any(|(_, t)| t.path.ends_with("date")));
    }
}
