//! `meetdoc check`: a data set, a set, or a document file read and checked
//! as a build reads it, and every document's characters looked up in the
//! PDF fonts by the rule the PDF writer uses (`FontSet::choose` over the
//! document's Typst source): a character no font has is a warning at the
//! data field that holds it. Nothing is written, typst is not run.

use super::RenderContext;
use crate::diagnostics::{Diagnostic, InvalidData};
use crate::model::Document;
use crate::set::load::{Content, LoadedSet};
use crate::writer::pdf::{self, coverage::Uncovered};
use anyhow::Result;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// What `check` found: what it checked, in words, and the warnings.
pub struct Checked {
    /// e.g. "7 data files", "the set and its 4 documents".
    pub what: String,
    pub warnings: Vec<Diagnostic>,
}

/// Checks the set, data set or document file at `path`. Invalid data is
/// an [`InvalidData`] error holding every diagnostic.
pub fn check(path: &Path, ctx: &RenderContext) -> Result<Checked> {
    let layouts = ctx.layouts()?;
    let style = &layouts.style;
    let (what, mut warnings, documents, files) = if crate::set::load::is_set(path) {
        let (set, mut warnings) = crate::set::load::load(path).map_err(InvalidData)?;
        warnings.extend(crate::compose::versions::set_untranslated(&set, style));
        let n = set.documents.len();
        let models: Vec<(String, Document)> = crate::compose::set_documents::models(&set, style)
            .into_iter()
            .zip(&set.documents)
            .filter_map(|(m, d)| m.map(|m| (format!("{}.pdf", d.stem), m)))
            .collect();
        let mut what = format!(
            "the set and its {n} document{}",
            if n == 1 { "" } else { "s" }
        );
        let tags: Vec<&str> = set.translations.keys().map(|l| l.as_str()).collect();
        if !tags.is_empty() {
            let versions = set
                .documents
                .iter()
                .filter(|d| d.translated.is_some())
                .count();
            what.push_str(&format!(
                " ({versions} of them language versions: {})",
                tags.join(", ")
            ));
        }
        (what, warnings, models, set_files(&set))
    } else if path.is_file() {
        let file = super::general_document(path, style)?;
        (
            "1 document file".to_string(),
            file.warnings,
            vec![(format!("{}.pdf", file.stem), file.model)],
            vec![path.to_path_buf()],
        )
    } else {
        let (data, versions, warnings) = super::load_with_versions(path, style)?;
        let mut models: Vec<(String, Document)> = crate::compose::documents(&data, style)
            .into_iter()
            .map(|(stem, d)| (format!("{stem}.pdf"), d))
            .collect();
        for v in &versions {
            for (stem, _, d) in crate::compose::versions::documents(v, style) {
                models.push((format!("{stem}.pdf"), d));
            }
        }
        let mut what = format!("{} data files", data.files.len());
        if !versions.is_empty() {
            let tags: Vec<&str> = versions.iter().map(|v| v.language.as_str()).collect();
            what.push_str(&format!(
                " and the {} version{}",
                tags.join(", "),
                if tags.len() == 1 { "" } else { "s" }
            ));
        }
        (
            what,
            warnings,
            models,
            data.files.iter().map(|f| data.dir.join(f)).collect(),
        )
    };
    warnings.extend(font_coverage(&documents, &files, ctx, &layouts)?);
    Ok(Checked { what, warnings })
}

/// The data files of a set: docset.json and every file its documents are
/// made from.
fn set_files(set: &LoadedSet) -> Vec<PathBuf> {
    let mut files = vec![set.dir.join(crate::set::load::SET_FILE)];
    for d in &set.documents {
        match (&d.content, &d.entry.source) {
            (Content::ConceptNote(data) | Content::Programme(data), _) => {
                for f in &data.files {
                    let f = data.dir.join(f);
                    if !files.contains(&f) {
                        files.push(f);
                    }
                }
            }
            (Content::Document(file, _), _) => files.push(file.clone()),
            (Content::Agenda(_), crate::set::Source::Agenda { data }) => {
                files.push(set.dir.join(data))
            }
            _ => {}
        }
    }
    files
}

/// The characters of each document that no PDF font has, as warnings at
/// the data field that holds each (or, for a character the data does not
/// hold, naming the document).
fn font_coverage(
    documents: &[(String, Document)],
    files: &[PathBuf],
    ctx: &RenderContext,
    layouts: &super::Layouts,
) -> Result<Vec<Diagnostic>> {
    let mut out = Vec::new();
    let fonts = match ctx.fonts(&layouts.style) {
        Ok(f) => f,
        Err(e) => {
            let first = files.first().cloned().unwrap_or_default();
            out.push(
                Diagnostic::warning(
                    &first,
                    "",
                    format!("the characters cannot be checked against the PDF fonts: {e:#}"),
                )
                .help("install the fonts of the layout (run make)"),
            );
            return Ok(out);
        }
    };
    let mut values: Option<Vec<(PathBuf, Value)>> = None;
    let mut seen: Vec<char> = Vec::new();
    for (name, doc) in documents {
        let source = pdf::render_source(doc, &layouts.style, &layouts.source)?;
        let choice = fonts.choose(&source, ctx.place());
        for u in &choice.uncovered {
            if seen.contains(&u.ch) {
                continue;
            }
            seen.push(u.ch);
            let values = values.get_or_insert_with(|| read_values(files));
            out.push(warning(u, name, values));
        }
    }
    Ok(out)
}

/// The JSON values of the files (those that read: the loader has checked
/// them).
fn read_values(files: &[PathBuf]) -> Vec<(PathBuf, Value)> {
    files
        .iter()
        .filter_map(|f| {
            let text = crate::data::load::read_text(f).ok()?;
            let value = crate::data::load::parse_json(f, &text).ok()?;
            Some((f.clone(), value))
        })
        .collect()
}

/// The warning for a character no font has: at the first text of the data
/// that holds it.
fn warning(u: &Uncovered, document: &str, values: &[(PathBuf, Value)]) -> Diagnostic {
    let what = format!(
        "no font has U+{:04X} {}: it will be missing from the PDF",
        u.ch as u32, u.ch
    );
    let help = "replace the character, or add a font file that has it to fonts.pdf_font_files in \
                layouts/style.json (and its family to fonts.cjk_pdf or fonts.emoji_pdf)";
    for (file, value) in values {
        if let Some(at) = find(value, u.ch, &mut String::new()) {
            return Diagnostic::warning(file, at, what).help(help);
        }
    }
    Diagnostic::warning(
        Path::new(document),
        "",
        format!("{what} (in \"{}\")", u.context),
    )
    .help(help)
}

/// The JSON path of the first string of `value` holding `ch`.
fn find(value: &Value, ch: char, path: &mut String) -> Option<String> {
    match value {
        Value::String(s) => s.contains(ch).then(|| path.clone()),
        Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| {
            let len = path.len();
            path.push_str(&format!("[{i}]"));
            let found = find(v, ch, path);
            path.truncate(len);
            found
        }),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            let len = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(k);
            let found = find(v, ch, path);
            path.truncate(len);
            found
        }),
        _ => None,
    }
}
