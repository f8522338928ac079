//! The PDF as a viewer and an archive read it: the title shown instead of
//! the file name (`DisplayDocTitle`, which typst writes for PDF/UA-1), the
//! title block tagged as the document's heading, one author for every
//! document, the creation date from the data, and archival output
//! (PDF/A) from the command line or a set, named in the XMP metadata.

mod common;
use common::*;
use serde_json::json;
use std::path::Path;
use std::process::Command;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn bytes(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn count(hay: &[u8], needle: &str) -> usize {
    hay.windows(needle.len())
        .filter(|w| *w == needle.as_bytes())
        .count()
}

/// `pdfinfo`'s value of `field` ("Title", "Author", "CreationDate").
fn info(pdf: &Path, field: &str) -> String {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")))
        .unwrap_or_else(|| panic!("{}: no {field}", pdf.display()))
        .trim()
        .to_string()
}

/// The XMP identification of the archival standard, if any: (part,
/// conformance).
fn pdfa(pdf: &[u8]) -> Option<(String, String)> {
    let text = String::from_utf8_lossy(pdf);
    let between = |a: &str, b: &str| {
        let at = text.find(a)? + a.len();
        Some(text[at..at + text[at..].find(b)?].to_string())
    };
    Some((
        between("<pdfaid:part>", "</pdfaid:part>")?,
        between("<pdfaid:conformance>", "</pdfaid:conformance>")?,
    ))
}

#[test]
fn viewers_show_the_title_and_read_the_title_block_as_the_heading() {
    let out = scratch("pdf-meta");
    meetdoc_ok(&["build", "-o", s(&out)]);
    let path = out.join("concept-note.pdf");
    let pdf = bytes(&path);
    assert_eq!(count(&pdf, "/DisplayDocTitle true"), 1);
    assert_eq!(count(&pdf, "<pdfuaid:part>1</pdfuaid:part>"), 1);
    assert!(pdfa(&pdf).is_none(), "not archival unless asked");
    assert_eq!(
        info(&path, "Title"),
        "Draft Concept Note: NEACAP Second Policy Dialogue"
    );
    // One author field: the meeting's organizers.
    assert_eq!(
        info(&path, "Author"),
        "ESCAP East and North-East Asia Office, NEASPEC Secretariat"
    );
    assert!(info(&path, "CreationDate").contains("Sep 23 00:00:00 2025"));
    // The title is the one heading of level 1; the sections are level 2.
    assert_eq!(count(&pdf, "/S/H1"), 1);
    assert_eq!(count(&pdf, "/S/H2"), 4, "Background, Objectives, …");
    // The programme on its own: its days would be level 2 under the title
    // (one day here: no day heading).
    let programme = bytes(&out.join("programme.pdf"));
    assert_eq!(count(&programme, "/S/H1"), 1);
    assert_eq!(count(&programme, "/DisplayDocTitle true"), 1);
}

#[test]
fn archival_pdfs_from_the_command_line_or_the_set() {
    let dir = scratch("pdf-archival");
    // build --pdf-standard a-2b: PDF/A-2b, still PDF/UA-1.
    let out = dir.join("build");
    meetdoc_ok(&["build", "-o", s(&out), "--pdf-standard", "a-2b"]);
    for stem in ["concept-note", "programme"] {
        let pdf = bytes(&out.join(format!("{stem}.pdf")));
        assert_eq!(pdfa(&pdf), Some(("2".into(), "B".into())), "{stem}");
        assert_eq!(count(&pdf, "<pdfuaid:part>1</pdfuaid:part>"), 1);
        assert_eq!(count(&pdf, "/DisplayDocTitle true"), 1);
    }

    // A set asking for PDF/A-3b in docset.json: every PDF of the bundle.
    let data = dir.join("data");
    copy_dir(&root().join("data/som28"), &data.join("som28"));
    copy_dir(&seed_data(), &data.join("neacap-pd2"));
    edit_json(&data.join("som28/docset.json"), |d| {
        d["pdf_standard"] = json!("a-3b");
    });
    let set = data.join("som28");
    let out = dir.join("set");
    meetdoc_ok(&["bundle", s(&set), "-o", s(&out)]);
    let pdfs: Vec<String> = files_in(&out)
        .into_keys()
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    // Five documents, the programme's Russian and Chinese versions.
    assert_eq!(pdfs.len(), 7, "{pdfs:?}");
    for name in &pdfs {
        let path = out.join(name);
        assert_eq!(
            pdfa(&bytes(&path)),
            Some(("3".into(), "B".into())),
            "{name}"
        );
        // One author for every document of the set: its issuer (in a
        // language version's words).
        let author = if name.ends_with("-ru.pdf") {
            "Организация Объединенных Наций, Отделение ЭСКАТО для Восточной и Северо-Восточной Азии"
        } else if name.ends_with("-zh.pdf") {
            "联合国, 亚太经社会东亚和东北亚办事处"
        } else {
            "United Nations, ESCAP East and North-East Asia Office"
        };
        assert_eq!(info(&path, "Author"), author, "{name}");
    }
    // The command line wins over the set, and a changed standard is
    // compiled again (it is in the cache key).
    meetdoc_ok(&["bundle", s(&set), "-o", s(&out), "--pdf-standard", "a-2b"]);
    for name in &pdfs {
        assert_eq!(
            pdfa(&bytes(&out.join(name))),
            Some(("2".into(), "B".into())),
            "{name}"
        );
    }

    // A standard meetdoc does not know is a usage error naming the ones it
    // does.
    let bad = meetdoc(&["build", "-o", s(&dir.join("bad")), "--pdf-standard", "a-9z"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("a-2b") && err.contains("ua-1"), "{err}");
    // … and so is one in docset.json, at its path.
    edit_json(&set.join("docset.json"), |d| {
        d["pdf_standard"] = json!("a-4");
    });
    let bad = meetdoc(&["check", s(&set)]);
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("docset.json: pdf_standard"), "{err}");
}

/// PDF/UA-1 and PDF/A need a glyph for every character: a document with a
/// character no font has is still built (with a warning) but not as
/// PDF/UA-1; asked to be archival, it fails, naming the character.
#[test]
fn a_character_without_a_font_costs_the_standards_not_the_build() {
    let dir = scratch("pdf-uncovered");
    let data = dir.join("data");
    copy_dir(&seed_data(), &data);
    edit_json(&data.join("programme.json"), |p| {
        p["days"][0]["items"][0]["title"] = json!("Registration \u{E000}");
    });
    let out = dir.join("out");
    let run = meetdoc_ok(&["build", s(&data), "-o", s(&out)]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("warning: programme.pdf: not made PDF/UA-1"),
        "{err}"
    );
    let pdf = bytes(&out.join("programme.pdf"));
    assert_eq!(count(&pdf, "pdfuaid"), 0);

    let archival = meetdoc(&[
        "build",
        s(&data),
        "-o",
        s(&dir.join("archival")),
        "--pdf-standard",
        "a-2b",
    ]);
    assert_eq!(archival.status.code(), Some(3));
    let err = String::from_utf8_lossy(&archival.stderr);
    assert!(
        err.contains("PDF/A-2b") && err.contains("could not be displayed"),
        "{err}"
    );
    assert!(!dir.join("archival/programme.pdf").exists());
}
