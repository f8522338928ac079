//! Beyond the seed: a general meeting document (the SOM-28 information
//! note), a concept note whose sections are the data's, and the
//! programme's options (day headings, the title's times, speakers' roles,
//! lists on one line).

mod common;
use common::*;
use meetdoc::data::document::{self, Content, GeneralDocument};
use meetdoc::data::walk::texts;
use meetdoc::values::Markup;
use serde_json::json;
use std::path::{Path, PathBuf};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn info_note() -> PathBuf {
    root().join("data/som28/info-note.json")
}

/// Every sentence of a text as printed (markup removed).
fn sentences(source: &str) -> Vec<String> {
    let plain = Markup::parse(source).unwrap().plain();
    plain
        .split(". ")
        .map(str::trim)
        .filter(|s| s.chars().any(char::is_alphanumeric))
        .map(String::from)
        .collect()
}

/// Every sentence the note's data holds: its title block, every text with
/// markup (paragraphs, list items, table cells and headings, footnotes).
fn every_sentence(doc: &GeneralDocument) -> Vec<String> {
    let mut out = vec![doc.title.printed()];
    out.extend(doc.kind.iter().map(|k| k.printed()));
    out.extend(doc.lines.iter().map(|l| l.printed()));
    // Every text but the author, which is a document property.
    for t in texts(doc).into_iter().filter(|t| t.path != "author") {
        out.extend(sentences(&t.source));
    }
    out
}

/// How many numbered paragraphs the note has (its sections' texts).
fn numbered_paragraphs(sections: &[document::Section]) -> usize {
    sections
        .iter()
        .map(|s| {
            s.content
                .iter()
                .filter(|c| matches!(c, Content::Paragraph(_)))
                .count()
                + numbered_paragraphs(&s.sections)
        })
        .sum()
}

