//! The PDF writer end to end: render the Typst source for documents full of
//! special characters, compile them with typst (which must be installed:
//! these tests fail, not skip, without it) and read the PDFs back with
//! poppler's `pdftotext` / `pdffonts`.

mod common;
use meetdoc::errors::exit_code;
use meetdoc::model::*;
use meetdoc::render::{self, RenderContext, Settings};
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
            number: None,
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
        number: None,
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
        columns_mm: vec![32.0, 128.0],
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
            language: meetdoc::values::Lang::parse("en-GB").unwrap(),
            date: meetdoc::values::Date::parse("2025-09-01").unwrap(),
            author: "ESCAP \\ East and North-East Asia".into(),
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
                "Economic and Social Commission".into(),
                "for Asia and the Pacific".into(),
            ],
            meeting: vec![
                "Meeting #x $y$ of NEASPEC".into(),
                "Ulaanbaatar, 22–23 September 2025".into(),
            ],
            agenda_item: Some(AgendaItemLine {
                text: "Item 5 (a) of the provisional agenda".into(),
                note: Some(MarkedNote {
                    mark: "*".into(),
                    content: vec![t("ESCAP/NEASPEC/SOM(28)/1 #[note].")],
                }),
                title: vec![t("Programme areas: air pollution")],
            }),
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
    let source = render_source(doc, &style, &layouts().into()).unwrap();
    let job = CompileJob {
        name: name.into(),
        source,
        date: doc.meta.date,
        standards: vec!["ua-1".into()],
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
    pdftotext_with(pdf, page, &[])
}

