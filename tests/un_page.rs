//! The UN page in both formats: the masthead ("Distr.: General", the date,
//! "Original: English"), the meeting and the agenda item under the rule
//! with a note marked "*" citing the provisional agenda, the agenda as a
//! real numbered list, headers and page numbers as `style.running` says;
//! every word meetdoc prints comes from `layouts/labels.json`.

mod common;
use common::*;
use serde_json::json;
use std::path::{Path, PathBuf};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The SOM-28 set bundled into a scratch folder of its own.
fn bundled(name: &str, layouts: Option<&Path>) -> PathBuf {
    let out = scratch(name).join("out");
    let mut args = vec!["bundle", "data/som28", "-o", s(&out)];
    if let Some(l) = layouts {
        args.extend(["--layouts", s(l)]);
    }
    meetdoc_ok(&args);
    out
}

/// A copy of the set and its data set, laid out as in data/.
fn copy_set(name: &str) -> PathBuf {
    let data = scratch(name).join("data");
    copy_dir(&root().join("data/som28"), &data.join("som28"));
    copy_dir(&seed_data(), &data.join("neacap-pd2"));
    data
}

/// The lines of page `page` (from 1) of a PDF as laid out.
fn page_lines(pdf: &Path, page: usize) -> Vec<String> {
    let text = pdf_layout_text(pdf);
    let page = text.split('\u{c}').nth(page - 1).unwrap_or_default();
    page.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn the_masthead_names_the_meeting_and_the_agenda_item_with_its_note() {
    let out = bundled("un-masthead", None);
    let pdf = out.join("NEACAP_PD2_2.pdf");
    let lines = page_lines(&pdf, 1);
    let at = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} on page 1:\n{}", lines.join("\n")))
    };
    // Above the rule: symbol, distribution, date, original language, the
    // issuer on the left of the last two.
    let order = [
        at("NEACAP/PD2/2"),
        at("Distr.: General"),
        at("United Nations 1 September 2025"),
        at("ESCAP East and North-East Asia Office Original: English"),
        // Under it: the meeting, its place and dates (the UN's en dash),
        // the agenda item with its mark, the item's title from the agenda.
        at("Twenty-eighth Senior Officials Meeting of NEASPEC"),
        at("Ulaanbaatar, Mongolia, 22–23 September 2025"),
        at("Item 5 (a) of the provisional agenda*"),
        at("Programme areas: Air pollution"),
        at("Indicative Programme"),
        // The note at the foot of the page cites the agenda's symbol,
        // after its mark (a superscript, a line of its own as read).
        at("ESCAP/NEASPEC/SOM(28)/1."),
    ];
    assert_eq!(lines[order[9] - 1], "*", "{lines:?}");
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "{order:?}\n{}",
        lines.join("\n")
    );
    assert!(!lines.iter().any(|l| l == "General"), "{lines:?}");

    // The same in the DOCX, the note a real footnote marked "*".
    let docx = out.join("NEACAP_PD2_2.docx");
    let body = xml_text(&docx_part(&docx, "word/document.xml"));
    for needle in [
        "Distr.: General",
        "1 September 2025",
        "Original: English",
        "Twenty-eighth Senior Officials Meeting of NEASPEC",
        "Ulaanbaatar, Mongolia, 22–23 September 2025",
        "Item 5 (a) of the provisional agenda*",
        "Programme areas: Air pollution",
    ] {
        assert!(body.contains(needle), "{needle} in the DOCX: {body}");
    }
    let notes = docx_part(&docx, "word/footnotes.xml");
    assert!(notes.contains(r#"<w:t xml:space="preserve">*</w:t>"#));
    assert!(xml_text(&notes).contains("* ESCAP/NEASPEC/SOM(28)/1."));
    assert!(
        docx_part(&docx, "word/document.xml").contains(r#"w:customMarkFollows="1""#),
        "the reference carries its own mark"
    );

    // The concept note's own footnote keeps the number 1 after the marked
    // note, in both formats.
    let cn = out.join("NEACAP_PD2_1.pdf");
    let text = pdf_layout_text(&cn);
    assert!(text.contains("Work Plan 2026-20301,"), "{text}");
    let notes = docx_part(&out.join("NEACAP_PD2_1.docx"), "word/footnotes.xml");
    assert_eq!(notes.matches("<w:footnoteRef/>").count(), 1);

    // The agenda itself cites no agenda; the list of documents neither.
    for stem in ["ESCAP_NEASPEC_SOM(28)_1", "ESCAP_NEASPEC_SOM(28)_INF_1"] {
        let text = pdf_text(&out.join(format!("{stem}.pdf")));
        assert!(
            !text.contains("of the provisional agenda"),
            "{stem}: {text}"
        );
        assert!(text.contains("Twenty-eighth Senior Officials Meeting"));
    }
    // The list of documents prints the item as the UN does.
    let list = pdf_layout_text(&out.join("ESCAP_NEASPEC_SOM(28)_INF_1.pdf"));
    assert!(list.contains("5 (a)"), "{list}");
}

#[test]
fn the_provisional_agenda_is_a_numbered_list_in_both_formats() {
    let out = bundled("un-agenda", None);
    let docx = out.join("ESCAP_NEASPEC_SOM(28)_1.docx");
    let xml = docx_part(&docx, "word/document.xml");
    // No number is typed: Word counts them (eight items, one sub-item).
    let text = xml_text(&xml);
    assert!(!text.contains("1. Opening"), "{text}");
    assert!(text.contains("Opening of the meeting."));
    let items: Vec<&str> = xml
        .split("<w:p ")
        .filter(|p| p.contains(r#"<w:pStyle w:val="ListNumber" />"#))
        .collect();
    assert_eq!(items.len(), 9, "{xml}");
    let level = |p: &str, l: u8| p.contains(&format!(r#"<w:ilvl w:val="{l}" />"#));
    assert_eq!(items.iter().filter(|p| level(p, 0)).count(), 8);
    assert!(level(items[5], 1) && items[5].contains("Air pollution."));
    // One numbering instance for the list, on the numbers' definition:
    // decimal, then "(a)", the number hanging in the indent.
    let id = |p: &str| {
        let at = p.find(r#"<w:numId w:val=""#).unwrap() + 16;
        p[at..at + p[at..].find('"').unwrap()].to_string()
    };
    assert!(items.iter().all(|p| id(p) == id(items[0])));
    let numbering = docx_part(&docx, "word/numbering.xml");
    assert!(numbering.contains(&format!(
        r#"<w:num w:numId="{}"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>"#,
        id(items[0])
    )));
    assert!(numbering.contains(r#"<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>"#));
    assert!(numbering.contains(r#"<w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/>"#));
    assert!(numbering.contains(r#"<w:ind w:left="560" w:hanging="560"/>"#));

    // The PDF: the numbers before the items, the text of every item at one
    // indent, the sub-item's one indent further in.
    let pdf = out.join("ESCAP_NEASPEC_SOM(28)_1.pdf");
    let lines = page_lines(&pdf, 1);
    for line in [
        "1. Opening of the meeting.",
        "5. Programme areas:",
        "(a) Air pollution.",
        "8. Venue and date of the Twenty-ninth Senior Officials Meeting.",
    ] {
        assert!(lines.iter().any(|l| l == line), "{line}: {lines:?}");
    }
    let page = &pdf_boxes(&pdf)[0];
    let x = |w: &str| {
        page.words
            .iter()
            .find(|x| x.text == w)
            .unwrap_or_else(|| panic!("{w}"))
            .x0
    };
    let margin = 25.0 * 72.0 / 25.4;
    assert!((x("1.") - margin).abs() < 0.5);
    assert!(
        (x("Opening") - (margin + 28.0)).abs() < 0.5,
        "{}",
        x("Opening")
    );
    assert!((x("Election") - x("Opening")).abs() < 0.1);
    assert!((x("(a)") - (margin + 28.0)).abs() < 0.5);
    assert!((x("Air") - (margin + 56.0)).abs() < 0.5);
}

#[test]
fn an_agenda_number_out_of_order_is_an_error_naming_the_right_one() {
    let data = copy_set("un-agenda-numbers");
    edit_json(&data.join("som28/agenda.json"), |a| {
        a["items"][2]["number"] = json!("4.");
        a["items"][4]["items"][0]["number"] = json!("(b)");
    });
    let out = meetdoc(&["check", s(&data.join("som28"))]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            r#"agenda.json: items[2].number: "4." is out of order: it should be 3 (after 2.)"#
        ),
        "{err}"
    );
    assert!(
        err.contains(
            r#"items[4].items[0].number: "(b)" is out of order: a list of sub-items starts at a"#
        ),
        "{err}"
    );
    assert!(
        err.contains("help: number an agenda's items 1., 2., 3."),
        "{err}"
    );
}

#[test]
fn headers_and_page_numbers_alternate_and_skip_the_first_page() {
    let out = bundled("un-running", None);
    let pdf = out.join("NEACAP_PD2_1.pdf");
    let pages = pdf_boxes(&pdf);
    assert!(pages.len() >= 3);
    let margin = 25.0 * 72.0 / 25.4;
    for (i, page) in pages.iter().enumerate() {
        let header: Vec<&Word> = page.words.iter().filter(|w| w.y1 < margin).collect();
        let footer: Vec<&Word> = page
            .words
            .iter()
            .filter(|w| w.y0 > page.height - margin)
            .collect();
        if i == 0 {
            assert!(header.is_empty() && footer.is_empty(), "page 1");
            continue;
        }
        let n = i + 1;
        assert_eq!(header.len(), 1, "page {n}");
        assert_eq!(header[0].text, "NEACAP/PD2/1");
        assert_eq!(footer.len(), 1, "page {n}");
        assert_eq!(footer[0].text, n.to_string());
        // Outside: left on even pages, right on odd ones.
        for w in [header[0], footer[0]] {
            if n % 2 == 0 {
                assert!(
                    (w.x0 - margin).abs() < 0.5,
                    "page {n}: {} at {}",
                    w.text,
                    w.x0
                );
            } else {
                assert!(
                    (w.x1 - (page.width - margin)).abs() < 0.5,
                    "page {n}: {} ends at {}",
                    w.text,
                    w.x1
                );
            }
        }
    }
}

/// A copy of the layouts whose label table has a French column.
fn french_layouts(name: &str) -> PathBuf {
    let dir = scratch(name).join("layouts");
    copy_dir(&root().join("layouts"), &dir);
    edit_json(&dir.join("labels.json"), |l| {
        let mut fr = l["languages"]["en"].clone();
        fr["distribution"]["General"] = json!("Distr. générale");
        fr["original"] = json!("Original : {language}");
        fr["language_names"]["fr"] = json!("français");
        fr["language_names"]["en"] = json!("anglais");
        fr["agenda_item"] = json!("Point {item} de l'ordre du jour provisoire");
        fr["list_of_documents"] = json!("Liste des documents");
        fr["list_columns"] = json!(["Cote", "Titre", "Point", "Date"]);
        fr["day_heading"]["numbered"]["with_times"] =
            json!("Jour {number} : {times}, {weekday} {date}");
        fr["duration"] = json!({ "one": "({minutes} min)", "other": "({minutes} min)" });
        fr["date"]["months"] = json!([
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre"
        ]);
        fr["date"]["weekdays"] = json!([
            "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"
        ]);
        fr["date"]["range_same_month"] = json!("{start_day} au {end}");
        l["languages"]["fr"] = fr;
    });
    dir
}

/// Every word meetdoc prints comes from the label table: a French column
/// and French data give a French masthead, dates, durations and list of
/// documents, and no English label is left (the data's own words aside).
#[test]
fn the_labels_are_a_table_in_the_layouts() {
    let layouts = french_layouts("un-labels");
    let data = copy_set("un-labels-data");
    edit_json(&data.join("som28/docset.json"), |d| {
        d["meeting"]["language"] = json!("fr");
        d["documents"][1]["original"] = json!("en");
    });
    edit_json(&data.join("neacap-pd2/meeting.json"), |m| {
        m["language"] = json!("fr");
    });
    let out = scratch("un-labels-out");
    meetdoc_ok(&[
        "bundle",
        s(&data.join("som28")),
        "-o",
        s(&out),
        "--layouts",
        s(&layouts),
    ]);
    let programme = pdf_text(&out.join("NEACAP_PD2_2.pdf"));
    let concept = docx_text(&out.join("NEACAP_PD2_1.docx"));
    let list = pdf_text(&out.join("ESCAP_NEASPEC_SOM(28)_INF_1.pdf"));
    for (what, text) in [("programme", &programme), ("concept note", &concept)] {
        for needle in [
            "Distr. générale",
            "1 septembre 2025",
            "22 au 23 septembre 2025",
            "Point 5 (a) de l'ordre du jour provisoire",
            "(15 min)",
            "23 septembre 2025",
        ] {
            assert!(text.contains(needle), "{what}: {needle}\n{text}");
        }
        // (The data's own text names months in English: the labels' words
        // are checked where only they print.)
        for english in [
            "Distr.: General",
            "1 September 2025",
            "22–23 September",
            "17:45, 23 September",
            "mins)",
            "provisional agenda",
            "Original: English",
        ] {
            assert!(!text.contains(english), "{what}: {english}\n{text}");
        }
    }
    assert!(concept.contains("Original : anglais"), "{concept}");
    assert!(programme.contains("Original : français"), "{programme}");
    for needle in ["Liste des documents", "Cote", "Titre", "Point"] {
        assert!(list.contains(needle), "{needle}: {list}");
    }
    assert!(!list.contains("List of documents"));
}

/// The dash of ranges is the layout's: the UN's en dash by default, the
/// seed's hyphen when the style says so; the data's own text is printed as
/// typed.
#[test]
fn ranges_take_the_dash_of_the_style() {
    let out = scratch("un-dash");
    meetdoc_ok(&["build", "-o", s(&out.join("en-dash"))]);
    let text = pdf_text(&out.join("en-dash/concept-note.pdf"));
    assert!(text.contains("14:00–17:45, 23 September 2025"), "{text}");
    assert!(text.contains("13:30–14:00"));
    // Typed in the data with a hyphen, printed so.
    assert!(text.contains("Work Plan 2026-2030"));

    let layouts = scratch("un-dash-layouts");
    copy_dir(&root().join("layouts"), &layouts);
    edit_json(&layouts.join("style.json"), |st| {
        st["text"]["range_dash"] = json!("-");
    });
    meetdoc_ok(&[
        "build",
        "-o",
        s(&out.join("hyphen")),
        "--layouts",
        s(&layouts),
    ]);
    for file in ["concept-note.pdf", "programme.docx"] {
        let path = out.join("hyphen").join(file);
        let text = if file.ends_with(".pdf") {
            pdf_text(&path)
        } else {
            docx_text(&path)
        };
        assert!(text.contains("14:00-17:45, 23 September 2025"), "{file}");
        assert!(text.contains("13:30-14:00"), "{file}");
        assert!(
            !text.contains("14:00–") && !text.contains("–14:00"),
            "{file}: {text}"
        );
    }
}
