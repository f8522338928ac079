//! No build loses or corrupts a document: when the data is bad, typst is
//! missing or fails, or the output cannot be written, the earlier outputs
//! stay byte for byte and no temporary file remains, and the error says
//! what happened (with its exit code). Two builds at once both leave valid
//! files; the same data builds the same bytes; a large data set keeps its
//! footnotes and items in order. (typst must be installed: these tests
//! fail without it.)

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every file of a folder (hidden ones too) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_in(dir)
}

fn assert_no_temp_files(dir: &Path) {
    let temps: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(temps.is_empty(), "temporary files left: {temps:?}");
}

/// A scratch folder with `out/` holding a build of the seed, and a copy
/// of the seed in `data/` whose title is changed (so any write to `out/`
/// would change its bytes).
fn earlier_build(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let dir = scratch(name);
    let (data, out) = (dir.join("data"), dir.join("out"));
    meetdoc_ok(&["build", s(&seed_data()), "-o", s(&out)]);
    copy_dir(&seed_data(), &data);
    let meeting = data.join("meeting.json");
    let text = std::fs::read_to_string(&meeting).unwrap();
    let changed = text.replace(
        "NEACAP Second Policy Dialogue",
        "NEACAP Third Policy Dialogue",
    );
    assert_ne!(text, changed);
    std::fs::write(&meeting, changed).unwrap();
    (dir, data, out)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The run failed with `code`, printed every `expected` fragment, wrote
/// nothing to stdout, and left `out` as it was.
fn assert_failed_cleanly(
    run: &Output,
    code: i32,
    expected: &[&str],
    out: &Path,
    before: &BTreeMap<String, Vec<u8>>,
) {
    let err = stderr(run);
    assert_eq!(run.status.code(), Some(code), "{err}");
    for e in expected {
        assert!(err.contains(e), "no {e:?} in:\n{err}");
    }
    assert!(
        run.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    assert_eq!(&snapshot(out), before, "the earlier outputs changed");
    assert_no_temp_files(out);
}

#[test]
fn bad_data_exits_1_and_writes_nothing() {
    let (_dir, data, out) = earlier_build("nothing-lost-data");
    let before = snapshot(&out);
    assert_eq!(before.len(), 4);
    let programme = data.join("programme.json");
    let text = std::fs::read_to_string(&programme).unwrap();
    std::fs::write(&programme, text.replace("\"15:45\"", "\"15:75\"")).unwrap();
    let run = meetdoc(&["build", s(&data), "-o", s(&out)]);
    assert_failed_cleanly(
        &run,
        1,
        &[
            "programme.json: days[0].items[3].end: \"15:75\" is not a time",
            "nothing was written",
        ],
        &out,
        &before,
    );
}

#[test]
fn a_missing_typst_exits_3_and_writes_nothing() {
    let (dir, data, out) = earlier_build("nothing-lost-no-typst");
    let before = snapshot(&out);
    let run = meetdoc_env(
        &["build", s(&data), "-o", s(&out)],
        &[("TYPST", "/nonexistent/typst")],
    );
    assert_failed_cleanly(
        &run,
        3,
        &[
            "TYPST=/nonexistent/typst is not a working typst 0.15.x",
            "cannot run /nonexistent/typst",
            "cargo install typst-cli --locked --version 0.15.1",
        ],
        &out,
        &before,
    );

    // No TYPST, and typst neither on PATH nor in ~/.cargo/bin.
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let run = meetdoc_env(
        &["build", s(&data), "-o", s(&out)],
        &[("TYPST", ""), ("PATH", s(&empty)), ("HOME", s(&empty))],
    );
    assert_failed_cleanly(
        &run,
        3,
        &["typst is not installed", "run make"],
        &out,
        &before,
    );
}

#[test]
fn a_failing_typst_exits_3_writes_nothing_and_leaves_no_build_folder() {
    let (dir, data, out) = earlier_build("nothing-lost-typst-fails");
    let before = snapshot(&out);
    let fake = dir.join("fake-typst");
    fake_typst(
        &fake,
        "typst 0.15.1 (fake)",
        "error: the fake typst gives up",
    );
    let tmp = dir.join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let run = meetdoc_env(
        &["build", s(&data), "-o", s(&out)],
        &[("TYPST", s(&fake)), ("TMPDIR", s(&tmp))],
    );
    assert_failed_cleanly(
        &run,
        3,
        &[
            ".pdf: typst failed (exit status: 1)",
            "error: the fake typst gives up",
        ],
        &out,
        &before,
    );
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "build folders left in TMPDIR: {left:?}");
}

#[test]
fn an_output_folder_that_cannot_be_made_exits_4() {
    let (dir, data, _out) = earlier_build("nothing-lost-not-writable");
    // Root ignores permissions: a folder under a regular file cannot exist.
    let file = dir.join("a-file");
    std::fs::write(&file, b"not a folder").unwrap();
    let run = meetdoc(&["build", s(&data), "-o", s(&file.join("out"))]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(4), "{err}");
    assert!(
        err.contains(&format!(
            "cannot create the output folder {}: Not a directory",
            file.join("out").display()
        )),
        "{err}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"not a folder");
    assert_no_temp_files(&dir);
}

#[test]
fn a_folder_in_an_outputs_place_exits_4_and_replaces_nothing() {
    let (_dir, data, out) = earlier_build("nothing-lost-folder");
    std::fs::remove_file(out.join("programme.pdf")).unwrap();
    std::fs::create_dir(out.join("programme.pdf")).unwrap();
    let before = snapshot(&out);
    assert_eq!(before.len(), 3);
    let run = meetdoc(&["build", s(&data), "-o", s(&out)]);
    assert_failed_cleanly(
        &run,
        4,
        &[&format!(
            "cannot replace {}: it is a folder",
            out.join("programme.pdf").display()
        )],
        &out,
        &before,
    );
}

fn assert_valid_outputs(out: &Path) {
    for stem in ["concept-note", "programme"] {
        let docx = out.join(format!("{stem}.docx"));
        let xml = docx_part(&docx, "word/document.xml");
        assert!(
            xml.contains("</w:document>"),
            "{} is cut short",
            docx.display()
        );
        let pdf = std::fs::read(out.join(format!("{stem}.pdf"))).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{stem}.pdf");
        assert!(
            pdf.trim_ascii_end().ends_with(b"%%EOF"),
            "{stem}.pdf does not end with %%EOF"
        );
        assert!(pdf_text(&out.join(format!("{stem}.pdf"))).contains("NEACAP"));
    }
}

#[test]
fn two_builds_at_once_into_one_folder_both_leave_valid_files() {
    let dir = scratch("concurrent");
    let out = dir.join("out");
    for round in 0..3 {
        let children: Vec<_> = (0..2)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_meetdoc"))
                    .args(["build", s(&seed_data()), "-o", s(&out)])
                    .current_dir(root())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let run = child.wait_with_output().unwrap();
            assert!(run.status.success(), "round {round}: {}", stderr(&run));
        }
        assert_valid_outputs(&out);
        assert_no_temp_files(&out);
        assert_eq!(snapshot(&out).len(), 4);
    }
}

#[test]
fn the_same_data_builds_the_same_bytes_dated_from_the_data() {
    let dir = scratch("reproducible");
    let (a, b) = (dir.join("a"), dir.join("b"));
    meetdoc_ok(&["build", s(&seed_data()), "-o", s(&a)]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    // SOURCE_DATE_EPOCH does not change the output: the date is the data's.
    let run = meetdoc_env(
        &["build", s(&seed_data()), "-o", s(&b)],
        &[("SOURCE_DATE_EPOCH", "1000000000")],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert_eq!(sa.len(), 4);
    for (name, bytes) in &sa {
        assert!(&sb[name] == bytes, "{name} differs between two builds");
    }
    let core = docx_part(&a.join("programme.docx"), "docProps/core.xml");
    assert!(
        core.contains(">2025-09-23T00:00:00Z</dcterms:created>"),
        "{core}"
    );

    // Another date in the data, another date in both formats.
    let data = dir.join("data");
    copy_dir(&seed_data(), &data);
    for file in ["meeting.json", "programme.json"] {
        let p = data.join(file);
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, text.replace("2025-09-23", "2025-09-24")).unwrap();
    }
    let c = dir.join("c");
    meetdoc_ok(&["build", s(&data), "-o", s(&c)]);
    let core = docx_part(&c.join("programme.docx"), "docProps/core.xml");
    assert!(
        core.contains(">2025-09-24T00:00:00Z</dcterms:created>"),
        "{core}"
    );
    let info = Command::new("pdfinfo")
        .args(["-isodates", s(&c.join("programme.pdf"))])
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("2025-09-24T00:00:00"), "{info}");
}

/// Positions of each needle in order in `text`, or the first one missing.
fn in_order<'a>(text: &str, needles: &'a [String]) -> Result<(), &'a str> {
    let mut from = 0;
    for n in needles {
        match text[from..].find(n.as_str()) {
            Some(i) => from += i + n.len(),
            None => return Err(n),
        }
    }
    Ok(())
}

