//! Round trip: `build` → delete any `customXml/` part → `import` gives the
//! same values as the data set the documents were built from, compared as
//! parsed JSON (without `"$schema"`; footnote ids, which never print,
//! compared by the notes' texts, and numbered 1, 2, … in the order of the
//! notes). For the seed, the SOM-28 documents and a meeting of two days.
//! What does not print (the language, the related meeting's short name,
//! the organizers, the speakers' fields) comes back from what Word shows:
//! document properties and character styles.

mod common;
mod import_support;
use common::*;
use import_support::*;

/// Builds `data` into `out` and imports its concept note and programme.
fn round_trip_data_set(name: &str, data: &std::path::Path) {
    let dir = scratch(name);
    let out = dir.join("built");
    meetdoc_ok(&["build", s(data), "-o", s(&out)]);

    let cn = dir.join("concept-note");
    assert_ok(
        &import_built(&out.join("concept-note.docx"), &cn),
        "the concept note",
    );
    assert_same_data(&cn, data, &CONCEPT_NOTE_FILES);
    assert_notes_numbered(&cn);
    assert!(!cn.join("unplaced.json").exists(), "every paragraph placed");

    let pr = dir.join("programme");
    assert_programme_only(
        &import_built(&out.join("programme.docx"), &pr),
        "the programme",
    );
    assert_same_data(&pr, data, &["meeting.json", "programme.json"]);
}

#[test]
fn the_seed_comes_back() {
    round_trip_data_set("import-rt-seed", &seed_data());
}

#[test]
fn a_meeting_of_two_days_comes_back() {
    let data = two_day_meeting("import-rt-two-days-data");
    round_trip_data_set("import-rt-two-days", &data);
}

#[test]
fn the_som28_documents_come_back() {
    let dir = scratch("import-rt-som28");
    let out = dir.join("bundle");
    meetdoc_ok(&["bundle", "data/som28", "-o", s(&out)]);

    // The provisional agenda: its own data file.
    let agenda = dir.join("agenda");
    assert_ok(
        &import_built(&out.join("ESCAP_NEASPEC_SOM(28)_1.docx"), &agenda),
        "the provisional agenda",
    );
    assert_same_data(&agenda, &root().join("data/som28"), &["agenda.json"]);

    // The concept note and the programme of the set, with their mastheads
    // (facts of docset.json, reported, not put into the data set).
    let cn = dir.join("pd2-1");
    assert_ok(
        &import_built(&out.join("NEACAP_PD2_1.docx"), &cn),
        "NEACAP/PD2/1",
    );
    assert_same_data(&cn, &seed_data(), &CONCEPT_NOTE_FILES);
    assert_notes_numbered(&cn);
    let report = std::fs::read_to_string(cn.join("import-report.md")).unwrap();
    assert!(
        report.contains("NEACAP/PD2/1"),
        "the report names the masthead's symbol:\n{report}"
    );

    let pr = dir.join("pd2-2");
    assert_programme_only(
        &import_built(&out.join("NEACAP_PD2_2.docx"), &pr),
        "NEACAP/PD2/2",
    );
    assert_same_data(&pr, &seed_data(), &["meeting.json", "programme.json"]);
}

/// The data is read from what the document shows: a custom XML part
/// holding other data changes nothing, and the test's deletion of such
/// parts does delete them.
#[test]
fn a_custom_xml_part_is_never_read() {
    let dir = scratch("import-rt-custom-xml");
    let out = dir.join("built");
    meetdoc_ok(&["build", "-o", s(&out)]);
    let mut p = parts(&out.join("concept-note.docx"));
    p.push((
        "customXml/item1.xml".into(),
        br#"<data><meeting><title>Not the meeting</title></meeting></data>"#.to_vec(),
    ));
    let rels = part_text(&p, "word/_rels/document.xml.rels").replace(
        "</Relationships>",
        r#"<Relationship Id="rIdCx" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="../customXml/item1.xml"/></Relationships>"#,
    );
    set_part(&mut p, "word/_rels/document.xml.rels", rels);
    let with = dir.join("with-custom-xml.docx");
    write_parts(&p, &with);

    let kept = dir.join("kept");
    assert_ok(&import(&with, &kept), "a DOCX with a custom XML part");
    assert_same_data(&kept, &seed_data(), &CONCEPT_NOTE_FILES);

    let without = dir.join("without.docx");
    assert_eq!(without_custom_xml(&with, &without), 1);
    let left = parts(&without);
    assert!(left.iter().all(|(n, _)| !n.starts_with("customXml/")));
    assert!(!part_text(&left, "word/_rels/document.xml.rels").contains("customXml"));
    let stripped = dir.join("stripped");
    assert_ok(&import(&without, &stripped), "the DOCX without it");
    assert_eq!(data_files(&kept), data_files(&stripped));
}

/// Ids derived deterministically: the same document imports to the same
/// bytes every time.
#[test]
fn an_import_is_the_same_every_time() {
    let dir = scratch("import-rt-again");
    let out = dir.join("built");
    meetdoc_ok(&["build", "-o", s(&out)]);
    let docx = out.join("concept-note.docx");
    let (a, b) = (dir.join("a"), dir.join("b"));
    assert_ok(&import(&docx, &a), "the concept note");
    assert_ok(&import(&docx, &b), "the concept note again");
    let (fa, fb) = (files_in(&a), files_in(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (name, bytes) in &fa {
        if name != "import-report.md" {
            assert_eq!(bytes, &fb[name], "{name}");
        }
    }
}
