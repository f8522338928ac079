//! One build: data set → document models → DOCX and PDF bytes → files
//! written all together (or not at all). Documents are rendered in
//! parallel (a worker per core), each typst run in its own build folder,
//! and a document whose Typst source did not change is not recompiled.

pub mod cache;
pub mod check;
pub mod context;

use crate::data::version::Version;
use crate::data::{self, DataSet};
use crate::diagnostics::{Diagnostic, InvalidData};
use crate::errors::ToolFailure;
use crate::model::Document;
use crate::writer::{docx, pdf};
use anyhow::{Context, Result};
use cache::Cache;
pub use context::{Layouts, RenderContext, Settings};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};

/// Reads and validates a data set; invalid data is an [`InvalidData`] error
/// holding every diagnostic. Warnings are returned with the data.
pub fn load(dir: &Path) -> Result<(DataSet, Vec<Diagnostic>)> {
    data::load::load(dir).map_err(|d| InvalidData(d).into())
}

/// Reads and validates a data set and its language versions (its language
/// folders, see `data::version`); the warnings include each text a
/// version prints untranslated. Invalid data is an [`InvalidData`] error.
pub fn load_with_versions(
    dir: &Path,
    style: &crate::style::Style,
) -> Result<(DataSet, Vec<Version>, Vec<Diagnostic>)> {
    let (data, mut warnings) = load(dir)?;
    let (versions, diags) = data::version::load_all(&data);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(InvalidData(diags).into());
    }
    warnings.extend(diags);
    for v in &versions {
        warnings.extend(crate::compose::versions::untranslated(&data, v, style));
    }
    Ok((data, versions, warnings))
}

/// A document ready to be written: its file stem and model.
pub struct Job {
    /// Output file stem, e.g. "concept-note" (".docx"/".pdf" are added).
    pub stem: String,
    /// How progress and errors name it, e.g. "NEACAP/PD2/1 Draft concept note".
    pub label: String,
    pub document: Document,
}

/// What rendering one job gave.
pub struct Rendered {
    pub stem: String,
    pub label: String,
    pub docx: Vec<u8>,
    pub pdf: Vec<u8>,
    /// False when the PDF came from the compile cache.
    pub compiled: bool,
    /// The cache key of the PDF (stored once the files are written).
    key: String,
}

/// Renders every job to DOCX and PDF, calling `progress` as each finishes.
/// At most `ctx.jobs()` typst processes (`--jobs`, default: one per core)
/// run at once, each in its own build folder: meetdoc starts them first and
/// writes the DOCX files while they run (no threads: the process pool is
/// the parallelism). A document whose Typst source did not change takes its
/// last PDF from the cache. The first failure names its document.
pub fn render(
    jobs: &[Job],
    ctx: &RenderContext,
    cache: &Cache,
    progress: &dyn Fn(&Rendered, usize, usize),
) -> Result<Vec<Rendered>> {
    let layouts = ctx.layouts()?;
    let layouts = &*layouts;
    let fonts = ctx.fonts(&layouts.style)?;
    let tools = Tools {
        typst: ctx.typst()?,
        body: fonts.body(ctx.place()),
        fonts,
        place: ctx.place(),
    };
    let workers = ctx.jobs();
    let mut swept = false;
    let mut started: VecDeque<Started> = VecDeque::new();
    let mut out = Vec::with_capacity(jobs.len());
    let mut next = 0;
    let result = (|| -> Result<()> {
        loop {
            // Keep the pool full. typst is started first, for a document
            // the cache cannot hold (its start-up then overlaps the laying
            // out: it reads its source once the source is laid out).
            let running = started.iter().filter(|s| s.run.is_some()).count();
            let mut pending = Vec::new();
            while next < jobs.len() && running + pending.len() < workers {
                let job = &jobs[next];
                next += 1;
                let early = if cache.may_have(&pdf_name(job)) {
                    None
                } else {
                    Some(
                        tools
                            .typst
                            .start_early(
                                &pdf_name(job),
                                job.document.meta.date,
                                &job.document.meta.pdf_standards,
                                &tools.body,
                                tools.place,
                            )
                            .map_err(|e| tool_error(e, job))?,
                    )
                };
                pending.push((job, early));
            }
            for (job, early) in pending {
                started.push_back(start(job, early, layouts, &tools, cache)?);
            }
            // While typst runs, write a DOCX that is still to be written.
            if let Some(s) = started.iter_mut().find(|s| s.docx.is_none()) {
                let job = s.job;
                let docx = docx::write(&job.document, &layouts.style)
                    .with_context(|| format!("{}: cannot write the DOCX", job.label))?;
                s.docx = Some(docx);
                continue;
            }
            // Then remove what killed builds left in the temporary folder
            // (once), and wait for the oldest document.
            if !swept {
                tools.place.sweep_stale();
                swept = true;
            }
            let Some(s) = started.pop_front() else { break };
            let (pdf, compiled) = match s.run {
                Some(run) => (run.wait().map_err(|e| tool_error(e, s.job))?, true),
                None => (s.cached.unwrap_or_default(), false),
            };
            let r = Rendered {
                stem: s.job.stem.clone(),
                label: s.job.label.clone(),
                docx: s.docx.unwrap_or_default(),
                pdf,
                compiled,
                key: s.key,
            };
            progress(&r, out.len() + 1, jobs.len());
            out.push(r);
        }
        Ok(())
    })();
    // After a failure, wait for every typst still running, so that no
    // build folder is removed under it.
    for s in started {
        if let Some(run) = s.run {
            let _ = run.wait();
        }
    }
    result.map(|()| out)
}

