//! Issue 8, "one parse, one truth": each finding reproduced, then fixed.
//! What `check` accepts, `build` builds; what `build` builds, both formats
//! print whole.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;
use std::process::Output;

fn code_and_err(out: &Output) -> (i32, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn check(dir: &Path) -> (i32, String) {
    code_and_err(&meetdoc(&["check", dir.to_str().unwrap()]))
}

fn build(dir: &Path, out: &Path) -> (i32, String) {
    code_and_err(&meetdoc(&[
        "build",
        dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]))
}

fn item(v: &mut Value, i: usize) -> &mut Value {
    &mut v["days"][0]["items"][i]
}

/// check and build agree: both refuse, with the same message, and build
/// writes nothing.
fn check_and_build_refuse(dir: &Path, needle: &str) {
    let (code, err) = check(dir);
    assert_eq!(code, 1, "check: {err}");
    assert!(err.contains(needle), "check: {needle} missing in:\n{err}");
    let out = dir.parent().unwrap().join("out");
    let (code, err) = build(dir, &out);
    assert_eq!(code, 1, "build: {err}");
    assert!(err.contains(needle), "build: {needle} missing in:\n{err}");
    assert!(!out.exists(), "build wrote files despite the error");
}

#[test]
fn finding_1_a_note_in_the_programme_heading_is_refused_by_check_as_by_build() {
    let dir = seed_copy("heading-note");
    edit_json(&dir.join("programme.json"), |v| {
        v["heading"] = "Indicative Programme[^workplan]".into()
    });
    check_and_build_refuse(
        &dir,
        "programme.json: heading: a footnote reference [^workplan] where notes cannot go",
    );
}

#[test]
fn finding_2_an_undefined_note_in_a_speaker_is_an_error_at_its_path() {
    let dir = seed_copy("speaker-note");
    edit_json(&dir.join("programme.json"), |v| {
        item(v, 1)["speakers"][0]["name"] = "Mr. Ganbold Baasanjav[^nosuch]".into()
    });
    check_and_build_refuse(
        &dir,
        "programme.json: days[0].items[1].speakers[0].name: reference to an undefined footnote [^nosuch]",
    );
    // A note an agenda item cannot have is refused in a set too.
    let set = scratch("agenda-note").join("som28");
    copy_dir(&root().join("data/som28"), &set);
    copy_dir(&seed_data(), &set.parent().unwrap().join("neacap-pd2"));
    edit_json(&set.join("agenda.json"), |v| {
        v["items"][0]["title"] = "Opening of the meeting.[^x]".into()
    });
    let (code, err) = check(&set);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "agenda.json: items[0].title: a footnote reference [^x] where notes cannot go"
        ),
        "{err}"
    );
}

/// A row with `n` delegations listed and a long description.
fn long_row(dir: &Path, delegations: usize, description_bytes: usize) -> Vec<String> {
    let names: Vec<String> = (1..=delegations)
        .map(|i| format!("Delegation{i:03} of member State number {i}"))
        .collect();
    let mut description = String::new();
    let mut n = 0;
    while description.len() < description_bytes {
        n += 1;
        description.push_str(&format!("Sentence{n:04} of the long description. "));
    }
    let description = description.trim_end().to_string();
    edit_json(&dir.join("programme.json"), |v| {
        item(v, 3)["parts"][0]["list"] = names.iter().cloned().map(Value::from).collect();
        item(v, 3)["description"] = vec![Value::from(description.clone())].into();
    });
    let mut words: Vec<String> = names
        .iter()
        .map(|n| n.split(' ').next().unwrap().to_string())
        .collect();
    words.extend((1..=n).map(|i| format!("Sentence{i:04}")));
    words
}

#[test]
fn finding_4_a_row_taller_than_a_page_breaks_and_loses_no_word_in_either_format() {
    let base = scratch("long-row");
    let dir = base.join("data");
    copy_dir(&seed_data(), &dir);
    let words = long_row(&dir, 70, 12_000);
    let out = base.join("out");
    let (code, err) = build(&dir, &out);
    assert_eq!(code, 0, "{err}");
    let pdf = pdf_text(&out.join("programme.pdf"));
    let lo = pdf_text(&libreoffice_pdf(
        &out.join("programme.docx"),
        &base.join("lo"),
    ));
    for (name, text) in [("PDF", &pdf), ("DOCX as LibreOffice lays it out", &lo)] {
        let missing: Vec<&String> = words
            .iter()
            .filter(|w| !text.contains(w.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "{name} lost {} of {} words, e.g. {:?}",
            missing.len(),
            words.len(),
            &missing[..missing.len().min(5)]
        );
    }
    // The same row breaks in both: the two layouts have the same number of pages.
    assert_eq!(
        pdf_pages(&out.join("programme.pdf")),
        pdf_pages(&base.join("lo/programme.pdf"))
    );
}

#[test]
fn finding_5_a_notepad_bom_is_accepted_and_latin1_is_named() {
    let dir = seed_copy("bom");
    let path = dir.join("meeting.json");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read(&path).unwrap());
    std::fs::write(&path, bytes).unwrap();
    let (code, err) = check(&dir);
    assert_eq!(code, 0, "{err}");

    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Blue Sky Hotel", "Caf\u{e9} Hotel");
    let latin1: Vec<u8> = text
        .trim_start_matches('\u{feff}')
        .chars()
        .map(|c| c as u32 as u8)
        .collect();
    std::fs::write(&path, latin1).unwrap();
    let (code, err) = check(&dir);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("meeting.json: line 5, column 16: the file is not UTF-8 text: byte"),
        "{err}"
    );
    assert!(err.contains("(0xE9) is not UTF-8"), "{err}");
    assert!(err.contains("save the file as UTF-8"), "{err}");
}

