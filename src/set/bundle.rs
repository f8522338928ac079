//! `meetdoc bundle`: every document of a set as DOCX and PDF named from its
//! symbol, the list of documents, `manifest.json`, and one ZIP of it all;
//! when a circulated document changed, the report of changes since
//! circulation (its own document, and `changes.md`) and, beside each
//! changed document, a DOCX with the changes tracked. An unchanged set
//! gives byte-identical files, and files already in place are not written
//! again; a failure leaves the previous bundle as it was.

use super::archive;
use super::circulate;
use super::manifest::{Manifest, ManifestFile, pdf_pages};
use crate::compose::{changes, set_documents};
use crate::diagnostics::{Diagnostic, InvalidData, Severity};
use crate::diff;
use crate::diff::snapshot::{SNAPSHOT, Snapshot, read_snapshot};
use crate::model::Document;
use crate::render::cache::Cache;
use crate::render::{self, Job, RenderContext, Rendered};
use crate::set::load::{self, Content, LoadedSet};
use crate::set::symbol::file_stem;
use crate::writer::docx::tracked;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

pub const MANIFEST: &str = "manifest.json";
pub const CHANGES: &str = "changes.md";

/// What a bundle did.
pub struct Bundled {
    /// Every file of the bundle.
    pub files: Vec<PathBuf>,
    /// The files written (the others were in place already).
    pub written: Vec<PathBuf>,
    pub warnings: Vec<Diagnostic>,
    /// Labels of the documents whose PDF was compiled (not reused).
    pub compiled: Vec<String>,
    /// The changes since the previous bundle in the same folder (empty
    /// when nothing changed or there was none).
    pub new_changes: Vec<String>,
    /// The report of changes since circulation (`changes.md`), when a
    /// circulated document changed.
    pub report: Option<PathBuf>,
    pub manifest: Manifest,
}

/// The list of documents as `bundle` makes it: with the report of changes
/// since circulation listed when there is one (the editor previews it).
pub fn list_of_documents(set: &LoadedSet, style: &crate::style::Style) -> Result<Document> {
    let models = set_documents::models(set, style);
    let state = diff::state::of_set(set);
    let records = circulate::set_records(set).map_err(InvalidData)?;
    let against = circulate::against(set, &state, &models, &records, style);
    let with_report = against
        .report
        .filter(|r| !r.is_empty())
        .and_then(|r| changes::document(set, &r, style))
        .is_some();
    Ok(set_documents::list_of_documents(set, with_report, style))
}

/// Loads the set in `dir` and bundles it into `outdir`. With `strict`, a
/// document changed since its circulation without a new revision is an
/// error, not a warning.
pub fn bundle(
    dir: &Path,
    ctx: &RenderContext,
    outdir: &Path,
    strict: bool,
    progress: &dyn Fn(&str),
) -> Result<Bundled> {
    let (set, warnings) = load::load(dir).map_err(InvalidData)?;
    bundle_set(&set, warnings, ctx, outdir, strict, progress)
}