#[test]
fn the_information_note_builds_in_both_formats_with_every_sentence() {
    let dir = scratch("info-note");
    // On its own, and in the SOM-28 set under its own symbol.
    let alone = dir.join("alone");
    meetdoc_ok(&["build", s(&info_note()), "-o", s(&alone)]);
    let check = meetdoc_ok(&["check", s(&info_note())]);
    assert!(
        String::from_utf8_lossy(&check.stdout)
            .contains("checked 1 document file: 0 errors, 0 warnings"),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let set = dir.join("som28");
    meetdoc_ok(&["bundle", "data/som28", "-o", s(&set)]);
    let manifest = std::fs::read_to_string(set.join("manifest.json")).unwrap();
    assert!(
        manifest.contains("ESCAP/NEASPEC/SOM(28)/INF/3"),
        "{manifest}"
    );

    let (doc, warnings) = document::load(&info_note()).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let all = every_sentence(&doc);
    assert!(all.len() > 60, "{} sentences", all.len());
    for (pdf, docx) in [
        (alone.join("info-note.pdf"), alone.join("info-note.docx")),
        (
            set.join("ESCAP_NEASPEC_SOM(28)_INF_3.pdf"),
            set.join("ESCAP_NEASPEC_SOM(28)_INF_3.docx"),
        ),
    ] {
        let (p, d) = (pdf_text(&pdf), docx_text(&docx));
        for sentence in &all {
            assert!(
                contains_words(&p, sentence),
                "{sentence:?} missing from {}",
                pdf.display()
            );
            assert!(
                contains_words(&d, sentence),
                "{sentence:?} missing from {}",
                docx.display()
            );
        }
        // Headings numbered I., A., …; paragraphs 1, 2, … through the
        // note (the PDF prints them; Word counts them, one numbering).
        let n = numbered_paragraphs(&doc.sections);
        assert_eq!(n, 18);
        for number in [
            "I. About this note",
            "VIII. Contacts",
            "A. Arrival",
            "B. Getting around",
        ] {
            assert!(contains_words(&p, number), "{number} missing from the PDF");
            assert!(contains_words(&d, number), "{number} missing from the DOCX");
        }
        assert!(
            p.contains(&format!("{n}.")),
            "paragraph {n} not numbered in the PDF"
        );
        let body = docx_part(&docx, "word/document.xml");
        assert_eq!(
            body.matches(r#"<w:pStyle w:val="NumberedParagraph" />"#)
                .count(),
            n,
            "numbered paragraphs in the DOCX"
        );
        let numbering = docx_part(&docx, "word/numbering.xml");
        assert!(numbering.contains(r#"<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>"#));
        // The table's notes are lettered under it, once each.
        assert!(contains_words(&p, "a Breakfast and taxes included"), "{p}");
        assert_eq!(d.matches("Breakfast and taxes included").count(), 1);
    }
    // The masthead and the marked example.
    let p = pdf_text(&set.join("ESCAP_NEASPEC_SOM(28)_INF_3.pdf"));
    assert!(contains_words(
        &p,
        "ESCAP/NEASPEC/SOM(28)/INF/3 Distr.: General 22 August 2025"
    ));
    assert!(contains_words(
        &p,
        "This note is an example made with meetdoc"
    ));
}

#[test]
fn a_general_document_with_a_summary_and_a_bad_table_is_told_at_its_paths() {
    let dir = scratch("general-bad");
    let file = dir.join("report.json");
    let doc = json!({
        "title": "Report of the meeting",
        "date": "2025-10-01",
        "summary": ["The meeting agreed on the work plan."],
        "numbered_paragraphs": true,
        "sections": [
            { "heading": "Opening", "content": ["First.", {"bullets": ["a", {"text": "b", "numbered": ["c"]}]}] },
            { "heading": "Tables", "content": [
                {"table": {"columns": ["A", "B"], "widths": [1], "rows": [["x"], ["y", null]]}},
                {"bulets": ["x"]}
            ], "sections": [{"heading": "2", "sections": [{"heading": "3", "sections": [{"heading": "4", "sections": [{"heading": "5"}]}]}]}] }
        ],
        "footnotes": { "unused": "Never cited." }
    });
    std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let out = meetdoc(&["check", s(&file)]);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("sections[1].content[1].bulets: unknown field \"bulets\"")
            && err.contains("did you mean \"bullets\"?"),
        "{err}"
    );
    assert!(
        err.contains("sections[1].content[1]: missing field \"bullets\""),
        "{err}"
    );

    // The shape fixed: what only the whole document can say.
    let mut doc = doc;
    doc["sections"][1]["content"].as_array_mut().unwrap().pop();
    std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let out = meetdoc(&["check", s(&file)]);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{err}");
    for expected in [
        "sections[1].content[0].table.widths: 1 widths for 2 columns",
        "sections[1].content[0].table.rows[0]: row 1 has 1 cells, but the table has 2 columns",
        "sections[1].sections[0].sections[0].sections[0].sections[0]: sections nest 5 levels deep; headings have 4 levels",
        "warning: ",
        "footnotes.unused: footnote \"unused\" is defined but never referenced",
    ] {
        assert!(err.contains(expected), "{expected} missing:\n{err}");
    }
    assert!(!err.contains("rows[1]"), "{err}");

    // Fixed: it builds, the summary unnumbered, the paragraphs numbered.
    doc["sections"][1]["content"][0]["table"]["widths"] = json!([2, 1]);
    doc["sections"][1]["content"][0]["table"]["rows"][0] = json!(["x", "z"]);
    doc["sections"][1]["sections"][0]["sections"][0]["sections"][0]["sections"] = json!([]);
    doc["footnotes"] = json!({});
    std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let out_dir = dir.join("out");
    meetdoc_ok(&["build", s(&file), "-o", s(&out_dir)]);
    let p = pdf_text(&out_dir.join("report.pdf"));
    assert!(
        contains_words(
            &p,
            "Summary The meeting agreed on the work plan. Opening 1. First."
        ),
        "{p}"
    );
    let cols = docx_part(&out_dir.join("report.docx"), "word/document.xml");
    // 2:1 of the text's 160 mm: 106.66 and 53.33 mm.
    assert!(
        cols.contains(r#"<w:gridCol w:w="6047"/><w:gridCol w:w="3023"/>"#),
        "{cols}"
    );

    // Without its date it cannot be built on its own.
    doc.as_object_mut().unwrap().remove("date");
    std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let out = meetdoc(&["build", s(&file), "-o", s(&dir.join("none"))]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("missing field \"date\""), "{err}");
    assert!(!dir.join("none").exists());
}

#[test]
fn a_concept_note_without_a_work_plan_and_with_an_extra_section() {
    let data = seed_copy("free-sections");
    // The base alone (its language versions translate the organizers and
    // the work plan this test removes).
    for version in ["ru", "zh"] {
        std::fs::remove_dir_all(data.join(version)).unwrap();
    }
    std::fs::remove_file(data.join("workplan.json")).unwrap();
    std::fs::write(
        data.join("outcomes.json"),
        serde_json::to_string_pretty(&json!({
            "$schema": "../../schema/section.schema.json",
            "heading": "Expected outcomes",
            "content": [
                "The dialogue is expected to agree on priorities for the Work Plan.",
                { "bullets": ["a shared list of priority actions", "a timeline for the next steps"] }
            ],
            "sections": [{ "heading": "Follow-up", "content": ["The secretariat will report to SOM-29."] }]
        }))
        .unwrap(),
    )
    .unwrap();
    edit_json(&data.join("meeting.json"), |m| {
        m["sections"] = json!([
            "objectives.json",
            "background.json",
            "participants.json",
            "outcomes.json",
            "programme.json"
        ]);
        m.as_object_mut().unwrap().remove("organizers");
    });
    let out = data.parent().unwrap().join("out");
    let check = meetdoc_ok(&["check", s(&data)]);
    assert!(
        String::from_utf8_lossy(&check.stdout)
            .contains("checked 7 data files: 0 errors, 0 warnings"),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    meetdoc_ok(&["build", s(&data), "-o", s(&out)]);
    for text in [
        pdf_text(&out.join("concept-note.pdf")),
        docx_text(&out.join("concept-note.docx")),
    ] {
        // The data's order, the extra section with its sub-section.
        let order = [
            "Objectives",
            "Background",
            "Participants and Structure",
            "Expected outcomes The dialogue is expected to agree",
            "a shared list of priority actions",
            "Follow-up The secretariat will report to SOM-29",
            "Indicative Programme",
        ];
        let at: Vec<usize> = order
            .iter()
            .map(|h| {
                stream(&text)
                    .find(&stream(h))
                    .unwrap_or_else(|| panic!("{h} missing"))
            })
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
        assert!(
            !contains_words(&text, "envisaged outputs"),
            "the work plan is printed"
        );
    }

    // A work plan with paragraphs only: no outputs sentence.
    std::fs::write(
        data.join("workplan.json"),
        r#"{"paragraphs": ["The Work Plan 2026-2030 builds on the first one."]}"#,
    )
    .unwrap();
    edit_json(&data.join("meeting.json"), |m| {
        m["sections"] = json!(["background.json", "workplan.json", "programme.json"]);
    });
    let check = meetdoc_ok(&["check", s(&data)]);
    let warned = String::from_utf8_lossy(&check.stderr);
    for not_printed in ["objectives.json", "participants.json", "outcomes.json"] {
        assert!(
            warned.contains(&format!(
                "{not_printed} is not one of the concept note's sections: it is not printed"
            )),
            "{warned}"
        );
    }
    meetdoc_ok(&["build", s(&data), "-o", s(&out)]);
    let p = pdf_text(&out.join("concept-note.pdf"));
    assert!(
        contains_words(&p, "builds on the first one. Indicative Programme"),
        "{p}"
    );

    // A section named but not there: an error at its place in the list.
    edit_json(&data.join("meeting.json"), |m| {
        m["sections"] = json!(["background.json", "outcome.json", "programme.json"]);
    });
    let out = meetdoc(&["check", s(&data)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("meeting.json: sections[1]: outcome.json is not in the folder")
            && err.contains("did you mean \"outcomes.json\"?"),
        "{err}"
    );
}

#[test]
fn the_seed_prints_its_sections_in_todays_order() {
    // The seed names no sections: the known files, in the default order.
    let dir = scratch("seed-order");
    meetdoc_ok(&["build", "-o", s(&dir)]);
    let p = pdf_text(&dir.join("concept-note.pdf"));
    let at: Vec<usize> = [
        "Background",
        "Objectives",
        "envisaged outputs include",
        "Participants and Structure",
        "Indicative Programme",
    ]
    .iter()
    .map(|h| stream(&p).find(&stream(h)).unwrap())
    .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{at:?}");
}

#[test]
fn programme_options_day_headings_title_times_roles_and_inline_lists() {
    let data = seed_copy("programme-options");
    edit_json(&data.join("meeting.json"), |m| {
        m["end_date"] = json!("2025-09-24");
        m["timezone"] = json!("GMT+8");
    });
    edit_json(&data.join("programme.json"), |p| {
        let mut day = p["days"][0].clone();
        for item in day["items"].as_array_mut().unwrap() {
            for part in item
                .get_mut("parts")
                .and_then(|p| p.as_array_mut())
                .into_iter()
                .flatten()
            {
                if part.get("list").is_some() {
                    part["list_style"] = json!("inline");
                }
            }
            if let Some(speaker) = item.get_mut("speakers").and_then(|s| s.get_mut(0)) {
                speaker["role"] = json!("Moderator");
            }
        }
        let mut second = day.clone();
        second["date"] = json!("2025-09-24");
        p["days"] = json!([day, second]);
    });
    let out = data.parent().unwrap().join("out");
    meetdoc_ok(&["build", s(&data), "-o", s(&out)]);
    for text in [
        pdf_text(&out.join("programme.pdf")),
        docx_text(&out.join("programme.docx")),
    ] {
        // The title block: each day's times (the data's default).
        assert!(
            contains_words(
                &text,
                "14:00–17:45 (GMT+8), 23 September 2025 14:00–17:45 (GMT+8), 24 September 2025"
            ),
            "{text}"
        );
        assert!(
            contains_words(
                &text,
                "Day 2: 14:00–17:45 (GMT+8), Wednesday, 24 September 2025"
            ),
            "{text}"
        );
        assert!(contains_words(&text, "Moderator: Mr."), "{text}");
        assert!(
            contains_words(
                &text,
                "Country presentations (50 mins): China; Japan; Republic of Korea; Mongolia; Russian Federation"
            ),
            "{text}"
        );
    }
    // On one line of the DOCX, with the label's separators.
    assert!(docx_text(&out.join("programme.docx")).contains(
        "Country presentations (50 mins): China; Japan; Republic of Korea; Mongolia; Russian Federation "
    ));

    // Dated headings, the dates alone in the title.
    edit_json(&data.join("programme.json"), |p| {
        p["day_heading"] = json!("dated");
        p["title_line"] = json!("dates");
    });
    meetdoc_ok(&["build", s(&data), "-o", s(&out)]);
    let text = pdf_text(&out.join("programme.pdf"));
    assert!(
        contains_words(
            &text,
            "Blue Sky Hotel, Ulaanbaatar, Mongolia 23–24 September 2025"
        ),
        "{text}"
    );
    assert!(
        contains_words(&text, "Wednesday, 24 September 2025: 14:00–17:45 (GMT+8)"),
        "{text}"
    );
    assert!(!text.contains("Day 2") && !text.contains("Day 1"), "{text}");

    edit_json(&data.join("programme.json"), |p| {
        p["day_heading"] = json!("weekly")
    });
    let out = meetdoc(&["check", s(&data)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("day_heading: \"weekly\" is not one of the values allowed here")
            && err.contains("numbered, dated, date_only"),
        "{err}"
    );
}