#[test]
fn finding_8_only_regular_files_of_bounded_size_are_read() {
    let dir = seed_copy("special-files");
    // A FIFO would block a reader forever: it is refused without opening it.
    let fifo = dir.join("background.json");
    std::fs::remove_file(&fifo).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    // A link to /dev/zero would be read until memory runs out.
    let zero = dir.join("objectives.json");
    std::fs::remove_file(&zero).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    // A file above the limit.
    let big = dir.join("workplan.json");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(17 * 1024 * 1024).unwrap();
    let started = std::time::Instant::now();
    let (code, err) = check(&dir);
    assert!(started.elapsed().as_secs() < 20, "check took too long");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("background.json: cannot read the file: it is not a regular file"),
        "{err}"
    );
    assert!(
        err.contains("objectives.json: cannot read the file: it is not a regular file"),
        "{err}"
    );
    assert!(
        err.contains(
            "workplan.json: the file is too large (17.8 MB; a data file may hold at most 16 MB)"
        ),
        "{err}"
    );
}

#[test]
fn finding_9_deep_nesting_is_a_data_error_at_its_path() {
    let dir = seed_copy("nesting");
    let deep: String =
        (0..100).map(|_| "*a ").collect::<String>() + &(0..100).map(|_| " b*").collect::<String>();
    edit_json(&dir.join("background.json"), |v| {
        v["paragraphs"][0] = deep.into()
    });
    check_and_build_refuse(
        &dir,
        "background.json: paragraphs[0]: italic, bold and links are nested more than 8 levels deep",
    );
}

#[test]
fn finding_10_tabs_and_backslashes_print_the_same_in_both_formats() {
    let base = scratch("tabs");
    let dir = base.join("data");
    copy_dir(&seed_data(), &dir);
    edit_json(&dir.join("background.json"), |v| {
        v["paragraphs"][0] =
            "Tab\there; paths \\\\server\\share and C:\\temp\\_old; a \\*star\\*.".into()
    });
    let out = base.join("out");
    let (code, err) = build(&dir, &out);
    assert_eq!(code, 0, "{err}");
    let expected = "Tab here; paths \\\\server\\share and C:\\temp\\_old; a *star*.";
    let pdf = pdf_text(&out.join("concept-note.pdf"));
    assert!(pdf.replace('\n', " ").contains(expected), "PDF: {pdf}");
    let docx = docx_part(&out.join("concept-note.docx"), "word/document.xml");
    assert!(!docx.contains("<w:tab"), "a tab in the DOCX body");
    assert!(
        xml_text(&docx).contains(expected),
        "DOCX: {}",
        xml_text(&docx)
    );
}

#[test]
fn finding_11_a_start_at_24_00_is_an_error_at_the_start() {
    let dir = seed_copy("midnight");
    edit_json(&dir.join("programme.json"), |v| {
        item(v, 7)["start"] = "24:00".into();
        item(v, 7)["end"] = "24:00".into();
    });
    let (code, err) = check(&dir);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "days[0].items[7].start: 24:00 is the end of the day: an item cannot start then"
        ),
        "{err}"
    );
}

#[test]
fn finding_12_messages_say_what_was_checked_and_what_to_do() {
    let out = meetdoc_ok(&["check", "data/neacap-pd2"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "data/neacap-pd2: checked 7 data files and the ru, zh versions: 0 errors, 0 warnings\n"
    );
    let (code, err) = code_and_err(&meetdoc(&["build", "data/som28", "-o", "/nonexistent/out"]));
    assert_eq!(code, 1);
    assert!(
        err.contains("this folder is a document set, not a data set"),
        "{err}"
    );
    assert!(
        err.contains("help: build a set with: meetdoc bundle data/som28"),
        "{err}"
    );
    // JSON help fits the mistake: no generic advice after a missing brace.
    let dir = seed_copy("eof");
    std::fs::write(dir.join("meeting.json"), "{\"title\": \"x\"").unwrap();
    let (_, err) = check(&dir);
    assert!(err.contains("the file ends too early"), "{err}");
    assert!(!err.contains("commas between"), "{err}");
}