/// The text of a page (or all), with more pdftotext options (`-layout`).
fn pdftotext_with(pdf: &Path, page: Option<usize>, options: &[&str]) -> String {
    let mut cmd = Command::new("pdftotext");
    cmd.args(options);
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
    // Line by line as laid out: a superscript number is a line of its own.
    let page1 = pdftotext_with(&path, Some(1), &["-layout"]);
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
    // The note citing the agenda, marked "*", comes first and takes no
    // number.
    let star = lines
        .iter()
        .position(|l| l.contains("ESCAP/NEASPEC/SOM(28)/1 #[note]."))
        .expect("the agenda's note on page 1");
    assert!(
        body < star && star < note,
        "the marked note comes before note 1:\n{page1}"
    );
    assert!(
        lines[star].starts_with('*') || lines[star - 1] == "*",
        "the mark * before the agenda's note:\n{page1}"
    );
    assert!(
        lines.iter().any(|l| l.contains("provisional agenda*")),
        "the mark * after the agenda item:\n{page1}"
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
    let source = render_source(&doc, &style, &layouts().into()).unwrap();
    let jobs: Vec<CompileJob> = (0..3)
        .map(|i| CompileJob {
            name: format!("job{i}"),
            source: source.clone(),
            date: meetdoc::values::Date::parse("2025-09-01").unwrap(),
            standards: doc.meta.pdf_standards.clone(),
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
        date: meetdoc::values::Date::parse("2025-09-01").unwrap(),
        standards: Vec::new(),
    };
    let err = ctx().compile_one(&job).unwrap_err();
    let msg = format!("{err:#}");
    assert!(msg.contains("broken.pdf"), "{msg}");
    assert!(msg.contains("main.typ"), "{msg}");
}

#[test]
fn the_source_never_reaches_outside_the_build_folder() {
    let source = render_source(&sample(3), &style(), &layouts().into()).unwrap();
    if let Ok(out) = std::env::var("MEETDOC_DUMP_SOURCE") {
        std::fs::write(out, &source).unwrap();
    }
    assert!(
        !source
            .lines()
            .any(|l| l.trim_start().starts_with("#import")),
        "no import outside a string literal"
    );
    // Hangul and kana in a document of another language are spans of
    // their own (set in the Korean or Japanese face): a value is emitted
    // as one literal per run of script.
    let own_face = |c: char| matches!(c, '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7AF}' | '\u{3040}'..='\u{30FF}');
    for s in NASTY {
        let mut runs: Vec<String> = Vec::new();
        let mut last = None;
        for c in s.chars() {
            if last != Some(own_face(c)) {
                runs.push(String::new());
                last = Some(own_face(c));
            }
            runs.last_mut().unwrap().push(c);
        }
        for run in runs {
            // Every value is a string literal: its raw form appears only escaped.
            let lit = meetdoc::writer::pdf::typst_string(&run);
            assert!(source.contains(&lit), "{s:?}: {run:?} not emitted as {lit}");
        }
    }
}

#[test]
fn a_table_whose_rows_do_not_fit_its_columns_is_an_error() {
    let mut doc = sample(1);
    if let Some(Block::Table(t)) = doc.blocks.iter_mut().find(|b| matches!(b, Block::Table(_))) {
        t.columns_mm = vec![40.0, 40.0, 40.0];
    }
    let err = render_source(&doc, &style(), &layouts().into()).unwrap_err();
    assert!(
        format!("{err:#}").contains("the table has 3 columns but a table row has 2 cells"),
        "{err:#}"
    );
    if let Some(Block::Table(t)) = doc.blocks.iter_mut().find(|b| matches!(b, Block::Table(_))) {
        t.columns_mm = vec![40.0, 0.0];
    }
    let err = render_source(&doc, &style(), &layouts().into()).unwrap_err();
    assert!(format!("{err:#}").contains("widths above 0 mm"), "{err:#}");
}

/// A context as the command line's, but with its own cache folder and, if
/// given, only these font folders (the system's are left out).
fn ctx_with(layouts: &Path, cache: &Path, font_dirs: Option<Vec<PathBuf>>) -> RenderContext {
    let env = Settings::from_env(None);
    RenderContext::new(
        layouts,
        Settings {
            font_dirs: font_dirs.unwrap_or(env.font_dirs.clone()),
            cache_dir: Some(cache.to_path_buf()),
            ..env
        },
    )
}

fn file_names(files: &[PathBuf]) -> Vec<String> {
    files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

const LIBERATION: [&str; 4] = [
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf",
];

#[test]
fn every_font_file_of_the_layout_must_be_found_in_its_own_folder() {
    let dir = common::scratch("pdf-missing-fonts");
    let fonts = dir.join("fonts");
    let link = |system: &str, as_: &str| {
        let to = fonts.join(as_);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(Path::new("/usr/share/fonts").join(system), to).unwrap();
    };
    // Every file of the style but the body's regular face.
    let style = style();
    for f in &style.fonts.pdf_font_files {
        if !f.file.ends_with("LiberationSerif-Regular.ttf") {
            link(&f.file, &f.file);
        }
    }
    let ctx = ctx_with(&layouts(), &dir.join("cache"), Some(vec![fonts.clone()]));
    let expected = "the font file truetype/liberation2/LiberationSerif-Regular.ttf \
                    (fonts-liberation2) of the layout is not installed: apt-get install \
                    fonts-liberation2";
    let err = ctx.fonts(&style).unwrap_err();
    assert_eq!(exit_code(&err), 3);
    assert!(format!("{err:#}").contains(expected), "{err:#}");

    // A build fails alike (exit 3) and writes nothing.
    let out = dir.join("out");
    let Err(err) = render::build(&common::seed_data(), &ctx, &out) else {
        panic!("the build went through without the font");
    };
    assert_eq!(exit_code(&err), 3);
    assert!(format!("{err:#}").contains(expected), "{err:#}");
    assert!(!out.exists());

    // The same file name in another version's folder (Liberation 1.07 is in
    // truetype/liberation/) is not taken for it.
    let v2 = "truetype/liberation2/LiberationSerif-Regular.ttf";
    link(v2, "truetype/liberation/LiberationSerif-Regular.ttf");
    link(v2, "LiberationSerif-Regular.ttf");
    let err = ctx.fonts(&style).unwrap_err();
    assert!(format!("{err:#}").contains(expected), "{err:#}");

    // Once it is there, it is found (a failure is not remembered).
    link(v2, v2);
    let found = ctx.fonts(&style).unwrap().files();
    assert!(found.contains(&fonts.join(v2)), "{found:?}");
    assert_eq!(found.len(), style.fonts.pdf_font_files.len());
}

#[test]
fn typst_is_handed_only_the_fonts_a_document_needs() {
    let dir = common::scratch("pdf-font-choice");
    let ctx = ctx_with(&layouts(), &dir.join("cache"), None);
    let fonts = ctx.fonts(&style()).unwrap();
    let choose = |source: &str| fonts.choose(source, ctx.place());
    let names = |source: &str| file_names(&choose(source).files);
    let with = |more: &[&str]| -> Vec<String> {
        LIBERATION
            .iter()
            .chain(more)
            .map(|s| s.to_string())
            .collect()
    };

    // The seed's documents: Liberation Serif alone (its subscript two and
    // five too: Liberation 2 has them).
    let (data, _) = render::load(&common::seed_data()).unwrap();
    for (stem, doc) in meetdoc::compose::documents(&data, &style()) {
        let source = render_source(&doc, &style(), &layouts().into()).unwrap();
        assert_eq!(names(&source), with(&[]), "{stem}");
    }
    assert_eq!(names("#\"CO\u{2082} PM2\u{2085} – “x” é\""), with(&[]));
    // A fallback family only for a character that needs it, with all its
    // files (bold CJK comes from the bold file).
    let cjk = ["NotoSerifCJK-Regular.ttc", "NotoSerifCJK-Bold.ttc"];
    assert_eq!(names("#\"北京\""), with(&cjk));
    assert_eq!(names("#\"Улаанбаатар 서울\""), with(&cjk));
    assert_eq!(names("#\"😀\""), with(&["NotoColorEmoji.ttf"]));
    assert_eq!(
        names("#\"福岡 😀\""),
        with(&[cjk[0], cjk[1], "NotoColorEmoji.ttf"])
    );
    // A character no font has: reported; nothing more is handed.
    let c = choose("#\"a \u{E000}\"");
    assert_eq!(file_names(&c.files), with(&[]));
    assert_eq!(c.uncovered.len(), 1);
    assert_eq!(c.uncovered[0].ch, '\u{E000}');

    // Each set of files has its kept folder of links to exactly those.
    let a = choose("#\"北京\"");
    let b = choose("#\"plain\"");
    let (fa, fb) = (a.folder.unwrap(), b.folder.unwrap());
    assert_ne!(fa, fb);
    assert!(fa.starts_with(dir.join("cache")), "{}", fa.display());
    for (folder, files) in [(&fa, &a.files), (&fb, &b.files)] {
        let mut linked: Vec<PathBuf> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| std::fs::read_link(e.unwrap().path()).unwrap())
            .collect();
        linked.sort();
        let mut files = files.clone();
        files.sort();
        assert_eq!(linked, files);
    }
}

#[test]
fn the_compile_cache_key_holds_the_fonts_handed_to_typst() {
    let dir = common::scratch("pdf-cache-fonts");
    let data = dir.join("data");
    common::copy_dir(&common::seed_data(), &data);
    common::edit_json(&data.join("meeting.json"), |v| {
        let t = v["title"].as_str().unwrap().to_string();
        v["title"] = format!("{t} 北京").into();
    });
    // Layouts that list fewer font files: the same Typst source.
    let without = |name: &str, what: &str| {
        let l = dir.join(name);
        common::copy_dir(&layouts(), &l);
        common::edit_json(&l.join("style.json"), |v| {
            v["fonts"]["pdf_font_files"]
                .as_array_mut()
                .unwrap()
                .retain(|f| !f["file"].as_str().unwrap().contains(what));
        });
        l
    };
    let no_cjk = without("no-cjk", "CJK");
    let no_emoji = without("no-emoji", "Emoji");
    let (set, _) = render::load(&data).unwrap();
    let doc = meetdoc::compose::documents(&set, &style()).remove(0).1;
    let no_cjk_style = Style::load(&no_cjk.join("style.json")).unwrap();
    assert_eq!(
        render_source(&doc, &style(), &layouts().into()).unwrap(),
        render_source(&doc, &no_cjk_style, &no_cjk.clone().into()).unwrap()
    );

    let out = dir.join("out");
    let cache = dir.join("cache");
    let fonts_of = |pdf: &Path| {
        let o = Command::new("pdffonts").arg(pdf).output().unwrap();
        String::from_utf8(o.stdout).unwrap()
    };
    let full = ctx_with(&layouts(), &cache, None);
    let built = render::build(&data, &full, &out).unwrap();
    // The concept note, the programme and its ru and zh versions.
    assert_eq!(built.compiled.len(), 4, "{:?}", built.compiled);
    assert!(fonts_of(&out.join("concept-note.pdf")).contains("NotoSerifCJK"));

    // A font file less that neither document uses: the same fonts are
    // handed over, so both PDFs come from the cache.
    let built = render::build(&data, &ctx_with(&no_emoji, &cache, None), &out).unwrap();
    assert!(built.compiled.is_empty(), "{:?}", built.compiled);

    // Other fonts handed over: compiled again, not taken from the cache.
    let partial = ctx_with(&no_cjk, &cache, None);
    let built = render::build(&data, &partial, &out).unwrap();
    assert!(
        built.compiled.contains(&"concept-note".to_string()),
        "{:?}",
        built.compiled
    );
    assert!(!fonts_of(&out.join("concept-note.pdf")).contains("NotoSerifCJK"));
    // The same again: from the cache.
    let built = render::build(&data, &partial, &out).unwrap();
    assert!(built.compiled.is_empty(), "{:?}", built.compiled);
}
