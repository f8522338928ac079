//! The PDF writer end to end: render the Typst source for documents full of
//! special characters, compile them with typst (which must be installed:
//! these tests fail, not skip, without it) and read the PDFs back with
//! poppler's `pdftotext` / `pdffonts`.

use meetdoc::model::*;
use meetdoc::render::RenderContext;
use meetdoc::style::Style;
use meetdoc::writer::pdf::{CompileJob, render_source};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Data that must come out as literal text, never as Typst code.
const NASTY: &[&str] = &[
    r#"# $ * _ @ < > [ ] \ ` ~ = - + / : // /* {{ }} {% %}"#,
    r#"#import "@preview/cetz:0.3.0": *"#,
    r#"#read("/etc/passwd")"#,
    r#"" ; #panic("boom") ""#,
    r#"\u{41} \" ] ) } */ --- -- ... 1. <fn-1> @fn-1"#,
    "= not a heading",
    "- not a list",
    "Улаанбаатар, 서울, 北京, 福岡",
];

/// Emoji print from the style spec's emoji font (Noto Color Emoji).
const EMOJI: &str = "emoji 😀 and ✓";

fn layouts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts")
}

fn style() -> Style {
    Style::load(&layouts().join("style.json")).unwrap()
}

fn t(s: &str) -> Inline {
    Inline::text(s)
}

fn sample(rows: usize) -> Document {
    let mut blocks = vec![
        Block::Heading {
            level: 1,
            content: vec![t("Background "), t(NASTY[0])],
        },
        Block::para(vec![
            t("Plain text with a footnote"),
            Inline::FootnoteRef {
                number: 1,
                first: true,
            },
            t(" and "),
            Inline::Emph {
                content: vec![t("an emphasised title")],
            },
            t(", "),
            Inline::Strong {
                content: vec![t("strong words")],
            },
            Inline::LineBreak,
            t("after a line break."),
        ]),
    ];
    for s in NASTY.iter().chain([&EMOJI]) {
        blocks.push(Block::plain(*s));
    }
    blocks.push(Block::BulletList {
        items: vec![
            vec![Block::plain("First bullet item")],
            vec![
                Block::para(vec![
                    t("Second bullet item, citing again"),
                    Inline::FootnoteRef {
                        number: 1,
                        first: false,
                    },
                ]),
                Block::BulletList {
                    items: vec![vec![Block::plain("Nested item #read(\"x\")")]],
                },
            ],
        ],
    });
    blocks.push(Block::Heading {
        level: 2,
        content: vec![t("Day 1: 福岡")],
    });
    let mut table_rows = Vec::new();
    for i in 0..rows {
        let mut time = vec![t(&format!("{:02}:00 row{i}", i % 24))];
        if i == 0 {
            time.push(Inline::TableNoteRef { letter: "a".into() });
        }
        let mut session = vec![Block::plain(format!("Session {i}: [x] *y* $z$ #w"))];
        if i == 9 {
            // A tall row that would straddle the page break if rows split.
            session.extend((0..12).map(|k| Block::plain(format!("tall{k}"))));
        }
        table_rows.push(Row {
            shaded: i % 5 == 4,
            breakable: false,
            cells: vec![vec![Block::para(time)], session],
        });
    }
    blocks.push(Block::Table(Table {
        layout: "programme".into(),
        header: vec![
            vec![Block::plain("Time HDR")],
            vec![Block::plain("Session HDR")],
        ],
        rows: table_rows,
        notes: vec![TableNote {
            letter: "a".into(),
            content: vec![t("Local time (Улаанбаатар) #note")],
        }],
    }));
    blocks.push(Block::plain("Closing paragraph."));
    Document {
        meta: Meta {
            title: "Draft Concept Note: \"Test\" #title".into(),
            language: "en".into(),
            date: "2025-09-01".into(),
            author: "ESCAP \\ East and North-East Asia".into(),
        },
        masthead: Some(Masthead {
            symbol: "NEACAP/PD2/1/Rev.1".into(),
            distribution: "General".into(),
            date: "1 September 2025".into(),
            original: "Original: English".into(),
            issuer: vec![
                "Economic and Social Commission".into(),
                "for Asia and the Pacific".into(),
            ],
        }),
        title_block: TitleBlock {
            kind: Some("Draft Concept Note".into()),
            title: "NEACAP Second Policy Dialogue $x$".into(),
            lines: vec![
                "Seoul, 서울 *and* online".into(),
                "9:30–17:00, 1 September 2025".into(),
            ],
        },
        blocks,
        footnotes: vec![Footnote {
            number: 1,
            content: vec![t("Footnote text #footnote[evil] é")],
        }],
    }
}

