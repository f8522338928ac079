//! The shipped SOM-28 set bundles into documents named from their symbols,
//! a list of documents, a manifest and a ZIP that agree; an unchanged set
//! rebuilds byte for byte; an edited programme is reported exactly, by
//! `meetdoc diff` and in the next bundle; `meetdoc watch` rebuilds on save.

mod common;
use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn som28() -> PathBuf {
    root().join("data/som28")
}

/// A copy of the set and of the data set it refers to, laid out as in data/.
fn copy_set(name: &str) -> PathBuf {
    let data = scratch(name).join("data");
    copy_dir(&som28(), &data.join("som28"));
    copy_dir(&seed_data(), &data.join("neacap-pd2"));
    data
}

fn bundle(set: &Path, out: &Path) -> std::process::Output {
    meetdoc_ok(&["bundle", set.to_str().unwrap(), "-o", out.to_str().unwrap()])
}

/// Every regular file in a folder (not its hidden cache), with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_in(dir)
}

fn sha256(bytes: &[u8]) -> String {
    meetdoc::hash::sha256_hex(bytes)
}

fn edit_programme(data: &Path) {
    // Move the coffee break 15 minutes later by lengthening Session 1.
    edit_json(&data.join("neacap-pd2/programme.json"), |p| {
        let items = p["days"][0]["items"].as_array_mut().unwrap();
        items[3]["end"] = "16:00".into();
        items[3]["parts"][1]["minutes"] = 40.into();
        items[4]["start"] = "16:00".into();
        items[4]["end"] = "16:30".into();
        items[5]["start"] = "16:30".into();
        items[5]["end"] = "17:30".into();
        items[5]["parts"][0]["minutes"] = 45.into();
    });
}

#[test]
fn the_som28_set_bundles_with_a_manifest_that_matches_the_zip() {
    let out = scratch("bundle").join("out");
    let run = bundle(&som28(), &out);
    let progress = String::from_utf8_lossy(&run.stderr);
    for symbol in [
        "ESCAP/NEASPEC/SOM(28)/1",
        "NEACAP/PD2/1",
        "NEACAP/PD2/2",
        "ESCAP/NEASPEC/SOM(28)/INF/1",
    ] {
        assert!(
            progress.contains(symbol),
            "progress names {symbol}:\n{progress}"
        );
    }
    let all = files(&out);
    let manifest: Value = serde_json::from_slice(&all["manifest.json"]).unwrap();
    let entries = manifest["files"].as_array().unwrap();
    let names: Vec<&str> = entries
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    for stem in [
        "ESCAP_NEASPEC_SOM(28)_1",
        "NEACAP_PD2_1",
        "NEACAP_PD2_2",
        "ESCAP_NEASPEC_SOM(28)_INF_1",
    ] {
        assert!(
            names.contains(&format!("{stem}.docx").as_str()),
            "{stem}.docx in {names:?}"
        );
        assert!(
            names.contains(&format!("{stem}.pdf").as_str()),
            "{stem}.pdf in {names:?}"
        );
    }
    // Each listed file exists with the size, hash and page count listed.
    for f in entries {
        let name = f["file"].as_str().unwrap();
        let bytes = &all[name];
        assert_eq!(f["bytes"].as_u64().unwrap() as usize, bytes.len(), "{name}");
        assert_eq!(f["sha256"].as_str().unwrap(), sha256(bytes), "{name}");
        if name.ends_with(".pdf") {
            assert_eq!(
                f["pages"].as_u64().unwrap() as usize,
                pdf_pages(&out.join(name)),
                "{name} pages"
            );
        }
    }
    // The ZIP holds exactly the listed files and the manifest, same bytes.
    let archive = manifest["archive"].as_str().unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(all[archive].clone())).unwrap();
    let mut in_zip = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        let name = entry.name().unwrap().to_string();
        assert_eq!(bytes, all[&name], "{name} in the ZIP differs from the file");
        in_zip.push(name);
    }
    let mut expected: Vec<String> = names
        .iter()
        .map(|s| s.to_string())
        .chain(["manifest.json".to_string()])
        .collect();
    expected.sort();
    in_zip.sort();
    assert_eq!(in_zip, expected);

    // The masthead: symbol, distribution, date, original, on the first page;
    // the symbol in the header of later pages.
    let text = pdf_text(&out.join("NEACAP_PD2_1.pdf"));
    let pages: Vec<&str> = text.split('\u{c}').collect();
    for needle in [
        "NEACAP/PD2/1",
        "Distr.: General",
        "1 September 2025",
        "Original: English",
    ] {
        assert!(pages[0].contains(needle), "masthead has {needle}");
    }
    assert!(
        pages[1].trim_start().starts_with("NEACAP/PD2/1"),
        "page 2 header: {:?}",
        &pages[1][..60]
    );
    let docx = docx_part(&out.join("NEACAP_PD2_1.docx"), "word/document.xml");
    assert!(xml_text(&docx).contains("Original: English"));
    // The list of documents lists every symbol with its title and agenda item.
    let list = pdf_text(&out.join("ESCAP_NEASPEC_SOM(28)_INF_1.pdf"));
    let flat = list.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("ESCAP/NEASPEC/SOM(28)/1 Provisional agenda 3"),
        "{flat}"
    );
    assert!(contains_words(
        &list,
        "NEACAP/PD2/2 Programme: NEACAP Second Policy Dialogue 5(a)"
    ));
    let agenda = pdf_text(&out.join("ESCAP_NEASPEC_SOM(28)_1.pdf"));
    assert!(contains_words(&agenda, "7. Strategic Plan 2026-2030."));
}

