//! Every block and inline kind of the document model goes through both
//! writers and prints. A new kind added to `model.rs` breaks this test at
//! compile time (the matches below) until it is in the sample, and the PDF
//! layout fails loudly on a kind it does not know.

mod common;
use common::*;
use meetdoc::model::*;
use meetdoc::style::Style;
use meetdoc::values::{Date, Lang};
use meetdoc::writer::{docx, pdf};
use std::collections::BTreeSet;
use std::path::Path;

fn style() -> Style {
    Style::load(&root().join("layouts/style.json")).unwrap()
}

fn t(s: &str) -> Inline {
    Inline::text(s)
}

/// The name of each kind: the matches are exhaustive, so a new kind must
/// be named here.
fn block_kind(b: &Block) -> &'static str {
    match b {
        Block::Heading { .. } => "heading",
        Block::Paragraph { .. } => "paragraph",
        Block::NumberedParagraph { .. } => "numbered_paragraph",
        Block::BulletList { .. } => "bullet_list",
        Block::NumberedList { .. } => "numbered_list",
        Block::Table(_) => "table",
    }
}
const BLOCK_KINDS: [&str; 6] = [
    "heading",
    "paragraph",
    "numbered_paragraph",
    "bullet_list",
    "numbered_list",
    "table",
];

fn inline_kind(i: &Inline) -> &'static str {
    match i {
        Inline::Text { .. } => "text",
        Inline::Emph { .. } => "emph",
        Inline::Strong { .. } => "strong",
        Inline::Sub { .. } => "sub",
        Inline::Super { .. } => "super",
        Inline::Link { .. } => "link",
        Inline::FootnoteRef { .. } => "footnote_ref",
        Inline::TableNoteRef { .. } => "table_note_ref",
        Inline::LineBreak => "line_break",
        Inline::Lang { .. } => "lang",
        Inline::Field { .. } => "field",
    }
}
const INLINE_KINDS: [&str; 11] = [
    "field",
    "text",
    "emph",
    "strong",
    "sub",
    "super",
    "link",
    "footnote_ref",
    "table_note_ref",
    "line_break",
    "lang",
];

fn kinds(blocks: &[Block], b: &mut BTreeSet<&'static str>, i: &mut BTreeSet<&'static str>) {
    fn inl(xs: &[Inline], i: &mut BTreeSet<&'static str>) {
        for x in xs {
            i.insert(inline_kind(x));
            if let Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Sub { content }
            | Inline::Super { content }
            | Inline::Link { content, .. }
            | Inline::Lang { content, .. }
            | Inline::Field { content, .. } = x
            {
                inl(content, i);
            }
        }
    }
    for x in blocks {
        b.insert(block_kind(x));
        match x {
            Block::Heading { content, .. }
            | Block::Paragraph { content }
            | Block::NumberedParagraph { content, .. } => inl(content, i),
            Block::BulletList { items } | Block::NumberedList { items, .. } => {
                items.iter().for_each(|it| kinds(it, b, i))
            }
            Block::Table(t) => {
                t.header.iter().for_each(|c| kinds(c, b, i));
                for r in &t.rows {
                    r.cells.iter().for_each(|c| kinds(c, b, i));
                }
                t.notes.iter().for_each(|n| inl(&n.content, i));
            }
        }
    }
}

