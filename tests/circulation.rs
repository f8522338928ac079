//! Programme changes after circulation (issue 11): `meetdoc circulate`
//! records what was issued; later bundles report every change against it,
//! in words, in a document of their own; a changed document without a new
//! revision is warned of (an error with --strict); beside each changed
//! document a DOCX carries Word tracked changes, which LibreOffice itself
//! accepts (giving the new text) or rejects (giving the circulated text).

mod common;
use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A copy of the SOM-28 set and the data set it names, laid out as in data/,
/// without its language versions: these rounds change the programme's
/// structure (an item removed), which a translation must follow; the
/// circulation of language versions is tested in tests/language_versions.rs.
fn copy_set(name: &str) -> PathBuf {
    let data = scratch(name).join("data");
    copy_dir(&root().join("data/som28"), &data.join("som28"));
    copy_dir(&seed_data(), &data.join("neacap-pd2"));
    edit_json(&data.join("som28/docset.json"), |d| {
        for e in d["documents"].as_array_mut().unwrap() {
            e.as_object_mut().unwrap().remove("languages");
        }
    });
    data
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The items ("- ...") of one document's section of a Markdown report.
fn section(report: &str, heading_start: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in report.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            inside = h.starts_with(heading_start);
            continue;
        }
        if inside && !line.is_empty() {
            out.push(line.strip_prefix("- ").unwrap_or(line).to_string());
        }
    }
    out
}

/// Change A: a venue, a paragraph, a part's list, an objective added, a
/// footnote edited, the last programme item removed.
fn change_a(data: &Path) {
    edit_json(&data.join("neacap-pd2/meeting.json"), |m| {
        m["venue"] = "Shangri-La Hotel".into();
    });
    edit_json(&data.join("neacap-pd2/background.json"), |b| {
        let p = b["paragraphs"][1].as_str().unwrap().replace(
            "policy makers, technical experts, and",
            "policy makers, scientists, and",
        );
        b["paragraphs"][1] = p.into();
    });
    edit_json(&data.join("neacap-pd2/objectives.json"), |o| {
        o["specific"]
            .as_array_mut()
            .unwrap()
            .push("Agreeing on the next steps of the partnership.".into());
    });
    edit_json(&data.join("neacap-pd2/footnotes.json"), |f| {
        let t = f["notes"]["workplan"]
            .as_str()
            .unwrap()
            .replace("14-15 July 2025", "14-16 July 2025");
        f["notes"]["workplan"] = t.into();
    });
    edit_json(&data.join("neacap-pd2/programme.json"), |p| {
        let items = p["days"][0]["items"].as_array_mut().unwrap();
        let list = items[3]["parts"][0]["list"].as_array_mut().unwrap();
        list.retain(|c| c != "Japan");
        list.push("Democratic People's Republic of Korea".into());
        assert_eq!(items[7]["title"], "Networking");
        items.remove(7);
    });
}

/// Change B: a speaker's capacity.
fn change_b(data: &Path) {
    edit_json(&data.join("neacap-pd2/programme.json"), |p| {
        let sp = &mut p["days"][0]["items"][2]["speakers"][0];
        assert_eq!(sp["name"], "Mr. Zbigniew Klimont");
        sp["capacity"] = "Report Project Lead and Moderator".into();
    });
}

fn revise(set: &Path, index: usize) {
    edit_json(&set.join("docset.json"), |v| {
        v["documents"][index]["revision"] = 1.into();
        v["documents"][index]["revision_date"] = "2025-09-15".into();
    });
}

const SESSION_1: &str =
    "\"Session 1: Addressing Air Pollution - Country Achievements and National Perspectives\"";
const SCENE: &str =
    "\"Scene Setting: NEACAP Policy Analysis Report - Highlights and Recommendations\"";