/// Inode and modification time (ns) of every file under `dir`, the
/// hidden cache included.
fn stamps(dir: &Path) -> BTreeMap<PathBuf, (u64, i64, i64)> {
    use std::os::unix::fs::MetadataExt;
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let m = e.metadata().unwrap();
        if m.is_dir() {
            out.extend(stamps(&e.path()));
        } else {
            out.insert(e.path(), (m.ino(), m.mtime(), m.mtime_nsec()));
        }
    }
    out
}

#[test]
fn an_unchanged_set_rebuilds_byte_for_byte() {
    let out = scratch("same").join("out");
    bundle(&som28(), &out);
    let first = files(&out);
    std::fs::remove_dir_all(out.join(".meetdoc-cache")).unwrap();
    bundle(&som28(), &out);
    assert_eq!(
        files(&out),
        first,
        "a second bundle (compiled anew) is byte-identical"
    );
    let before = stamps(&out);
    std::thread::sleep(Duration::from_millis(20));
    let run = bundle(&som28(), &out);
    assert_eq!(
        files(&out),
        first,
        "a third bundle (from the cache) is byte-identical"
    );
    // ... and writes nothing: every file keeps its inode and time (sync
    // clients upload nothing).
    assert_eq!(stamps(&out), before, "an unchanged bundle rewrote files");
    assert!(
        String::from_utf8_lossy(&run.stdout).trim().is_empty(),
        "it says it wrote nothing: {}",
        String::from_utf8_lossy(&run.stdout)
    );
    // The ZIP's entries are dated from the list of documents' date.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(first["SOM-28.zip"].clone())).unwrap();
    for i in 0..zip.len() {
        let t = zip.by_index(i).unwrap().last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day()), (2025, 9, 1));
    }
}

