//! Helpers of the import tests: a DOCX without its custom XML parts, an
//! import run, the data files of a folder as parsed JSON, and their
//! comparison with footnote ids replaced by the notes' texts (ids never
//! print; an import numbers them in the order of the notes).
#![allow(dead_code)]

use super::common::*;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Output;

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The parts of a DOCX package: name -> bytes, in the package's order.
pub fn parts(docx: &Path) -> Vec<(String, Vec<u8>)> {
    let f = std::fs::File::open(docx).unwrap_or_else(|e| panic!("{}: {e}", docx.display()));
    let mut z = zip::ZipArchive::new(f).expect("a DOCX is a zip");
    (0..z.len())
        .map(|i| {
            let mut e = z.by_index(i).unwrap();
            let mut b = Vec::new();
            e.read_to_end(&mut b).unwrap();
            (e.name().unwrap().to_string(), b)
        })
        .collect()
}

/// Writes `parts` as a DOCX package at `to`.
pub fn write_parts(parts: &[(String, Vec<u8>)], to: &Path) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        z.start_file(name.as_str(), opts).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
}

pub fn part_text(parts: &[(String, Vec<u8>)], name: &str) -> String {
    let (_, b) = parts
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no part {name}"));
    String::from_utf8(b.clone()).unwrap()
}

pub fn set_part(parts: &mut [(String, Vec<u8>)], name: &str, text: String) {
    let p = parts
        .iter_mut()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no part {name}"));
    p.1 = text.into_bytes();
}

/// A copy of `docx` at `to` without any `customXml/` part (and without
/// the relationships and content types that name one), as the issue's
/// round trip asks: import must read what the document shows, never a
/// copy of the data hidden in the package. Returns how many parts went.
pub fn without_custom_xml(docx: &Path, to: &Path) -> usize {
    let all = parts(docx);
    let before = all.len();
    let mut kept: Vec<(String, Vec<u8>)> = all
        .into_iter()
        .filter(|(n, _)| !n.to_ascii_lowercase().starts_with("customxml/"))
        .collect();
    let removed = before - kept.len();
    for (name, bytes) in kept.iter_mut() {
        if name.ends_with(".rels") || name == "[Content_Types].xml" {
            let text = String::from_utf8(bytes.clone()).unwrap();
            *bytes = drop_elements_naming(&text, "customXml").into_bytes();
        }
    }
    write_parts(&kept, to);
    removed
}

/// `xml` without the empty elements (`<... />`) whose text names `what`
/// (a relationship or a content type override of a custom XML part).
fn drop_elements_naming(xml: &str, what: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..end];
        let names = tag.contains(&format!("/{what}/")) || tag.contains(&format!("\"{what}/"));
        if !(tag.ends_with("/>") && names) {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `meetdoc import DOCX -o DIR`.
pub fn import(docx: &Path, dir: &Path) -> Output {
    meetdoc(&["import", s(docx), "-o", s(dir)])
}

/// Imports a DOCX meetdoc built, without its custom XML parts, into
/// `dir`; the program's output.
pub fn import_built(docx: &Path, dir: &Path) -> Output {
    let plain = dir.with_extension("docx");
    without_custom_xml(docx, &plain);
    import(&plain, dir)
}

/// The data files of a folder as parsed JSON, without `"$schema"`: the
/// files a data set is made of (not a build's snapshot, not the set's
/// `docset.json`).
pub fn data_files(dir: &Path) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".json") || name == "snapshot.json" || name == "docset.json" {
            continue;
        }
        let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        if let Value::Object(m) = &mut v {
            m.remove("$schema");
        }
        out.insert(name, v);
    }
    out
}

/// The files with each footnote reference `[^id]` replaced by the note's
/// text, and `footnotes.json` as the list of texts (sorted): what a reader
/// sees, whatever the ids.
pub fn by_note_text(files: &BTreeMap<String, Value>) -> BTreeMap<String, Value> {
    let notes: BTreeMap<String, String> = files
        .get("footnotes.json")
        .and_then(|f| f["notes"].as_object())
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let mut out: BTreeMap<String, Value> = files
        .iter()
        .map(|(k, v)| (k.clone(), with_note_texts(v, &notes)))
        .collect();
    if let Some(Value::Object(f)) = out.get_mut("footnotes.json") {
        let mut texts: Vec<&String> = notes.values().collect();
        texts.sort();
        f.insert("notes".into(), serde_json::json!(texts));
    }
    out
}

fn with_note_texts(v: &Value, notes: &BTreeMap<String, String>) -> Value {
    match v {
        Value::String(s) => Value::String(replace_refs(s, notes)),
        Value::Array(a) => Value::Array(a.iter().map(|x| with_note_texts(x, notes)).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), with_note_texts(x, notes)))
                .collect::<Map<_, _>>(),
        ),
        other => other.clone(),
    }
}

