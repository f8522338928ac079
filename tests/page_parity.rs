//! The same pages in both formats: for every document of the seed, the
//! SOM-28 set (its information note too), the stress set, a two-day
//! meeting with a long programme and the seed with what goes beyond it (an
//! extra section with a table, notation, roles, lists on one line),
//! the DOCX as LibreOffice lays it out has the PDF's page count and the
//! same first and last body words on every page (running headers, footers
//! and page numbers are outside the body; a table's header row repeated at
//! the top of a page is not counted).
//!
//! LibreOffice runs headless, once for all the DOCX files, with a
//! fontconfig of its own that holds only the fonts the PDF is made with
//! (Liberation 2, Noto CJK, Noto Color Emoji): the Liberation 1 files
//! Debian also has cannot be picked.

mod common;
use common::*;
use meetdoc::style::Style;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The font folders LibreOffice may use: the PDF's fonts.
const FONT_DIRS: [&str; 3] = [
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/truetype/noto",
];

/// A fontconfig file with only [`FONT_DIRS`] and the metric aliases
/// (Times New Roman → Liberation Serif).
fn fontconfig(dir: &Path) -> PathBuf {
    let mut x = String::from(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">\n<fontconfig>\n",
    );
    for d in FONT_DIRS {
        x.push_str(&format!("  <dir>{d}</dir>\n"));
    }
    x.push_str(&format!(
        "  <cachedir>{}</cachedir>\n",
        dir.join("fontconfig-cache").display()
    ));
    for alias in [
        "/etc/fonts/conf.d/30-metric-aliases.conf",
        "/usr/share/fontconfig/conf.avail/30-metric-aliases.conf",
    ] {
        if Path::new(alias).is_file() {
            x.push_str(&format!("  <include>{alias}</include>\n"));
            break;
        }
    }
    x.push_str("</fontconfig>\n");
    let path = dir.join("fonts.conf");
    std::fs::write(&path, x).unwrap();
    path
}

