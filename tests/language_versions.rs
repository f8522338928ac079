//! Language versions (issue 12): the Russian and Chinese programmes of
//! NEACAP are bundled in the SOM-28 set under the English one's symbol,
//! their files with a language suffix; the manifest, snapshot and
//! circulation records key documents by symbol and language, and `diff`
//! treats each language version as a document of the set. Their text
//! holds no word of the English label table (the masthead's words, which
//! UN Russian and Chinese versions keep in English, excepted), `check`
//! lists what is not yet translated, and Korean and Japanese names are set
//! in their own faces.

mod common;
use common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A copy of the SOM-28 set and the data set it names, language folders
/// included, laid out as in data/.
fn copy_set(name: &str) -> PathBuf {
    let data = scratch(name).join("data");
    copy_dir(&root().join("data/som28"), &data.join("som28"));
    copy_dir(&seed_data(), &data.join("neacap-pd2"));
    data
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn labels() -> Value {
    json(&root().join("layouts/labels.json"))
}

/// Every word of the English label table: each label's text outside its
/// placeholders, trimmed, where it has three letters or more ("Day",
/// "of the provisional agenda", "mins", "Time", month and weekday
/// names, language names).
fn english_labels() -> BTreeSet<String> {
    fn walk(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::String(t) => {
                let mut rest = t.as_str();
                let mut parts = Vec::new();
                while let Some(i) = rest.find('{') {
                    parts.push(&rest[..i]);
                    rest = rest[i..].split_once('}').map_or("", |(_, r)| r);
                }
                parts.push(rest);
                for p in parts {
                    let p = p.trim_matches(|c: char| !c.is_alphanumeric());
                    if p.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                        out.insert(p.to_string());
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(&labels()["languages"]["en"], &mut out);
    for must in ["Day", "mins", "September", "Tuesday", "Original", "Russian"] {
        assert!(out.contains(must), "{must} not read from the label table");
    }
    out
}

/// Where `word` occurs in `text` as a whole word (not inside a longer
/// Latin word).
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphabetic())
            && !after.is_some_and(|c| c.is_ascii_alphabetic())
    })
}

