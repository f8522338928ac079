//! The DOCX writer, checked on the unzipped XML of a hand-built document.

mod common;
use common::xml_text;
use meetdoc::model::*;
use meetdoc::style::Style;
use meetdoc::writer::docx;
use std::io::Read;
use std::path::Path;

fn style() -> Style {
    Style::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/style.json")).unwrap()
}

fn t(s: &str) -> Inline {
    Inline::text(s)
}

fn sample() -> Document {
    let programme = Table {
        columns_mm: vec![32.0, 128.0],
        header: vec![vec![Block::plain("Time")], vec![Block::plain("Session")]],
        rows: vec![
            Row {
                shaded: false,
                breakable: false,
                cells: vec![
                    vec![Block::plain("14:00 – 14:10")],
                    vec![
                        Block::para(vec![
                            t("Opening session"),
                            Inline::TableNoteRef { letter: "a".into() },
                        ]),
                        Block::BulletList {
                            items: vec![
                                vec![Block::plain("Opening remarks by Mr. KIM Cheol-su")],
                                vec![Block::plain("Welcome by Dr. MENG Fan")],
                            ],
                        },
                    ],
                ],
            },
            Row {
                shaded: true,
                breakable: false,
                cells: vec![
                    vec![Block::plain("14:10 – 14:30")],
                    vec![Block::plain("Coffee/tea break")],
                ],
            },
        ],
        notes: vec![TableNote {
            letter: "a".into(),
            content: vec![t("Interpretation into Chinese and Russian.")],
        }],
    };
    Document {
        meta: Meta {
            title: "Draft Concept Note: NEACAP Second Policy Dialogue".into(),
            language: meetdoc::values::Lang::parse("en-GB").unwrap(),
            date: meetdoc::values::Date::parse("2025-09-01").unwrap(),
            author: "ESCAP East and North-East Asia Office".into(),
            pdf_standards: vec!["ua-1".into()],
            properties: Vec::new(),
        },
        masthead: Some(Masthead {
            symbol: "NEACAP/PD2/1/Rev.1".into(),
            distribution: "Distr.: General".into(),
            date: "1 September 2025".into(),
            version: None,
            original: "Original: English".into(),
            issuer: vec![
                "North-East Asian Subregional Programme for Environmental Cooperation".into(),
            ],
            meeting: vec![
                "Twenty-eighth Senior Officials Meeting".into(),
                "Ulaanbaatar, 22–23 September 2025".into(),
            ],
            agenda_item: Some(AgendaItemLine {
                text: "Item 5 (a) of the provisional agenda".into(),
                note: Some(MarkedNote {
                    mark: "*".into(),
                    content: vec![t("ESCAP/NEASPEC/SOM(28)/1.")],
                }),
                title: vec![t("Programme areas: air pollution")],
            }),
        }),
        title_block: TitleBlock {
            kind: Some("Draft Concept Note".into()),
            title: "NEACAP Second Policy Dialogue".into(),
            lines: vec![
                "Ulaanbaatar, Mongolia".into(),
                "14:00 – 18:30 (GMT+8), 22 September 2025".into(),
            ],
        },
        blocks: vec![
            Block::Heading {
                level: 1,
                number: None,
                content: vec![t("Background")],
            },
            Block::para(vec![
                t("The "),
                Inline::Emph {
                    content: vec![t("NEACAP Policy Analysis Report")],
                },
                t(" was "),
                Inline::Strong {
                    content: vec![t("welcomed")],
                },
                t(" by member States."),
                Inline::FootnoteRef {
                    number: 1,
                    first: true,
                },
                t(" Tom & Jerry <said> \"hi\" 'there'; 北京 Улан-Батор 서울."),
                Inline::LineBreak,
                t("Second line, see also"),
                Inline::FootnoteRef {
                    number: 1,
                    first: false,
                },
                t("."),
            ]),
            Block::BulletList {
                items: vec![
                    vec![
                        Block::plain("Air quality in the subregion"),
                        Block::BulletList {
                            items: vec![vec![Block::plain("Particulate matter")]],
                        },
                    ],
                    vec![
                        Block::para(vec![
                            t("Science and policy"),
                            Inline::FootnoteRef {
                                number: 2,
                                first: true,
                            },
                        ]),
                        Block::plain(
                            "A second paragraph of the same item, without a bullet of its own.",
                        ),
                    ],
                ],
            },
            Block::Heading {
                level: 2,
                number: None,
                content: vec![t("Day 1: 14:00 – 18:30 (GMT+8), Monday, 22 September 2025")],
            },
            Block::Table(programme),
        ],
        footnotes: vec![
            Footnote {
                number: 1,
                content: vec![
                    t("See "),
                    Inline::Emph {
                        content: vec![t("Clean Air Report 2024")],
                    },
                    t(" (Incheon, 2024)."),
                ],
            },
            Footnote {
                number: 2,
                content: vec![t("NEACAP Science and Policy Committee.")],
            },
        ],
    }
}

