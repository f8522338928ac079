//! The seed data set builds into a concept note and a programme, DOCX and
//! PDF, that carry every word of the seed; the footnote is a real footnote;
//! the programme table has its rows, times and durations; editing the
//! programme and rebuilding changes both formats.

mod common;
use common::*;
use std::path::Path;

fn build_into(data: &Path, out: &Path) {
    meetdoc_ok(&["build", data.to_str().unwrap(), "-o", out.to_str().unwrap()]);
}

#[test]
fn every_fragment_of_the_seed_is_in_both_formats() {
    let out = scratch("fragments");
    build_into(&seed_data(), &out);
    let mut missing = Vec::new();
    let mut checked = 0;
    for (stems, fragments) in seed_fragments() {
        for stem in stems {
            for (ext, text) in [
                ("docx", docx_text(&out.join(format!("{stem}.docx")))),
                ("pdf", pdf_text(&out.join(format!("{stem}.pdf")))),
            ] {
                for f in &fragments {
                    checked += 1;
                    if !contains_words(&text, f) {
                        missing.push(format!("{stem}.{ext}: {f}"));
                    }
                }
            }
        }
    }
    assert!(checked > 200, "only {checked} fragment checks");
    assert!(missing.is_empty(), "missing:\n{}", missing.join("\n"));
}

