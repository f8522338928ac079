//! Text is data, never code: a data set full of Typst, Jinja, XML and
//! markdown specials and of several scripts builds into DOCX and PDF files
//! whose text is exactly what was typed; no value can make typst read a
//! file. And a character that no PDF font has is reported, not silently
//! dropped. (typst must be installed: these tests fail without it.)

mod common;
use common::*;
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Command, Output};

/// Typst specials (`*` and `_` where they are not emphasis).
const TYPST: &str = r"# $ @ < > [ ] \ ` ~ = - + a * b snake_case";
/// XML specials and entities (kept as typed).
const XML: &str = r#"& < > " ' &amp; <b>x</b>"#;
/// Template syntax.
const JINJA: &str = "{{ meeting.title }} {% if true %}x{% endif %}";
/// Attempts to run code.
const CODE: &str = r#"#read("/etc/passwd") #import "x.typ""#;
/// Scripts and emoji.
const SCRIPTS: &str = "😀 🌏 Улаанбаатар 서울 北京 福岡";

/// `(as typed in the JSON, as printed)`: the markup fields unescape `\*`.
fn cases() -> Vec<(&'static str, String, String)> {
    let c = |file: &'static str, typed: String, printed: String| (file, typed, printed);
    vec![
        c(
            "meeting.json title",
            format!("Dialogue {JINJA} 北京 서울"),
            format!("Dialogue {JINJA} 北京 서울"),
        ),
        c(
            "background.json paragraph",
            format!("Para one {TYPST} end[^evil]"),
            format!("Para one {TYPST} end"),
        ),
        c(
            "background.json paragraph",
            format!("Para two {XML} {CODE} \\*not italic\\*"),
            format!("Para two {XML} {CODE} *not italic*"),
        ),
        c(
            "footnotes.json note",
            format!("Note {CODE} {SCRIPTS} {JINJA}"),
            format!("Note {CODE} {SCRIPTS} {JINJA}"),
        ),
        c(
            "programme.json item title",
            format!("Session {JINJA} {SCRIPTS}"),
            format!("Session {JINJA} {SCRIPTS}"),
        ),
        c(
            "programme.json speaker name",
            format!("Mr. 福岡 {XML} {TYPST}"),
            format!("Mr. 福岡 {XML} {TYPST}"),
        ),
        c(
            "programme.json part list",
            format!("Улаанбаатар {CODE} \\*x\\*"),
            format!("Улаанбаатар {CODE} *x*"),
        ),
    ]
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn write_json(path: &Path, v: &Value) {
    std::fs::write(path, serde_json::to_string_pretty(v).unwrap()).unwrap();
}

/// The seed with every case written into its field.
fn nasty_data(dir: &Path) {
    copy_dir(&seed_data(), dir);
    let cases = cases();
    let typed = |i: usize| Value::String(cases[i].1.clone());

    let mut m = read_json(&dir.join("meeting.json"));
    m["title"] = typed(0);
    write_json(&dir.join("meeting.json"), &m);

    let mut b = read_json(&dir.join("background.json"));
    b["paragraphs"] = json!([typed(1), typed(2)]);
    write_json(&dir.join("background.json"), &b);

    let mut f = read_json(&dir.join("footnotes.json"));
    f["notes"]["evil"] = typed(3);
    write_json(&dir.join("footnotes.json"), &f);

    let mut p = read_json(&dir.join("programme.json"));
    let items = &mut p["days"][0]["items"];
    items[2]["title"] = typed(4);
    items[2]["speakers"][0]["name"] = typed(5);
    items[3]["parts"][0]["list"][0] = typed(6);
    write_json(&dir.join("programme.json"), &p);
}

/// The PDF's text in content-stream order (`pdftotext -raw`): poppler sets
/// emoji (Type 3 glyphs) apart from their line otherwise.
fn pdf_raw_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// Without any whitespace: line breaks, justification and the space
/// poppler drops after an emoji do not matter; every other character does.
fn dense(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn build(data: &Path, out: &Path) -> Output {
    meetdoc_ok(&["build", data.to_str().unwrap(), "-o", out.to_str().unwrap()])
}

#[test]
fn every_special_character_prints_as_typed_in_both_formats() {
    let dir = scratch("literal");
    let (data, out) = (dir.join("data"), dir.join("out"));
    nasty_data(&data);
    let run = build(&data, &out);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        !stderr.contains("no font has"),
        "every script and emoji has a font:\n{stderr}"
    );

    let mut missing = Vec::new();
    for stem in ["concept-note", "programme"] {
        let texts = [
            ("docx", docx_text(&out.join(format!("{stem}.docx")))),
            ("pdf", pdf_raw_text(&out.join(format!("{stem}.pdf")))),
        ];
        for (ext, text) in &texts {
            let text = dense(text);
            for (place, _, printed) in cases() {
                let in_programme = place.starts_with("programme.json");
                let in_this =
                    stem == "concept-note" || in_programme || place.starts_with("meeting");
                if in_this && !text.contains(&dense(&printed)) {
                    missing.push(format!("{stem}.{ext}: {place}: {printed:?}"));
                }
            }
            assert!(
                !text.contains("root:x:0") && !text.contains("/bin/bash"),
                "{stem}.{ext}: a file was read into the document"
            );
        }
    }
    assert!(
        missing.is_empty(),
        "not printed as typed:\n{}",
        missing.join("\n")
    );

    // No data value became a Typst command: the PDFs hold no text of
    // /etc/passwd, and the bytes do not contain it either (fonts are
    // subset, the content compressed: check the extracted text above and
    // the absence of any extra page or attachment here).
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap();
    let first_line = passwd.lines().next().unwrap();
    for stem in ["concept-note", "programme"] {
        let pdf = std::fs::read(out.join(format!("{stem}.pdf"))).unwrap();
        assert!(
            !pdf.windows(first_line.len())
                .any(|w| w == first_line.as_bytes()),
            "{stem}.pdf holds /etc/passwd"
        );
        assert!(!String::from_utf8_lossy(&pdf).contains("/EmbeddedFile"));
    }
}

#[test]
fn the_docx_escapes_xml_specials() {
    let dir = scratch("literal-xml");
    let (data, out) = (dir.join("data"), dir.join("out"));
    nasty_data(&data);
    build(&data, &out);
    let xml = docx_part(&out.join("programme.docx"), "word/document.xml");
    // The speaker's "<b>x</b>" is text, not markup: escaped in the XML.
    assert!(xml.contains("&lt;b&gt;x&lt;/b&gt;"), "{xml}");
    assert!(!xml.contains("<b>"));
    assert!(xml.contains("&amp;amp;"), "the typed entity stays as typed");
}

/// A character no installed font has: U+E000 (private use) and U+10900
/// (Phoenician letter alf).
#[test]
fn a_character_no_font_has_is_reported_and_the_build_goes_on() {
    let dir = scratch("coverage");
    let (data, out) = (dir.join("data"), dir.join("out"));
    copy_dir(&seed_data(), &data);
    let mut p = read_json(&data.join("programme.json"));
    p["days"][0]["items"][0]["title"] = json!("Registration \u{E000} and \u{10900}");
    write_json(&data.join("programme.json"), &p);

    let run = build(&data, &out);
    let stderr = String::from_utf8_lossy(&run.stderr);
    for (code, name) in [
        ("U+E000 \u{E000}", "programme.pdf"),
        ("U+10900 \u{10900}", "programme.pdf"),
        ("U+E000 \u{E000}", "concept-note.pdf"),
    ] {
        let expected = format!(
            "warning: no font has {code} ({name}, in \"Registration \u{E000} and \u{10900}\")"
        );
        assert!(stderr.contains(&expected), "no {expected:?} in:\n{stderr}");
    }
    assert_eq!(stderr.matches("no font has").count(), 4, "{stderr}");
    assert!(out.join("programme.pdf").is_file());
}

#[test]
fn the_seed_has_no_character_without_a_font() {
    let out = scratch("coverage-seed");
    let run = build(&seed_data(), &out);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!stderr.contains("warning"), "{stderr}");
}