/// A document whose PDF is under way (or cached), and its DOCX once written.
struct Started<'a> {
    job: &'a Job,
    key: String,
    cached: Option<Vec<u8>>,
    run: Option<pdf::Running>,
    docx: Option<Vec<u8>>,
}

/// What compiles a PDF: typst, the fonts, where build folders go.
struct Tools<'a> {
    typst: pdf::Typst,
    fonts: std::sync::Arc<pdf::FontSet>,
    /// The body family's fonts, handed to a typst started early.
    body: pdf::FontChoice,
    place: &'a pdf::BuildPlace,
}

fn pdf_name(job: &Job) -> String {
    format!("{}.pdf", job.stem)
}

/// Lays out one job and hands it to typst (`early`, or one started now),
/// unless the cache has its PDF.
fn start<'a>(
    job: &'a Job,
    early: Option<pdf::Waiting>,
    layouts: &Layouts,
    tools: &Tools,
    cache: &Cache,
) -> Result<Started<'a>> {
    let style = &layouts.style;
    let name = pdf_name(job);
    let source = pdf::render_source(&job.document, style, &layouts.source)
        .with_context(|| format!("{}: cannot lay out the PDF", job.label))?;
    // The fonts this document needs: the cache key holds exactly those
    // typst is handed.
    let fonts = tools.fonts.choose(&source, tools.place);
    let key = Cache::key(&source, &tools.typst.version, &fonts.files);
    let cached = cache.get(&name, &key);
    let run = match (&cached, early) {
        (Some(_), early) => {
            if let Some(waiting) = early {
                waiting.cancel();
            }
            None
        }
        (None, early) => {
            let compile = pdf::CompileJob {
                name,
                source,
                date: job.document.meta.date,
                standards: job.document.meta.pdf_standards.clone(),
            };
            let run = match early {
                Some(waiting) => waiting.feed(&compile, &fonts, tools.place),
                None => tools.typst.start(&compile, &fonts, tools.place),
            };
            Some(run.map_err(|e| tool_error(e, job))?)
        }
    };
    Ok(Started {
        job,
        key,
        cached,
        run,
        docx: None,
    })
}

/// A typst failure, named by the document's label when that says more than
/// the file name already in the message.
fn tool_error(e: anyhow::Error, job: &Job) -> anyhow::Error {
    let e = if job.label == job.stem {
        e
    } else {
        e.context(job.label.clone())
    };
    anyhow::Error::new(ToolFailure(e))
}

/// The output files of rendered jobs, in `outdir`.
pub fn files(rendered: &[Rendered], outdir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for r in rendered {
        files.push((outdir.join(format!("{}.docx", r.stem)), r.docx.clone()));
        files.push((outdir.join(format!("{}.pdf", r.stem)), r.pdf.clone()));
    }
    files
}

