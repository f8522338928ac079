//! Language versions: the documents of a data set's versions, and the
//! texts a version prints untranslated.
//!
//! Which texts a document prints is found by building it once from a copy
//! of the base data in which every text is a marker (`data::version`):
//! the markers in the model are the texts it prints, whatever the document
//! kind, so a version that holds only the programme is not asked for the
//! concept note's texts.

use crate::data::DataSet;
use crate::data::version::{Version, marked_data, markers_in};
use crate::diagnostics::Diagnostic;
use crate::model::Document;
use crate::style::Style;
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