/// The English label words (and English month and weekday names) in `text`.
fn english_in(text: &str) -> Vec<String> {
    let date = &labels()["languages"]["en"]["date"];
    let mut words = english_labels();
    for k in ["months", "weekdays"] {
        for w in date[k].as_array().unwrap() {
            words.insert(w.as_str().unwrap().to_string());
        }
    }
    words.into_iter().filter(|w| has_word(text, w)).collect()
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_russian_and_chinese_programmes_print_no_english_label() {
    // The seed with a second day, the same as the first (so that day
    // headings print, with weekdays), translated as the first.
    let data = scratch("lv-build").join("neacap-pd2");
    copy_dir(&seed_data(), &data);
    for file in ["programme.json", "ru/programme.json", "zh/programme.json"] {
        edit_json(&data.join(file), |p| {
            let days = p["days"].as_array_mut().unwrap();
            let mut day = days[0].clone();
            if day.get("date").is_some() {
                day["date"] = "2025-09-24".into();
            }
            days.push(day);
        });
    }
    edit_json(&data.join("meeting.json"), |m| {
        m["end_date"] = "2025-09-24".into();
    });
    let out = data.parent().unwrap().join("out");
    let run = meetdoc_ok(&["build", s(&data), "-o", s(&out)]);
    assert!(
        !String::from_utf8_lossy(&run.stderr).contains("not yet translated"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // The English programme shows what is looked for is there to be found.
    let en = pdf_text(&out.join("programme.pdf"));
    let found = english_in(&en);
    for w in ["Time", "Sessions", "Day", "mins", "September", "Tuesday"] {
        assert!(found.contains(&w.to_string()), "{w} not in {found:?}");
    }
    for (lang, own) in [
        ("ru", "вторник, 23 сентября 2025 года"),
        ("zh", "2025年9月23日"),
    ] {
        let pdf = out.join(format!("programme-{lang}.pdf"));
        let text = pdf_text(&pdf);
        assert!(
            squeeze(&text)
                .replace(' ', "")
                .contains(&own.replace(' ', "")),
            "{lang}: no date in its own words ({own}):\n{text}"
        );
        assert_eq!(english_in(&text), Vec::<String>::new(), "{lang}:\n{text}");
        let docx = docx_text(&out.join(format!("programme-{lang}.docx")));
        assert_eq!(
            english_in(&docx),
            Vec::<String>::new(),
            "{lang} DOCX:\n{docx}"
        );
    }
}

#[test]
fn the_set_bundles_each_language_version_under_the_same_symbol() {
    let data = copy_set("lv-bundle");
    let set = data.join("som28");
    let out = data.join("out");
    let run = meetdoc_ok(&["bundle", s(&set), "-o", s(&out)]);
    let err = String::from_utf8_lossy(&run.stderr).to_string();
    assert!(err.contains("NEACAP/PD2/2 [ru]"), "{err}");
    assert!(!err.contains("not yet translated"), "{err}");

    // Files with a language suffix, in the manifest under the same symbol.
    let manifest = json(&out.join("manifest.json"));
    let files = manifest["files"].as_array().unwrap();
    let mut keys = BTreeSet::new();
    for f in files {
        let key = (
            f["symbol"].as_str().unwrap().to_string(),
            f["language"].as_str().unwrap().to_string(),
            f["file"]
                .as_str()
                .unwrap()
                .rsplit('.')
                .next()
                .unwrap()
                .to_string(),
        );
        assert!(keys.insert(key.clone()), "{key:?} twice in the manifest");
        assert!(out.join(f["file"].as_str().unwrap()).is_file());
    }
    for (lang, suffix) in [("en-GB", ""), ("ru", "-ru"), ("zh", "-zh")] {
        for ext in ["docx", "pdf"] {
            let name = format!("NEACAP_PD2_2{suffix}.{ext}");
            let f = files
                .iter()
                .find(|f| f["file"] == name.as_str())
                .unwrap_or_else(|| panic!("{name} not in the manifest"));
            assert_eq!(f["symbol"], "NEACAP/PD2/2", "{name}");
            assert_eq!(f["language"], lang, "{name}");
        }
    }
    // The ZIP holds them too.
    let zip = std::fs::File::open(out.join("SOM-28.zip")).unwrap();
    let mut zip = zip::ZipArchive::new(zip).unwrap();
    let names: BTreeSet<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    assert!(names.contains("NEACAP_PD2_2-ru.pdf") && names.contains("NEACAP_PD2_2-zh.docx"));

    // The snapshot: one version per symbol and language.
    let snapshot = json(&out.join("snapshot.json"));
    let docs: Vec<(String, String, bool)> = snapshot["state"]["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["symbol"].as_str().unwrap().to_string(),
                d["language"].as_str().unwrap().to_string(),
                d["translation"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    for (lang, translation) in [("en-GB", false), ("ru", true), ("zh", true)] {
        assert!(
            docs.contains(&("NEACAP/PD2/2".into(), lang.into(), translation)),
            "{docs:?}"
        );
    }

    // Each version prints its texts, its masthead as UN versions have it:
    // the same symbol, its language named above "Original: English".
    let en_labels = &labels()["languages"]["en"];
    for (lang, name, texts) in [
        (
            "ru",
            "Russian",
            &[
                "Ориентировочная программа",
                "Организация Объединенных Наций",
                "Пункт 5 (a) предварительной повестки дня",
                "Программные области: загрязнение воздуха",
            ][..],
        ),
        (
            "zh",
            "Chinese",
            &[
                "暂定日程",
                "联合国",
                "临时议程项目 5 (a)",
                "方案领域：空气污染",
            ][..],
        ),
    ] {
        let pdf = out.join(format!("NEACAP_PD2_2-{lang}.pdf"));
        let text = squeeze(&pdf_text(&pdf));
        for t in texts {
            assert!(text.contains(t), "{lang}: {t} missing:\n{text}");
        }
        // The masthead's words, in English as the label table says for this
        // language (masthead_words): these and nothing else of English.
        assert_eq!(labels()["languages"][lang]["masthead_words"], "en");
        let masthead = [
            en_labels["distribution"]["General"]
                .as_str()
                .unwrap()
                .to_string(),
            "1 September 2025".to_string(),
            name.to_string(),
            en_labels["original"]
                .as_str()
                .unwrap()
                .replace("{language}", "English"),
        ];
        let mut rest = text.clone();
        for m in &masthead {
            assert!(
                rest.contains(m.as_str()),
                "{lang}: masthead lacks {m}:\n{text}"
            );
            rest = rest.replacen(m.as_str(), " ", 1);
        }
        assert!(text.contains("NEACAP/PD2/2"), "{lang}: no symbol");
        assert_eq!(english_in(&rest), Vec::<String>::new(), "{lang}:\n{text}");
    }

    // The list of documents: one row per symbol.
    let list = pdf_text(&out.join("ESCAP_NEASPEC_SOM(28)_INF_1.pdf"));
    assert_eq!(list.matches("NEACAP/PD2/2").count(), 1, "{list}");
}

#[test]
fn circulation_records_and_diff_key_documents_by_symbol_and_language() {
    let data = copy_set("lv-circulate");
    let set = data.join("som28");
    let out = data.join("out");
    let run = meetdoc_ok(&["circulate", s(&set), "-o", s(&out)]);
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("recorded 7 documents as circulated"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let records = set.join("circulated");
    let manifest = json(&out.join("manifest.json"));
    for (lang, stem) in [
        ("en", "NEACAP_PD2_2"),
        ("ru", "NEACAP_PD2_2-ru"),
        ("zh", "NEACAP_PD2_2-zh"),
    ] {
        let r = json(&records.join(format!("NEACAP_PD2_2.{lang}.json")));
        assert_eq!(r["symbol"], "NEACAP/PD2/2");
        assert!(r["language"].as_str().unwrap().starts_with(lang));
        assert_eq!(r["translation"].as_bool().unwrap_or(false), lang != "en");
        // Its own files, as the manifest lists them.
        let files: Vec<&str> = r["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["file"].as_str().unwrap())
            .collect();
        assert_eq!(
            files,
            [format!("{stem}.docx"), format!("{stem}.pdf")],
            "{lang}"
        );
        for f in r["files"].as_array().unwrap() {
            let m = manifest["files"]
                .as_array()
                .unwrap()
                .iter()
                .find(|m| m["file"] == f["file"])
                .unwrap();
            assert_eq!(m["sha256"], f["sha256"]);
        }
    }
    // Nothing changed: no report.
    let same = meetdoc(&["diff", s(&records), s(&set)]);
    assert_eq!(
        same.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&same.stdout)
    );

    // A Russian text changed: the Russian version alone changed.
    edit_json(&data.join("neacap-pd2/ru/programme.json"), |p| {
        p["days"][0]["items"][0]["title"] = "Регистрация участников".into();
    });
    let diff = meetdoc(&["diff", s(&records), s(&set)]);
    let report = String::from_utf8_lossy(&diff.stdout).to_string();
    assert_eq!(diff.status.code(), Some(1), "{report}");
    let headings: Vec<&str> = report.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings.len(), 1, "{report}");
    assert!(
        headings[0].starts_with("## NEACAP/PD2/2 [ru] ("),
        "{report}"
    );
    assert!(
        report.contains("\"Регистрация\" is renamed \"Регистрация участников\""),
        "{report}"
    );
    // The bundle warns of it by its language, and tracks its changes beside
    // the Russian files.
    let run = meetdoc_ok(&["bundle", s(&set), "-o", s(&out)]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("NEACAP/PD2/2 [ru] (") && err.contains("changed since it was circulated"),
        "{err}"
    );
    assert!(out.join("NEACAP_PD2_2-ru-tracked.docx").is_file());
    assert!(!out.join("NEACAP_PD2_2-tracked.docx").exists());
    assert!(!out.join("NEACAP_PD2_2-zh-tracked.docx").exists());

    // A time of the programme changed: every language version changed
    // with it, each reported under its symbol and language.
    edit_json(&data.join("neacap-pd2/programme.json"), |p| {
        p["days"][0]["items"][0]["end"] = "14:05".into();
        p["days"][0]["items"][1]["start"] = "14:05".into();
    });
    let diff = meetdoc(&["diff", s(&out), s(&set)]);
    let report = String::from_utf8_lossy(&diff.stdout).to_string();
    assert_eq!(diff.status.code(), Some(1), "{report}");
    for h in [
        "## NEACAP/PD2/2 (",
        "## NEACAP/PD2/2 [ru] (",
        "## NEACAP/PD2/2 [zh] (",
    ] {
        assert!(
            report.lines().any(|l| l.starts_with(h)),
            "{h} missing:\n{report}"
        );
    }
}

#[test]
fn check_lists_the_texts_a_language_version_prints_untranslated() {
    // The shipped set is translated throughout.
    let run = meetdoc_ok(&["check", "data/som28"]);
    let said = String::from_utf8_lossy(&run.stdout).to_string();
    assert!(said.contains("language versions: ru, zh"), "{said}");
    assert!(said.contains("0 errors, 0 warnings"), "{said}");

    let data = copy_set("lv-check");
    let set = data.join("som28");
    edit_json(&set.join("ru/docset.json"), |d| {
        d.as_object_mut().unwrap().remove("issuer");
    });
    edit_json(&set.join("zh/agenda.json"), |a| {
        a["items"][4]["items"][0] = Value::Null;
    });
    edit_json(&data.join("neacap-pd2/ru/programme.json"), |p| {
        p["days"][0]["items"][0] = serde_json::json!({});
    });
    let run = meetdoc_ok(&["check", s(&set)]);
    let err = String::from_utf8_lossy(&run.stderr).to_string();
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning:")).collect();
    let expect = [
        (
            "som28/ru/docset.json: issuer[0]: not yet translated (ru): \"United Nations\"",
            1,
        ),
        (
            "som28/ru/docset.json: issuer[1]: not yet translated (ru): \"ESCAP East",
            1,
        ),
        (
            "som28/zh/agenda.json: items[4].items[0].title: not yet translated (zh): \"Air pollution.\"",
            1,
        ),
        (
            "neacap-pd2/ru/programme.json: days[0].items[0].title: not yet translated (ru): \"Registration\"",
            1,
        ),
    ];
    for (w, n) in expect {
        assert_eq!(
            warnings.iter().filter(|l| l.contains(w)).count(),
            n,
            "{w}:\n{err}"
        );
    }
    assert_eq!(warnings.len(), expect.len(), "{err}");
    assert!(
        String::from_utf8_lossy(&run.stdout).contains("0 errors, 4 warnings"),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );

    // A language listed that is the document's own, or twice: errors at
    // their place, nothing written.
    edit_json(&set.join("docset.json"), |d| {
        d["documents"][2]["languages"] = serde_json::json!(["en", "ru", "ru"]);
    });
    let run = meetdoc(&["check", s(&set)]);
    let err = String::from_utf8_lossy(&run.stderr).to_string();
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("documents[2].languages[0]: en is the document's own language"),
        "{err}"
    );
    assert!(
        err.contains("documents[2].languages[2]: ru is listed twice"),
        "{err}"
    );
}

/// The fonts of a PDF, by pdffonts (poppler-utils): their names without
/// the subset prefix.
fn pdf_fonts(pdf: &Path) -> Vec<String> {
    let o = Command::new("pdffonts")
        .arg(pdf)
        .output()
        .expect("pdffonts");
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .map(|n| n.split_once('+').map_or(n, |(_, r)| r).to_string())
        .collect()
}

#[test]
fn korean_and_japanese_names_are_set_in_their_own_faces() {
    let data = scratch("lv-faces").join("neacap-pd2");
    copy_dir(&seed_data(), &data);
    let out = data.parent().unwrap().join("out");
    meetdoc_ok(&["build", s(&data), "-o", s(&out.join("before"))]);
    edit_json(&data.join("programme.json"), |p| {
        let speakers = p["days"][0]["items"][2]["speakers"].as_array_mut().unwrap();
        speakers.push(
            serde_json::json!({ "name": "김민준", "capacity": "Korea Environment Institute" }),
        );
        speakers.push(serde_json::json!({ "name": "田中太郎", "lang": "ja", "capacity": "Ministry of the Environment, Japan" }));
    });
    meetdoc_ok(&["build", s(&data), "-o", s(&out.join("after"))]);

    let has = |fonts: &[String], face: &str| fonts.iter().any(|f| f.starts_with(face));
    // Without the names: no Korean or Japanese face.
    let before = pdf_fonts(&out.join("before/programme.pdf"));
    assert!(
        !has(&before, "NotoSerifCJKkr") && !has(&before, "NotoSerifCJKjp"),
        "{before:?}"
    );
    // With them: the Korean name in the Korean face, the Japanese one in the
    // Japanese face, in an English document and in the Chinese version
    // (whose own text stays in the Chinese face).
    for (doc, chinese) in [("programme", false), ("programme-zh", true)] {
        let fonts = pdf_fonts(&out.join(format!("after/{doc}.pdf")));
        assert!(has(&fonts, "NotoSerifCJKkr-"), "{doc}: {fonts:?}");
        assert!(has(&fonts, "NotoSerifCJKjp-"), "{doc}: {fonts:?}");
        assert_eq!(has(&fonts, "NotoSerifCJKsc-"), chinese, "{doc}: {fonts:?}");
        let text = pdf_text(&out.join(format!("after/{doc}.pdf")));
        assert!(
            text.contains("김민준") && text.contains("田中太郎"),
            "{doc}"
        );

        // The DOCX names a Korean font for the Korean name, with the East
        // Asian language set.
        let docx = out.join(format!("after/{doc}.docx"));
        let body = docx_part(&docx, "word/document.xml");
        let styles = docx_part(&docx, "word/styles.xml");
        for (name, lang, font) in [("김민준", "ko", "Batang"), ("田中太郎", "ja", "MS Mincho")]
        {
            let at = body.find(name).unwrap_or_else(|| panic!("{doc}: {name}"));
            let run = &body[body[..at].rfind("<w:r>").unwrap()..at];
            let style = run
                .split("<w:rStyle w:val=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or_else(|| panic!("{doc}: {name} has no character style: {run}"));
            let def = styles
                .split("<w:style ")
                .find(|d| d.contains(&format!("w:styleId=\"{style}\"")))
                .unwrap_or_else(|| panic!("{doc}: no style {style}"));
            assert!(
                def.contains(&format!("w:eastAsia=\"{font}\""))
                    && def.contains(&format!("<w:lang w:eastAsia=\"{lang}\"")),
                "{doc}: {name}: {def}"
            );
        }
    }
}

#[test]
fn a_translation_left_behind_by_its_original_is_warned_of() {
    let data = copy_set("lv-left-behind");
    let set = data.join("som28");
    let out = data.join("out");
    meetdoc_ok(&["circulate", s(&set), "-o", s(&out)]);
    let programme = data.join("neacap-pd2/programme.json");
    let edit = |path: &Path, from: &str, to: &str| {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains(from), "{from} in {}", path.display());
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    };
    // Japan replaced in the English programme; the versions still say it.
    edit(
        &programme,
        "\"Japan\"",
        "\"Democratic People's Republic of Korea\"",
    );
    let place = "programme.json: days[0].items[3].parts[0].list[1]";
    let warned = |run: &std::process::Output, lang: &str| {
        let err = String::from_utf8_lossy(&run.stderr).into_owned();
        err.lines().any(|l| {
            l.starts_with("warning:")
                && l.contains(&format!("{lang}/{place}"))
                && l.contains("\"Japan\" is now \"Democratic People's Republic of Korea\"")
                && l.contains(&format!("its {lang} translation did not"))
        })
    };
    let run = meetdoc_ok(&["bundle", s(&set), "-o", s(&out)]);
    assert!(
        warned(&run, "ru"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        warned(&run, "zh"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );

    // The Russian translated again: only the Chinese is left behind.
    edit(
        &data.join("neacap-pd2/ru/programme.json"),
        "\"Япония\"",
        "\"Корейская Народно-Демократическая Республика\"",
    );
    let run = meetdoc_ok(&["bundle", s(&set), "-o", s(&out)]);
    assert!(
        !warned(&run, "ru"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        warned(&run, "zh"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn an_entry_deleted_in_the_original_leaves_the_versions_building() {
    // A part deleted in the English programme (as the editor does), its
    // translations still there: a warning at the translation's entry, and
    // every document, the versions too, still builds.
    let data = copy_set("lv-deleted-entry").join("neacap-pd2");
    let programme = data.join("programme.json");
    let mut p = json(&programme);
    let parts = p["days"][0]["items"][3]["parts"].as_array_mut().unwrap();
    let gone = parts.remove(1);
    parts[0]["minutes"] =
        (parts[0]["minutes"].as_u64().unwrap() + gone["minutes"].as_u64().unwrap()).into();
    std::fs::write(&programme, serde_json::to_vec_pretty(&p).unwrap()).unwrap();
    let run = meetdoc_ok(&["check", s(&data)]);
    let err = String::from_utf8_lossy(&run.stderr).into_owned();
    for lang in ["ru", "zh"] {
        assert!(
            err.contains(&format!(
                "{lang}/programme.json: days[0].items[3].parts[1]: the list has 2 entries in the translation, 1 in the original"
            )),
            "{err}"
        );
    }
    let out = data.parent().unwrap().join("out");
    meetdoc_ok(&["build", s(&data), "-o", s(&out)]);
    assert!(pdf_text(&out.join("programme-ru.pdf")).contains("Регистрация"));
}