#[test]
fn an_edited_programme_is_reported_exactly() {
    let data = copy_set("changes");
    let set = data.join("som28");
    let out = data.parent().unwrap().join("out");
    bundle(&set, &out);
    let before = files(&out);
    edit_programme(&data);

    // diff against the last bundle, before bundling again: it exits 1
    // (something changed), as diff(1) does.
    let diff = meetdoc(&["diff", out.to_str().unwrap(), set.to_str().unwrap()]);
    assert_eq!(diff.status.code(), Some(1));
    let report = String::from_utf8(diff.stdout).unwrap();
    const S1: &str =
        "\"Session 1: Addressing Air Pollution - Country Achievements and National Perspectives\"";
    const S2: &str = "\"Session 2: Air Quality Management and its Synergies with Climate Strategies - Reflections and Collaborations\"";
    let programme = [
        format!("{S1} now runs 14:30-16:00 (90 mins; was 14:30-15:45, 75 mins)."),
        format!("\"Interactive discussions and Q&A\" of {S1} now takes 40 mins (was 25 mins)."),
        "\"Coffee Break\" moved from 15:45-16:15 to 16:00-16:30.".to_string(),
        format!("{S2} now runs 16:30-17:30 (60 mins; was 16:15-17:30, 75 mins)."),
        format!(
            "\"Moderated roundtable discussion among stakeholders\" of {S2} now takes 45 mins (was 60 mins)."
        ),
    ];
    let mut expected =
        vec!["Indicative Programme: the changes listed for NEACAP/PD2/2.".to_string()];
    expected.extend(programme.iter().cloned());
    // The documents in the set's language; each language version of the
    // programme (NEACAP/PD2/2 [ru], [zh]) reports the same five changes in
    // its own titles (tests/language_versions.rs).
    let mut items: Vec<&str> = Vec::new();
    let mut versions = 0;
    let mut in_version = false;
    for l in report.lines() {
        if let Some(h) = l.strip_prefix("## ") {
            in_version = h.starts_with("NEACAP/PD2/2 [");
            versions += usize::from(in_version);
        } else if let Some(item) = l.strip_prefix("- ")
            && !in_version
        {
            items.push(item);
        }
    }
    assert_eq!(versions, 2, "{report}");
    assert_eq!(
        report.lines().filter(|l| l.starts_with("- ")).count(),
        items.len() + 2 * programme.len(),
        "{report}"
    );
    assert_eq!(
        items, expected,
        "the report names exactly the change:\n{report}"
    );
    assert!(report.contains("## NEACAP/PD2/2 (Programme: NEACAP Second Policy Dialogue)"));

    // A data set against a data set says the same about the programme.
    let old = scratch("changes-old");
    copy_dir(&seed_data(), &old);
    let diff = meetdoc(&[
        "diff",
        old.to_str().unwrap(),
        data.join("neacap-pd2").to_str().unwrap(),
    ]);
    assert_eq!(diff.status.code(), Some(1));
    let report2 = String::from_utf8(diff.stdout).unwrap();
    assert!(report2.contains(&programme[2]), "{report2}");

    // The next bundle recompiles only what changed; the agenda is
    // untouched. Nothing was circulated: no report of changes, and the
    // list of documents holds none.
    let run = bundle(&set, &out);
    let progress = String::from_utf8_lossy(&run.stderr);
    assert!(
        progress.contains("unchanged ESCAP/NEASPEC/SOM(28)/1 Provisional agenda"),
        "{progress}"
    );
    assert!(
        progress.contains("built NEACAP/PD2/2 Programme"),
        "{progress}"
    );
    let after = files(&out);
    assert!(!after.contains_key("changes.md"));
    let list = pdf_text(&out.join("ESCAP_NEASPEC_SOM(28)_INF_1.pdf"));
    assert!(!contains_words(&list, "Changes"));
    assert_eq!(
        before["ESCAP_NEASPEC_SOM(28)_1.pdf"], after["ESCAP_NEASPEC_SOM(28)_1.pdf"],
        "the agenda did not change"
    );
    assert_ne!(before["NEACAP_PD2_2.pdf"], after["NEACAP_PD2_2.pdf"]);
    // A damaged snapshot is said, not silently taken for a first bundle.
    let snapshot = out.join("snapshot.json");
    let kept = std::fs::read(&snapshot).unwrap();
    std::fs::write(&snapshot, b"{ not json").unwrap();
    let run = bundle(&set, &out);
    assert!(String::from_utf8_lossy(&run.stderr).contains("snapshot.json cannot be read"));
    std::fs::write(&snapshot, kept).unwrap();
    bundle(&set, &out);
    // Bundling again without a change keeps everything.
    bundle(&set, &out);
    assert_eq!(files(&out), after);
    let none = meetdoc_ok(&["diff", out.to_str().unwrap(), set.to_str().unwrap()]);
    assert!(
        String::from_utf8(none.stdout)
            .unwrap()
            .contains("No changes.")
    );
}

