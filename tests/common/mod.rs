//! Helpers shared by the integration tests: run the binary, read the text
//! of the real output files (DOCX XML, PDF via pdftotext), match fragments.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn seed_data() -> PathBuf {
    root().join("data/neacap-pd2")
}

/// A fresh, empty scratch folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    // Under target/tmp (cargo's folder for integration tests), made anew for
    // each run and kept afterwards for a look; names are unique per test.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("meetdoc-test-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn meetdoc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_meetdoc"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run meetdoc")
}

/// Runs meetdoc and panics with its stderr unless it succeeds.
pub fn meetdoc_ok(args: &[&str]) -> Output {
    let out = meetdoc(args);
    assert!(
        out.status.success(),
        "meetdoc {args:?} failed ({:?}):\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs meetdoc with extra environment variables.
pub fn meetdoc_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_meetdoc"));
    cmd.args(args).current_dir(root());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run meetdoc")
}

/// Edits a JSON file in place.
pub fn edit_json(path: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    edit(&mut v);
    std::fs::write(path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

/// Edits one part of a DOCX package in place (the other parts are kept as
/// they are), as Word does when it saves a change.
pub fn edit_docx_part(path: &Path, part: &str, edit: impl FnOnce(&mut String)) {
    use std::io::Write;
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a DOCX is a zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut edit = Some(edit);
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == part {
            let mut text = String::from_utf8(data).unwrap();
            (edit.take().unwrap())(&mut text);
            data = text.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    assert!(edit.is_none(), "{} has no {part}", path.display());
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

/// Edits the style `style_id` of a DOCX's `word/styles.xml`: `edit` gets
/// the style's element (`<w:style …>…</w:style>`) and returns the new one.
pub fn edit_docx_style(path: &Path, style_id: &str, edit: impl FnOnce(&str) -> String) {
    edit_docx_part(path, "word/styles.xml", |xml| {
        let at = xml
            .find(&format!(r#"w:styleId="{style_id}""#))
            .unwrap_or_else(|| panic!("no style {style_id}"));
        let start = xml[..at].rfind("<w:style ").unwrap();
        let end = at + xml[at..].find("</w:style>").unwrap() + "</w:style>".len();
        let new = edit(&xml[start..end]);
        xml.replace_range(start..end, &new);
    });
}

/// Sets the size of style Normal of a reference file (`reference.docx`)
/// as Word does when a user changes it: in the style's run properties.
pub fn set_normal_size(reference: &Path, pt: f64) {
    let hp = (pt * 2.0).round() as u32;
    edit_docx_style(reference, "Normal", |s| {
        assert!(!s.contains("<w:rPr>"), "{s}");
        s.replace(
            "</w:style>",
            &format!(r#"<w:rPr><w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/></w:rPr></w:style>"#),
        )
    });
}

/// A copy of the seed data set in the scratch folder `name`, as `data/`.
pub fn seed_copy(name: &str) -> PathBuf {
    let data = scratch(name).join("data");
    copy_dir(&seed_data(), &data);
    data
}

/// The version line of the installed typst (`typst --version`).
pub fn typst_version() -> String {
    let home = std::env::var("HOME").unwrap_or_default();
    for exe in [
        std::env::var("TYPST").unwrap_or_default(),
        "typst".into(),
        format!("{home}/.cargo/bin/typst"),
    ] {
        if let Ok(o) = Command::new(&exe).arg("--version").output()
            && o.status.success()
        {
            return String::from_utf8(o.stdout).unwrap().trim().to_string();
        }
    }
    panic!("typst is not installed (make deps)");
}

/// Writes an executable stand-in for typst at `path`: it answers
/// `--version` with `version` and fails every compile with `message`.
pub fn fake_typst(path: &Path, version: &str, message: &str) {
    std::fs::write(
        path,
        format!(
            "#!/bin/sh\nif [ \"$1\" = --version ]; then echo '{version}'; exit 0; fi\necho '{message}' >&2\nexit 1\n"
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Writes an executable stand-in for typst at `path` that answers
/// `--version` as typst 0.15.1 and, for a compile, appends its process id
/// to `pids` and sleeps for a minute (it is the process that sleeps: the
/// id is that of the sleeper).
pub fn slow_fake_typst(path: &Path, pids: &Path) {
    std::fs::write(
        path,
        format!(
            "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'typst 0.15.1 (slow fake)'; exit 0; fi\n\
             echo $$ >> '{}'\nexec sleep 60\n",
            pids.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Copies a data set folder so a test can edit it.
/// A copy of a folder with its subfolders (a data set's or a set's
/// language folders, `ru/`).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let t = e.file_type().unwrap();
        if t.is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else if t.is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Every regular file directly in a folder (not its subfolders, such as
/// the hidden compile cache), with its bytes.
pub fn files_in(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// One part of a DOCX package as text.
pub fn docx_part(path: &Path, part: &str) -> String {
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut z = zip::ZipArchive::new(f).expect("a DOCX is a zip");
    let mut s = String::new();
    z.by_name(part)
        .unwrap_or_else(|_| panic!("{} has no {part}", path.display()))
        .read_to_string(&mut s)
        .unwrap();
    s
}

pub fn docx_has_part(path: &Path, part: &str) -> bool {
    let f = std::fs::File::open(path).unwrap();
    let z = zip::ZipArchive::new(f).unwrap();
    let mut z = z;
    z.by_name(part).is_ok()
}

/// The text of some WordprocessingML: `w:t` contents, paragraphs and tabs as spaces.
pub fn xml_text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find('<') {
        let tag_end = rest[i..].find('>').map(|j| i + j + 1).unwrap_or(rest.len());
        let tag = &rest[i..tag_end];
        if tag.starts_with("<w:t>") || tag.starts_with("<w:t ") {
            let body_end = rest[tag_end..]
                .find("</w:t>")
                .map(|j| tag_end + j)
                .unwrap_or(rest.len());
            out.push_str(&unescape(&rest[tag_end..body_end]));
            rest = &rest[body_end..];
            continue;
        }
        if tag == "</w:p>" || tag.starts_with("<w:tab") || tag.starts_with("<w:br") {
            out.push(' ');
        }
        rest = &rest[tag_end..];
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Body, footnotes, headers and footers of a DOCX as text.
pub fn docx_text(path: &Path) -> String {
    let mut text = xml_text(&docx_part(path, "word/document.xml"));
    if docx_has_part(path, "word/footnotes.xml") {
        text.push(' ');
        text.push_str(&xml_text(&docx_part(path, "word/footnotes.xml")));
    }
    text
}

/// The text of a PDF, by pdftotext (poppler-utils).
pub fn pdf_text(path: &Path) -> String {
    pdftotext(path, &[])
}

/// The text of a PDF as laid out on the page (`pdftotext -layout`): line
/// by line, top to bottom.
pub fn pdf_layout_text(path: &Path) -> String {
    pdftotext(path, &["-layout"])
}

fn pdftotext(path: &Path, flags: &[&str]) -> String {
    let out = Command::new("pdftotext")
        .args(flags)
        .args(["-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed: make deps");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn pdf_pages(path: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(path).output().expect("pdfinfo");
    let info = String::from_utf8_lossy(&out.stdout).to_string();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .expect("pdfinfo prints Pages")
}

/// Lower-case words of a text (letters and digits), for matching that
/// ignores punctuation, dash style, case and line breaks.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The text as one stream of lower-case letters and digits: line-end
/// hyphenation ("cross-" / "sectoral" read back as "crosssectoral") and
/// spacing do not matter.
pub fn stream(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether the words of `fragment` follow one another in the text's
/// stream, allowing at most two interruptions of at most 700 characters in
/// all (a footnote marker, a page break with its footnotes).
pub fn contains_words(text: &str, fragment: &str) -> bool {
    let hay = stream(text);
    let toks = words(fragment);
    let Some(first) = toks.first() else {
        return true;
    };
    let mut from = 0;
    while let Some(i) = hay[from..].find(first.as_str()) {
        let start = from + i;
        let (mut pos, mut gaps, mut gap_chars, mut ok) = (start + first.len(), 0, 0, true);
        for t in &toks[1..] {
            if hay[pos..].starts_with(t.as_str()) {
                pos += t.len();
                continue;
            }
            let limit = (pos + 700 - gap_chars + t.len()).min(hay.len());
            match hay.get(pos + 1..limit).and_then(|w| w.find(t.as_str())) {
                Some(k) if gaps < 2 => {
                    gaps += 1;
                    gap_chars += k + 1;
                    pos += k + 1 + t.len();
                }
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            return true;
        }
        from = start + first.len().max(1);
        while !hay.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// The fragments of the seed, grouped by the output stems that must hold them.
pub fn seed_fragments() -> Vec<(Vec<String>, Vec<String>)> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/seed-fragments.txt")).unwrap();
    let mut groups: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for line in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        if let Some(stems) = line.strip_prefix("==") {
            groups.push((
                stems.split_whitespace().map(String::from).collect(),
                Vec::new(),
            ));
        } else if let Some(g) = groups.last_mut() {
            g.1.push(line.to_string());
        }
    }
    groups
}

/// The DOCX as LibreOffice lays it out: converted to PDF by headless
/// LibreOffice (with a profile of its own, so tests can run at once), into
/// `outdir`. Returns the PDF's path.
pub fn libreoffice_pdf(docx: &Path, outdir: &Path) -> PathBuf {
    std::fs::create_dir_all(outdir).unwrap();
    let profile = outdir.join(".lo-profile");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(outdir)
        .arg(docx)
        .output()
        .expect("LibreOffice (soffice) must be installed: make test installs it");
    let pdf = outdir.join(docx.with_extension("pdf").file_name().unwrap());
    assert!(
        out.status.success() && pdf.is_file(),
        "LibreOffice could not convert {}: {}",
        docx.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    pdf
}

/// A word on a page, with its box.
#[derive(Debug, Clone)]
pub struct Word {
    pub y0: f64,
    pub y1: f64,
    pub x0: f64,
    pub x1: f64,
    pub text: String,
}

pub struct Page {
    pub width: f64,
    pub height: f64,
    pub words: Vec<Word>,
}

fn attr(tag: &str, name: &str) -> f64 {
    let at = tag
        .find(&format!("{name}=\""))
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
        + name.len()
        + 2;
    let end = tag[at..].find('"').unwrap() + at;
    tag[at..end].parse().unwrap()
}

/// The words of each page with their boxes (`pdftotext -bbox`), in
/// points from the top left corner.
pub fn pdf_boxes(pdf: &Path) -> Vec<Page> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut pages: Vec<Page> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push(Page {
                width: attr(line, "width"),
                height: attr(line, "height"),
                words: Vec::new(),
            });
        } else if line.starts_with("<word ") {
            let close = line.find('>').unwrap();
            let body = &line[close + 1..line.rfind("</word>").unwrap()];
            pages.last_mut().unwrap().words.push(Word {
                x0: attr(line, "xMin"),
                x1: attr(line, "xMax"),
                y0: attr(line, "yMin"),
                y1: attr(line, "yMax"),
                text: unescape(body),
            });
        }
    }
    pages
}

/// The seed with what goes beyond it: an extra section of the concept note
/// (a sub-section, a bullet list, a table with a lettered note), scientific
/// notation and links (one in a footnote), speakers' roles and a part's
/// list on one line; in the scratch folder `name`, as `data/`.
pub fn beyond_seed(name: &str) -> PathBuf {
    let data = seed_copy(name);
    std::fs::write(
        data.join("outcomes.json"),
        serde_json::to_string_pretty(&serde_json::json!({
            "heading": "Expected outcomes",
            "content": [
                "The dialogue is expected to agree on priorities for reducing PM~2.5~ and NO₂, measured in µg/m^3^, as set out on [the NEASPEC website](https://www.neaspec.org)[^sources].",
                { "bullets": ["a shared list of priority actions", { "text": "a timeline", "numbered": ["for 2026", "for 2027"] }] },
                { "table": {
                    "columns": ["Pollutant", "Annual mean (µg/m^3^)", "Source"],
                    "widths": [2, 1, 2],
                    "rows": [
                        ["PM~2.5~", "25[^who]", "[WHO](https://www.who.int)"],
                        ["NO₂", "10", null]
                    ]
                } },
                "The secretariat will report on progress to SOM-29."
            ],
            "sections": [{ "heading": "Follow-up", "content": ["Member States will be invited to comment by 31 October 2025."] }]
        }))
        .unwrap(),
    )
    .unwrap();
    edit_json(&data.join("meeting.json"), |m| {
        m["sections"] = serde_json::json!([
            "background.json",
            "objectives.json",
            "workplan.json",
            "participants.json",
            "outcomes.json",
            "programme.json"
        ]);
    });
    edit_json(&data.join("footnotes.json"), |f| {
        f["notes"]["sources"] =
            "Data from [the EANET](https://www.eanet.asia) monitoring network.".into();
        f["notes"]["who"] = "WHO interim target 2.".into();
    });
    edit_json(&data.join("programme.json"), |p| {
        for item in p["days"][0]["items"].as_array_mut().unwrap() {
            if let Some(speaker) = item.get_mut("speakers").and_then(|s| s.get_mut(0)) {
                speaker["role"] = "Moderator".into();
            }
            for part in item
                .get_mut("parts")
                .and_then(|p| p.as_array_mut())
                .into_iter()
                .flatten()
            {
                if part.get("list").is_some() {
                    part["list_style"] = "inline".into();
                }
            }
        }
    });
    data
}
