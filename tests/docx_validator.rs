//! Every DOCX meetdoc writes passes an OOXML validator (openxml-audit,
//! Office 2019 schemas and semantic rules) with no finding: the seed
//! build, the SOM-28 set (its information note too), the stress set and
//! the seed with what goes beyond it (links, notation, a table of the
//! data, numbered lists in an extra section). A DOCX with one property
//! element out of order is flagged, so the check cannot pass by not
//! running.
//!
//! The validator lives in a venv under target/ (`make test` installs it
//! with `scripts/install-openxml-audit`); `OPENXML_AUDIT` names another
//! binary. Without it the test fails, saying how to install it.

mod common;
use common::*;
use serde_json::Value;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

fn validator() -> PathBuf {
    let exe = std::env::var_os("OPENXML_AUDIT")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/openxml-audit/bin/openxml-audit"));
    assert!(
        exe.is_file(),
        "the DOCX validator {} is missing: run scripts/install-openxml-audit (make test does)",
        exe.display()
    );
    exe
}

/// Findings (errors and warnings) per DOCX file under `dir`, by file name.
/// Each file is validated by a process of its own: in one recursive run,
/// openxml-audit 0.8.0 lets one file's footnote ids leak into the next
/// file's checks (a file valid on its own is then reported with footnote
/// ids "not found"), so the files are validated apart, at once.
fn findings(dir: &Path) -> Vec<(String, Vec<String>)> {
    let mut docx: Vec<std::path::PathBuf> = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "docx") {
                docx.push(p);
            }
        }
    }
    docx.sort();
    let runs: Vec<_> = docx
        .iter()
        .map(|f| {
            Command::new(validator())
                .args(["-f", "office2019", "-m", "0", "-o", "json"])
                .arg(f)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("run openxml-audit")
        })
        .collect();
    let mut all = Vec::new();
    for run in runs {
        all.extend(one_report(run.wait_with_output().expect("openxml-audit")));
    }
    all
}

fn one_report(out: std::process::Output) -> Vec<(String, Vec<String>)> {
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "openxml-audit gave no JSON report ({e}), exit {:?}:\n{}{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let files = report.as_array().expect("a list of files");
    files
        .iter()
        .map(|f| {
            let name = f["file"].as_str().unwrap().to_string();
            let mut list = Vec::new();
            for kind in ["errors", "warnings"] {
                for e in f[kind].as_array().into_iter().flatten() {
                    list.push(format!(
                        "{} {}: {}",
                        e["part_uri"].as_str().unwrap_or(""),
                        e["path"].as_str().unwrap_or(""),
                        e["description"].as_str().unwrap_or("")
                    ));
                }
            }
            let counted =
                f["error_count"].as_u64().unwrap_or(0) + f["warning_count"].as_u64().unwrap_or(0);
            assert_eq!(
                counted as usize,
                list.len(),
                "{name}: counts and lists differ"
            );
            (name, list)
        })
        .collect()
}

/// Asserts that every DOCX under `dir` (at least `expected` of them) has
/// no finding.
fn assert_clean(dir: &Path, expected: usize) {
    let report = findings(dir);
    assert!(
        report.len() >= expected,
        "{}: the validator read {} DOCX files, expected {expected}",
        dir.display(),
        report.len()
    );
    let bad: Vec<String> = report
        .iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(name, list)| {
            let shown: Vec<&String> = list.iter().take(10).collect();
            format!("{name}: {} findings, e.g.\n  {shown:#?}", list.len())
        })
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn every_docx_of_the_seed_the_som28_set_and_the_stress_set_is_valid() {
    let dir = scratch("validator");
    let seed = dir.join("seed");
    meetdoc_ok(&["build", "-o", s(&seed)]);
    let som28 = dir.join("som28");
    meetdoc_ok(&["bundle", "data/som28", "-o", s(&som28)]);
    let (data, stress) = (dir.join("stress-data"), dir.join("stress"));
    meetdoc_ok(&["stress-data", s(&data)]);
    meetdoc_ok(&["build", s(&data), "-o", s(&stress)]);
    let beyond = dir.join("beyond");
    meetdoc_ok(&[
        "build",
        s(&beyond_seed("validator-beyond")),
        "-o",
        s(&beyond),
    ]);

    assert_clean(&seed, 4);
    assert_clean(&som28, 7);
    assert_clean(&stress, 2);
    assert_clean(&beyond, 2);
}