/// Records every PDF in the cache, once the outputs are written (each
/// file was replaced, so even a reused PDF gets a new entry).
pub fn remember(rendered: &[Rendered], cache: &Cache) {
    for r in rendered {
        cache.put(&format!("{}.pdf", r.stem), &r.key);
    }
}

/// What a build did.
pub struct Built {
    pub written: Vec<PathBuf>,
    pub warnings: Vec<Diagnostic>,
    /// Labels of the documents whose PDF was compiled (not reused).
    pub compiled: Vec<String>,
}

/// A general document given as a file of its own, read once: its file
/// stem, data, model and warnings.
pub struct DocumentFile {
    pub stem: String,
    pub data: data::document::GeneralDocument,
    pub model: Document,
    pub warnings: Vec<Diagnostic>,
}

/// A general document given as a file of its own (not in a set). It
/// needs its date (a set gives its documents theirs); its language is by
/// default en-GB.
pub fn general_document(file: &Path, style: &crate::style::Style) -> Result<DocumentFile> {
    let (doc, warnings) = data::document::load(file).map_err(InvalidData)?;
    let Some(date) = doc.date else {
        let mut all = warnings;
        all.push(
            Diagnostic::error(file, "", "missing field \"date\"")
                .help("a document built on its own needs its date, e.g. \"date\": \"2025-09-01\" (in a set, docset.json gives it)"),
        );
        return Err(InvalidData(all).into());
    };
    let language = doc.language.clone().unwrap_or_default();
    let model = crate::compose::document::build(&doc, style, &language, date);
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "document".into());
    Ok(DocumentFile {
        stem,
        data: doc,
        model,
        warnings,
    })
}

/// `meetdoc build`: the concept note and the programme of one data set
/// (a folder) and those of its language versions (`programme-ru`), or a
/// general document (a file).
pub fn build(dir: &Path, ctx: &RenderContext, outdir: &Path) -> Result<Built> {
    let layouts = ctx.layouts()?;
    // The documents, and what was built for `meetdoc diff` against this
    // folder.
    let (documents, warnings, state) = if dir.is_file() {
        let file = general_document(dir, &layouts.style)?;
        let state = crate::diff::state::of_document_file(dir, &file.data, &file.model);
        (vec![(file.stem, file.model)], file.warnings, state)
    } else {
        let (data, versions, warnings) = load_with_versions(dir, &layouts.style)?;
        let mut documents: Vec<(String, Document)> =
            crate::compose::documents(&data, &layouts.style)
                .into_iter()
                .map(|(stem, doc)| (stem.to_string(), doc))
                .collect();
        for v in &versions {
            for (stem, _, document) in crate::compose::versions::documents(v, &layouts.style) {
                documents.push((stem, document));
            }
        }
        let state = crate::diff::state::of_data_set(&data, &versions, &layouts.style);
        (documents, warnings, state)
    };
    let jobs: Vec<Job> = documents
        .into_iter()
        .map(|(stem, document)| Job {
            stem: stem.clone(),
            label: stem,
            document,
        })
        .collect();
    let cache = Cache::new(outdir);
    let rendered = render(&jobs, ctx, &cache, &|_, _, _| {})?;
    let mut files = files(&rendered, outdir);
    let snapshot = crate::diff::snapshot::Snapshot { state };
    files.push((
        outdir.join(crate::diff::snapshot::SNAPSHOT),
        snapshot.to_bytes(),
    ));
    ctx.uninterrupted(|| {
        crate::output::write_all(&files)?;
        remember(&rendered, &cache);
        anyhow::Ok(())
    })?;
    Ok(Built {
        written: files.into_iter().map(|(p, _)| p).collect(),
        warnings,
        compiled: compiled(&rendered),
    })
}

/// Labels of the documents whose PDF was compiled (not reused).
pub fn compiled(rendered: &[Rendered]) -> Vec<String> {
    rendered
        .iter()
        .filter(|r| r.compiled)
        .map(|r| r.label.clone())
        .collect()
}