/// Bundles a loaded set into `outdir` (its `warnings` are passed through).
pub fn bundle_set(
    set: &LoadedSet,
    mut warnings: Vec<Diagnostic>,
    ctx: &RenderContext,
    outdir: &Path,
    strict: bool,
    progress: &dyn Fn(&str),
) -> Result<Bundled> {
    let layouts = ctx.layouts()?;
    let style = &layouts.style;
    // Each text a language version prints untranslated.
    warnings.extend(crate::compose::versions::set_untranslated(set, style));
    let models = set_documents::models(set, style);
    let state = diff::state::of_set(set);
    let records = circulate::set_records(set).map_err(InvalidData)?;
    let against = circulate::against(set, &state, &models, &records, style);
    if strict && !against.warnings.is_empty() {
        let mut errors = against.warnings;
        for e in &mut errors {
            e.severity = Severity::Error;
        }
        return Err(InvalidData(errors).into());
    }
    warnings.extend(against.warnings);

    let previous = read_snapshot(outdir);
    if previous.is_none() && outdir.join(SNAPSHOT).exists() {
        progress(&format!(
            "warning: {} cannot be read; the changes since the last bundle cannot be told",
            outdir.join(SNAPSHOT).display()
        ));
    }
    let new_changes = match &previous {
        Some(p) if p.state != state => diff::compare(&p.state, &state, style).sentences(),
        _ => vec![],
    };
    let report = against.report.filter(|r| !r.is_empty());
    let report_title = set
        .set
        .changes
        .as_ref()
        .map(|c| c.title.printed())
        .unwrap_or_else(|| "Changes since circulation".into());
    let report_model = report
        .as_ref()
        .and_then(|r| changes::document(set, r, style));

    let mut jobs = Vec::new();
    for (doc, model) in set.documents.iter().zip(&models) {
        if let Some(model) = model {
            jobs.push(Job {
                stem: doc.stem.clone(),
                label: format!("{} {}", doc.name(), doc.entry.title),
                document: model.clone(),
            });
        }
    }
    let list_stem = file_stem(&set.list_symbol);
    jobs.push(Job {
        stem: list_stem.clone(),
        label: format!("{} List of documents", set.list_symbol),
        document: set_documents::list_of_documents(set, report_model.is_some(), style),
    });
    if let (Some(m), Some(symbol)) = (&report_model, &set.changes_symbol) {
        jobs.push(Job {
            stem: file_stem(symbol),
            label: format!("{symbol} {report_title}"),
            document: m.clone(),
        });
    }
    let cache = Cache::new(outdir);
    let on_done = |r: &Rendered, i: usize, n: usize| {
        let how = if r.compiled { "built" } else { "unchanged" };
        progress(&format!("[{i}/{n}] {how} {}", r.label));
    };
    let rendered = render::render(&jobs, ctx, &cache, &on_done)?;

    // Files of the set, with their manifest entries.
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut entries = Vec::new();
    let by_stem = |stem: &str| rendered.iter().find(|r| r.stem == stem);
    let mut add = |name: String,
                   symbol: (&str, &str),
                   title: &str,
                   format: &str,
                   pages: Option<usize>,
                   bytes: Vec<u8>| {
        entries.push(ManifestFile::new(
            &name, symbol, title, format, pages, &bytes,
        ));
        files.push((name, bytes));
    };
    let set_language = set.set.meeting.language.as_str();
    for (i, doc) in set.documents.iter().enumerate() {
        // A document of the set is its symbol and language.
        let key = (doc.symbol.as_str(), state.documents[i].language.as_str());
        let (docx, pdf) = match (&doc.content, by_stem(&doc.stem)) {
            (Content::External { docx, pdf }, _) => {
                progress(&format!(
                    "included {} {} (as written elsewhere)",
                    doc.name(),
                    doc.entry.title
                ));
                (docx.clone(), pdf.clone())
            }
            (_, Some(r)) => (Some(r.docx.clone()), Some(r.pdf.clone())),
            (_, None) => continue,
        };
        let pages = pdf.as_deref().and_then(pdf_pages);
        let title = doc.entry.title.printed();
        if let Some(b) = docx {
            add(format!("{}.docx", doc.stem), key, &title, "docx", pages, b);
        }
        if let Some(b) = pdf {
            add(format!("{}.pdf", doc.stem), key, &title, "pdf", pages, b);
        }
        // Beside a changed circulated document: its changes, tracked.
        for (_, old, old_symbol) in against.tracked.iter().filter(|(k, ..)| *k == i) {
            let Some(new) = &models[i] else { continue };
            let rev = tracked::Revision {
                author: set.set.author(),
                date: doc.entry.revision_date.unwrap_or(doc.entry.date),
            };
            let bytes = tracked::write(old, new, style, &rev).with_context(|| {
                format!("{}: cannot write the DOCX with tracked changes", doc.name())
            })?;
            progress(&format!(
                "tracked the changes since {old_symbol} was circulated in {}",
                tracked_name(&doc.stem)
            ));
            add(
                tracked_name(&doc.stem),
                key,
                &format!("{title} (changes against {old_symbol} tracked)"),
                "docx",
                None,
                bytes,
            );
        }
    }
    let list = by_stem(&list_stem).context("the list of documents was not rendered")?;
    let pages = pdf_pages(&list.pdf);
    add(
        format!("{list_stem}.docx"),
        (&set.list_symbol, set_language),
        "List of documents",
        "docx",
        pages,
        list.docx.clone(),
    );
    add(
        format!("{list_stem}.pdf"),
        (&set.list_symbol, set_language),
        "List of documents",
        "pdf",
        pages,
        list.pdf.clone(),
    );
    let symbol = set.changes_symbol.clone().unwrap_or_default();
    if let Some(r) = by_stem(&file_stem(&symbol)).filter(|_| report_model.is_some()) {
        let pages = pdf_pages(&r.pdf);
        add(
            format!("{}.docx", r.stem),
            (&symbol, set_language),
            &report_title,
            "docx",
            pages,
            r.docx.clone(),
        );
        add(
            format!("{}.pdf", r.stem),
            (&symbol, set_language),
            &report_title,
            "pdf",
            pages,
            r.pdf.clone(),
        );
    }
    if let Some(r) = &report {
        add(
            CHANGES.to_string(),
            (&symbol, set_language),
            &report_title,
            "md",
            None,
            r.markdown(&report_title).into_bytes(),
        );
        if report_model.is_none() {
            progress(&format!(
                "note: name the report of changes in {} (\"changes\": series, number, title) \
                 to issue it as a document of the set; it is in {CHANGES} only",
                set.dir.join(load::SET_FILE).display()
            ));
        }
    }
    let archive_name = format!("{}.zip", file_stem(set.set.name.as_str()));
    let manifest = Manifest {
        set: set.set.name.printed(),
        archive: archive_name.clone(),
        files: entries,
    };
    let manifest_bytes = (serde_json::to_string_pretty(&manifest)? + "\n").into_bytes();
    files.push((MANIFEST.to_string(), manifest_bytes));
    let zip = archive::zip(&files, set.set.list_of_documents.date)
        .context("cannot make the ZIP of the set")?;
    files.push((archive_name, zip));
    files.push((SNAPSHOT.to_string(), Snapshot { state }.to_bytes()));

    let stale = stale_files(outdir, &files);
    let out: Vec<(PathBuf, Vec<u8>)> = files
        .into_iter()
        .map(|(n, b)| (outdir.join(n), b))
        .collect();
    let written = ctx.uninterrupted(|| {
        let written = crate::output::write_all(&out)?;
        render::remember(&rendered, &cache);
        for f in stale {
            let _ = std::fs::remove_file(outdir.join(f));
        }
        anyhow::Ok(written)
    })?;
    Ok(Bundled {
        files: out.into_iter().map(|(p, _)| p).collect(),
        written,
        warnings,
        compiled: render::compiled(&rendered),
        new_changes,
        report: report.map(|_| outdir.join(CHANGES)),
        manifest,
    })
}

/// The DOCX with tracked changes beside a document's own.
pub fn tracked_name(stem: &str) -> String {
    format!("{stem}-tracked.docx")
}

/// Files of the previous bundle (from its manifest) that the new one no
/// longer has, e.g. after a document's symbol changed.
fn stale_files(outdir: &Path, new: &[(String, Vec<u8>)]) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(outdir.join(MANIFEST)) else {
        return vec![];
    };
    let Ok(old) = serde_json::from_str::<Manifest>(&text) else {
        return vec![];
    };
    let names: Vec<String> = old
        .files
        .into_iter()
        .map(|f| f.file)
        .chain([old.archive])
        .collect();
    names
        .into_iter()
        .filter(|n| !n.contains('/') && !n.contains('\\') && !new.iter().any(|(m, _)| m == n))
        .collect()
}