#[test]
fn revisions_external_documents_and_a_failing_document() {
    let data = copy_set("revision");
    let set = data.join("som28");
    let out = data.parent().unwrap().join("out");
    // An external document, written elsewhere, and a revision of the programme.
    let external_pdf = std::fs::read(root().join("tests/fixtures/external.pdf")).unwrap();
    std::fs::write(set.join("workplan.pdf"), &external_pdf).unwrap();
    edit_json(&set.join("docset.json"), |v| {
        v["documents"][2]["revision"] = 1.into();
        v["documents"][2]["revision_date"] = "2025-09-15".into();
        v["documents"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({
                "series": "som", "number": "2", "title": "Draft NEACAP Work Plan 2026-2030",
                "agenda_item": "5(a)", "distribution": "Limited", "date": "2025-08-30",
                "source": { "kind": "external", "pdf": "workplan.pdf" }
            }));
    });
    bundle(&set, &out);
    let all = files(&out);
    assert_eq!(
        all["ESCAP_NEASPEC_SOM(28)_2.pdf"], external_pdf,
        "an external document is included as it is"
    );
    let rev = pdf_text(&out.join("NEACAP_PD2_2_Rev.1.pdf"));
    assert!(
        rev.contains("NEACAP/PD2/2/Rev.1") && rev.contains("15 September 2025"),
        "{rev}"
    );
    let list = pdf_text(&out.join("ESCAP_NEASPEC_SOM(28)_INF_1.pdf"));
    assert!(
        list.contains("NEACAP/PD2/2/Rev.1")
            && contains_words(&list, "Draft NEACAP Work Plan 2026-2030")
    );

    // A document whose data is broken: the error names it, nothing changes.
    let before = files(&out);
    let prog = data.join("neacap-pd2/programme.json");
    let text = std::fs::read_to_string(&prog)
        .unwrap()
        .replace("\"17:45\"", "\"17:95\"");
    std::fs::write(&prog, text).unwrap();
    let run = meetdoc(&["bundle", set.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("programme.json") && err.contains("\"17:95\" is not a time"),
        "{err}"
    );
    assert_eq!(files(&out), before, "the previous bundle is intact");
}

#[test]
fn watch_rebuilds_on_save_and_keeps_the_last_good_outputs() {
    let dir = scratch("watch");
    let data = dir.join("data");
    copy_dir(&seed_data(), &data);
    let out = dir.join("out");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_meetdoc"))
        .args(["watch", data.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let wait_for = |what: &str, f: &dyn Fn() -> bool| {
        let start = Instant::now();
        while !f() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "timed out waiting for {what}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    let pdf = out.join("programme.pdf");
    wait_for("the first build", &|| pdf.exists());
    std::thread::sleep(Duration::from_millis(300));
    let first = std::fs::read(&pdf).unwrap();
    // A save: a new speaker for the Opening.
    let path = data.join("programme.json");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Mr. Zbigniew Klimont", "Ms. Dulguun Batbayar");
    std::fs::write(&path, text).unwrap();
    wait_for("the rebuild", &|| {
        std::fs::read(&pdf).map(|b| b != first).unwrap_or(false)
    });
    let rebuilt = std::fs::read(&pdf).unwrap();
    assert!(pdf_text(&pdf).contains("Ms. Dulguun Batbayar"));
    // Bad data: an error, and the outputs stay as they were.
    let bad = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"13:30\"", "\"25:00\"");
    std::fs::write(&path, bad).unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        rebuilt,
        "the last good output is kept"
    );
    child.kill().unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stdout.contains("rebuilt"),
        "watch says what it rebuilt:\n{stdout}"
    );
    assert!(
        stderr.contains("\"25:00\" is not a time"),
        "watch prints the error:\n{stderr}"
    );
    assert!(stderr.contains("the last good outputs"), "{stderr}");
}
