//! Bad data gets a precise error (file, JSON path or line:column, what was
//! found, what was expected), all errors of a run together, and the exit
//! code of its class.

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A copy of the seed data set with `edit` applied to one file's JSON.
fn edited(name: &str, file: &str, edit: impl FnOnce(&mut Value)) -> PathBuf {
    let dir = seed_copy(name);
    edit_file(&dir, file, edit);
    dir
}

fn edit_file(dir: &Path, file: &str, edit: impl FnOnce(&mut Value)) {
    edit_json(&dir.join(file), edit);
}

/// Runs `meetdoc check` and returns (exit code, stderr).
fn check(dir: &Path) -> (i32, String) {
    let out = meetdoc(&["check", dir.to_str().unwrap()]);
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn item(v: &mut Value, i: usize) -> &mut Value {
    &mut v["days"][0]["items"][i]
}

#[test]
fn the_seed_is_valid_and_quiet() {
    let (code, err) = check(&seed_data());
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "no warnings expected: {err}");
}

#[test]
fn an_unknown_field_is_an_error_with_a_suggestion() {
    let dir = edited("unknown", "meeting.json", |v| {
        let t = v["title"].take();
        v.as_object_mut().unwrap().remove("title");
        v["titel"] = t;
    });
    let (code, err) = check(&dir);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("meeting.json: titel: unknown field \"titel\""),
        "{err}"
    );
    assert!(err.contains("did you mean \"title\"?"), "{err}");
}

#[test]
fn json_syntax_errors_give_line_and_column() {
    let dir = scratch("syntax").join("data");
    copy_dir(&seed_data(), &dir);
    std::fs::write(
        dir.join("background.json"),
        "{\n  \"heading\": \"Background\",\n  \"paragraphs\": [\"a\",]\n}\n",
    )
    .unwrap();
    let (code, err) = check(&dir);
    assert_eq!(code, 1);
    assert!(
        err.contains("background.json: line 3, column 22: invalid JSON"),
        "{err}"
    );
}

#[test]
fn malformed_times_are_errors_at_their_path() {
    let dir = edited("times", "programme.json", |v| {
        item(v, 1)["end"] = "25:00".into();
        item(v, 2)["start"] = "9:5".into();
    });
    let (code, err) = check(&dir);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("programme.json: days[0].items[1].end: \"25:00\" is not a time"),
        "{err}"
    );
    assert!(
        err.contains("programme.json: days[0].items[2].start: \"9:5\" is not a time"),
        "{err}"
    );
    assert!(err.contains("HH:MM"), "{err}");
}

#[test]
fn end_before_start_overlap_and_order_are_errors() {
    let dir = edited("order", "programme.json", |v| {
        item(v, 1)["end"] = "13:50".into(); // before its start 14:00
        item(v, 3)["start"] = "14:20".into(); // overlaps item 2 (until 14:30)
        item(v, 3)["parts"][1]["minutes"] = 35.into();
        item(v, 5)["start"] = "15:30".into(); // before item 4 starts (15:45)
        item(v, 5)["parts"][0]["minutes"] = 105.into();
    });
    let (code, err) = check(&dir);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("days[0].items[1].end: ends at 13:50, not after its start 14:00"),
        "{err}"
    );
    // Items are named as a reader counts them, with their time and title.
    assert!(err.contains("days[0].items[3].start: starts at 14:20, while item 3 (14:15 Scene Setting: NEACAP Policy Analysis Report - Highlights and Recommendations) runs until 14:30: the items overlap"), "{err}");
    assert!(
        err.contains("days[0].items[5].start: starts at 15:30, before item 5 (15:45 Coffee Break)"),
        "{err}"
    );
}

#[test]
fn parts_must_add_up_to_the_session() {
    let dir = edited("sums", "programme.json", |v| {
        item(v, 3)["parts"][0]["minutes"] = 45.into();
    });
    let (code, err) = check(&dir);
    assert_eq!(code, 1);
    assert!(err.contains("days[0].items[3].parts: the parts add up to 70 minutes, but item 4 (14:30 Session 1: Addressing Air Pollution - Country Achievements and National Perspectives) runs 75 minutes (14:30-15:45)"), "{err}");
}

#[test]
fn a_gap_is_a_warning_only() {
    let dir = edited("gap", "programme.json", |v| {
        item(v, 7)["start"] = "18:00".into();
        item(v, 7)["end"] = "18:30".into();
    });
    let (code, err) = check(&dir);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning:")
            && err.contains("days[0].items[7].start: a gap from 17:45 to 18:00"),
        "{err}"
    );
}