fn sample() -> Document {
    let table = Table {
        columns_mm: vec![32.0, 128.0],
        header: vec![vec![Block::plain("Wtime")], vec![Block::plain("Wsessions")]],
        rows: vec![
            Row {
                shaded: false,
                breakable: false,
                cells: vec![
                    vec![Block::plain("Wrowone")],
                    vec![Block::para(vec![
                        t("Wcell"),
                        Inline::TableNoteRef { letter: "a".into() },
                    ])],
                ],
            },
            Row {
                shaded: true,
                breakable: true,
                cells: vec![
                    vec![Block::plain("Wrowtwo")],
                    vec![Block::BulletList {
                        items: vec![vec![
                            Block::plain("Wcellbullet"),
                            Block::para(vec![Inline::Field {
                                field: Field::SpeakerName,
                                content: vec![t("Wfield")],
                            }]),
                        ]],
                    }],
                ],
            },
        ],
        notes: vec![TableNote {
            letter: "a".into(),
            content: vec![t("Wtablenote")],
        }],
    };
    Document {
        meta: Meta {
            title: "Every kind".into(),
            language: Lang::parse("en-GB").unwrap(),
            date: Date::parse("2025-09-01").unwrap(),
            author: "Tester".into(),
            pdf_standards: vec!["ua-1".into()],
            properties: Vec::new(),
        },
        masthead: Some(Masthead {
            symbol: "WSYMBOL/1".into(),
            distribution: "Distr.: General".into(),
            date: "1 September 2025".into(),
            version: Some("Wversion".into()),
            original: "Original: English".into(),
            issuer: vec!["Wissuer".into()],
            meeting: vec!["Wmeeting".into(), "Wplace".into()],
            agenda_item: Some(AgendaItemLine {
                text: "Wagendaitem".into(),
                note: Some(MarkedNote {
                    mark: "*".into(),
                    content: vec![t("Wagendanote")],
                }),
                title: vec![t("Witemtitle")],
            }),
        }),
        title_block: TitleBlock {
            kind: Some("Wkind".into()),
            title: "Wtitle".into(),
            lines: vec!["Wline".into()],
        },
        blocks: vec![
            Block::Heading {
                level: 1,
                number: None,
                content: vec![t("Wheadingone")],
            },
            Block::Heading {
                level: 2,
                number: Some("A.".into()),
                content: vec![t("Wheadingtwo")],
            },
            Block::NumberedParagraph {
                number: 1,
                content: vec![
                    t("Wnumberedpara PM"),
                    Inline::Sub {
                        content: vec![t("Wsub")],
                    },
                    t(" m"),
                    Inline::Super {
                        content: vec![t("Wsuper")],
                    },
                    t(" "),
                    Inline::Link {
                        url: "https://www.unescap.org/".into(),
                        content: vec![t("Wlink")],
                    },
                ],
            },
            Block::para(vec![
                t("Wplain "),
                Inline::Emph {
                    content: vec![t("Wemph")],
                },
                t(" "),
                Inline::Strong {
                    content: vec![Inline::Emph {
                        content: vec![t("Wstrongemph")],
                    }],
                },
                Inline::FootnoteRef {
                    number: 1,
                    first: true,
                },
                Inline::LineBreak,
                t("Wafterbreak "),
                Inline::Lang {
                    lang: Lang::parse("ko").unwrap(),
                    content: vec![t("Wlang")],
                },
                Inline::FootnoteRef {
                    number: 1,
                    first: false,
                },
            ]),
            Block::BulletList {
                items: vec![vec![
                    Block::plain("Wbullet"),
                    Block::plain("Wcontinued"),
                    Block::BulletList {
                        items: vec![vec![Block::plain("Wnested")]],
                    },
                ]],
            },
            Block::NumberedList {
                start: 3,
                items: vec![vec![
                    Block::plain("Wnumbered"),
                    Block::NumberedList {
                        start: 1,
                        items: vec![vec![Block::plain("Wsubnumbered")]],
                    },
                ]],
            },
            Block::Table(table),
        ],
        footnotes: vec![Footnote {
            number: 1,
            content: vec![
                t("Wfootnote "),
                Inline::Link {
                    url: "mailto:wnote@example.org".into(),
                    content: vec![t("Wnotelink")],
                },
            ],
        }],
    }
}

#[test]
fn every_kind_prints_in_both_formats() {
    let doc = sample();
    let (mut b, mut i) = (BTreeSet::new(), BTreeSet::new());
    kinds(&doc.blocks, &mut b, &mut i);
    assert_eq!(
        b,
        BLOCK_KINDS.into_iter().collect(),
        "the sample misses a block kind"
    );
    assert_eq!(
        i,
        INLINE_KINDS.into_iter().collect(),
        "the sample misses an inline kind"
    );

    let style = style();
    let dir = scratch("every-variant");
    let docx_path = dir.join("every.docx");
    std::fs::write(&docx_path, docx::write(&doc, &style).unwrap()).unwrap();
    let source = pdf::render_source(&doc, &style, &root().join("layouts").into()).unwrap();
    let job = pdf::CompileJob {
        name: "every.pdf".into(),
        source,
        date: doc.meta.date,
        standards: vec!["ua-1".into()],
    };
    let ctx = meetdoc::render::RenderContext::from_env(root().join("layouts"), None);
    let bytes = ctx.compile_one(&job).unwrap();
    let pdf_path = dir.join("every.pdf");
    std::fs::write(&pdf_path, bytes).unwrap();

    let pdf = pdf_text(&pdf_path);
    let docx = docx_text(&docx_path) + &xml_text(&docx_part(&docx_path, "word/header1.xml"));
    for word in [
        "WSYMBOL",
        "Wissuer",
        "Wversion",
        "Wmeeting",
        "Wplace",
        "Wagendaitem",
        "Wagendanote",
        "Witemtitle",
        "Wnumbered",
        "Wsubnumbered",
        "Wkind",
        "Wtitle",
        "Wline",
        "Wheadingone",
        "Wheadingtwo",
        "Wnumberedpara",
        "Wsub",
        "Wsuper",
        "Wlink",
        "Wplain",
        "Wemph",
        "Wstrongemph",
        "Wafterbreak",
        "Wlang",
        "Wbullet",
        "Wcontinued",
        "Wnested",
        "Wtime",
        "Wsessions",
        "Wrowone",
        "Wcell",
        "Wrowtwo",
        "Wcellbullet",
        "Wfield",
        "Wtablenote",
        "Wfootnote",
        "Wnotelink",
    ] {
        assert!(pdf.contains(word), "{word} missing from the PDF");
        assert!(docx.contains(word), "{word} missing from the DOCX");
    }
}

#[test]
fn the_pdf_layout_fails_on_a_kind_it_does_not_know() {
    // A layout folder whose block macro lacks the table kind.
    let dir = scratch("unknown-kind");
    copy_dir(&root().join("layouts"), &dir);
    let blocks = std::fs::read_to_string(dir.join("blocks.typ.j2")).unwrap();
    std::fs::write(
        dir.join("blocks.typ.j2"),
        blocks.replace("b.type == \"table\"", "b.type == \"no-such-kind\""),
    )
    .unwrap();
    let err = pdf::render_source(&sample(), &style(), &Path::new(&dir).into()).unwrap_err();
    assert!(
        format!("{err:#}").contains("the layout does not know the block kind \"table\""),
        "{err:#}"
    );
}