/// A render context as the command line makes it (typst 0.15 is needed
/// for these tests).
fn ctx() -> RenderContext {
    RenderContext::from_env(layouts(), None)
}

fn compile(doc: &Document, name: &str) -> (PathBuf, Vec<u8>) {
    let style = style();
    let source = render_source(doc, &style, &layouts()).unwrap();
    let job = CompileJob {
        name: name.into(),
        source,
        date: doc.meta.date.clone(),
    };
    let pdf = ctx().compile_one(&job).unwrap();
    // Kept for a look: target/tmp/pdf_writer/*.pdf
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf_writer");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, &pdf).unwrap();
    (path, pdf)
}

fn pdftotext(pdf: &Path, page: Option<usize>) -> String {
    let mut cmd = Command::new("pdftotext");
    if let Some(p) = page {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    let out = cmd
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let info = String::from_utf8(out.stdout).unwrap();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn every_string_comes_out_literally() {
    let doc = sample(3);
    let (path, pdf) = compile(&doc, "literal");
    assert!(pdf.starts_with(b"%PDF-"));
    let text = squash(&pdftotext(&path, None));
    let mut expected: Vec<String> = NASTY.iter().map(|s| s.to_string()).collect();
    expected.extend(
        [
            "Nested item #read(\"x\")",
            "NEACAP/PD2/1/Rev.1",
            "Original: English",
            "NEACAP Second Policy Dialogue $x$",
            "Seoul, 서울 *and* online",
            "Footnote text #footnote[evil] é",
            "Local time (Улаанбаатар) #note",
            "Session 0: [x] *y* $z$ #w",
        ]
        .map(String::from),
    );
    for s in expected {
        assert!(text.contains(&squash(&s)), "missing {s:?} in:\n{text}");
    }
    // pdftotext sets the emoji (a Type 3 font) apart from its line unless
    // it reads in content order (-raw), and it drops the space after it.
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let raw: String = String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect();
    assert!(raw.contains("emoji😀and✓"), "{raw}");
    assert!(!text.contains("root:x:0"), "a file was read into the PDF");
}

#[test]
fn the_footnote_sits_at_the_foot_of_its_page() {
    let (path, _) = compile(&sample(3), "footnote");
    let page1 = pdftotext(&path, Some(1));
    let lines: Vec<&str> = page1
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let note = lines
        .iter()
        .position(|l| l.contains("Footnote text"))
        .expect("footnote text on page 1");
    let body = lines
        .iter()
        .rposition(|l| l.contains("Plain text with a footnote"))
        .unwrap();
    assert!(note > body, "the note comes after the body text:\n{page1}");
    // Its number precedes it (superscript "1" on its own or glued on).
    assert!(
        lines[note].starts_with('1') || lines[note - 1] == "1",
        "footnote number missing:\n{page1}"
    );
    // Both references carry the number 1, and the note is printed once.
    assert_eq!(page1.matches("Footnote text").count(), 1);
    assert!(squash(&page1).contains("footnote1"), "{page1}");
}

#[test]
fn the_table_header_repeats_on_every_page() {
    let (path, _) = compile(&sample(70), "long-table");
    let n = pages(&path);
    assert!(n >= 3, "the table should run over several pages, got {n}");
    let mut table_pages = 0;
    for p in 1..=n {
        let text = pdftotext(&path, Some(p));
        if text.contains("row") {
            table_pages += 1;
            assert!(
                text.contains("Time HDR") && text.contains("Session HDR"),
                "page {p} lacks the header:\n{text}"
            );
        }
        // Page numbers in the footer.
        assert!(
            text.lines().any(|l| l.trim() == p.to_string()),
            "page {p} has no number"
        );
        if p > 1 {
            assert!(
                text.contains("NEACAP/PD2/1/Rev.1"),
                "page {p} lacks the symbol"
            );
        }
    }
    assert!(table_pages >= 2);
    // The tall row is never split across pages.
    let tall_pages: Vec<usize> = (1..=n)
        .filter(|p| pdftotext(&path, Some(*p)).contains("tall"))
        .collect();
    assert_eq!(
        tall_pages.len(),
        1,
        "a row was split over pages {tall_pages:?}"
    );
}

#[test]
fn every_font_is_embedded_and_cjk_is_not_a_box() {
    let (path, _) = compile(&sample(3), "fonts");
    let out = Command::new("pdffonts")
        .arg(&path)
        .output()
        .expect("pdffonts");
    let list = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = list.lines().skip(2).collect();
    assert!(!rows.is_empty());
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type [type2] encoding emb sub uni object ID
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "font not embedded: {row}");
    }
    assert!(list.contains("LiberationSerif"), "{list}");
    assert!(list.contains("NotoSerifCJK"), "no CJK font used:\n{list}");
    assert!(
        !list.contains("Libertinus") && !list.contains("NewCM"),
        "{list}"
    );
}