/// A copy of `docx` whose `part` is changed by `edit`.
fn edited(docx: &Path, to: &Path, part: &str, edit: impl Fn(&str) -> String) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(docx).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == part {
            data = edit(std::str::from_utf8(&data).unwrap()).into_bytes();
        }
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn a_property_element_out_of_order_is_flagged() {
    let dir = scratch("validator-bad");
    let good = dir.join("good");
    meetdoc_ok(&["build", "-o", s(&good)]);
    let bad = dir.join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    // w:jc before w:pStyle in the first paragraph's properties.
    edited(
        &good.join("concept-note.docx"),
        &bad.join("concept-note.docx"),
        "word/document.xml",
        |xml| {
            let at = xml.find("<w:pPr><w:pStyle").expect("a styled paragraph") + "<w:pPr>".len();
            format!("{}<w:jc w:val=\"left\"/>{}", &xml[..at], &xml[at..])
        },
    );
    let report = findings(&bad);
    assert_eq!(report.len(), 1);
    let (_, list) = &report[0];
    assert!(
        list.iter()
            .any(|f| f.starts_with("/word/document.xml") && f.contains("pStyle")),
        "{list:#?}"
    );
}

#[test]
fn the_docx_with_tracked_changes_is_valid() {
    // A set circulated, then changed in every way the merge knows: words,
    // a paragraph added, a note edited, a row removed, a list item
    // replaced, the symbol revised.
    let dir = scratch("validator-tracked");
    let data = dir.join("data");
    copy_dir(&root().join("data/som28"), &data.join("som28"));
    copy_dir(&seed_data(), &data.join("neacap-pd2"));
    let (set, out) = (data.join("som28"), dir.join("out"));
    meetdoc_ok(&["circulate", s(&set), "-o", s(&out)]);
    edit_json(&data.join("neacap-pd2/meeting.json"), |m| {
        m["venue"] = "Shangri-La Hotel".into();
    });
    edit_json(&data.join("neacap-pd2/objectives.json"), |o| {
        o["specific"]
            .as_array_mut()
            .unwrap()
            .push("Agreeing on the next steps.".into());
    });
    edit_json(&data.join("neacap-pd2/footnotes.json"), |f| {
        let t = f["notes"]["workplan"]
            .as_str()
            .unwrap()
            .replace("7th", "seventh");
        f["notes"]["workplan"] = t.into();
    });
    edit_json(&data.join("neacap-pd2/programme.json"), |p| {
        let items = p["days"][0]["items"].as_array_mut().unwrap();
        items.remove(7);
        let list = items[3]["parts"][0]["list"].as_array_mut().unwrap();
        list.retain(|c| c != "Japan");
        list.push("Democratic People's Republic of Korea".into());
    });
    // The Russian and Chinese programmes follow the programme's structure.
    for (lang, dprk) in [
        ("ru", "Корейская Народно-Демократическая Республика"),
        ("zh", "朝鲜民主主义人民共和国"),
    ] {
        edit_json(
            &data.join(format!("neacap-pd2/{lang}/programme.json")),
            |p| {
                let items = p["days"][0]["items"].as_array_mut().unwrap();
                items.remove(7);
                let list = items[3]["parts"][0]["list"].as_array_mut().unwrap();
                list.remove(1);
                list.push(dprk.into());
            },
        );
    }
    edit_json(&set.join("docset.json"), |v| {
        for i in [1, 2] {
            v["documents"][i]["revision"] = 1.into();
            v["documents"][i]["revision_date"] = "2025-09-15".into();
        }
    });
    meetdoc_ok(&["bundle", s(&set), "-o", s(&out)]);
    assert!(out.join("NEACAP_PD2_1_Rev.1-tracked.docx").is_file());
    assert!(out.join("NEACAP_PD2_2_Rev.1-tracked.docx").is_file());
    assert!(out.join("NEACAP_PD2_2_Rev.1-ru-tracked.docx").is_file());
    assert!(out.join("NEACAP_PD2_2_Rev.1-zh-tracked.docx").is_file());
    // Four documents, the programme's Russian and Chinese versions, the
    // report of changes and four with tracked changes.
    assert_clean(&out, 11);
}
