//! `meetdoc import` on documents as they come back from people and other
//! tools: a generated DOCX edited as Word would and saved again by
//! LibreOffice; documents made by LibreOffice and by pandoc; and input
//! that is no document meetdoc can read.

mod common;
mod import_support;
use common::*;
use import_support::*;
use serde_json::json;
use std::path::Path;

/// `xml` with `from` (which occurs once) replaced by `to`.
fn replace_once(xml: &str, from: &str, to: &str) -> String {
    assert_eq!(xml.matches(from).count(), 1, "{from:?} occurs once");
    xml.replacen(from, to, 1)
}

/// The `<w:p ...>...</w:p>` paragraph around byte `at`.
fn paragraph_around(xml: &str, at: usize) -> (usize, usize) {
    let start = xml[..at].rfind("<w:p ").expect("a paragraph starts before");
    let end = at + xml[at..].find("</w:p>").expect("and ends after") + "</w:p>".len();
    (start, end)
}

/// Edits in Word come back: the seed's concept note, edited as a person
/// would in Word (a word changed inside a run, a time changed in a table
/// cell, a speaker's bullet typed under another) and saved again by
/// LibreOffice (which rewrites the whole package), imports to a data set
/// whose `meetdoc diff` against the seed names exactly those edits, and
/// whose values are the seed's with exactly those edits.
#[test]
fn edits_in_word_come_back_through_libreoffice() {
    let dir = scratch("import-edits");
    let built = dir.join("built");
    meetdoc_ok(&["build", "-o", s(&built)]);

    let mut p = parts(&built.join("concept-note.docx"));
    let mut doc = part_text(&p, "word/document.xml");
    // A word inside a run of the background.
    doc = replace_once(&doc, "a flagship initiative", "a leading initiative");
    // A time in the programme's table: Networking ends later.
    doc = replace_once(&doc, "17:45–18:15", "17:45–18:30");
    // A speaker typed as a new bullet under Mr. Klimont: the same list
    // paragraph, one run of plain text.
    let at = doc.find("Mr. Zbigniew Klimont").unwrap();
    let (start, end) = paragraph_around(&doc, at);
    let para = &doc[start..end];
    let ppr = &para[para.find("<w:pPr>").unwrap()..para.find("</w:pPr>").unwrap() + 8];
    assert!(ppr.contains("<w:numPr>"), "the speaker is a list paragraph");
    let added = format!(
        r#"<w:p>{ppr}<w:r><w:t xml:space="preserve">Ms. Jane Doe, Director, Clean Air Institute (Rapporteur)</w:t></w:r></w:p>"#
    );
    doc.insert_str(end, &added);
    set_part(&mut p, "word/document.xml", doc);
    let edited = dir.join("edited.docx");
    write_parts(&p, &edited);

    let saved = libreoffice_convert(
        &edited,
        r#"docx:MS Word 2007 XML"#,
        "docx",
        &dir.join("libreoffice"),
    );
    assert!(
        application(&saved).contains("LibreOffice"),
        "LibreOffice wrote the package: {}",
        application(&saved)
    );

    let imported = dir.join("imported");
    assert_ok(&import_built(&saved, &imported), "the edited concept note");
    // The values: the seed with exactly the three edits.
    let want = dir.join("want");
    copy_dir(&seed_data(), &want);
    edit_json(&want.join("background.json"), |b| {
        let p0 = b["paragraphs"][0].as_str().unwrap().to_string();
        b["paragraphs"][0] = json!(p0.replacen("a flagship", "a leading", 1));
    });
    edit_json(&want.join("programme.json"), |pr| {
        let items = pr["days"][0]["items"].as_array_mut().unwrap();
        let net = items
            .iter_mut()
            .find(|i| i["title"] == "Networking")
            .unwrap();
        net["end"] = json!("18:30");
        let scene = items
            .iter_mut()
            .find(|i| i["title"].as_str().unwrap().starts_with("Scene Setting"))
            .unwrap();
        scene["speakers"].as_array_mut().unwrap().push(json!({
            "name": "Ms. Jane Doe",
            "affiliation": "Director, Clean Air Institute",
            "capacity": "Rapporteur"
        }));
    });
    assert_same_data(&imported, &want, &CONCEPT_NOTE_FILES);

    // meetdoc diff names those edits and nothing else.
    let out = meetdoc(&["diff", s(&seed_data()), s(&imported)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let changes: Vec<&str> = text.lines().filter(|l| l.starts_with("- ")).collect();
    let expected: [&[&str]; 4] = [
        &["Background", "'flagship' is now 'leading'"],
        &["Indicative Programme", "programme"],
        &["Scene Setting", "added Ms. Jane Doe"],
        &["Networking", "17:45-18:30", "was 17:45-18:15"],
    ];
    assert_eq!(
        changes.len(),
        expected.len(),
        "exactly the edits are named:\n{text}"
    );
    for want in expected {
        assert!(
            changes.iter().any(|c| want.iter().all(|w| c.contains(w))),
            "a change naming {want:?}:\n{text}"
        );
    }
}

/// The seed's concept note as another tool's author would write it: a
/// title block (kind, title, venue, times and date), sections under
/// headings, paragraphs with italics and a footnote, bullets, the
/// work plan's outputs as one sentence, and the programme as a table of
/// times and sessions (bold titles, descriptions, speakers and parts as
/// bullets, a part's list as sub-bullets). Built from the seed's data.
enum Block {
    Kind(String),
    Title(String),
    Line(String),
    Heading(String),
    Para(String),
    Bullets(Vec<String>),
    /// Rows of (time lines, session blocks).
    Programme(Vec<(Vec<String>, Vec<Block>)>),
    /// A bold line (a session's title in the programme).
    Bold(String),
    /// Bullets, each with sub-bullets.
    Nested(Vec<(String, Vec<String>)>),
}

struct Source {
    blocks: Vec<Block>,
    /// Footnote id -> text.
    notes: serde_json::Map<String, serde_json::Value>,
    organizers: Vec<String>,
}

fn seed_source() -> Source {
    let read = |f: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(seed_data().join(f)).unwrap()).unwrap()
    };
    let strs = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .map(|x| x.as_str().unwrap().to_string())
            .collect()
    };
    let (m, bg, ob, wp, pa, pr, fnotes) = (
        read("meeting.json"),
        read("background.json"),
        read("objectives.json"),
        read("workplan.json"),
        read("participants.json"),
        read("programme.json"),
        read("footnotes.json"),
    );
    let t = |v: &serde_json::Value| v.as_str().unwrap().to_string();
    let mut b = vec![
        Block::Kind(t(&m["document_kind"])),
        Block::Title(t(&m["title"])),
        Block::Line(format!(
            "{}, {}, {}",
            t(&m["venue"]),
            t(&m["city"]),
            t(&m["country"])
        )),
        // The line meetdoc prints from the programme's sessions and the date.
        Block::Line("14:00–17:45, 23 September 2025".into()),
        Block::Heading(t(&bg["heading"])),
    ];
    b.extend(strs(&bg["paragraphs"]).into_iter().map(Block::Para));
    b.push(Block::Heading(t(&ob["heading"])));
    b.extend(strs(&ob["paragraphs"]).into_iter().map(Block::Para));
    b.push(Block::Para(t(&ob["specific_intro"])));
    b.push(Block::Bullets(strs(&ob["specific"])));
    b.extend(strs(&wp["paragraphs"]).into_iter().map(Block::Para));
    let outputs = strs(&wp["outputs"]);
    let n = outputs.len();
    let listed: Vec<String> = outputs
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let roman = ["i", "ii", "iii", "iv", "v", "vi"][i];
            format!("{}({roman}) {o}", if i + 1 == n { "and " } else { "" })
        })
        .collect();
    b.push(Block::Para(format!(
        "{} {}.",
        t(&wp["outputs_intro"]),
        listed.join("; ")
    )));
    b.push(Block::Heading(t(&pa["heading"])));
    b.push(Block::Para(t(&pa["intro"])));
    b.push(Block::Bullets(strs(&pa["categories"])));
    b.extend(strs(&pa["closing"]).into_iter().map(Block::Para));
    b.push(Block::Heading(t(&pr["heading"])));
    let minutes = |c: &str| {
        let (h, m) = c.split_once(':').unwrap();
        h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap()
    };
    let mut rows = Vec::new();
    for day in pr["days"].as_array().unwrap() {
        for it in day["items"].as_array().unwrap() {
            let (start, end) = (t(&it["start"]), t(&it["end"]));
            let session = it["kind"] == "session";
            let mut left = vec![format!("{start}–{end}")];
            if session {
                left.push(format!("({} mins)", minutes(&end) - minutes(&start)));
            }
            let mut right = vec![if session {
                Block::Bold(t(&it["title"]))
            } else {
                Block::Para(t(&it["title"]))
            }];
            right.extend(strs(&it["description"]).into_iter().map(Block::Para));
            let speakers: Vec<String> = it["speakers"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|s| {
                    let mut x = t(&s["name"]);
                    if let Some(a) = s["affiliation"].as_str() {
                        x.push_str(&format!(", {a}"));
                    }
                    if let Some(c) = s["capacity"].as_str() {
                        x.push_str(&format!(" ({c})"));
                    }
                    x
                })
                .collect();
            if !speakers.is_empty() {
                right.push(Block::Bullets(speakers));
            }
            let parts: Vec<(String, Vec<String>)> = it["parts"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| {
                    (
                        format!("{} ({} mins)", t(&p["title"]), p["minutes"]),
                        strs(&p["list"]),
                    )
                })
                .collect();
            if !parts.is_empty() {
                right.push(Block::Nested(parts));
            }
            rows.push((left, right));
        }
    }
    b.push(Block::Programme(rows));
    Source {
        blocks: b,
        notes: fnotes["notes"].as_object().unwrap().clone(),
        organizers: strs(&m["organizers"]),
    }
}

