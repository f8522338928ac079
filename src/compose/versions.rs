//! Language versions: the documents of a data set's versions, and the
//! texts a version prints untranslated.
//!
//! Which texts a document prints is found by building it once from a copy
//! of the base data in which every text is a marker (`data::version`):
//! the markers in the model are the texts it prints, whatever the document
//! kind, so a version that holds only the programme is not asked for the
//! concept note's texts.

use crate::data::DataSet;
use crate::data::version::{Version, marked, marked_data, markers_in};
use crate::diagnostics::Diagnostic;
use crate::model::Document;
use crate::set::load::{Content, LoadedSet, SET_FILE, SetTranslation, in_language};
use crate::style::Style;
use crate::values::Lang;
use std::collections::BTreeSet;

/// The file stem of a document in a language version: `programme-ru`.
pub fn stem(stem: &str, language: &crate::values::Lang) -> String {
    format!("{stem}-{}", language.as_str())
}

/// The documents of a version, each with its file stem (`programme-ru`).
pub fn documents(v: &Version, style: &Style) -> Vec<(String, &'static str, Document)> {
    super::documents(&v.data, style)
        .into_iter()
        .filter(|(s, _)| v.holds(s))
        .map(|(s, d)| (stem(s, &v.language), s, d))
        .collect()
}

/// The places (data file, JSON path) of the texts that the documents of
/// `base` named by `holds` print, with each text as the base has it.
pub fn printed_texts(
    base: &DataSet,
    holds: &dyn Fn(&str) -> bool,
    style: &Style,
) -> Vec<(String, String, String)> {
    let Some((marked, places)) = marked_data(base) else {
        return Vec::new();
    };
    let mut printed = BTreeSet::new();
    for (s, doc) in super::documents(&marked, style) {
        if holds(s) {
            let json = serde_json::to_string(&doc).expect("a model serializes");
            printed.extend(markers_in(&json));
        }
    }
    printed
        .into_iter()
        .filter_map(|k| places.get(k))
        .map(|(file, t)| (file.clone(), t.path.clone(), t.source.clone()))
        .collect()
}

/// A warning for each text the documents of version `v` print that it
/// does not translate, at its place in the version's file.
pub fn untranslated(base: &DataSet, v: &Version, style: &Style) -> Vec<Diagnostic> {
    let folder = v.folder(&base.dir);
    printed_texts(base, &|s| v.holds(s), style)
        .into_iter()
        .filter(|(file, path, _)| !v.given.get(file).is_some_and(|g| g.contains(path)))
        .map(|(file, path, source)| {
            not_translated(&folder.join(&file), &path, &source, &v.language)
        })
        .collect()
}

/// "not yet translated (ru): "Registration"".
pub fn not_translated(
    file: &std::path::Path,
    path: &str,
    source: &str,
    language: &crate::values::Lang,
) -> Diagnostic {
    let short: String = if source.chars().count() > 60 {
        source.chars().take(57).chain("...".chars()).collect()
    } else {
        source.to_string()
    };
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    Diagnostic::warning(
        file,
        path,
        format!("not yet translated ({language}): \"{short}\" prints as in the base"),
    )
    .help(format!(
        "give its translation at this JSON path in {language}/{name}"
    ))
}

/// A warning for each text the language versions of a set's documents
/// print untranslated: the data set's texts (at their place in the data
/// set's language folder, `neacap-pd2/ru/programme.json`) and the set's
/// own that their mastheads print (the meeting, the issuer, the agenda
/// item's title: at their place in the set's language folder,
/// `som28/ru/docset.json`, `som28/ru/agenda.json`). Each text once.
pub fn set_untranslated(set: &LoadedSet, style: &Style) -> Vec<Diagnostic> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    let mut warn = |file: std::path::PathBuf, path: String, source: &str, language: &Lang| {
        if seen.insert((file.clone(), path.clone())) {
            out.push(not_translated(&file, &path, source, language));
        }
    };
    for doc in &set.documents {
        let Some(t) = &doc.translated else { continue };
        // The data set's texts that this document prints.
        if let Some((base, v)) = &t.data {
            let kind = match doc.content {
                Content::ConceptNote(_) => "concept-note",
                _ => "programme",
            };
            let folder = v.folder(&base.dir);
            for (file, path, source) in printed_texts(base, &|s| s == kind, style) {
                if !v.given.get(&file).is_some_and(|g| g.contains(&path)) {
                    warn(folder.join(&file), path, &source, &t.language);
                }
            }
        }
        // The set's texts it prints: built once from a copy of the set (and
        // its provisional agenda) whose every text is a marker.
        let Some(translation) = set.translations.get(&t.language) else {
            continue;
        };
        let mut places = Vec::new();
        let Some(marked_set) = marked(&set.set, SET_FILE, &mut places) else {
            continue;
        };
        let agenda = match set.agenda() {
            Some((a, file)) => marked(a, file, &mut places),
            None => None,
        };
        let marked_translation = SetTranslation {
            set: in_language(&set.set, marked_set, &t.language),
            agenda: agenda.clone(),
            given: Default::default(),
        };
        let mut own = doc.clone();
        if let (Content::Agenda(_), Some(a)) = (&doc.content, agenda) {
            own.content = Content::Agenda(a);
        }
        let (view, own) = set.view(&own, &marked_translation);
        let Some(model) = super::set_documents::document(&view, &own, style) else {
            continue;
        };
        let json = serde_json::to_string(&model).expect("a model serializes");
        let folder = set.dir.join(t.language.as_str());
        for k in markers_in(&json) {
            let Some((file, text)) = places.get(k) else {
                continue;
            };
            if !translation
                .given
                .get(file)
                .is_some_and(|g| g.contains(&text.path))
            {
                warn(
                    folder.join(file),
                    text.path.clone(),
                    &text.source,
                    &t.language,
                );
            }
        }
    }
    out
}