#[test]
fn footnote_references_and_definitions_are_checked() {
    let dir = edited("notes", "objectives.json", |v| {
        let s = v["specific"][2]
            .as_str()
            .unwrap()
            .replace("[^workplan]", "[^workpln]");
        v["specific"][2] = s.into();
    });
    let (code, err) = check(&dir);
    assert_eq!(code, 1);
    assert!(
        err.contains("objectives.json: specific[2]: reference to an undefined footnote [^workpln]"),
        "{err}"
    );
    assert!(err.contains("did you mean [^workplan]?"), "{err}");
    assert!(
        err.contains("warning:")
            && err.contains("footnote \"workplan\" is defined but never referenced"),
        "{err}"
    );

    let dir = scratch("dupnotes").join("data");
    copy_dir(&seed_data(), &dir);
    std::fs::write(
        dir.join("footnotes.json"),
        r#"{"notes": {"a": "one", "a": "two"}}"#,
    )
    .unwrap();
    let (code, err) = check(&dir);
    assert_eq!(code, 1);
    assert!(
        err.contains("footnotes.json: notes.a: \"a\" is given twice in the same object"),
        "{err}"
    );
}

#[test]
fn control_characters_and_empty_text_are_errors_with_their_position() {
    let dir = edited("control", "background.json", |v| {
        v["paragraphs"][1] = "Bad \u{1}text".into();
        v["heading"] = "  ".into();
    });
    let (code, err) = check(&dir);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "background.json: paragraphs[1]: control character U+0001 at character 5 of the text"
        ),
        "{err}"
    );
    assert!(
        err.contains("background.json: heading: empty text"),
        "{err}"
    );
}

#[test]
fn all_errors_of_a_run_are_reported_together() {
    let dir = edited("many", "programme.json", |v| item(v, 0)["end"] = "x".into());
    edit_file(&dir, "meeting.json", |v| v["date"] = "2025-13-01".into());
    edit_file(&dir, "participants.json", |v| v["intro"] = "".into());
    let (code, err) = check(&dir);
    assert_eq!(code, 1);
    for needle in [
        "programme.json: days[0].items[0].end",
        "meeting.json: date",
        "participants.json: intro",
    ] {
        assert!(err.contains(needle), "{needle} missing in:\n{err}");
    }
    assert!(err.contains("3 errors in the data"), "{err}");
}

#[test]
fn every_shape_error_of_a_file_is_reported_at_once() {
    // Issue 8, finding 3: three shape errors in one file gave one error.
    let dir = edited("missing", "programme.json", |v| {
        item(v, 4).as_object_mut().unwrap().remove("title");
        item(v, 0)["kind"] = "lunch".into();
        item(v, 2)["end"] = "25:00".into();
    });
    let (code, err) = check(&dir);
    assert_eq!(code, 1);
    for needle in [
        "programme.json: days[0].items[0].kind: \"lunch\" is not one of the values allowed here",
        "help: write one of: session, break, logistics",
        "programme.json: days[0].items[2].end: \"25:00\" is not a time of day (00:00 to 24:00)",
        "programme.json: days[0].items[4]: missing field \"title\"",
        "3 errors in the data",
    ] {
        assert!(err.contains(needle), "{needle} missing in:\n{err}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let out = meetdoc(&["buidl"]);
    assert_eq!(out.status.code(), Some(2));
    let out = meetdoc(&["check", "/nonexistent/data"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a data set folder"));
}

#[test]
fn the_committed_json_schemas_match_the_types() {
    for (name, text) in meetdoc::schema::all() {
        let path = root().join("schema").join(name);
        let committed = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{} missing: run make schema", path.display()));
        assert_eq!(
            committed, text,
            "{name} drifted from the Rust types: run make schema"
        );
    }
    // Every data file points to its schema (the language folders, ru/ and
    // zh/, hold overlays of texts only).
    for file in std::fs::read_dir(seed_data()).unwrap() {
        let path = file.unwrap().path();
        if path.is_dir() {
            continue;
        }
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let stem = path.file_stem().unwrap().to_str().unwrap();
        assert_eq!(
            v["$schema"],
            format!("../../schema/{stem}.schema.json"),
            "{}",
            path.display()
        );
    }
}

#[test]
fn a_language_that_is_no_language_tag_is_an_error() {
    let dir = edited("language", "meeting.json", |v| {
        v["language"] = "English".into()
    });
    let (code, err) = check(&dir);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("meeting.json: language: \"English\" is not a language tag"),
        "{err}"
    );
}