fn replace_refs(s: &str, notes: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find("[^") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        match after.find(']') {
            Some(end) => {
                let id = &after[..end];
                match notes.get(id) {
                    Some(text) => out.push_str(&format!("[^«{text}»]")),
                    None => out.push_str(&format!("[^?{id}]")),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[at..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every place where `a` and `b` differ, as "path: a | b".
pub fn differences(a: &Value, b: &Value) -> Vec<String> {
    let mut out = Vec::new();
    diff_at(a, b, "", &mut out);
    out
}

fn diff_at(a: &Value, b: &Value, at: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                diff_at(
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                    &format!("{at}.{k}"),
                    out,
                );
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (u, v)) in x.iter().zip(y).enumerate() {
                diff_at(u, v, &format!("{at}[{i}]"), out);
            }
        }
        _ if a != b => out.push(format!("{at}: {a} | {b}")),
        _ => {}
    }
}

/// Asserts that the imported files equal the original's files of the
/// same names, compared as parsed JSON with notes by their texts; and
/// that the import wrote exactly `expected` data files.
pub fn assert_same_data(imported: &Path, original: &Path, expected: &[&str]) {
    let got = data_files(imported);
    let names: Vec<&str> = got.keys().map(String::as_str).collect();
    let mut want: Vec<&str> = expected.to_vec();
    want.sort();
    assert_eq!(
        names,
        want,
        "the data files imported into {}",
        imported.display()
    );
    let orig = data_files(original);
    let (got, orig) = (by_note_text(&got), by_note_text(&orig));
    let mut all = Vec::new();
    for (name, v) in &got {
        let o = orig
            .get(name)
            .unwrap_or_else(|| panic!("{} has no {name}", original.display()));
        for d in differences(v, o) {
            all.push(format!("{name}{d}"));
        }
    }
    assert!(
        all.is_empty(),
        "{} differs from {} (imported | original):\n{}",
        imported.display(),
        original.display(),
        all.join("\n")
    );
}

/// The footnote ids of an imported data set: "1", "2", … in order.
pub fn assert_notes_numbered(dir: &Path) {
    let files = data_files(dir);
    let Some(f) = files.get("footnotes.json") else {
        return;
    };
    let ids: Vec<&String> = f["notes"].as_object().unwrap().keys().collect();
    let want: Vec<String> = (1..=ids.len()).map(|i| i.to_string()).collect();
    assert_eq!(
        ids,
        want.iter().collect::<Vec<_>>(),
        "note ids of {}",
        dir.display()
    );
}

/// The error lines of a program's output.
pub fn errors(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.starts_with("error"))
        .map(String::from)
        .collect()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts a successful import.
pub fn assert_ok(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "import of {what} failed ({:?}):\n{}",
        out.status.code(),
        stderr(out)
    );
}

/// A programme imported alone is a data set of its own: the concept
/// note's sections are optional, so the import is valid (exit 0) with no
/// error.
pub fn assert_programme_only(out: &Output, what: &str) {
    assert_eq!(out.status.code(), Some(0), "{what}: {}", stderr(out));
    assert!(errors(out).is_empty(), "{what}: {}", stderr(out));
}

/// The seed made into a meeting of two days (as in tests/page_parity.rs):
/// each day holds the seed's items twice, from 08:30 and from 13:30.
pub fn two_day_meeting(name: &str) -> PathBuf {
    let data = seed_copy(name);
    edit_json(&data.join("meeting.json"), |m| {
        m["end_date"] = serde_json::json!("2025-09-24");
        m["timezone"] = serde_json::json!("GMT+8");
    });
    edit_json(&data.join("programme.json"), |p| {
        let items = p["days"][0]["items"].as_array().unwrap().clone();
        let mut day: Vec<Value> = Vec::new();
        for delta in [-300, 0] {
            for item in &items {
                let mut item = item.clone();
                for key in ["start", "end"] {
                    item[key] = serde_json::json!(shift(item[key].as_str().unwrap(), delta));
                }
                day.push(item);
            }
        }
        p["days"] = serde_json::json!([
            { "date": "2025-09-23", "items": day.clone() },
            { "date": "2025-09-24", "items": day },
        ]);
    });
    data
}

/// "HH:MM" moved by `minutes`.
pub fn shift(t: &str, minutes: i64) -> String {
    let (h, m) = t.split_once(':').unwrap();
    let at = h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap() + minutes;
    format!("{:02}:{:02}", at / 60, at % 60)
}

/// The concept note's data files.
pub const CONCEPT_NOTE_FILES: [&str; 7] = [
    "meeting.json",
    "background.json",
    "objectives.json",
    "workplan.json",
    "participants.json",
    "programme.json",
    "footnotes.json",
];

/// `input` converted by headless LibreOffice to `filter` (e.g.
/// `docx:"MS Word 2007 XML"`) into `outdir`, with a profile of its own so
/// that tests can run at once; the converted file's path (`ext` its
/// extension).
pub fn libreoffice_convert(input: &Path, filter: &str, ext: &str, outdir: &Path) -> PathBuf {
    std::fs::create_dir_all(outdir).unwrap();
    let profile = outdir.join(".lo-profile");
    let out = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            filter,
            "--outdir",
        ])
        .arg(outdir)
        .arg(input)
        .output()
        .expect("LibreOffice (soffice) must be installed: make test installs it");
    let made = outdir.join(input.with_extension(ext).file_name().unwrap());
    assert!(
        out.status.success() && made.is_file(),
        "LibreOffice could not convert {}: {}",
        input.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    made
}

/// Which program saved a DOCX last (`docProps/app.xml`'s Application).
pub fn application(docx: &Path) -> String {
    let app = part_text(&parts(docx), "docProps/app.xml");
    app.split("<Application>")
        .nth(1)
        .and_then(|r| r.split("</Application>").next())
        .unwrap_or("")
        .to_string()
}