#[test]
fn a_large_data_set_keeps_its_footnotes_and_items_in_order() {
    let dir = scratch("stress");
    let (data, out) = (dir.join("data"), dir.join("out"));
    meetdoc_ok(&["stress-data", s(&data)]);
    meetdoc_ok(&["build", s(&data), "-o", s(&out)]);

    // DOCX: references 1..100 in order in the body, notes 1..100 in order
    // in the footnotes part, each with its own text.
    let docx = out.join("concept-note.docx");
    let body = docx_part(&docx, "word/document.xml");
    let refs: Vec<usize> = body
        .split("<w:footnoteReference w:id=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
        .collect();
    assert_eq!(refs, (1..=100).collect::<Vec<_>>());
    let notes = docx_part(&docx, "word/footnotes.xml");
    let ids: Vec<usize> = notes
        .split("<w:footnote w:id=\"")
        .skip(1)
        .filter_map(|s| s[..s.find('"').unwrap()].parse().ok())
        .filter(|&n: &usize| n >= 1)
        .collect();
    assert_eq!(ids, (1..=100).collect::<Vec<_>>());
    for n in 1..=100 {
        let note = notes
            .split(&format!("<w:footnote w:id=\"{n}\""))
            .nth(1)
            .unwrap();
        let note = &note[..note.find("</w:footnote>").unwrap()];
        assert!(
            xml_text(note).contains(&format!("Footnote number {n}:")),
            "footnote {n}"
        );
    }

    // PDF: the note texts in order (each at the foot of its page).
    let labels: Vec<String> = (1..=100).map(|n| format!("Footnote number {n}:")).collect();
    let pdf = pdf_text(&out.join("concept-note.pdf"));
    let pdf = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
    in_order(&pdf, &labels).unwrap_or_else(|n| panic!("PDF: {n:?} missing or out of order"));
    for n in 1..=100 {
        assert_eq!(pdf.matches(&labels[n - 1]).count(), 1, "{}", labels[n - 1]);
    }

    // Every item's time, day by day, in both formats of the programme.
    let programme: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data.join("programme.json")).unwrap())
            .unwrap();
    let times: Vec<String> = programme["days"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["items"].as_array().unwrap().iter())
        .map(|i| {
            // The layout's range dash (the UN's en dash).
            format!(
                "{}–{}",
                i["start"].as_str().unwrap(),
                i["end"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(times.len(), 500);
    for (ext, text) in [
        ("docx", docx_text(&out.join("programme.docx"))),
        ("pdf", pdf_text(&out.join("programme.pdf"))),
    ] {
        in_order(&text, &times)
            .unwrap_or_else(|t| panic!("programme.{ext}: item {t} missing or out of order"));
    }
}