/// The source as pandoc Markdown: the title block as pandoc's metadata
/// (title, the kind as subtitle, the organizers as authors, language),
/// the programme as a grid table. meetdoc's markup is Markdown's.
fn markdown(src: &Source) -> String {
    let mut head = vec!["---".to_string()];
    let mut body: Vec<String> = Vec::new();
    for b in &src.blocks {
        match b {
            Block::Kind(k) => head.push(format!("subtitle: \"{k}\"")),
            Block::Title(t) => head.push(format!("title: \"{t}\"")),
            Block::Line(l) | Block::Para(l) => body.push(l.clone()),
            Block::Heading(h) => body.push(format!("## {h}")),
            Block::Bold(t) => body.push(format!("**{t}**")),
            Block::Bullets(items) => body.push(
                items
                    .iter()
                    .map(|i| format!("- {i}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Block::Nested(items) => body.push(
                items
                    .iter()
                    .map(|(i, sub)| {
                        let mut s = format!("- {i}");
                        if !sub.is_empty() {
                            s.push_str("\n\n");
                            for x in sub {
                                s.push_str(&format!("    - {x}\n"));
                            }
                        }
                        s
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Block::Programme(rows) => body.push(grid_table(rows)),
        }
    }
    head.push("author:".into());
    for o in &src.organizers {
        head.push(format!("- \"{o}\""));
    }
    head.push("lang: en-GB".into());
    head.push("---".into());
    for (id, text) in &src.notes {
        body.push(format!("[^{id}]: {}", text.as_str().unwrap()));
    }
    format!("{}\n\n{}\n", head.join("\n"), body.join("\n\n"))
}

/// A pandoc grid table "Time | Sessions" of the programme.
fn grid_table(rows: &[(Vec<String>, Vec<Block>)]) -> String {
    let cells: Vec<(Vec<String>, Vec<String>)> = rows
        .iter()
        .map(|(left, right)| {
            let mut l = Vec::new();
            for (i, x) in left.iter().enumerate() {
                if i > 0 {
                    l.push(String::new());
                }
                l.push(x.clone());
            }
            let mut r = Vec::new();
            for (i, b) in right.iter().enumerate() {
                if i > 0 {
                    r.push(String::new());
                }
                match b {
                    Block::Para(x) => r.push(x.clone()),
                    Block::Bold(x) => r.push(format!("**{x}**")),
                    Block::Bullets(items) => r.extend(items.iter().map(|i| format!("- {i}"))),
                    Block::Nested(items) => {
                        for (i, sub) in items {
                            r.push(format!("- {i}"));
                            if !sub.is_empty() {
                                r.push(String::new());
                                r.extend(sub.iter().map(|x| format!("    - {x}")));
                                r.push(String::new());
                            }
                        }
                    }
                    _ => unreachable!(),
                }
            }
            (l, r)
        })
        .collect();
    let width = |column: Vec<&String>, head: &str| {
        column
            .into_iter()
            .map(|s| s.chars().count())
            .chain([head.len()])
            .max()
            .unwrap()
    };
    let w1 = width(cells.iter().flat_map(|c| &c.0).collect(), "Time");
    let w2 = width(cells.iter().flat_map(|c| &c.1).collect(), "Sessions");
    let rule = |c: char| {
        format!(
            "+{}+{}+",
            c.to_string().repeat(w1 + 2),
            c.to_string().repeat(w2 + 2)
        )
    };
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w - s.chars().count()));
    let row = |l: &[String], r: &[String]| {
        let n = l.len().max(r.len());
        (0..n)
            .map(|i| {
                let a = l.get(i).map_or("", String::as_str);
                let b = r.get(i).map_or("", String::as_str);
                format!("| {} | {} |", pad(a, w1), pad(b, w2))
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut out = vec![
        rule('-'),
        row(&["Time".into()], &["Sessions".into()]),
        rule('='),
    ];
    for (l, r) in &cells {
        out.push(row(l, r));
        out.push(rule('-'));
    }
    out.join("\n")
}

/// meetdoc's markup as HTML; footnotes as LibreOffice writes them in
/// HTML (which its HTML import reads back as footnotes), numbered in
/// `notes`.
fn html_inline(s: &str, src: &Source, notes: &mut Vec<String>) -> String {
    let mut out = String::new();
    let (mut bold, mut italic) = (false, false);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix("**") {
            out.push_str(if bold { "</b>" } else { "<b>" });
            bold = !bold;
            rest = r;
        } else if let Some(r) = rest.strip_prefix('*') {
            out.push_str(if italic { "</i>" } else { "<i>" });
            italic = !italic;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("[^") {
            let end = r.find(']').unwrap();
            notes.push(src.notes[&r[..end]].as_str().unwrap().to_string());
            let n = notes.len();
            out.push_str(&format!(
                r##"<a class="sdfootnoteanc" name="sdfootnote{n}anc" href="#sdfootnote{n}sym"><sup>{n}</sup></a>"##
            ));
            rest = &r[end + 1..];
        } else {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                _ => out.push(c),
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The source as an HTML page (as saved from a browser or a web editor).
fn html(src: &Source) -> String {
    let mut notes = Vec::new();
    let mut title = String::new();
    let mut body = String::new();
    fn blocks(bs: &[Block], src: &Source, notes: &mut Vec<String>, out: &mut String) {
        for b in bs {
            let mut h = |s: &str| html_inline(s, src, notes);
            match b {
                Block::Kind(x) | Block::Line(x) | Block::Para(x) => {
                    out.push_str(&format!("<p>{}</p>\n", h(x)))
                }
                Block::Title(x) => out.push_str(&format!("<h1>{}</h1>\n", h(x))),
                Block::Heading(x) => out.push_str(&format!("<h2>{}</h2>\n", h(x))),
                Block::Bold(x) => out.push_str(&format!("<p><b>{}</b></p>\n", h(x))),
                Block::Bullets(items) => {
                    out.push_str("<ul>");
                    for i in items {
                        out.push_str(&format!("<li>{}</li>", h(i)));
                    }
                    out.push_str("</ul>\n");
                }
                Block::Nested(items) => {
                    out.push_str("<ul>");
                    for (i, sub) in items {
                        out.push_str(&format!("<li>{}", h(i)));
                        if !sub.is_empty() {
                            out.push_str("<ul>");
                            for x in sub {
                                out.push_str(&format!("<li>{}</li>", h(x)));
                            }
                            out.push_str("</ul>");
                        }
                        out.push_str("</li>");
                    }
                    out.push_str("</ul>\n");
                }
                Block::Programme(rows) => {
                    out.push_str("<table border=\"1\"><tr><th>Time</th><th>Sessions</th></tr>\n");
                    for (left, right) in rows {
                        out.push_str("<tr><td>");
                        for l in left {
                            out.push_str(&format!("<p>{l}</p>"));
                        }
                        out.push_str("</td><td>");
                        blocks(right, src, notes, out);
                        out.push_str("</td></tr>\n");
                    }
                    out.push_str("</table>\n");
                }
            }
        }
    }
    for b in &src.blocks {
        if let Block::Title(t) = b {
            title = t.clone();
        }
    }
    blocks(&src.blocks, src, &mut notes, &mut body);
    for (i, text) in notes.clone().iter().enumerate() {
        let n = i + 1;
        body.push_str(&format!(
            r##"<div id="sdfootnote{n}"><p class="sdfootnote"><a class="sdfootnotesym" name="sdfootnote{n}sym" href="#sdfootnote{n}anc">{n}</a>{}</p></div>
"##,
            html_inline(text, src, &mut Vec::new())
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <meta name=\"author\" content=\"{}\"></head><body>\n{body}</body></html>\n",
        src.organizers.join("; ")
    )
}

/// Imports `docx` (made by another tool), builds the data set, and finds
/// every sentence of the seed's concept note in both built formats.
fn imports_and_builds_with_every_sentence(docx: &Path, dir: &Path) {
    let data = dir.join("imported");
    let out = import(docx, &data);
    assert_ok(&out, &docx.display().to_string());
    let report = std::fs::read_to_string(data.join("import-report.md")).unwrap();
    assert!(
        !data.join("unplaced.json").exists(),
        "every paragraph placed:\n{report}"
    );
    let built = dir.join("built");
    meetdoc_ok(&["build", s(&data), "-o", s(&built)]);
    let mut missing = Vec::new();
    let mut checked = 0;
    for (stems, fragments) in seed_fragments() {
        if !stems.iter().any(|s| s == "concept-note") {
            continue;
        }
        for (ext, text) in [
            ("docx", docx_text(&built.join("concept-note.docx"))),
            ("pdf", pdf_text(&built.join("concept-note.pdf"))),
        ] {
            for f in &fragments {
                checked += 1;
                if !contains_words(&text, f) {
                    missing.push(format!("{ext}: {f}"));
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} sentences checked");
    assert!(
        missing.is_empty(),
        "sentences missing from the build of {}:\n{}\n\nimport report:\n{report}",
        docx.display(),
        missing.join("\n")
    );
}

/// A DOCX pandoc made from Markdown imports into a data set that builds
/// with every sentence of the seed's concept note.
#[test]
fn a_docx_made_by_pandoc_from_markdown_imports() {
    let dir = scratch("import-pandoc");
    let md = dir.join("concept-note.md");
    std::fs::write(&md, markdown(&seed_source())).unwrap();
    let docx = dir.join("concept-note.docx");
    let out = std::process::Command::new("pandoc")
        .args(["-f", "markdown", "-t", "docx", "-o"])
        .arg(&docx)
        .arg(&md)
        .output()
        .expect("pandoc must be installed: make test installs it (Debian package pandoc)");
    assert!(
        out.status.success(),
        "pandoc failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = part_text(&parts(&docx), "word/document.xml");
    assert!(
        doc.contains(r#"w:val="Subtitle""#) && !doc.contains("TitleKind"),
        "pandoc's own styles"
    );
    imports_and_builds_with_every_sentence(&docx, &dir);
}

/// A DOCX LibreOffice made (from an HTML page with footnotes, lists and a
/// table) imports into a data set that builds with every sentence of the
/// seed's concept note.
#[test]
fn a_docx_made_by_libreoffice_imports() {
    let dir = scratch("import-libreoffice");
    let page = dir.join("concept-note.html");
    std::fs::write(&page, html(&seed_source())).unwrap();
    let lo = dir.join("libreoffice");
    std::fs::create_dir_all(&lo).unwrap();
    let out = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            lo.join(".lo-profile").display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--infilter=HTML (StarWriter)",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
        ])
        .arg(&lo)
        .arg(&page)
        .output()
        .expect("LibreOffice (soffice) must be installed: make test installs it");
    let docx = lo.join("concept-note.docx");
    assert!(
        out.status.success() && docx.is_file(),
        "LibreOffice could not convert the page: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(application(&docx).contains("LibreOffice"));
    let p = parts(&docx);
    assert!(
        part_text(&p, "word/footnotes.xml").contains("extensively discussed"),
        "the note is a real footnote"
    );
    imports_and_builds_with_every_sentence(&docx, &dir);
}

const REVISION: &str = r#"w:author="Reviewer" w:date="2025-09-02T10:00:00Z""#;

/// Tracked changes are read as if accepted, and the import says so: a
/// word replaced (deleted and inserted inside a run), a word deleted, a
/// list paragraph deleted and a speaker's paragraph inserted.
#[test]
fn tracked_changes_are_read_as_accepted_and_said_so() {
    let dir = scratch("import-tracked");
    let built = dir.join("built");
    meetdoc_ok(&["build", "-o", s(&built)]);
    let mut p = parts(&built.join("concept-note.docx"));
    let mut doc = part_text(&p, "word/document.xml");
    let run = |t: &str| format!(r#"<w:r><w:t xml:space="preserve">{t}</w:t></w:r>"#);
    let del_run =
        |t: &str| format!(r#"<w:r><w:delText xml:space="preserve">{t}</w:delText></w:r>"#);
    // A word replaced inside a run.
    doc = replace_once(
        &doc,
        "a flagship initiative",
        &format!(
            r#"a </w:t></w:r><w:del w:id="901" {REVISION}>{}</w:del><w:ins w:id="902" {REVISION}>{}</w:ins><w:r><w:t xml:space="preserve"> initiative"#,
            del_run("flagship"),
            run("leading")
        ),
    );
    // A word deleted.
    doc = replace_once(
        &doc,
        "with session guiding questions",
        &format!(
            r#"with </w:t></w:r><w:del w:id="903" {REVISION}>{}</w:del><w:r><w:t xml:space="preserve">guiding questions"#,
            del_run("session ")
        ),
    );
    // A list paragraph deleted, its mark with it.
    let at = doc
        .find("Experts from academia and research institutions.")
        .unwrap();
    let (start, end) = paragraph_around(&doc, at);
    let para = doc[start..end].to_string();
    let deleted = para
        .replace(
            "</w:pPr>",
            &format!(r#"<w:rPr><w:del w:id="904" {REVISION}/></w:rPr></w:pPr>"#),
        )
        .replace(
            &run("Experts from academia and research institutions."),
            &format!(
                r#"<w:del w:id="905" {REVISION}>{}</w:del>"#,
                del_run("Experts from academia and research institutions.")
            ),
        );
    assert!(deleted.contains("delText"), "{para}");
    doc.replace_range(start..end, &deleted);
    // A speaker's paragraph inserted under Mr. Klimont.
    let at = doc.find("Mr. Zbigniew Klimont").unwrap();
    let (start, end) = paragraph_around(&doc, at);
    let para = &doc[start..end];
    let ppr = &para[para.find("<w:pPr>").unwrap()..para.find("</w:pPr>").unwrap()];
    let inserted = format!(
        r#"<w:p>{ppr}<w:rPr><w:ins w:id="906" {REVISION}/></w:rPr></w:pPr><w:ins w:id="907" {REVISION}>{}</w:ins></w:p>"#,
        run("Ms. Jane Doe (Rapporteur)")
    );
    doc.insert_str(end, &inserted);
    set_part(&mut p, "word/document.xml", doc);
    let tracked = dir.join("tracked.docx");
    write_parts(&p, &tracked);

    let data = dir.join("imported");
    let out = import(&tracked, &data);
    assert_ok(&out, "the DOCX with tracked changes");
    assert!(
        stderr(&out).contains("tracked change") && stderr(&out).contains("as if all were accepted"),
        "the terminal says so:\n{}",
        stderr(&out)
    );
    let report = std::fs::read_to_string(data.join("import-report.md")).unwrap();
    assert!(
        report.contains("**Tracked changes**")
            && report.contains("2 insertions")
            && report.contains("4 deletions")
            && report.contains("as if all were accepted"),
        "the report says so:\n{report}"
    );

    let want = dir.join("want");
    copy_dir(&seed_data(), &want);
    edit_json(&want.join("background.json"), |b| {
        let p0 = b["paragraphs"][0].as_str().unwrap().to_string();
        b["paragraphs"][0] = json!(p0.replacen("a flagship", "a leading", 1));
    });
    edit_json(&want.join("participants.json"), |pa| {
        let c = pa["closing"][0].as_str().unwrap().to_string();
        pa["closing"][0] = json!(c.replacen("with session guiding", "with guiding", 1));
        pa["categories"]
            .as_array_mut()
            .unwrap()
            .retain(|c| c != "Experts from academia and research institutions.");
    });
    edit_json(&want.join("programme.json"), |pr| {
        let items = pr["days"][0]["items"].as_array_mut().unwrap();
        let scene = items
            .iter_mut()
            .find(|i| i["title"].as_str().unwrap().starts_with("Scene Setting"))
            .unwrap();
        scene["speakers"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "name": "Ms. Jane Doe", "capacity": "Rapporteur" }));
    });
    assert_same_data(&data, &want, &CONCEPT_NOTE_FILES);
}

/// Input that is no DOCX meetdoc can read: a clear error in the user's
/// words, a non-zero exit, and nothing written — not even the folder.
#[test]
fn bad_input_is_refused_and_nothing_is_written() {
    let dir = scratch("import-bad");
    let mut cases: Vec<(&str, Vec<u8>, &[&str])> = Vec::new();
    cases.push((
        "not-a-zip",
        b"This is a text file that someone named .docx\n".to_vec(),
        &["not a Word document", "not a ZIP package"],
    ));
    // Word encrypts a DOCX with a password into an OLE compound file
    // (as a Word 97-2003 .doc is): its magic bytes, then sectors.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(std::iter::repeat_n(0u8, 504));
    ole.extend(b"E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0".iter());
    ole.resize(4096, 0);
    cases.push((
        "encrypted",
        ole,
        &["encrypted (password-protected)", "remove the password"],
    ));
    // A ZIP that is no Word document.
    let zip_of = |files: &[(&str, &str)]| {
        let f = dir.join("tmp.zip");
        write_parts(
            &files
                .iter()
                .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
                .collect::<Vec<_>>(),
            &f,
        );
        std::fs::read(&f).unwrap()
    };
    cases.push((
        "a-zip",
        zip_of(&[("hello.txt", "hello")]),
        &["no main document", "not a Word document"],
    ));
    // A Word document with nothing meetdoc knows in it.
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    cases.push((
        "no-structure",
        zip_of(&[
            (
                "[Content_Types].xml",
                r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
            ),
            (
                "_rels/.rels",
                r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
            ),
            (
                "word/document.xml",
                &format!(r#"<w:document xmlns:w="{w}"><w:body><w:p/><w:p><w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:body></w:document>"#),
            ),
        ]),
        &["no structure meetdoc knows"],
    ));
    cases.push((
        "damaged-xml",
        zip_of(&[(
            "word/document.xml",
            &format!(r#"<w:document xmlns:w="{w}"><w:body><w:p>"#),
        )]),
        &["not well-formed XML", "damaged"],
    ));
    for (name, bytes, says) in cases {
        let file = dir.join(format!("{name}.docx"));
        std::fs::write(&file, bytes).unwrap();
        let out_dir = dir.join(format!("out-{name}"));
        let out = import(&file, &out_dir);
        let err = stderr(&out);
        assert!(!out.status.success(), "{name}: import must fail:\n{err}");
        assert!(
            err.starts_with("error: ") && err.contains(&format!("{name}.docx")),
            "{name}: one error naming the file:\n{err}"
        );
        for s in says {
            assert!(err.contains(s), "{name}: the error says {s:?}:\n{err}");
        }
        assert!(err.contains("help: "), "{name}: what to do:\n{err}");
        assert!(!out_dir.exists(), "{name}: nothing written");
    }

    // Into a folder that already holds a data set: refused, the folder as
    // it was.
    let built = dir.join("built");
    meetdoc_ok(&["build", "-o", s(&built)]);
    let held = dir.join("held");
    copy_dir(&seed_data(), &held);
    let before = files_in(&held);
    let out = import(&built.join("concept-note.docx"), &held);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("already holds data files"),
        "{}",
        stderr(&out)
    );
    assert_eq!(files_in(&held), before, "the folder as it was");
}

/// A programme another tool made (a title block and the table, no
/// sections) is read as a programme, not as a concept note whose sections
/// are missing: the title block's lines are not a section's text.
#[test]
fn a_programme_made_by_pandoc_imports_as_a_programme() {
    let dir = scratch("import-pandoc-programme");
    let mut src = seed_source();
    src.blocks.retain(|b| {
        matches!(
            b,
            Block::Kind(_) | Block::Title(_) | Block::Line(_) | Block::Programme(_)
        )
    });
    for b in src.blocks.iter_mut() {
        if let Block::Kind(k) = b {
            *k = "Indicative Programme".into();
        }
    }
    let md = dir.join("programme.md");
    std::fs::write(&md, markdown(&src)).unwrap();
    let docx = dir.join("programme.docx");
    let out = std::process::Command::new("pandoc")
        .args(["-f", "markdown", "-t", "docx", "-o"])
        .arg(&docx)
        .arg(&md)
        .output()
        .expect("pandoc must be installed: make test installs it (Debian package pandoc)");
    assert!(out.status.success());
    let data = dir.join("imported");
    let out = import(&docx, &data);
    assert!(
        stderr(&out).contains("as a programme: 0 paragraphs not placed"),
        "{}",
        stderr(&out)
    );
    assert_programme_only(&out, "a programme made by pandoc");
    let got = data_files(&data);
    let want = data_files(&seed_data());
    assert_eq!(
        got["programme.json"]["heading"],
        want["programme.json"]["heading"]
    );
    let times = |v: &serde_json::Value| -> Vec<(String, String, String)> {
        v["days"][0]["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["start"].as_str().unwrap().into(),
                    i["end"].as_str().unwrap().into(),
                    i["title"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    assert_eq!(
        times(&got["programme.json"]),
        times(&want["programme.json"])
    );
    for key in [
        "title",
        "venue",
        "city",
        "country",
        "date",
        "language",
        "organizers",
    ] {
        assert_eq!(got["meeting.json"][key], want["meeting.json"][key], "{key}");
    }
}

/// The times are the data: a time changed in Word without its printed
/// duration is read from the times, and the report says the duration
/// printed was not theirs.
#[test]
fn a_duration_that_is_not_its_times_is_reported() {
    let dir = scratch("import-duration");
    let built = dir.join("built");
    meetdoc_ok(&["build", "-o", s(&built)]);
    let mut p = parts(&built.join("programme.docx"));
    let doc = replace_once(
        &part_text(&p, "word/document.xml"),
        "17:30–17:45",
        "17:30–17:40",
    );
    set_part(&mut p, "word/document.xml", doc);
    let edited = dir.join("edited.docx");
    write_parts(&p, &edited);
    let data = dir.join("imported");
    assert_programme_only(&import(&edited, &data), "the edited programme");
    let report = std::fs::read_to_string(data.join("import-report.md")).unwrap();
    assert!(
        report.contains("the duration printed, (15 mins), is not the length of 17:30–17:40"),
        "{report}"
    );
    let got = data_files(&data);
    let wrap = got["programme.json"]["days"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["start"] == "17:30")
        .unwrap()
        .clone();
    assert_eq!(wrap["end"], "17:40");
    assert!(wrap.get("minutes").is_none() && wrap.get("duration").is_none());
}