/// Every DOCX in `docx` converted to PDF into `outdir` by one LibreOffice
/// run that sees only the fonts of `fonts_conf`.
fn libreoffice_pdfs(docx: &[PathBuf], outdir: &Path, fonts_conf: &Path) {
    std::fs::create_dir_all(outdir).unwrap();
    let out = Command::new("soffice")
        .env("FONTCONFIG_FILE", fonts_conf)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            outdir.join(".lo-profile").display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(outdir)
        .args(docx)
        .output()
        .expect("LibreOffice (soffice) must be installed: make test installs it");
    assert!(
        out.status.success(),
        "LibreOffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The lines of a page, top to bottom: words whose boxes overlap by more
/// than half the smaller height are on one line (a superscript is on its
/// line); each line as its lower-case words, left to right. (Compared as
/// one run of letters and digits: how a reader splits "decades" and a
/// superscript "88" into words does not matter.)
fn lines(page_words: &[Word]) -> Vec<(f64, String)> {
    let mut sorted: Vec<&Word> = page_words.iter().collect();
    sorted.sort_by(|a, b| a.y1.total_cmp(&b.y1).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<(f64, f64, Vec<&Word>)> = Vec::new();
    for w in sorted {
        let found = out.iter_mut().find(|(y0, y1, _)| {
            let overlap = y1.min(w.y1) - y0.max(w.y0);
            overlap > 0.5 * (y1 - y0).min(w.y1 - w.y0)
        });
        match found {
            Some(l) => {
                l.0 = l.0.min(w.y0);
                l.1 = l.1.max(w.y1);
                l.2.push(w);
            }
            None => out.push((w.y0, w.y1, vec![w])),
        }
    }
    out.sort_by(|a, b| a.1.total_cmp(&b.1));
    out.into_iter()
        .map(|(y0, y1, mut ws)| {
            ws.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let text: Vec<&str> = ws.iter().map(|w| w.text.as_str()).collect();
            ((y0 + y1) / 2.0, stream(&text.join(" ")))
        })
        .collect()
}

/// The body lines of page `index` (0-based): those inside the margins,
/// without a repeated table header row at the top of a later page.
fn body(page: &Page, index: usize, style: &Style, headers: &[String]) -> Vec<String> {
    let pt = |mm: f64| mm * 72.0 / 25.4;
    let (top, bottom) = (
        pt(style.page.margin_top_mm),
        page.height - pt(style.page.margin_bottom_mm),
    );
    let mut out: Vec<String> = lines(&page.words)
        .into_iter()
        .filter(|(y, w)| *y > top && *y < bottom && !w.is_empty())
        .map(|(_, w)| w)
        .collect();
    if index > 0 {
        while out.first().is_some_and(|l| headers.contains(l)) {
            out.remove(0);
        }
    }
    out
}

/// Where the LibreOffice rendering of a DOCX differs from the PDF: page
/// count, and each page's first and last body line.
fn differences(pdf: &Path, lo: &Path, style: &Style, headers: &[String]) -> Vec<String> {
    let (a, b) = (pdf_boxes(pdf), pdf_boxes(lo));
    let mut out = Vec::new();
    if a.len() != b.len() {
        out.push(format!(
            "{} pages in the PDF, {} in the DOCX",
            a.len(),
            b.len()
        ));
    }
    for (i, (pa, pb)) in a.iter().zip(&b).enumerate() {
        let (la, lb) = (body(pa, i, style, headers), body(pb, i, style, headers));
        let ends = |l: &[String]| (l.first().cloned(), l.last().cloned());
        let ((fa, ea), (fb, eb)) = (ends(&la), ends(&lb));
        if fa != fb {
            out.push(format!(
                "page {}: the PDF starts with {:?}, the DOCX with {:?}",
                i + 1,
                fa.unwrap_or_default(),
                fb.unwrap_or_default()
            ));
        }
        if ea != eb {
            out.push(format!(
                "page {}: the PDF ends with {:?}, the DOCX with {:?}",
                i + 1,
                ea.unwrap_or_default(),
                eb.unwrap_or_default()
            ));
        }
    }
    out
}

/// Where any body line of the two differs (for documents made to test
/// line breaking): (page, line) and both lines.
fn line_differences(pdf: &Path, lo: &Path, style: &Style) -> Vec<String> {
    let (a, b) = (pdf_boxes(pdf), pdf_boxes(lo));
    let mut out = Vec::new();
    for (i, (pa, pb)) in a.iter().zip(&b).enumerate() {
        let (la, lb) = (body(pa, i, style, &[]), body(pb, i, style, &[]));
        for (n, (x, y)) in la.iter().zip(&lb).enumerate() {
            if x != y {
                out.push(format!(
                    "page {} line {}: the PDF has {:?}, the DOCX {:?}",
                    i + 1,
                    n + 1,
                    x,
                    y
                ));
            }
        }
        if la.len() != lb.len() {
            out.push(format!(
                "page {}: {} lines in the PDF, {} in the DOCX",
                i + 1,
                la.len(),
                lb.len()
            ));
        }
    }
    out
}

/// The seed with a background of paragraphs that bring a hyphen before a
/// digit ("2026-2030", "14:00-15:00", "SOM-28"), words with a slash
/// ("ESCAP/NEASPEC/SOM(28)/1", "x/y") and kerning pairs ("AVAWAY") to
/// every place of a line, one word further each time.
fn line_breaks(name: &str) -> PathBuf {
    let data = seed_copy(name);
    edit_json(&data.join("background.json"), |b| {
        let paragraphs: Vec<Value> = (0..36)
            .map(|k| {
                json!(format!(
                    "{}the Work Plan 2026-2030 meets 14:00-15:00 at SOM-28 under ESCAP/NEASPEC/SOM(28)/1 \
                     and 2025/2026 or x/y; AVAWAY To Wa Ty and more text follows here to fill the line.",
                    "word ".repeat(k)
                ))
            })
            .collect();
        b["paragraphs"] = json!(paragraphs);
    });
    data
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// "HH:MM" moved by `minutes`.
fn shift(t: &str, minutes: i64) -> String {
    let (h, m) = t.split_once(':').unwrap();
    let at = h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap() + minutes;
    format!("{:02}:{:02}", at / 60, at % 60)
}

/// The seed made into a meeting of two days with a long programme: each
/// day holds the seed's items twice, from 08:30 and from 13:30.
fn two_day_meeting(name: &str) -> PathBuf {
    let data = seed_copy(name);
    edit_json(&data.join("meeting.json"), |m| {
        m["end_date"] = json!("2025-09-24");
        m["timezone"] = json!("GMT+8");
    });
    edit_json(&data.join("programme.json"), |p| {
        let items = p["days"][0]["items"].as_array().unwrap().clone();
        let mut day: Vec<Value> = Vec::new();
        for delta in [-300, 0] {
            for item in &items {
                let mut item = item.clone();
                for key in ["start", "end"] {
                    item[key] = json!(shift(item[key].as_str().unwrap(), delta));
                }
                day.push(item);
            }
        }
        p["days"] = json!([
            { "date": "2025-09-23", "items": day.clone() },
            { "date": "2025-09-24", "items": day },
        ]);
    });
    data
}

#[test]
fn every_page_breaks_at_the_same_words_in_both_formats() {
    let dir = scratch("parity");
    let style = Style::load(&root().join("layouts/style.json")).unwrap();
    let labels = style
        .labels
        .get(&meetdoc::values::Lang::parse("en-GB").unwrap());
    let headers = vec![
        stream("Time Sessions"),
        stream(&labels.list_columns.join(" ")),
    ];

    // Every document, as meetdoc builds it.
    let seed = dir.join("seed");
    meetdoc_ok(&["build", "-o", s(&seed)]);
    let som28 = dir.join("som28");
    meetdoc_ok(&["bundle", "data/som28", "-o", s(&som28)]);
    let (stress_data, stress) = (dir.join("stress-data"), dir.join("stress"));
    meetdoc_ok(&["stress-data", s(&stress_data)]);
    meetdoc_ok(&["build", s(&stress_data), "-o", s(&stress)]);
    let two_days = dir.join("two-days");
    meetdoc_ok(&[
        "build",
        s(&two_day_meeting("parity-two-days")),
        "-o",
        s(&two_days),
    ]);

    // The body size is the layout's: the seed at the UN's final 10 pt.
    let layouts_10pt = dir.join("layouts-10pt");
    copy_dir(&root().join("layouts"), &layouts_10pt);
    set_normal_size(&layouts_10pt.join("reference.docx"), 10.0);
    let seed_10pt = dir.join("seed-10pt");
    meetdoc_ok(&["build", "-o", s(&seed_10pt), "--layouts", s(&layouts_10pt)]);
    let styles = docx_part(&seed_10pt.join("concept-note.docx"), "word/styles.xml");
    let defaults = &styles[..styles.find("</w:docDefaults>").unwrap()];
    assert!(defaults.contains(r#"<w:sz w:val="20"/>"#), "{defaults}");
    let body_word = |pdf: &Path| {
        let page = &pdf_boxes(pdf)[0];
        let w = page.words.iter().find(|w| w.text == "flagship").unwrap();
        w.y1 - w.y0
    };
    let (at_10, at_11) = (
        body_word(&seed_10pt.join("concept-note.pdf")),
        body_word(&seed.join("concept-note.pdf")),
    );
    assert!((at_11 / at_10 - 1.1).abs() < 0.01, "{at_10} {at_11}");

    // Beyond the seed: an extra section with a table and notation, roles
    // and lists on one line.
    let beyond = dir.join("beyond");
    meetdoc_ok(&["build", s(&beyond_seed("parity-beyond")), "-o", s(&beyond)]);

    // Line breaks where Word's and Unicode's rules differ.
    let breaks = dir.join("line-breaks");
    meetdoc_ok(&[
        "build",
        s(&line_breaks("parity-line-breaks")),
        "-o",
        s(&breaks),
    ]);

    // The DOCX files under names of their own, converted at once.
    let docx_dir = dir.join("docx");
    std::fs::create_dir_all(&docx_dir).unwrap();
    let mut pairs = Vec::new();
    for (set, folder) in [
        ("seed", &seed),
        ("seed-10pt", &seed_10pt),
        ("som28", &som28),
        ("stress", &stress),
        ("two-days", &two_days),
        ("line-breaks", &breaks),
        ("beyond", &beyond),
    ] {
        for name in files_in(folder).into_keys() {
            let Some(stem) = name.strip_suffix(".docx") else {
                continue;
            };
            // Language versions (programme-ru, NEACAP_PD2_2-zh) are not
            // compared: this LibreOffice has Liberation Serif alone (no
            // CJK face), and their label rows differ from `headers`.
            if stem.ends_with("-ru") || stem.ends_with("-zh") {
                continue;
            }
            let copy = docx_dir.join(format!("{set}--{stem}.docx"));
            std::fs::copy(folder.join(&name), &copy).unwrap();
            pairs.push((
                format!("{set}/{stem}"),
                folder.join(format!("{stem}.pdf")),
                copy,
            ));
        }
    }
    assert_eq!(
        pairs.len(),
        2 + 2 + 5 + 2 + 2 + 2 + 2,
        "{:?}",
        pairs.iter().map(|p| &p.0).collect::<Vec<_>>()
    );
    let conf = fontconfig(&dir);
    let lo = dir.join("libreoffice");
    let docx: Vec<PathBuf> = pairs.iter().map(|p| p.2.clone()).collect();
    libreoffice_pdfs(&docx, &lo, &conf);

    // LibreOffice laid the text out in Liberation Serif from the folder of
    // the PDF's version (2.x), the only one its fontconfig has.
    let matched = Command::new("fc-match")
        .env("FONTCONFIG_FILE", &conf)
        .args(["-f", "%{file}", "Times New Roman"])
        .output()
        .expect("fc-match (fontconfig)");
    let file = String::from_utf8_lossy(&matched.stdout).to_string();
    assert!(
        file.starts_with(FONT_DIRS[0]) && file.ends_with("LiberationSerif-Regular.ttf"),
        "LibreOffice would set Times New Roman in {file:?}"
    );

    let mut report = Vec::new();
    for (name, pdf, docx) in &pairs {
        let lo_pdf = lo.join(docx.with_extension("pdf").file_name().unwrap());
        assert!(lo_pdf.is_file(), "LibreOffice did not convert {name}");
        let fonts = Command::new("pdffonts").arg(&lo_pdf).output().unwrap();
        assert!(
            String::from_utf8_lossy(&fonts.stdout).contains("LiberationSerif"),
            "{name}: LibreOffice did not use Liberation Serif"
        );
        let pages = pdf_pages(pdf);
        let diffs = differences(pdf, &lo_pdf, &style, &headers);
        eprintln!("{name}: {pages} pages, {} differences", diffs.len());
        report.extend(diffs.into_iter().map(|d| format!("{name}: {d}")));
    }
    // Every line of the document made for line breaking.
    let lines = line_differences(
        &breaks.join("concept-note.pdf"),
        &lo.join("line-breaks--concept-note.pdf"),
        &style,
    );
    eprintln!("line-breaks/concept-note: {} lines differ", lines.len());
    report.extend(lines);
    assert!(report.is_empty(), "{}", report.join("\n"));

    // The comparison sees a difference when there is one: the seed's
    // concept note against the two-day meeting's.
    let other = lo.join("two-days--concept-note.pdf");
    let diffs = differences(&seed.join("concept-note.pdf"), &other, &style, &headers);
    assert!(
        diffs.iter().any(|d| d.contains("pages in the PDF"))
            && diffs.iter().any(|d| d.starts_with("page 3")),
        "{diffs:?}"
    );
}