#[test]
fn compile_many_runs_jobs_in_parallel_and_is_reproducible() {
    let style = style();
    let doc = sample(10);
    let source = render_source(&doc, &style, &layouts()).unwrap();
    let jobs: Vec<CompileJob> = (0..3)
        .map(|i| CompileJob {
            name: format!("job{i}"),
            source: source.clone(),
            date: "2025-09-01".into(),
        })
        .collect();
    let pdfs = ctx().compile_many(&jobs).unwrap();
    assert_eq!(pdfs.len(), 3);
    assert!(pdfs.iter().all(|p| p == &pdfs[0]), "same input, same bytes");
}

#[test]
fn a_typst_error_names_the_job_and_carries_the_diagnostic() {
    let job = CompileJob {
        name: "broken.pdf".into(),
        source: "#let x = ;".into(),
        date: "2025-09-01".into(),
    };
    let err = ctx().compile_one(&job).unwrap_err();
    let msg = format!("{err:#}");
    assert!(msg.contains("broken.pdf"), "{msg}");
    assert!(msg.contains("main.typ"), "{msg}");
}

#[test]
fn the_source_never_reaches_outside_the_build_folder() {
    let source = render_source(&sample(3), &style(), &layouts()).unwrap();
    if let Ok(out) = std::env::var("MEETDOC_DUMP_SOURCE") {
        std::fs::write(out, &source).unwrap();
    }
    assert!(
        !source
            .lines()
            .any(|l| l.trim_start().starts_with("#import")),
        "no import outside a string literal"
    );
    for s in NASTY {
        // Every value is a string literal: its raw form appears only escaped.
        let lit = meetdoc::writer::pdf::typst_string(s);
        assert!(source.contains(&lit), "{s:?} not emitted as {lit}");
    }
}

#[test]
fn an_unknown_table_layout_is_an_error() {
    let mut doc = sample(1);
    if let Some(Block::Table(t)) = doc.blocks.iter_mut().find(|b| matches!(b, Block::Table(_))) {
        t.layout = "nope".into();
    }
    let err = render_source(&doc, &style(), &layouts()).unwrap_err();
    assert!(format!("{err:#}").contains("nope"), "{err:#}");
}
