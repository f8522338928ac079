//! The house style as Word styles (`layouts/reference.docx`): an office
//! edits the reference file (here programmatically, as Word saves it: the
//! style's own properties), and the next build follows in both formats:
//! the DOCX's styles and the PDF's text. A reference lacking a style
//! meetdoc needs is an error naming the style.

mod common;

use common::*;
use std::path::Path;

/// The word `text` (its first occurrence) of the PDF with the lines just
/// above and below it on its page: (above, word, below), each a word box.
fn with_neighbours(pdf: &Path, text: &str) -> (Word, Word, Word) {
    for page in pdf_boxes(pdf) {
        let Some(w) = page.words.iter().find(|w| w.text == text) else {
            continue;
        };
        let above = page
            .words
            .iter()
            .filter(|o| o.y1 <= w.y0)
            .max_by(|a, b| a.y1.total_cmp(&b.y1))
            .expect("a line above");
        let below = page
            .words
            .iter()
            .filter(|o| o.y0 >= w.y1)
            .min_by(|a, b| a.y0.total_cmp(&b.y0))
            .expect("a line below");
        return (above.clone(), w.clone(), below.clone());
    }
    panic!("{} has no word {text:?}", pdf.display())
}

/// The space above and below the heading `text`, in points.
fn gaps(pdf: &Path, text: &str) -> (f64, f64) {
    let (above, h, below) = with_neighbours(pdf, text);
    (h.y0 - above.y1, below.y0 - h.y1)
}

fn height(pdf: &Path, text: &str) -> f64 {
    let (_, w, _) = with_neighbours(pdf, text);
    w.y1 - w.y0
}

