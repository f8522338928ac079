//! `meetdoc bundle`: every document of a set as DOCX and PDF named from its
//! symbol, the list of documents, `manifest.json`, the report of changes
//! since the set's previous version, and one ZIP of it all. An unchanged
//! set gives byte-identical files; a failure leaves the previous bundle
//! as it was.

use super::archive;
use super::manifest::{Manifest, ManifestFile, pdf_pages};
use crate::compose::set_documents;
use crate::diagnostics::{Diagnostic, InvalidData};
use crate::diff;
use crate::diff::snapshot::{SNAPSHOT, Snapshot, read_snapshot};
use crate::render::cache::Cache;
use crate::render::{self, Job, RenderContext, Rendered};
use crate::set::load::{self, Content, LoadedSet};
use crate::set::symbol::file_stem;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

pub const MANIFEST: &str = "manifest.json";
pub const CHANGES: &str = "changes.md";

/// What a bundle did.
pub struct Bundled {
    pub written: Vec<PathBuf>,
    pub warnings: Vec<Diagnostic>,
    /// Labels of the documents whose PDF was compiled (not reused).
    pub compiled: Vec<String>,
    /// The changes since the previous bundle (empty when nothing changed
    /// or there was no previous bundle).
    pub new_changes: Vec<String>,
}

/// Loads the set in `dir` and bundles it into `outdir`.
pub fn bundle(
    dir: &Path,
    ctx: &RenderContext,
    outdir: &Path,
    progress: &dyn Fn(&str),
) -> Result<Bundled> {
    let (set, warnings) = load::load(dir).map_err(InvalidData)?;
    bundle_set(&set, warnings, ctx, outdir, progress)
}

/// Bundles a loaded set into `outdir` (its `warnings` are passed through).
pub fn bundle_set(
    set: &LoadedSet,
    warnings: Vec<Diagnostic>,
    ctx: &RenderContext,
    outdir: &Path,
    progress: &dyn Fn(&str),
) -> Result<Bundled> {
    let layouts = ctx.layouts()?;
    let models = set_documents::models(set, &layouts.style);
    let state = diff::state::of_set(set, &models);
    let title = format!("Changes to the {} document set", set.set.name);
    let previous = read_snapshot(outdir);
    if previous.is_none() && outdir.join(SNAPSHOT).exists() {
        progress(&format!(
            "warning: {} cannot be read; the changes since the last bundle cannot be told \
             (this bundle starts a new history)",
            outdir.join(SNAPSHOT).display()
        ));
    }
    let (changes, changes_markdown, new_changes) = match &previous {
        Some(p) if p.state == state => (p.changes.clone(), p.changes_markdown.clone(), vec![]),
        Some(p) => {
            let report = diff::compare(&p.state, &state);
            let sentences = report.sentences();
            (sentences.clone(), report.markdown(&title), sentences)
        }
        None => (vec![], String::new(), vec![]),
    };

    let mut jobs = Vec::new();
    for (doc, model) in set.documents.iter().zip(&models) {
        if let Some(model) = model {
            jobs.push(Job {
                stem: doc.stem.clone(),
                label: format!("{} {}", doc.symbol, doc.entry.title),
                document: model.clone(),
            });
        }
    }
    let list_stem = file_stem(&set.list_symbol);
    jobs.push(Job {
        stem: list_stem.clone(),
        label: format!("{} List of documents", set.list_symbol),
        document: set_documents::list_of_documents(set, &changes, &layouts.style),
    });
    let cache = Cache::new(outdir);
    let report = |r: &Rendered, i: usize, n: usize| {
        let how = if r.compiled { "built" } else { "unchanged" };
        progress(&format!("[{i}/{n}] {how} {}", r.label));
    };
    let rendered = render::render(&jobs, ctx, &cache, &report)?;

    // Files of the set, with their manifest entries.
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut entries = Vec::new();
    let by_stem = |stem: &str| rendered.iter().find(|r| r.stem == stem);
    let mut add = |name: String,
                   symbol: &str,
                   title: &str,
                   format: &str,
                   pages: Option<usize>,
                   bytes: Vec<u8>| {
        entries.push(ManifestFile::new(
            &name, symbol, title, format, pages, &bytes,
        ));
        files.push((name, bytes));
    };
    for doc in &set.documents {
        let (docx, pdf) = match (&doc.content, by_stem(&doc.stem)) {
            (Content::External { docx, pdf }, _) => {
                progress(&format!(
                    "included {} {} (as written elsewhere)",
                    doc.symbol, doc.entry.title
                ));
                (docx.clone(), pdf.clone())
            }
            (_, Some(r)) => (Some(r.docx.clone()), Some(r.pdf.clone())),
            (_, None) => continue,
        };
        let pages = pdf.as_deref().and_then(pdf_pages);
        if let Some(b) = docx {
            add(
                format!("{}.docx", doc.stem),
                &doc.symbol,
                doc.entry.title.as_str(),
                "docx",
                pages,
                b,
            );
        }
        if let Some(b) = pdf {
            add(
                format!("{}.pdf", doc.stem),
                &doc.symbol,
                doc.entry.title.as_str(),
                "pdf",
                pages,
                b,
            );
        }
    }
    let list = by_stem(&list_stem).context("the list of documents was not rendered")?;
    let pages = pdf_pages(&list.pdf);
    add(
        format!("{list_stem}.docx"),
        &set.list_symbol,
        "List of documents",
        "docx",
        pages,
        list.docx.clone(),
    );
    add(
        format!("{list_stem}.pdf"),
        &set.list_symbol,
        "List of documents",
        "pdf",
        pages,
        list.pdf.clone(),
    );
    if !changes.is_empty() {
        add(
            CHANGES.to_string(),
            "",
            &title,
            "md",
            None,
            changes_markdown.clone().into_bytes(),
        );
    }
    let archive_name = format!("{}.zip", file_stem(set.set.name.as_str()));
    let manifest = Manifest {
        set: set.set.name.printed(),
        archive: archive_name.clone(),
        files: entries,
    };
    let manifest_bytes = (serde_json::to_string_pretty(&manifest)? + "\n").into_bytes();
    files.push((MANIFEST.to_string(), manifest_bytes));
    let zip = archive::zip(&files).context("cannot make the ZIP of the set")?;
    files.push((archive_name, zip));
    let snapshot = Snapshot {
        state,
        changes,
        changes_markdown,
    };
    files.push((
        SNAPSHOT.to_string(),
        (serde_json::to_string_pretty(&snapshot)? + "\n").into_bytes(),
    ));

    let stale = stale_files(outdir, &files);
    let out: Vec<(PathBuf, Vec<u8>)> = files
        .into_iter()
        .map(|(n, b)| (outdir.join(n), b))
        .collect();
    ctx.uninterrupted(|| {
        crate::output::write_all(&out)?;
        render::remember(&rendered, &cache);
        for f in stale {
            let _ = std::fs::remove_file(outdir.join(f));
        }
        anyhow::Ok(())
    })?;
    Ok(Bundled {
        written: out.into_iter().map(|(p, _)| p).collect(),
        warnings,
        compiled: render::compiled(&rendered),
        new_changes,
    })
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