#[test]
fn the_footnote_is_a_real_footnote_numbered_alike() {
    let out = scratch("footnote");
    build_into(&seed_data(), &out);
    let docx = out.join("concept-note.docx");
    let body = docx_part(&docx, "word/document.xml");
    assert_eq!(
        body.matches("<w:footnoteReference").count(),
        1,
        "one footnote reference in the body"
    );
    assert!(
        body.contains(r#"<w:footnoteReference w:id="1""#),
        "the reference is to footnote 1"
    );
    let notes = docx_part(&docx, "word/footnotes.xml");
    let note1 = notes
        .split(r#"<w:footnote w:id="1""#)
        .nth(1)
        .expect("footnote 1 in footnotes.xml");
    assert!(
        note1.contains("<w:footnoteRef/>"),
        "footnote 1 prints its number"
    );
    assert!(
        xml_text(note1).contains("The draft NEACAP Work Plan 2026-2030 was extensively discussed")
    );
    // The text sits in the footnote, not in the body.
    assert!(!xml_text(&body).contains("was extensively discussed"));

    // PDF: the note's text follows its number at the foot of page 1, after
    // the body text of that page (read line by line as laid out: the
    // superscript number is a line of its own).
    let text = pdf_layout_text(&out.join("concept-note.pdf"));
    let page1 = text.split('\u{c}').next().unwrap();
    let note_at = page1
        .find("The draft NEACAP Work Plan 2026-2030 was")
        .expect("footnote text on page 1");
    let marker = &page1[..note_at];
    assert!(
        marker.trim_end().ends_with('1'),
        "the footnote text is preceded by its number 1"
    );
    let reference = page1
        .find("Work Plan 2026-20301")
        .expect("the reference mark 1 after 2026-2030 in the body");
    assert!(reference < note_at, "the note is set below its reference");
}

/// Rows of the first table in a DOCX body: each row's cells as text.
fn docx_rows(xml: &str) -> Vec<Vec<String>> {
    let table = &xml[xml.find("<w:tbl>").expect("a table")..xml.find("</w:tbl>").unwrap()];
    table
        .split("</w:tr>")
        .filter(|row| row.contains("<w:tc>"))
        .map(|row| {
            row.split("<w:tc>")
                .skip(1)
                .map(|c| xml_text(c).split_whitespace().collect::<Vec<_>>().join(" "))
                .collect()
        })
        .collect()
}

const SEED_ROWS: [(&str, Option<&str>); 8] = [
    ("13:30–14:00", None),
    ("14:00–14:15", Some("(15 mins)")),
    ("14:15–14:30", Some("(15 mins)")),
    ("14:30–15:45", Some("(75 mins)")),
    ("15:45–16:15", None),
    ("16:15–17:30", Some("(75 mins)")),
    ("17:30–17:45", Some("(15 mins)")),
    ("17:45–18:15", None),
];

#[test]
fn the_programme_table_has_its_rows_times_and_durations() {
    let out = scratch("table");
    build_into(&seed_data(), &out);
    for stem in ["concept-note", "programme"] {
        let docx = out.join(format!("{stem}.docx"));
        let xml = docx_part(&docx, "word/document.xml");
        let rows = docx_rows(&xml);
        assert_eq!(rows.len(), 9, "{stem}.docx: a header row and 8 rows");
        assert_eq!(rows[0], vec!["Time", "Sessions"]);
        let header_row = &xml[xml.find("<w:tbl>").unwrap()..];
        let first_tr = &header_row[..header_row.find("</w:tr>").unwrap()];
        assert!(
            first_tr.contains("<w:tblHeader"),
            "{stem}.docx: the header row repeats on each page"
        );
        for (row, (time, duration)) in rows[1..].iter().zip(SEED_ROWS) {
            let expected = match duration {
                Some(d) => format!("{time} {d}"),
                None => time.to_string(),
            };
            assert_eq!(row[0], expected, "{stem}.docx time cell");
        }
        // PDF: the times and durations in order.
        let text = pdf_text(&out.join(format!("{stem}.pdf")));
        let mut at = 0;
        for (time, duration) in SEED_ROWS {
            let i = text[at..]
                .find(time)
                .unwrap_or_else(|| panic!("{stem}.pdf: {time} after position {at}"))
                + at;
            at = i + time.len();
            if let Some(d) = duration {
                let next = text[at..].trim_start();
                assert!(
                    next.starts_with(d),
                    "{stem}.pdf: {time} is followed by {d}, found {:?}",
                    &next[..30.min(next.len())]
                );
            }
        }
    }
}

#[test]
fn editing_the_programme_changes_durations_span_and_both_documents() {
    let data = seed_copy("edit");
    let dir = data.parent().unwrap().to_path_buf();
    // Lengthen Session 1 by 15 minutes (its discussion), move the coffee
    // break and everything after it 15 minutes later.
    edit_json(&data.join("programme.json"), |p| {
        let items = p["days"][0]["items"].as_array_mut().unwrap();
        items[3]["end"] = "16:00".into();
        items[3]["parts"][1]["minutes"] = 40.into();
        let shifted = [
            ("16:00", "16:30"),
            ("16:30", "17:45"),
            ("17:45", "18:00"),
            ("18:00", "18:30"),
        ];
        for (item, (s, e)) in items[4..].iter_mut().zip(shifted) {
            item["start"] = s.into();
            item["end"] = e.into();
        }
    });
    let out = dir.join("out");
    build_into(&data, &out);
    for stem in ["concept-note", "programme"] {
        for text in [
            docx_text(&out.join(format!("{stem}.docx"))),
            pdf_text(&out.join(format!("{stem}.pdf"))),
        ] {
            let hay = text.as_str();
            assert!(
                contains_words(hay, "14:00-18:00, 23 September 2025"),
                "{stem}: the span follows the programme"
            );
            let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                !flat.contains("14:00–17:45,"),
                "{stem}: the old span is gone"
            );
            assert!(
                contains_words(hay, "14:30-16:00 (90 mins) Session 1"),
                "{stem}: Session 1's new duration"
            );
            assert!(
                contains_words(hay, "Interactive discussions and Q&A (40 mins)"),
                "{stem}: the part's minutes"
            );
            assert!(
                contains_words(hay, "16:00-16:30 Coffee Break"),
                "{stem}: the moved break"
            );
        }
    }
}

#[test]
fn a_note_in_the_programme_is_a_lettered_table_note_under_the_table() {
    let dir = scratch("tablenote");
    let data = dir.join("data");
    copy_dir(&seed_data(), &data);
    let path = data.join("programme.json");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "in line with the NEACAP Work Plan 2026-2030.",
        "in line with the NEACAP Work Plan 2026-2030.[^workplan]",
    );
    std::fs::write(&path, text).unwrap();
    let out = dir.join("out");
    build_into(&data, &out);
    for stem in ["concept-note", "programme"] {
        let docx = out.join(format!("{stem}.docx"));
        let body = docx_part(&docx, "word/document.xml");
        // In the table: a superscript letter, and the note set under the table.
        assert!(
            body.contains("TableNoteReference"),
            "{stem}.docx: a lettered reference"
        );
        let after_table = &body[body.rfind("</w:tbl>").unwrap()..];
        assert!(
            xml_text(after_table)
                .contains("a The draft NEACAP Work Plan 2026-2030 was extensively discussed"),
            "{stem}.docx: note a under the table"
        );
        let pdf = pdf_text(&out.join(format!("{stem}.pdf")));
        let flat = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("2026-2030.a"),
            "{stem}.pdf: the letter follows the sentence"
        );
        assert!(
            flat.contains("a The draft NEACAP Work Plan 2026-2030 was extensively discussed"),
            "{stem}.pdf: note a"
        );
    }
    // The concept note keeps its page footnote 1 for the body's reference.
    let notes = docx_part(&out.join("concept-note.docx"), "word/footnotes.xml");
    assert!(notes.contains(r#"<w:footnote w:id="1""#));
    assert!(
        !docx_has_part(&out.join("programme.docx"), "word/footnotes.xml")
            || !docx_part(&out.join("programme.docx"), "word/footnotes.xml")
                .contains(r#"<w:footnote w:id="1""#)
    );
}

#[test]
fn property_elements_are_in_schema_order() {
    // Word reads w:pPr, w:trPr, w:sectPr … children in ECMA-376 order only.
    let out = scratch("schema-order");
    build_into(&seed_data(), &out);
    let xml = docx_part(&out.join("concept-note.docx"), "word/document.xml");
    assert!(!xml.contains("<w:pPr><w:rPr>"), "w:rPr comes last in w:pPr");
    assert!(
        xml.contains("<w:trPr><w:cantSplit /><w:tblHeader/>")
            || xml.contains("<w:trPr><w:cantSplit/><w:tblHeader/>"),
        "w:cantSplit before w:tblHeader"
    );
    let sect = &xml[xml.rfind("<w:sectPr").unwrap()..];
    assert!(
        sect.find("<w:footerReference").unwrap() < sect.find("<w:pgSz").unwrap(),
        "references before the page size"
    );
}

#[test]
fn first_builds_on_a_machine_can_run_at_once() {
    // Four builds with an empty user cache: they race to make the kept
    // font folder (~/.cache/meetdoc/fonts-…) and must all succeed alike.
    let dir = scratch("fresh-cache");
    let cache = dir.join("cache");
    // A reference build (with the usual user cache), then four at once.
    meetdoc_ok(&["build", "-o", dir.join("out0").to_str().unwrap()]);
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let (cache, out) = (cache.clone(), dir.join(format!("par{i}")));
            std::thread::spawn(move || {
                let cache = cache.join("parallel");
                meetdoc_env(
                    &["build", "-o", out.to_str().unwrap()],
                    &[("XDG_CACHE_HOME", cache.to_str().unwrap())],
                )
            })
        })
        .collect();
    let first = std::fs::read(dir.join("out0/programme.pdf")).unwrap();
    for (i, h) in handles.into_iter().enumerate() {
        let out = h.join().unwrap();
        assert!(
            out.status.success(),
            "build {i}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            std::fs::read(dir.join(format!("par{i}/programme.pdf"))).unwrap(),
            first,
            "build {i}"
        );
    }
}

#[test]
fn an_unchanged_document_is_not_recompiled_unless_its_pdf_changed() {
    let dir = scratch("compile-cache");
    let out = dir.join("out");
    build_into(&seed_data(), &out);
    let pdf = out.join("programme.pdf");
    let first = std::fs::read(&pdf).unwrap();
    // A typst that gives the real one's version but cannot compile.
    let fake = dir.join("typst");
    fake_typst(&fake, &typst_version(), "cannot compile");
    let with_fake = |args: &[&str]| meetdoc_env(args, &[("TYPST", fake.to_str().unwrap())]);
    let seed = seed_data();
    let args = ["build", seed.to_str().unwrap(), "-o", out.to_str().unwrap()];
    // Nothing changed: no compile is needed, so the fake typst does not matter.
    let run = with_fake(&args);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), first);
    // Someone replaces the PDF: the next build must compile it again.
    std::fs::write(&pdf, b"not a PDF").unwrap();
    let run = with_fake(&args);
    assert_eq!(run.status.code(), Some(3), "it tried to compile");
    build_into(&seed_data(), &out);
    assert_eq!(std::fs::read(&pdf).unwrap(), first, "the PDF is made again");
}