/// The `w:style` element of `id` in a styles part.
fn style_element<'a>(styles: &'a str, id: &str) -> &'a str {
    let at = styles.find(&format!(r#"w:styleId="{id}""#)).unwrap();
    let start = styles[..at].rfind("<w:style ").unwrap();
    &styles[start..at + styles[at..].find("</w:style>").unwrap()]
}

#[test]
fn an_edit_in_word_shows_in_the_docx_styles_and_in_the_pdf() {
    let dir = scratch("reference-docx-edit");
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let layouts = dir.join("layouts");
    meetdoc_ok(&["layouts", &s(&layouts)]);
    let reference = layouts.join("reference.docx");
    assert!(reference.is_file());
    meetdoc_ok(&[
        "build",
        "-o",
        &s(&dir.join("as-is")),
        "--layouts",
        &s(&layouts),
    ]);

    // Normal: 13 pt instead of 11.
    set_normal_size(&reference, 13.0);
    meetdoc_ok(&[
        "build",
        "-o",
        &s(&dir.join("sized")),
        "--layouts",
        &s(&layouts),
    ]);
    // Heading 1: 36 pt before (was 12), 18 pt after (was 6), not bold.
    edit_docx_style(&reference, "Heading1", |st| {
        let old = r#"<w:spacing w:before="240" w:after="120"/>"#;
        assert!(st.contains(old) && st.contains("<w:b/><w:bCs/>"), "{st}");
        st.replace(old, r#"<w:spacing w:before="720" w:after="360"/>"#)
            .replace("<w:b/><w:bCs/>", "")
    });
    meetdoc_ok(&[
        "build",
        "-o",
        &s(&dir.join("spaced")),
        "--layouts",
        &s(&layouts),
    ]);

    // The DOCX's styles: the body size in the document defaults (Normal's
    // size, which every style takes unless it sets its own), the
    // heading's spacing in its style.
    let styles = |out: &str| docx_part(&dir.join(out).join("concept-note.docx"), "word/styles.xml");
    let defaults = |x: &str| x[..x.find("</w:docDefaults>").unwrap()].to_string();
    assert!(defaults(&styles("as-is")).contains(r#"<w:sz w:val="22"/>"#));
    let spaced = styles("spaced");
    assert!(
        defaults(&spaced).contains(r#"<w:sz w:val="26"/>"#),
        "{spaced}"
    );
    let heading = style_element(&spaced, "Heading1");
    assert!(
        heading.contains(r#"<w:spacing w:before="720" w:after="360"/>"#),
        "{heading}"
    );
    assert!(!heading.contains("<w:b/>"), "{heading}");
    let heading = style_element(&styles("sized"), "Heading1").to_string();
    assert!(heading.contains(r#"<w:spacing w:before="240" w:after="120"/>"#));
    assert!(heading.contains("<w:b/>"), "{heading}");

    // The PDF: body text 13/11 as high; the heading "Objectives" 24 pt
    // further from the line above, 12 pt further from the line below, and
    // regular.
    let pdf = |out: &str| dir.join(out).join("concept-note.pdf");
    let ratio = height(&pdf("sized"), "flagship") / height(&pdf("as-is"), "flagship");
    assert!((ratio - 13.0 / 11.0).abs() < 0.01, "{ratio}");
    let ((above_0, below_0), (above_1, below_1)) = (
        gaps(&pdf("sized"), "Objectives"),
        gaps(&pdf("spaced"), "Objectives"),
    );
    assert!(
        (above_1 - above_0 - 24.0).abs() < 0.5,
        "{above_0} {above_1}"
    );
    assert!(
        (below_1 - below_0 - 12.0).abs() < 0.5,
        "{below_0} {below_1}"
    );
    // Not bold: narrower.
    let width = |pdf: &Path| {
        let (_, w, _) = with_neighbours(pdf, "Objectives");
        w.x1 - w.x0
    };
    let (bold, regular) = (width(&pdf("sized")), width(&pdf("spaced")));
    assert!(regular < bold * 0.97, "{bold} {regular}");

    // The DOCX as LibreOffice lays it out: the same spacing, not bold.
    let lo = |out: &str| {
        libreoffice_pdf(
            &dir.join(out).join("concept-note.docx"),
            &dir.join(format!("lo-{out}")),
        )
    };
    let ((above_0, below_0), (above_1, below_1)) = (
        gaps(&lo("sized"), "Objectives"),
        gaps(&lo("spaced"), "Objectives"),
    );
    assert!(
        (above_1 - above_0 - 24.0).abs() < 0.5,
        "{above_0} {above_1}"
    );
    assert!(
        (below_1 - below_0 - 12.0).abs() < 0.5,
        "{below_0} {below_1}"
    );
    let (bold, regular) = (width(&lo("sized")), width(&lo("spaced")));
    assert!(regular < bold * 0.97, "{bold} {regular}");
}

#[test]
fn a_reference_without_a_style_meetdoc_needs_is_an_error_naming_it() {
    let dir = scratch("reference-docx-missing");
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let layouts = dir.join("layouts");
    meetdoc_ok(&["layouts", &s(&layouts)]);
    let reference = layouts.join("reference.docx");
    // Heading 1 renamed (and so no longer there), the table style deleted.
    edit_docx_style(&reference, "Heading1", |st| {
        st.replace(
            r#"<w:name w:val="heading 1"/>"#,
            r#"<w:name w:val="Chapter"/>"#,
        )
    });
    edit_docx_style(&reference, "MeetdocTable", |_| String::new());

    let out = dir.join("out");
    for args in [
        vec!["check", "--layouts", &s(&layouts)],
        vec!["build", "-o", &s(&out), "--layouts", &s(&layouts)],
    ] {
        let run = meetdoc(&args.iter().map(|a| a.as_ref()).collect::<Vec<&str>>());
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "{args:?}: {err}");
        let file = reference.display();
        assert!(
            err.contains(&format!(r#"{file} has no paragraph style "Heading 1""#)),
            "{err}"
        );
        assert!(
            err.contains(&format!(r#"{file} has no table style "Meetdoc Table""#)),
            "{err}"
        );
        assert!(!err.contains("Heading 2"), "{err}");
    }
    assert!(!out.exists());

    // A file that is not a Word file at all.
    std::fs::write(&reference, "not a zip").unwrap();
    let run = meetdoc(&["check", "--layouts", &s(&layouts)]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    assert!(
        err.contains(&format!(
            "{} is not a Word file (.docx)",
            reference.display()
        )),
        "{err}"
    );
}

#[test]
fn a_reference_saved_by_another_editor_gives_the_same_documents() {
    // LibreOffice rewrites the whole package as Word would on saving:
    // other style ids and attributes, the bullets as characters of the
    // Symbol font. What it shows is unchanged, and so are the documents.
    let dir = scratch("reference-docx-resaved");
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let layouts = dir.join("layouts");
    meetdoc_ok(&["layouts", &s(&layouts)]);
    let reference = layouts.join("reference.docx");
    let saved = dir.join("saved");
    std::fs::create_dir_all(&saved).unwrap();
    let run = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join(".lo-profile").display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
        ])
        .arg("--outdir")
        .arg(&saved)
        .arg(&reference)
        .output()
        .expect("LibreOffice (soffice)");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let resaved = std::fs::read(saved.join("reference.docx")).unwrap();
    assert_ne!(resaved, std::fs::read(&reference).unwrap());
    std::fs::write(&reference, resaved).unwrap();

    meetdoc_ok(&["build", "-o", &s(&dir.join("built-in"))]);
    meetdoc_ok(&[
        "build",
        "-o",
        &s(&dir.join("resaved")),
        "--layouts",
        &s(&layouts),
    ]);
    for f in [
        "concept-note.docx",
        "concept-note.pdf",
        "programme.docx",
        "programme.pdf",
    ] {
        assert!(
            std::fs::read(dir.join("built-in").join(f)).unwrap()
                == std::fs::read(dir.join("resaved").join(f)).unwrap(),
            "{f}"
        );
    }
}

/// How many pixels of page 1 of `pdf` are red, rendered at 50 dpi.
fn red_pixels(pdf: &Path) -> usize {
    let out = std::process::Command::new("pdftoppm")
        .args(["-r", "50", "-f", "1", "-l", "1"])
        .arg(pdf)
        .output()
        .expect("pdftoppm (poppler-utils)");
    assert!(out.status.success());
    // A PPM: "P6", width, height, 255, then the RGB bytes.
    let data = out.stdout;
    let mut fields = 0;
    let mut at = 0;
    while fields < 4 {
        while data[at].is_ascii_whitespace() {
            at += 1;
        }
        while !data[at].is_ascii_whitespace() {
            at += 1;
        }
        fields += 1;
    }
    data[at + 1..]
        .chunks_exact(3)
        .filter(|p| p[0] > 180 && p[1] < 100 && p[2] < 100)
        .count()
}

#[test]
fn the_table_borders_follow_the_table_style() {
    let dir = scratch("reference-docx-borders");
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let layouts = dir.join("layouts");
    meetdoc_ok(&["layouts", &s(&layouts)]);
    meetdoc_ok(&[
        "build",
        "-o",
        &s(&dir.join("as-is")),
        "--layouts",
        &s(&layouts),
    ]);
    // Meetdoc Table's borders: 2 pt, red.
    edit_docx_style(&layouts.join("reference.docx"), "MeetdocTable", |st| {
        assert!(
            st.contains(r#"w:sz="4" w:space="0" w:color="000000""#),
            "{st}"
        );
        st.replace(
            r#"w:sz="4" w:space="0" w:color="000000""#,
            r#"w:sz="16" w:space="0" w:color="FF0000""#,
        )
    });
    meetdoc_ok(&[
        "build",
        "-o",
        &s(&dir.join("red")),
        "--layouts",
        &s(&layouts),
    ]);

    let docx = dir.join("red/programme.docx");
    let table = docx_part(&docx, "word/document.xml");
    let table = &table[table.find("<w:tblBorders>").unwrap()..];
    let table = &table[..table.find("</w:tblBorders>").unwrap()];
    assert_eq!(table.matches(r#"w:sz="16""#).count(), 6, "{table}");
    assert_eq!(table.matches(r#"w:color="FF0000""#).count(), 6, "{table}");
    let styles = docx_part(&docx, "word/styles.xml");
    assert_eq!(styles.matches(r#"w:color="FF0000""#).count(), 6);

    let pdf = |out: &str| dir.join(out).join("programme.pdf");
    assert_eq!(red_pixels(&pdf("as-is")), 0);
    assert!(red_pixels(&pdf("red")) > 500, "{}", red_pixels(&pdf("red")));
    let lo = libreoffice_pdf(&docx, &dir.join("lo"));
    assert!(red_pixels(&lo) > 500, "{}", red_pixels(&lo));
}

#[test]
fn the_note_rule_is_the_footnote_separator_of_the_reference() {
    let dir = scratch("reference-docx-note-rule");
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let layouts = dir.join("layouts");
    meetdoc_ok(&["layouts", &s(&layouts)]);
    let reference = layouts.join("reference.docx");
    let build = |out: &str| {
        meetdoc_ok(&["build", "-o", &s(&dir.join(out)), "--layouts", &s(&layouts)]);
        dir.join(out).join("concept-note.docx")
    };
    let separator = |docx: &Path| {
        let notes = docx_part(docx, "word/footnotes.xml");
        let at = notes.find(r#"w:type="separator""#).unwrap();
        let end = at + notes[at..].find("</w:footnote>").unwrap();
        notes[at..end].to_string()
    };
    let as_is = build("as-is");
    assert!(separator(&as_is).contains("<w:separator/>"));

    // The separator made a red 2 pt border across the column, as one
    // does in Word's draft view: the character replaced by a paragraph
    // border.
    let word_separator = r#"<w:r><w:separator/></w:r>"#;
    edit_docx_part(&reference, "word/footnotes.xml", |x| {
        let at = x.find(word_separator).expect("Word's separator character");
        x.replace_range(at..at + word_separator.len(), "");
        let p = x.find(r#"<w:pPr>"#).unwrap() + "<w:pPr>".len();
        x.insert_str(
            p,
            r#"<w:pBdr><w:top w:val="single" w:sz="16" w:space="1" w:color="FF0000"/></w:pBdr>"#,
        );
    });
    let full = build("full");
    let sep = separator(&full);
    assert!(!sep.contains("<w:separator/>"), "{sep}");
    assert!(
        sep.contains(r#"w:sz="16""#) && sep.contains(r#"w:color="FF0000""#),
        "{sep}"
    );
    let pdf = |out: &str| dir.join(out).join("concept-note.pdf");
    assert_eq!(red_pixels(&pdf("as-is")), 0);
    // A rule across the text column (about 165 mm: over 300 pixels at
    // 50 dpi), against Typst's short one.
    assert!(
        red_pixels(&pdf("full")) > 300,
        "{}",
        red_pixels(&pdf("full"))
    );
    // (LibreOffice 7.4 draws its own separator line whatever the separator
    // note holds, so its layout is no proxy for Word's here: the DOCX is
    // checked by its XML above, as Word reads it.)

    // The separator emptied: no rule in either format.
    edit_docx_part(&reference, "word/footnotes.xml", |x| {
        let at = x.find("<w:pBdr>").unwrap();
        let end = x.find("</w:pBdr>").unwrap() + "</w:pBdr>".len();
        x.replace_range(at..end, "");
    });
    let none = build("none");
    let sep = separator(&none);
    assert!(
        !sep.contains("<w:separator/>") && !sep.contains("pBdr"),
        "{sep}"
    );
    // Every word still prints.
    assert_eq!(pdf_text(&pdf("none")), pdf_text(&pdf("as-is")));
}