/// The unzipped parts of a .docx, by name.
fn parts(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        out.insert(f.name().unwrap().to_string(), s);
    }
    out
}

#[test]
fn footnotes_are_real_and_numbered_as_in_the_model() {
    let p = parts(&docx::write(&sample(), &style()).unwrap());
    let doc = &p["word/document.xml"];
    let notes = &p["word/footnotes.xml"];
    // The note citing the agenda comes first (in the masthead), marked "*"
    // and not numbered; the model's notes 1 and 2 follow as ids 2 and 3:
    // the ids follow the order of the references (LibreOffice reads them
    // so).
    assert!(
        doc.contains(r#"<w:footnoteReference w:id="1" w:customMarkFollows="1"/><w:t xml:space="preserve">*</w:t>"#),
        "{doc}"
    );
    assert!(
        doc.contains(r#"<w:footnoteReference w:id="2" />"#)
            || doc.contains(r#"<w:footnoteReference w:id="2"/>"#),
        "{doc}"
    );
    assert!(doc.contains(r#"w:footnoteReference w:id="3""#));
    assert_eq!(
        doc.matches("w:footnoteReference ").count(),
        3,
        "the second reference to note 1 is no new note"
    );
    assert_eq!(notes.matches("<w:footnoteRef/>").count(), 2, "{notes}");
    let star = notes.find(r#"<w:footnote w:id="1""#).unwrap();
    let one = notes.find(r#"<w:footnote w:id="2""#).unwrap();
    let two = notes.find(r#"<w:footnote w:id="3""#).unwrap();
    assert!(star < one && one < two);
    assert!(notes[star..one].contains(r#"<w:t xml:space="preserve">*</w:t>"#));
    assert!(!notes[star..one].contains("<w:footnoteRef/>"));
    assert!(notes[star..one].contains("ESCAP/NEASPEC/SOM(28)/1."));
    assert!(notes[one..two].contains("Clean Air Report 2024"));
    assert!(notes[two..].contains("Science and Policy Committee"));
    assert!(p["word/_rels/document.xml.rels"].contains("footnotes.xml"));
    assert!(notes.contains(r#"w:type="separator" w:id="-1""#));
    assert!(p["word/settings.xml"].contains("<w:footnotePr>"));

    // The numbered notes alone keep their numbers as ids.
    let mut unmarked = sample();
    unmarked.masthead = None;
    let p = parts(&docx::write(&unmarked, &style()).unwrap());
    assert!(p["word/document.xml"].contains(r#"<w:footnoteReference w:id="1" />"#));
    assert!(!p["word/document.xml"].contains("customMarkFollows"));

    let mut none = unmarked;
    none.footnotes.clear();
    none.blocks
        .retain(|b| !matches!(b, Block::Paragraph { .. } | Block::BulletList { .. }));
    let p = parts(&docx::write(&none, &style()).unwrap());
    assert!(!p.contains_key("word/footnotes.xml"));
    assert!(!p["word/settings.xml"].contains("<w:footnotePr>"));
}

#[test]
fn styles_numbering_and_language_are_defined() {
    let p = parts(&docx::write(&sample(), &style()).unwrap());
    let styles = &p["word/styles.xml"];
    for id in [
        "Normal",
        "Title",
        "Heading1",
        "Heading2",
        "ListBullet",
        "FootnoteText",
        "FootnoteReference",
        "MeetdocTable",
        "TableText",
        "TableHeading",
        "TableNote",
        "MastheadSymbol",
        "Masthead",
        "Meeting",
        "ListNumber",
        "Header",
        "Footer",
    ] {
        assert!(
            styles.contains(&format!(r#"w:styleId="{id}""#)),
            "style {id} missing"
        );
    }
    assert!(styles.contains(r#"w:ascii="Times New Roman""#));
    assert!(styles.contains(r#"w:eastAsia="SimSun""#));
    assert!(styles.contains(r#"<w:lang w:val="en-GB"/>"#));
    assert!(styles.contains(r#"<w:vertAlign w:val="superscript"/>"#));
    assert_eq!(styles.matches(r#"w:styleId="Normal""#).count(), 1);

    // Three list definitions, bullets, numbers and numbered paragraphs,
    // used by the text and the list styles; the sample has no numbered
    // list, so no instance of its own.
    let numbering = &p["word/numbering.xml"];
    assert_eq!(
        numbering.matches("<w:abstractNum ").count(),
        3,
        "{numbering}"
    );
    assert!(numbering.contains(r#"<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>"#));
    assert!(styles.contains(r#"<w:numId w:val="3"/>"#));
    assert_eq!(
        numbering.matches(r#"<w:numFmt w:val="bullet"/>"#).count(),
        9
    );
    assert!(numbering.contains(r#"<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#));
    assert!(!numbering.contains("startOverride"), "{numbering}");
    assert!(numbering.contains(r#"<w:num w:numId="1">"#));
    assert!(numbering.contains("•") && numbering.contains("–"));
    assert!(styles.contains(r#"<w:numId w:val="1"/>"#));
    let doc = &p["word/document.xml"];
    assert!(doc.contains(r#"<w:numId w:val="1" />"#) || doc.contains(r#"<w:numId w:val="1"/>"#));
    assert!(
        doc.contains(r#"<w:ilvl w:val="1" />"#) || doc.contains(r#"<w:ilvl w:val="1"/>"#),
        "nested list level"
    );
    assert!(p["word/_rels/document.xml.rels"].contains("numbering.xml"));
}

#[test]
fn table_has_repeating_header_fills_and_notes() {
    let p = parts(&docx::write(&sample(), &style()).unwrap());
    let doc = &p["word/document.xml"];
    assert_eq!(doc.matches("<w:tblHeader/>").count(), 1);
    // The last table: the first one is the masthead's.
    let tbl = doc.rfind("<w:tbl>").unwrap();
    let first_row_end = doc[tbl..].find("</w:tr>").unwrap() + tbl;
    assert!(doc[tbl..first_row_end].contains("<w:tblHeader/>"));
    assert!(doc[tbl..first_row_end].contains(r#"w:fill="D9D9D9""#));
    assert!(doc.contains(r#"w:fill="EDEDED""#));
    assert!(
        doc.contains(r#"<w:tblLayout w:type="fixed" />"#)
            || doc.contains(r#"<w:tblLayout w:type="fixed"/>"#)
    );
    assert!(doc.contains("1814")); // 32 mm in twips, first grid column
    assert!(doc.contains("TableNoteReference"));
    assert!(doc.contains("Interpretation into Chinese and Russian."));
    assert!(doc.matches("<w:cantSplit").count() >= 3);
}

#[test]
fn core_properties_come_from_the_metadata() {
    let p = parts(&docx::write(&sample(), &style()).unwrap());
    let core = &p["docProps/core.xml"];
    assert!(
        core.contains("<dc:title>Draft Concept Note: NEACAP Second Policy Dialogue</dc:title>")
    );
    assert!(core.contains("<dc:creator>ESCAP East and North-East Asia Office</dc:creator>"));
    assert!(core.contains("<dc:language>en-GB</dc:language>"));
    assert!(core.contains(">2025-09-01T00:00:00Z</dcterms:created>"));
    assert!(core.contains(">2025-09-01T00:00:00Z</dcterms:modified>"));
}

#[test]
fn masthead_header_and_footer() {
    let p = parts(&docx::write(&sample(), &style()).unwrap());
    let doc = &p["word/document.xml"];
    // The masthead is paragraphs, so the body starts with a paragraph:
    // distribution and original language as the UN prints them, the rule
    // under the last line, the meeting's lines under it.
    let body = &doc[doc.find("<w:body>").unwrap()..];
    assert!(body.starts_with("<w:body><w:p "), "{body}");
    let text = xml_text(doc);
    for line in [
        "NEACAP/PD2/1/Rev.1",
        "Distr.: General",
        "Original: English",
        "Twenty-eighth Senior Officials Meeting",
        "Item 5 (a) of the provisional agenda*",
        "Programme areas: air pollution",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    assert!(doc.contains(r#"<w:pBdr><w:bottom w:val="single" w:space="1" w:sz="8""#));
    assert!(doc.contains("<w:titlePg"), "different first page");
    assert!(
        doc.contains(r#"w:w="11906""#) && doc.contains(r#"w:h="16838""#),
        "A4"
    );
    // style.running: no number on the first page; the symbol in the header
    // of later pages and the page number in the footer, on the outer side
    // (right on odd pages, left on even ones).
    assert!(p["word/settings.xml"].contains("<w:evenAndOddHeaders/>"));
    let part = |kind: &str, t: &str| {
        let rels = &p["word/_rels/document.xml.rels"];
        let at = doc
            .find(&format!(r#"<w:{kind}Reference w:type="{t}" r:id=""#))
            .unwrap();
        let id = &doc[at..];
        let id = &id[id.find("r:id=\"").unwrap() + 6..];
        let id = &id[..id.find('"').unwrap()];
        let rel = &rels[rels.find(&format!(r#"Id="{id}""#)).unwrap()..];
        let target = &rel[rel.find("Target=\"").unwrap() + 8..];
        p[&format!("word/{}", &target[..target.find('"').unwrap()])].clone()
    };
    let (odd, even, first) = (
        part("header", "default"),
        part("header", "even"),
        part("header", "first"),
    );
    assert!(
        odd.contains("NEACAP/PD2/1/Rev.1") && odd.contains(r#"<w:jc w:val="right" />"#),
        "{odd}"
    );
    assert!(
        even.contains("NEACAP/PD2/1/Rev.1") && even.contains(r#"<w:jc w:val="left" />"#),
        "{even}"
    );
    assert!(!first.contains("NEACAP"), "{first}");
    let (odd, even, first) = (
        part("footer", "default"),
        part("footer", "even"),
        part("footer", "first"),
    );
    assert!(
        odd.contains("PAGE") && odd.contains(r#"<w:jc w:val="right" />"#),
        "{odd}"
    );
    assert!(
        even.contains("PAGE") && even.contains(r#"<w:jc w:val="left" />"#),
        "{even}"
    );
    assert!(
        !first.contains("PAGE"),
        "no number on the first page: {first}"
    );

    // Without a masthead: no header, still no number on the first page.
    let mut plain = sample();
    plain.masthead = None;
    let p = parts(&docx::write(&plain, &style()).unwrap());
    assert!(p["word/document.xml"].contains("<w:titlePg"));
    assert!(!p.values().any(|x| x.contains("NEACAP/PD2/1/Rev.1")));

    // A layout with centred numbers on every page and the symbol on the
    // right: no even pages of their own, no different first page without
    // a masthead.
    let mut centred = style();
    centred.running.number_first_page = true;
    centred.running.page_number = meetdoc::style::Side::Centre;
    centred.running.symbol = meetdoc::style::Side::Right;
    let p = parts(&docx::write(&plain, &centred).unwrap());
    assert!(!p["word/settings.xml"].contains("evenAndOddHeaders"));
    assert!(!p["word/document.xml"].contains("<w:titlePg"));
    assert!(p["word/footer1.xml"].contains(r#"<w:jc w:val="center" />"#));
}

#[test]
fn special_characters_and_scripts_round_trip() {
    let p = parts(&docx::write(&sample(), &style()).unwrap());
    let doc = &p["word/document.xml"];
    // The Hangul in a run of its own, in the Korean character style (its
    // East Asian font and language, see styles.xml).
    assert!(
        doc.contains(
            "Tom &amp; Jerry &lt;said&gt; &quot;hi&quot; &apos;there&apos;; 北京 Улан-Батор </w:t></w:r><w:r><w:rPr><w:rStyle w:val=\"Langko\" /></w:rPr><w:t xml:space=\"preserve\">서울</w:t></w:r><w:r><w:t xml:space=\"preserve\">."
        ),
        "{doc}"
    );
    assert!(
        p["word/styles.xml"]
            .contains(r#"w:styleId="Langko"><w:name w:val="Text in ko"/><w:basedOn w:val="DefaultParagraphFont"/><w:rPr><w:rFonts w:eastAsia="Batang"/><w:lang w:eastAsia="ko"/>"#),
        "{}",
        p["word/styles.xml"]
    );
    assert!(doc.contains("<w:br"));
    // The document still parses as XML.
    let read = docx_rs::read_docx(&docx::write(&sample(), &style()).unwrap()).unwrap();
    let text: String = read
        .document
        .children
        .iter()
        .map(|c| format!("{c:?}"))
        .collect();
    assert!(text.contains("Улан-Батор"));
}

#[test]
fn list_item_continuation_has_no_bullet() {
    let p = parts(&docx::write(&sample(), &style()).unwrap());
    let doc = &p["word/document.xml"];
    let at = doc.find("A second paragraph of the same item").unwrap();
    let para = &doc[doc[..at].rfind("<w:p ").unwrap()..at];
    assert!(para.contains(r#"<w:numId w:val="0" />"#), "{para}");
}

#[test]
fn footnote_in_a_table_cell_is_a_real_footnote() {
    let mut doc = sample();
    if let Some(Block::Table(t)) = doc.blocks.last_mut() {
        t.rows[1].cells[1] = vec![Block::para(vec![
            t_("Coffee"),
            Inline::FootnoteRef {
                number: 3,
                first: true,
            },
        ])];
    }
    doc.footnotes.push(Footnote {
        number: 3,
        content: vec![t_("Sponsored.")],
    });
    let p = parts(&docx::write(&doc, &style()).unwrap());
    assert!(p["word/document.xml"].contains(r#"w:footnoteReference w:id="3""#));
    assert!(p["word/footnotes.xml"].contains("Sponsored."));
    assert_eq!(
        p["word/footnotes.xml"].matches("<w:footnoteRef/>").count(),
        3
    );
}

fn t_(s: &str) -> Inline {
    Inline::text(s)
}

#[test]
fn control_characters_are_an_error() {
    let mut doc = sample();
    doc.blocks.push(Block::plain("bad \u{7} bell"));
    let err = docx::write(&doc, &style()).unwrap_err().to_string();
    assert!(err.contains("U+0007"), "{err}");
}

#[test]
fn output_is_reproducible_across_documents_and_threads() {
    let s = style();
    let first = docx::write(&sample(), &s).unwrap();
    // Other documents in between move docx-rs's process-wide counters.
    let mut other = sample();
    other.masthead = None;
    other.blocks.truncate(2);
    other.footnotes.truncate(1);
    docx::write(&other, &s).unwrap();
    docx::write(&other, &s).unwrap();
    // A build that fails half-way leaves docx-rs's paragraph counter moved.
    let mut broken = sample();
    if let Some(Block::Table(t)) = broken.blocks.last_mut() {
        t.columns_mm = vec![10.0, 10.0, 10.0];
    }
    assert!(docx::write(&broken, &s).is_err());
    let again = docx::write(&sample(), &s).unwrap();
    assert!(first == again, "second build differs");
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let s = s.clone();
            std::thread::spawn(move || docx::write(&sample(), &s).unwrap())
        })
        .collect();
    for t in threads {
        assert!(
            t.join().unwrap() == first,
            "a build in another thread differs"
        );
    }
}

/// The relationships of a rels part: (Type's last segment, Target).
fn relations(rels: &str) -> Vec<(String, String)> {
    rels.split("<Relationship ")
        .skip(1)
        .map(|r| {
            let attr = |name: &str| {
                let at = r.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                r[at..at + r[at..].find('"').unwrap()].to_string()
            };
            let t = attr("Type");
            (t.rsplit('/').next().unwrap().to_string(), attr("Target"))
        })
        .collect()
}

#[test]
fn every_part_is_typed_related_and_not_empty() {
    let mut plain = sample();
    plain.masthead = None;
    plain.footnotes.clear();
    plain.blocks.truncate(1);
    for doc in [sample(), plain] {
        let p = parts(&docx::write(&doc, &style()).unwrap());
        let types = &p["[Content_Types].xml"];
        let mut related: Vec<String> = relations(&p["_rels/.rels"])
            .into_iter()
            .map(|(_, target)| target)
            .collect();
        related.extend(
            relations(&p["word/_rels/document.xml.rels"])
                .into_iter()
                .map(|(_, target)| format!("word/{target}")),
        );
        for (name, data) in &p {
            if name.ends_with(".rels") || name == "[Content_Types].xml" {
                continue;
            }
            assert!(
                types.contains(&format!(r#"<Override PartName="/{name}" "#)),
                "{name} has no content type"
            );
            assert!(related.contains(name), "{name} is not related");
            // More than the XML declaration and an empty root element.
            assert!(data.matches('<').count() > 3, "{name} is empty: {data}");
        }
        for target in &related {
            assert!(p.contains_key(target), "{target} is related but missing");
        }
        for unwanted in [
            "word/comments.xml",
            "word/commentsExtended.xml",
            "docProps/custom.xml",
        ] {
            assert!(!p.contains_key(unwanted), "{unwanted}");
        }
        assert!(p["docProps/app.xml"].contains("<Application>meetdoc</Application>"));
        // Related even without a list: the list styles name it.
        assert!(p.contains_key("word/numbering.xml"));
        let theme = &p["word/theme/theme1.xml"];
        assert!(
            theme.contains(r#"<a:latin typeface="Times New Roman"/>"#),
            "{theme}"
        );
        assert!(theme.contains(r#"<a:ea typeface="SimSun"/>"#));
        let fonts = &p["word/fontTable.xml"];
        assert!(
            fonts.contains(r#"w:name="Times New Roman""#) && fonts.contains(r#"w:name="SimSun""#)
        );
        assert!(
            !fonts.contains("Arial") && !fonts.contains("Symbol"),
            "{fonts}"
        );
    }
}

#[test]
fn no_defaults_of_docx_rs_that_a_word_user_would_notice() {
    let p = parts(&docx::write(&sample(), &style()).unwrap());
    let settings = &p["word/settings.xml"];
    assert!(
        settings.contains(r#"<w:defaultTabStop w:val="720"/>"#),
        "{settings}"
    );
    for japanese in [
        "useFELayout",
        "spaceForUL",
        "balanceSingleByteDoubleByteWidth",
        "doNotLeaveBackslashAlone",
        "ulTrailSpace",
        "doNotExpandShiftReturn",
    ] {
        assert!(!settings.contains(japanese), "{japanese} in {settings}");
    }
    assert!(settings.contains(r#"w:name="compatibilityMode""#));
    let doc = &p["word/document.xml"];
    assert!(
        doc.contains(r#"<w:cols w:space="720""#),
        "Word's column spacing"
    );
    assert!(
        !doc.contains("<w:rPr />") && !doc.contains("<w:rPr/>"),
        "empty run properties"
    );
    assert!(
        !doc.contains(r#"w:type="dxa" /></w:tblGrid>"#),
        "grid columns have no type"
    );

    // Only styles a user applies by hand are in the quick-style gallery.
    let styles = &p["word/styles.xml"];
    let quick: Vec<&str> = styles
        .split("<w:style ")
        .skip(1)
        .filter(|st| st.contains("<w:qFormat/>"))
        .map(|st| {
            let at = st.find("w:styleId=\"").unwrap() + 11;
            &st[at..at + st[at..].find('"').unwrap()]
        })
        .collect();
    assert_eq!(
        quick,
        [
            "Normal",
            "Title",
            "Heading1",
            "Heading2",
            "Heading3",
            "Heading4",
            "NumberedParagraph",
            "ListBullet",
            "ListNumber"
        ]
    );
}

#[test]
fn the_proofing_language_is_the_documents() {
    for (lang, expected) in [
        ("en-GB", r#"<w:lang w:val="en-GB"/>"#),
        ("fr", r#"<w:lang w:val="fr"/>"#),
        ("zh-CN", r#"<w:lang w:val="zh-CN" w:eastAsia="zh-CN"/>"#),
        ("ja", r#"<w:lang w:val="ja" w:eastAsia="ja"/>"#),
        ("ko-KR", r#"<w:lang w:val="ko-KR" w:eastAsia="ko-KR"/>"#),
        ("ar", r#"<w:lang w:val="ar" w:bidi="ar"/>"#),
    ] {
        let mut doc = sample();
        doc.meta.language = meetdoc::values::Lang::parse(lang).unwrap();
        let p = parts(&docx::write(&doc, &style()).unwrap());
        let styles = &p["word/styles.xml"];
        assert!(styles.contains(expected), "{lang}: {styles}");
        assert!(p["docProps/core.xml"].contains(&format!("<dc:language>{lang}</dc:language>")));
        let theme_lang = expected.replace("w:lang", "w:themeFontLang");
        assert!(p["word/settings.xml"].contains(&theme_lang), "{lang}");
    }
}

#[test]
fn the_page_header_has_its_own_size() {
    let mut s = style();
    s.sizes_pt.header = 10.0;
    s.sizes_pt.footer = 9.0;
    let p = parts(&docx::write(&sample(), &s).unwrap());
    let styles = &p["word/styles.xml"];
    let header = &styles[styles.find(r#"w:styleId="Header""#).unwrap()..];
    let header = &header[..header.find("</w:style>").unwrap()];
    assert!(header.contains(r#"<w:sz w:val="20"/>"#), "{header}");
    let footer = &styles[styles.find(r#"w:styleId="Footer""#).unwrap()..];
    let footer = &footer[..footer.find("</w:style>").unwrap()];
    assert!(footer.contains(r#"<w:sz w:val="18"/>"#), "{footer}");
}

#[test]
fn only_a_header_row_repeats() {
    // A table without header has no repeating row (the masthead is no
    // table).
    let mut doc = sample();
    if let Some(Block::Table(t)) = doc.blocks.last_mut() {
        let mut plain = t.clone();
        plain.header.clear();
        plain.notes.clear();
        plain.rows[0].cells[1] = vec![Block::plain("No header")];
        doc.blocks.push(Block::Table(plain));
    }
    let p = parts(&docx::write(&doc, &style()).unwrap());
    let xml = &p["word/document.xml"];
    let tables: Vec<&str> = xml.split("<w:tbl>").skip(1).collect();
    assert_eq!(tables.len(), 2, "programme, table without header");
    let repeats: Vec<bool> = tables
        .iter()
        .map(|t| t.contains("<w:tblHeader/>"))
        .collect();
    assert_eq!(repeats, [true, false]);
    let first_row = &tables[0][..tables[0].find("</w:tr>").unwrap()];
    assert!(first_row.contains("<w:tblHeader/>"));
    assert!(tables[0].contains(r#"w:firstRow="1""#));
    assert!(tables[1].contains(r#"w:firstRow="0""#));
    assert!(!xml.contains("w:trHeight"), "the marker is gone");
}
