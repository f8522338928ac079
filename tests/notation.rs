//! Scientific notation and links in both formats: `PM~2.5~` and `m^3^` as
//! real subscript and superscript runs, Unicode subscript digits (NO₂)
//! printed from the font, links clickable in the DOCX (a w:hyperlink with
//! an external relationship, from the part it is in) and in the PDF (a
//! link annotation), pandoc's rule for what is markup ("~50 participants"
//! stays as typed), and `check` warning of a character no font has.

mod common;
use common::*;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

const PARAGRAPH: &str = "Daily PM~2.5~ stays under 15 µg/m^3^ while NO₂ and SO₂ fall; about ~50 participants ~ 60 met (see [the ESCAP site](https://www.unescap.org/subregional-office/east-north-east-asia))[^contact].";

/// The seed with a paragraph of notation, a footnote with a mail link and
/// a programme title with a subscript; built into `out`.
fn notation(name: &str) -> (PathBuf, PathBuf) {
    let data = seed_copy(name);
    edit_json(&data.join("background.json"), |b| {
        b["paragraphs"]
            .as_array_mut()
            .unwrap()
            .insert(0, json!(PARAGRAPH));
    });
    edit_json(&data.join("footnotes.json"), |f| {
        f["notes"]["contact"] =
            json!("Write to [neaspec@example.org](mailto:neaspec@example.org).");
    });
    edit_json(&data.join("programme.json"), |p| {
        p["days"][0]["items"][2]["title"] = json!("Session 1: Addressing PM~2.5~ and O~3~");
    });
    let out = data.parent().unwrap().join("out");
    meetdoc_ok(&["build", s(&data), "-o", s(&out)]);
    (data, out)
}

/// Each run of `xml` (a `w:r` element) with its properties and text.
fn runs(xml: &str) -> Vec<(String, String)> {
    xml.split("<w:r>")
        .skip(1)
        .map(|r| {
            let r = &r[..r.find("</w:r>").unwrap_or(r.len())];
            let props = r
                .find("</w:rPr>")
                .map(|i| r[..i].to_string())
                .unwrap_or_default();
            (props, xml_text(r))
        })
        .collect()
}

