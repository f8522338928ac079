//! `meetdoc import` on documents as they come back from people and other
//! tools: a generated DOCX edited as Word would and saved again by
//! LibreOffice; documents made by LibreOffice and by pandoc; and input
//! that is no document meetdoc can read.

mod common;
mod import_support;
use common::*;
use import_support::*;
use serde_json::json;

/// `xml` with `from` (which occurs once) replaced by `to`.
fn replace_once(xml: &str, from: &str, to: &str) -> String {
    assert_eq!(xml.matches(from).count(), 1, "{from:?} occurs once");
    xml.replacen(from, to, 1)
}

/// The `<w:p ...>...</w:p>` paragraph around byte `at`.
fn paragraph_around(xml: &str, at: usize) -> (usize, usize) {
    let start = xml[..at].rfind("<w:p ").expect("a paragraph starts before");
    let end = at + xml[at..].find("</w:p>").expect("and ends after") + "</w:p>".len();
    (start, end)
}

/// Edits in Word come back: the seed's concept note, edited as a person
/// would in Word (a word changed inside a run, a time changed in a table
/// cell, a speaker's bullet typed under another) and saved again by
/// LibreOffice (which rewrites the whole package), imports to a data set
/// whose `meetdoc diff` against the seed names exactly those edits, and
/// whose values are the seed's with exactly those edits.
#[test]
fn edits_in_word_come_back_through_libreoffice() {
    let dir = scratch("import-edits");
    let built = dir.join("built");
    meetdoc_ok(&["build", "-o", s(&built)]);

    let mut p = parts(&built.join("concept-note.docx"));
    let mut doc = part_text(&p, "word/document.xml");
    // A word inside a run of the background.
    doc = replace_once(&doc, "a flagship initiative", "a leading initiative");
    // A time in the programme's table: Networking ends later.
    doc = replace_once(&doc, "17:45–18:15", "17:45–18:30");
    // A speaker typed as a new bullet under Mr. Klimont: the same list
    // paragraph, one run of plain text.
    let at = doc.find("Mr. Zbigniew Klimont").unwrap();
    let (start, end) = paragraph_around(&doc, at);
    let para = &doc[start..end];
    let ppr = &para[para.find("<w:pPr>").unwrap()..para.find("</w:pPr>").unwrap() + 8];
    assert!(ppr.contains("<w:numPr>"), "the speaker is a list paragraph");
    let added = format!(
        r#"<w:p>{ppr}<w:r><w:t xml:space="preserve">Ms. Jane Doe, Director, Clean Air Institute (Rapporteur)</w:t></w:r></w:p>"#
    );
    doc.insert_str(end, &added);
    set_part(&mut p, "word/document.xml", doc);
    let edited = dir.join("edited.docx");
    write_parts(&p, &edited);

    let saved = libreoffice_convert(
        &edited,
        r#"docx:MS Word 2007 XML"#,
        "docx",
        &dir.join("libreoffice"),
    );
    assert!(
        application(&saved).contains("LibreOffice"),
        "LibreOffice wrote the package: {}",
        application(&saved)
    );

    let imported = dir.join("imported");
    assert_ok(&import_built(&saved, &imported), "the edited concept note");
    // The values: the seed with exactly the three edits.
    let want = dir.join("want");
    copy_dir(&seed_data(), &want);
    edit_json(&want.join("background.json"), |b| {
        let p0 = b["paragraphs"][0].as_str().unwrap().to_string();
        b["paragraphs"][0] = json!(p0.replacen("a flagship", "a leading", 1));
    });
    edit_json(&want.join("programme.json"), |pr| {
        let items = pr["days"][0]["items"].as_array_mut().unwrap();
        let net = items
            .iter_mut()
            .find(|i| i["title"] == "Networking")
            .unwrap();
        net["end"] = json!("18:30");
        let scene = items
            .iter_mut()
            .find(|i| i["title"].as_str().unwrap().starts_with("Scene Setting"))
            .unwrap();
        scene["speakers"].as_array_mut().unwrap().push(json!({
            "name": "Ms. Jane Doe",
            "affiliation": "Director, Clean Air Institute",
            "capacity": "Rapporteur"
        }));
    });
    assert_same_data(&imported, &want, &CONCEPT_NOTE_FILES);

    // meetdoc diff names those edits and nothing else.
    let out = meetdoc(&["diff", s(&seed_data()), s(&imported)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let changes: Vec<&str> = text.lines().filter(|l| l.starts_with("- ")).collect();
    let expected: [&[&str]; 4] = [
        &["Background", "'flagship' is now 'leading'"],
        &["Indicative Programme", "programme"],
        &["Scene Setting", "added Ms. Jane Doe"],
        &["Networking", "17:45-18:30", "was 17:45-18:15"],
    ];
    assert_eq!(
        changes.len(),
        expected.len(),
        "exactly the edits are named:\n{text}"
    );
    for want in expected {
        assert!(
            changes.iter().any(|c| want.iter().all(|w| c.contains(w))),
            "a change naming {want:?}:\n{text}"
        );
    }
}