#[test]
fn three_rounds_report_every_change_against_the_circulated_version() {
    let data = copy_set("circulation");
    let set = data.join("som28");
    let out = data.parent().unwrap().join("out");
    let keep = data.parent().unwrap().join("circulated-docx");
    std::fs::create_dir_all(&keep).unwrap();

    // Round 0: circulate. One record per document and language, with a
    // full copy of the data (from outside the set folder too) and the
    // hashes of the files issued.
    let run = meetdoc_ok(&["circulate", s(&set), "-o", s(&out)]);
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("recorded 5 documents as circulated"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let records = set.join("circulated");
    let names: Vec<String> = files_in(&records).into_keys().collect();
    assert_eq!(
        names,
        [
            "ESCAP_NEASPEC_SOM(28)_1.en.json",
            "ESCAP_NEASPEC_SOM(28)_INF_1.en.json",
            "ESCAP_NEASPEC_SOM(28)_INF_3.en.json",
            "NEACAP_PD2_1.en.json",
            "NEACAP_PD2_2.en.json"
        ]
    );
    let record: Value =
        serde_json::from_slice(&std::fs::read(records.join("NEACAP_PD2_2.en.json")).unwrap())
            .unwrap();
    assert_eq!(record["symbol"], "NEACAP/PD2/2");
    assert_eq!(record["date"], "2025-09-01");
    assert_eq!(record["source"]["kind"], "programme");
    assert_eq!(record["source"]["data"]["folder"], "../neacap-pd2");
    let programme: Value =
        serde_json::from_slice(&std::fs::read(data.join("neacap-pd2/programme.json")).unwrap())
            .unwrap();
    assert_eq!(
        record["source"]["data"]["programme"]["days"],
        programme["days"]
    );
    let files = record["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    for f in files {
        let bytes = std::fs::read(out.join(f["file"].as_str().unwrap())).unwrap();
        assert_eq!(f["sha256"], meetdoc::hash::sha256_hex(&bytes));
    }
    let circulated = files_in(&records);
    for stem in ["NEACAP_PD2_1", "NEACAP_PD2_2"] {
        std::fs::copy(
            out.join(format!("{stem}.docx")),
            keep.join(format!("{stem}.docx")),
        )
        .unwrap();
    }
    // Nothing changed since: each record builds again into the same
    // document (masthead, agenda item and its note included), no report.
    let same = meetdoc(&["diff", s(&records), s(&set)]);
    assert_eq!(
        same.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&same.stdout)
    );
    let run = meetdoc_ok(&["bundle", s(&set), "-o", s(&out)]);
    assert!(!out.join("changes.md").exists());
    assert!(!String::from_utf8_lossy(&run.stderr).contains("warning"));

    // Round A, first without new revisions: a warning names each changed
    // document and the field to set; --strict refuses.
    change_a(&data);
    let before = files_in(&out);
    let strict = meetdoc(&["bundle", s(&set), "-o", s(&out), "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    let err = String::from_utf8_lossy(&strict.stderr);
    assert!(
        err.contains("documents[2].revision: NEACAP/PD2/2 (Programme: NEACAP Second Policy Dialogue) changed since it was circulated on 1 September 2025")
            && err.contains("set \"revision\": 1"),
        "{err}"
    );
    assert_eq!(files_in(&out), before, "--strict writes nothing");
    let run = meetdoc_ok(&["bundle", s(&set), "-o", s(&out)]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("warning: ")
            && err.contains("documents[1].revision: NEACAP/PD2/1")
            && err.contains("documents[2].revision: NEACAP/PD2/2"),
        "{err}"
    );
    let report = std::fs::read_to_string(out.join("changes.md")).unwrap();
    assert_eq!(
        section(&report, "NEACAP/PD2/2 ")[0],
        "Changed since it was circulated on 1 September 2025, without a new revision."
    );

    // Round A with revisions, then round B.
    revise(&set, 1);
    revise(&set, 2);
    let run = meetdoc_ok(&["bundle", s(&set), "-o", s(&out)]);
    assert!(!String::from_utf8_lossy(&run.stderr).contains("warning"));
    change_b(&data);
    meetdoc_ok(&["bundle", s(&set), "-o", s(&out)]);

    // The report lists A and B against the circulated version.
    let report = std::fs::read_to_string(out.join("changes.md")).unwrap();
    assert_eq!(
        section(&report, "NEACAP/PD2/2/Rev.1 "),
        vec![
            "Rev.1 replaces NEACAP/PD2/2 (circulated 1 September 2025).".to_string(),
            "The meeting now takes place at Shangri-La Hotel, Ulaanbaatar, Mongolia (was Blue Sky Hotel, Ulaanbaatar, Mongolia).".into(),
            format!("Speakers of {SCENE}: Mr. Zbigniew Klimont is now Report Project Lead and Moderator (was Report Project Lead)."),
            format!("\"Country presentations\" of {SESSION_1}: Democratic People's Republic of Korea joined; Japan left."),
            "Removed: \"Networking\" (was at 17:45-18:15).".into(),
        ],
        "{report}"
    );
    let note = section(&report, "NEACAP/PD2/1/Rev.1 ");
    for line in [
        "Rev.1 replaces NEACAP/PD2/1 (circulated 1 September 2025).",
        "Background, paragraph 2: 'technical experts' is now 'scientists'.",
        "Objectives, bullet point 4 is new: 'Agreeing on the next steps of the partnership.'.",
        "Indicative Programme: the changes listed for NEACAP/PD2/2/Rev.1.",
    ] {
        assert!(note.iter().any(|l| l == line), "{line}\n{report}");
    }
    assert!(
        note.iter()
            .any(|l| l.starts_with("Footnote 1: ") && l.contains("16 July 2025")),
        "{report}"
    );
    // ... as a document of the set, listed in the list of documents with
    // each document's current revision and date.
    let pdf = pdf_text(&out.join("ESCAP_NEASPEC_SOM(28)_INF_2.pdf"));
    assert!(contains_words(
        &pdf,
        "Changes to the programme since its circulation"
    ));
    assert!(contains_words(
        &pdf,
        "Rev.1 replaces NEACAP/PD2/2 (circulated 1 September 2025)"
    ));
    assert!(contains_words(
        &pdf,
        "Mr. Zbigniew Klimont is now Report Project Lead and Moderator"
    ));
    assert!(contains_words(
        &docx_text(&out.join("ESCAP_NEASPEC_SOM(28)_INF_2.docx")),
        "Background, paragraph 2: 'technical experts' is now 'scientists'"
    ));
    let list = pdf_text(&out.join("ESCAP_NEASPEC_SOM(28)_INF_1.pdf"));
    assert!(
        contains_words(
            &list,
            "NEACAP/PD2/2/Rev.1 Programme: NEACAP Second Policy Dialogue 5(a) 15 September 2025"
        ),
        "{list}"
    );
    assert!(contains_words(
        &list,
        "ESCAP/NEASPEC/SOM(28)/INF/2 Changes to the programme since its circulation"
    ));
    assert!(!contains_words(&list, "Changes since the previous version"));
    // Neither bundle moved the baseline.
    assert_eq!(
        files_in(&records),
        circulated,
        "bundle never writes records"
    );

    // diff against the records says the same, and exits 1.
    let diff = meetdoc(&["diff", s(&records), s(&set)]);
    assert_eq!(diff.status.code(), Some(1));
    let text = String::from_utf8(diff.stdout).unwrap();
    assert!(text.contains("Rev.1 replaces NEACAP/PD2/2 (circulated 1 September 2025)."));
    let one = meetdoc(&["diff", s(&records.join("NEACAP_PD2_2.en.json")), s(&set)]);
    assert_eq!(one.status.code(), Some(1));
    assert!(
        String::from_utf8(one.stdout)
            .unwrap()
            .contains("Japan left")
    );
    // Against the last bundle: nothing.
    let none = meetdoc(&["diff", s(&out), s(&set)]);
    assert_eq!(none.status.code(), Some(0));

    // The tracked changes, in LibreOffice itself: accepting all gives the
    // new text, rejecting all the circulated one.
    let lo = data.parent().unwrap().join("libreoffice");
    let mut jobs = Vec::new();
    for (tracked, new, old) in [
        (
            "NEACAP_PD2_2_Rev.1-tracked",
            "NEACAP_PD2_2_Rev.1",
            "NEACAP_PD2_2",
        ),
        (
            "NEACAP_PD2_1_Rev.1-tracked",
            "NEACAP_PD2_1_Rev.1",
            "NEACAP_PD2_1",
        ),
    ] {
        let t = out.join(format!("{tracked}.docx"));
        jobs.push((
            t.clone(),
            lo.join(format!("{tracked}-accepted.docx")),
            ACCEPT,
        ));
        jobs.push((t, lo.join(format!("{tracked}-rejected.docx")), REJECT));
        jobs.push((
            out.join(format!("{new}.docx")),
            lo.join(format!("{new}-new.docx")),
            NONE,
        ));
        jobs.push((
            keep.join(format!("{old}.docx")),
            lo.join(format!("{old}-circulated.docx")),
            NONE,
        ));
    }
    libreoffice_apply(&jobs, &lo);
    for (tracked, new, old) in [
        (
            "NEACAP_PD2_2_Rev.1-tracked",
            "NEACAP_PD2_2_Rev.1",
            "NEACAP_PD2_2",
        ),
        (
            "NEACAP_PD2_1_Rev.1-tracked",
            "NEACAP_PD2_1_Rev.1",
            "NEACAP_PD2_1",
        ),
    ] {
        let text = |name: String| paragraphs(&lo.join(name));
        let accepted = text(format!("{tracked}-accepted.docx"));
        let rejected = text(format!("{tracked}-rejected.docx"));
        let new_text = text(format!("{new}-new.docx"));
        let old_text = text(format!("{old}-circulated.docx"));
        assert_ne!(new_text, old_text);
        assert_eq!(
            accepted, new_text,
            "{tracked}: accept all gives the new text"
        );
        assert_eq!(
            rejected, old_text,
            "{tracked}: reject all gives the circulated text"
        );
    }
    // Revisions: author and date on each, ids unique.
    let xml = docx_part(
        &out.join("NEACAP_PD2_1_Rev.1-tracked.docx"),
        "word/document.xml",
    );
    let notes = docx_part(
        &out.join("NEACAP_PD2_1_Rev.1-tracked.docx"),
        "word/footnotes.xml",
    );
    let mut ids = BTreeMap::new();
    for part in [&xml, &notes] {
        for tag in ["<w:ins ", "<w:del ", "<w:pPrChange "] {
            for (at, _) in part.match_indices(tag) {
                let t = &part[at..at + part[at..].find('>').unwrap()];
                assert!(
                    t.contains("w:author=\"ESCAP East and North-East Asia Office\"")
                        && t.contains("w:date=\"2025-09-15T00:00:00Z\""),
                    "{t}"
                );
                let id = t
                    .split("w:id=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap();
                assert!(ids.insert(id.to_string(), ()).is_none(), "w:id {id} twice");
            }
        }
    }
    assert!(
        xml.contains("<w:trPr><w:cantSplit/><w:del "),
        "a deleted row's mark"
    );
    assert!(
        xml.contains("<w:rPr><w:ins "),
        "an inserted paragraph's mark"
    );
    assert!(
        notes.contains("<w:del "),
        "the note's change is tracked in the note"
    );
    assert!(!xml.contains("w:moveFrom") && !xml.contains("w:moveTo"));
}

#[test]
fn a_revision_circulated_moves_the_baseline_and_its_report_stays() {
    let data = copy_set("circulation-revision");
    let set = data.join("som28");
    let out = data.parent().unwrap().join("out");
    meetdoc_ok(&["circulate", s(&set), "-o", s(&out)]);
    change_b(&data);
    // Circulating a changed document under the same revision is refused.
    let refused = meetdoc(&["circulate", s(&set), "-o", s(&out)]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("documents[2].revision"));
    revise(&set, 1);
    revise(&set, 2);
    meetdoc_ok(&["circulate", s(&set), "-o", s(&out)]);
    assert!(
        set.join("circulated/NEACAP_PD2_2_Rev.1.en.json").is_file()
            && set.join("circulated/NEACAP_PD2_2.en.json").is_file(),
        "each revision has its own record"
    );
    // The report issued with Rev.1 stays: Rev.1 against the original.
    let report = std::fs::read_to_string(out.join("changes.md")).unwrap();
    assert!(report.contains("Rev.1 replaces NEACAP/PD2/2 (circulated 1 September 2025)."));
    assert!(!report.contains("without a new revision"));
    // Rev.1 changed again: a warning against Rev.1 as circulated; the
    // report still counts from the original.
    edit_json(&data.join("neacap-pd2/programme.json"), |p| {
        p["days"][0]["items"][0]["title"] = "Registration and coffee".into();
    });
    let run = meetdoc_ok(&["bundle", s(&set), "-o", s(&out)]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("NEACAP/PD2/2/Rev.1 (Programme: NEACAP Second Policy Dialogue) changed since it was circulated on 15 September 2025")
            && err.contains("set \"revision\": 2"),
        "{err}"
    );
    let report = std::fs::read_to_string(out.join("changes.md")).unwrap();
    assert!(report.contains("\"Registration\" is renamed \"Registration and coffee\"."));
    assert!(report.contains("Mr. Zbigniew Klimont is now Report Project Lead and Moderator"));
}

#[test]
fn watch_reports_against_the_circulation_and_never_moves_it() {
    let data = copy_set("circulation-watch");
    let set = data.join("som28");
    let out = data.parent().unwrap().join("out");
    meetdoc_ok(&["circulate", s(&set), "-o", s(&out)]);
    let records = files_in(&set.join("circulated"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_meetdoc"))
        .args(["watch", s(&set), "-o", s(&out)])
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let wait_for = |what: &str, f: &dyn Fn() -> bool| {
        let start = std::time::Instant::now();
        while !f() {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(30),
                "timed out waiting for {what}"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    };
    std::thread::sleep(std::time::Duration::from_millis(1500));
    change_b(&data);
    wait_for("the report", &|| out.join("changes.md").is_file());
    // Another save: the report counts both from the circulation.
    edit_json(&data.join("neacap-pd2/programme.json"), |p| {
        p["days"][0]["items"][0]["title"] = "Registration and coffee".into();
    });
    wait_for("the second change in the report", &|| {
        std::fs::read_to_string(out.join("changes.md")).is_ok_and(|r| r.contains("coffee"))
    });
    std::thread::sleep(std::time::Duration::from_millis(1500));
    child.kill().unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report = std::fs::read_to_string(out.join("changes.md")).unwrap();
    assert!(
        report.contains("Mr. Zbigniew Klimont is now Report Project Lead and Moderator")
            && report.contains("\"Registration\" is renamed \"Registration and coffee\"."),
        "{report}"
    );
    assert_eq!(
        files_in(&set.join("circulated")),
        records,
        "watch never writes the records"
    );
    // One line per build (the first and one per save): its own reads of
    // the files are no change.
    let builds = stdout
        .lines()
        .filter(|l| l.contains("] rebuilt") || l.contains("] nothing changed"))
        .count();
    assert_eq!(builds, 3, "{stdout}");
}

#[test]
fn diff_exits_as_diff_does() {
    let dir = scratch("diff-exit");
    let (old, new) = (dir.join("old"), dir.join("new"));
    copy_dir(&seed_data(), &old);
    copy_dir(&seed_data(), &new);
    let same = meetdoc(&["diff", s(&old), s(&new)]);
    assert_eq!(same.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&same.stdout).contains("No changes."));
    edit_json(&new.join("background.json"), |b| {
        let p = b["paragraphs"][0]
            .as_str()
            .unwrap()
            .replace("regional cooperation", "subregional cooperation");
        b["paragraphs"][0] = p.into();
    });
    let changed = meetdoc(&["diff", s(&old), s(&new)]);
    assert_eq!(changed.status.code(), Some(1));
    let text = String::from_utf8_lossy(&changed.stdout);
    assert!(
        text.contains("- Background, paragraph 1: 'regional' is now 'subregional'."),
        "{text}"
    );
    let missing = meetdoc(&["diff", s(&dir.join("nothing")), s(&new)]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("nothing"));
    // A plain build keeps its snapshot: diff works on its folder.
    let built = dir.join("built");
    meetdoc_ok(&["build", s(&old), "-o", s(&built)]);
    assert!(built.join("snapshot.json").is_file());
    assert_eq!(
        meetdoc(&["diff", s(&built), s(&old)]).status.code(),
        Some(0)
    );
    let against = meetdoc(&["diff", s(&built), s(&new)]);
    assert_eq!(against.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&against.stdout).contains("subregional"));
}

// ------------------------------------------------- LibreOffice, headless

const ACCEPT: &str = ".uno:AcceptAllTrackedChanges";
const REJECT: &str = ".uno:RejectAllTrackedChanges";
const NONE: &str = "none";

/// A Basic macro for LibreOffice: for each line "in<TAB>out<TAB>command" of
/// a list, open `in` (hidden), dispatch the command (unless "none"), save
/// as DOCX to `out`.
const MACRO: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Apply(inUrl As String, outUrl As String, command As String)
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = &quot;Hidden&quot;
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(inUrl, &quot;_blank&quot;, 0, load())
  If command &lt;&gt; &quot;none&quot; Then
    helper = createUnoService(&quot;com.sun.star.frame.DispatchHelper&quot;)
    helper.executeDispatch(doc.getCurrentController().getFrame(), command, &quot;&quot;, 0, Array())
  End If
  Dim save(0) As New com.sun.star.beans.PropertyValue
  save(0).Name = &quot;FilterName&quot;
  save(0).Value = &quot;MS Word 2007 XML&quot;
  doc.storeToURL(outUrl, save())
  doc.close(True)
End Sub

Sub Run(listUrl As String)
  n = FreeFile
  Open ConvertFromURL(listUrl) For Input As #n
  Do While Not EOF(n)
    Line Input #n, l
    parts = Split(l, Chr(9))
    If UBound(parts) = 2 Then Apply(parts(0), parts(1), parts(2))
  Loop
  Close #n
  StarDesktop.terminate()
End Sub
</script:module>
"#;

fn url(p: &Path) -> String {
    format!("file://{}", std::path::absolute(p).unwrap().display())
}

/// Runs each (input, output, command) through LibreOffice, in one start.
fn libreoffice_apply(jobs: &[(PathBuf, PathBuf, &str)], dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let profile = dir.join("profile");
    let soffice = |args: &[String]| {
        let out = Command::new("soffice")
            .arg(format!("-env:UserInstallation={}", url(&profile)))
            .args(["--headless", "--norestore"])
            .args(args)
            .output()
            .expect("LibreOffice (soffice) must be installed: make test installs it");
        assert!(
            out.status.success(),
            "soffice {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    // A profile of its own (made on the first start), holding the macro.
    soffice(&["--terminate_after_init".to_string()]);
    let module = profile.join("user/basic/Standard/Module1.xba");
    assert!(module.is_file(), "LibreOffice made no profile");
    std::fs::write(&module, MACRO).unwrap();
    let list = dir.join("jobs.txt");
    let lines: String = jobs
        .iter()
        .map(|(i, o, c)| format!("{}\t{}\t{c}\n", url(i), url(o)))
        .collect();
    std::fs::write(&list, lines).unwrap();
    soffice(&[format!("macro:///Standard.Module1.Run(\"{}\")", url(&list))]);
    for (_, o, _) in jobs {
        assert!(o.is_file(), "LibreOffice did not write {}", o.display());
    }
}

/// The text of each paragraph of the body and the notes of a DOCX.
fn paragraphs(docx: &Path) -> Vec<String> {
    use quick_xml::events::Event;
    let mut out = Vec::new();
    for part in ["word/document.xml", "word/footnotes.xml"] {
        if !docx_has_part(docx, part) {
            continue;
        }
        let xml = docx_part(docx, part);
        let mut reader = quick_xml::Reader::from_str(&xml);
        let mut in_text = false;
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) if e.name().as_ref() == b"w:p" => out.push(String::new()),
                Event::Empty(e) if e.name().as_ref() == b"w:p" => out.push(String::new()),
                Event::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
                Event::End(e) if e.name().as_ref() == b"w:t" => in_text = false,
                Event::Empty(e) if matches!(e.name().as_ref(), b"w:tab" | b"w:br") => {
                    if let Some(p) = out.last_mut() {
                        p.push(' ');
                    }
                }
                Event::Text(t) if in_text => {
                    if let Some(p) = out.last_mut() {
                        p.push_str(&t.decode().unwrap());
                    }
                }
                Event::GeneralRef(r) if in_text => {
                    let c = match r.decode().unwrap().as_ref() {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("&{other};"),
                    };
                    if let Some(p) = out.last_mut() {
                        p.push(c);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
    }
    out
}