#[test]
fn subscripts_and_superscripts_are_real_runs_in_both_formats() {
    let (_, out) = notation("notation-scripts");
    let docx = out.join("concept-note.docx");
    let body = docx_part(&docx, "word/document.xml");
    let runs = runs(&body);
    let script = |text: &str, align: &str| {
        runs.iter().any(|(props, t)| {
            t == text && props.contains(&format!(r#"<w:vertAlign w:val="{align}""#))
        })
    };
    assert!(script("2.5", "subscript"), "PM~2.5~ is no subscript run");
    assert!(script("3", "superscript"), "m^3^ is no superscript run");
    // Unicode subscript digits are characters of the text, and the tilde
    // with spaces is no markup.
    let text = docx_text(&docx);
    assert!(
        text.contains("while NO₂ and SO₂ fall; about ~50 participants ~ 60 met"),
        "{text}"
    );
    assert!(
        text.contains("Daily PM2.5 stays under 15 µg/m3 while"),
        "{text}"
    );
    // In the programme table too.
    let table = docx_part(&out.join("programme.docx"), "word/document.xml");
    let table_runs = self::runs(&table);
    assert!(
        table_runs
            .iter()
            .any(|(p, t)| t == "3" && p.contains("subscript") && p.contains("<w:b")),
        "O~3~ in the bold session title"
    );

    // The PDF: the same text, "2.5" smaller and lower than "PM", "3"
    // smaller and higher than "µg/m"; ₂ printed from Liberation Serif.
    let pdf = out.join("concept-note.pdf");
    let text = pdf_text(&pdf);
    assert!(
        contains_words(
            &text,
            "Daily PM2.5 stays under 15 µg/m3 while NO₂ and SO₂ fall"
        ),
        "{text}"
    );
    assert!(
        text.contains("NO₂") && text.contains("~50 participants ~ 60"),
        "{text}"
    );
    let page = &pdf_boxes(&pdf)[0];
    let word = |t: &str| {
        page.words
            .iter()
            .find(|w| w.text == t)
            .unwrap_or_else(|| panic!("no word {t:?} on page 1"))
    };
    let (pm, sub) = (word("PM"), word("2.5"));
    assert!(
        sub.y1 - sub.y0 < 0.8 * (pm.y1 - pm.y0),
        "2.5 is not smaller"
    );
    assert!(sub.y1 > pm.y1, "2.5 is not lowered");
    let (m, sup) = (word("µg/m"), word("3"));
    assert!(sup.y1 - sup.y0 < 0.8 * (m.y1 - m.y0), "3 is not smaller");
    assert!(sup.y0 < m.y0, "3 is not raised");
    let fonts = Command::new("pdffonts").arg(&pdf).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(fonts.contains("LiberationSerif"), "{fonts}");
    assert!(
        !fonts.contains("CJK"),
        "₂ came from a fallback font:\n{fonts}"
    );

    // As LibreOffice lays the DOCX out: the same.
    let lo = libreoffice_pdf(&docx, &out.join("lo"));
    let lo_text = pdf_text(&lo);
    assert!(
        contains_words(
            &lo_text,
            "Daily PM2.5 stays under 15 µg/m3 while NO₂ and SO₂ fall"
        ),
        "{lo_text}"
    );
}

#[test]
fn a_link_is_clickable_in_both_formats() {
    let (_, out) = notation("notation-links");
    let docx = out.join("concept-note.docx");
    let body = docx_part(&docx, "word/document.xml");
    let at = body
        .find("<w:hyperlink ")
        .expect("a w:hyperlink in the text");
    let link = &body[at..at + body[at..].find("</w:hyperlink>").unwrap()];
    assert!(xml_text(link).contains("the ESCAP site"), "{link}");
    assert!(link.contains(r#"<w:rStyle w:val="Hyperlink" />"#), "{link}");
    let id = &link[link.find("r:id=\"").unwrap() + 6..];
    let id = &id[..id.find('"').unwrap()];
    let rels = docx_part(&docx, "word/_rels/document.xml.rels");
    assert!(
        rels.contains(&format!(
            r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://www.unescap.org/subregional-office/east-north-east-asia" TargetMode="External"/>"#
        )),
        "{rels}"
    );
    // The link in the footnote is related from the footnotes' part.
    let notes = docx_part(&docx, "word/footnotes.xml");
    assert!(notes.contains("<w:hyperlink "), "{notes}");
    let note_rels = docx_part(&docx, "word/_rels/footnotes.xml.rels");
    assert!(
        note_rels.contains(r#"Target="mailto:neaspec@example.org" TargetMode="External""#),
        "{note_rels}"
    );
    assert!(!rels.contains("mailto:"), "{rels}");
    let styles = docx_part(&docx, "word/styles.xml");
    assert!(styles.contains(r#"w:styleId="Hyperlink""#), "{styles}");

    // The PDF: link annotations with the addresses; the DOCX as
    // LibreOffice exports it too.
    let urls = |pdf: &Path| {
        let out = Command::new("pdfinfo")
            .arg("-url")
            .arg(pdf)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let pdf = urls(&out.join("concept-note.pdf"));
    assert!(
        pdf.contains(
            "Annotation    https://www.unescap.org/subregional-office/east-north-east-asia"
        ),
        "{pdf}"
    );
    assert!(pdf.contains("mailto:neaspec@example.org"), "{pdf}");
    let lo = urls(&libreoffice_pdf(&docx, &out.join("lo")));
    assert!(
        lo.contains("https://www.unescap.org/subregional-office/east-north-east-asia"),
        "{lo}"
    );
    // The text of the link reads as written, in both.
    let text = pdf_text(&out.join("concept-note.pdf"));
    assert!(contains_words(&text, "(see the ESCAP site)"), "{text}");
    assert!(!text.contains("](https"), "{text}");
}

#[test]
fn check_warns_of_a_character_no_font_has_at_its_field() {
    let data = seed_copy("notation-check");
    edit_json(&data.join("participants.json"), |p| {
        p["categories"][1] = json!("Experts \u{E000} and NO₂ modellers");
    });
    let out = meetdoc_ok(&["check", s(&data)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("participants.json: categories[1]: no font has U+E000 \u{E000}: it will be missing from the PDF"),
        "{err}"
    );
    assert!(err.contains("help: replace the character"), "{err}");
    assert!(!err.contains("U+2082"), "₂ is in Liberation Serif 2: {err}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("0 errors, 1 warning"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // The same rule as the PDF writer's: build warns of the same character.
    let build = meetdoc_ok(&[
        "build",
        s(&data),
        "-o",
        s(&data.parent().unwrap().join("out")),
    ]);
    let err = String::from_utf8_lossy(&build.stderr);
    assert!(err.contains("no font has U+E000"), "{err}");
    // A set is checked with its documents.
    let set = scratch("notation-check-set");
    copy_dir(&root().join("data/som28"), &set.join("som28"));
    copy_dir(&data, &set.join("neacap-pd2"));
    let out = meetdoc_ok(&["check", s(&set.join("som28"))]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("participants.json: categories[1]: no font has U+E000"),
        "{err}"
    );
}
