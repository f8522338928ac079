//! One build: data set → document models → DOCX and PDF bytes → files
//! written all together (or not at all). Documents are rendered in
//! parallel (a worker per core), each typst run in its own build folder,
//! and a document whose Typst source did not change is not recompiled.

use crate::cache::Cache;
use crate::data::{self, DataSet};
use crate::diagnostics::{Diagnostic, InvalidData};
use crate::errors::ToolFailure;
use crate::model::Document;
use crate::style::Style;
use crate::writer::{docx, pdf};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many documents render at once; 0 = one per core (`--jobs`).
static JOBS: AtomicUsize = AtomicUsize::new(0);

/// Sets how many documents render at once (0: one per core).
pub fn set_jobs(n: usize) {
    JOBS.store(n, Ordering::SeqCst);
}

/// Where the layouts (templates and style spec) live.
#[derive(Debug, Clone)]
pub struct Layouts {
    pub dir: PathBuf,
    pub style: Style,
}

impl Layouts {
    pub fn load(dir: &Path) -> Result<Layouts> {
        let style = Style::load(&dir.join("style.json"))?;
        Ok(Layouts {
            dir: dir.to_path_buf(),
            style,
        })
    }
}

/// Reads and validates a data set; invalid data is an [`InvalidData`] error
/// holding every diagnostic. Warnings are returned with the data.
pub fn load(dir: &Path) -> Result<(DataSet, Vec<Diagnostic>)> {
    data::load::load(dir).map_err(|d| InvalidData(d).into())
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

/// Renders every job to DOCX and PDF, `jobs` in parallel, calling
/// `progress` as each finishes. The first failure names its document.
pub fn render(
    jobs: &[Job],
    layouts: &Layouts,
    cache: &Cache,
    progress: &(dyn Fn(&Rendered, usize, usize) + Sync),
) -> Result<Vec<Rendered>> {
    let typst = pdf::Typst::locate().map_err(ToolFailure)?;
    let fonts = pdf::find_font_files(&layouts.style)
        .map_err(ToolFailure)?
        .files;
    let workers = match JOBS.load(Ordering::SeqCst) {
        0 => std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2),
        n => n,
    }
    .clamp(1, jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Rendered>>>> =
        Mutex::new((0..jobs.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(job) = jobs.get(i) else { break };
                    let r = render_one(job, layouts, &typst, &fonts, cache);
                    if let Ok(r) = &r {
                        progress(r, done.fetch_add(1, Ordering::SeqCst) + 1, jobs.len());
                    }
                    let failed = r.is_err();
                    results.lock().expect("results lock")[i] = Some(r);
                    if failed {
                        // Stop taking new jobs: the build fails anyway.
                        next.store(jobs.len(), Ordering::SeqCst);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .expect("results lock")
        .into_iter()
        .flatten()
        .collect()
}

fn render_one(
    job: &Job,
    layouts: &Layouts,
    typst: &pdf::Typst,
    fonts: &[PathBuf],
    cache: &Cache,
) -> Result<Rendered> {
    let style = &layouts.style;
    let name = format!("{}.pdf", job.stem);
    let source = pdf::render_source(&job.document, style, &layouts.dir)
        .with_context(|| format!("{}: cannot lay out the PDF", job.label))?;
    let key = Cache::key(&source, &typst.version, fonts);
    // The DOCX is written while typst runs.
    let (docx, pdf) = std::thread::scope(|scope| {
        let docx = scope.spawn(|| docx::write(&job.document, style));
        let pdf = match cache.get(&name, &key) {
            Some(pdf) => Ok((pdf, false)),
            None => {
                let compile = pdf::CompileJob {
                    name: name.clone(),
                    source,
                    date: job.document.meta.date.clone(),
                };
                typst
                    .compile_one(&compile, style)
                    .map(|pdf| (pdf, true))
                    .map_err(|e| {
                        anyhow::Error::new(ToolFailure(
                            e.context(format!("{}: typst failed", job.label)),
                        ))
                    })
            }
        };
        let docx = docx
            .join()
            .map_err(|_| anyhow::anyhow!("{}: the DOCX writer panicked", job.label));
        (docx, pdf)
    });
    let docx = docx?.with_context(|| format!("{}: cannot write the DOCX", job.label))?;
    let (pdf, compiled) = pdf?;
    Ok(Rendered {
        stem: job.stem.clone(),
        label: job.label.clone(),
        docx,
        pdf,
        compiled,
        key,
    })
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

/// Stores the compiled PDFs in the cache (after the outputs are written).
pub fn remember(rendered: &[Rendered], cache: &Cache) {
    for r in rendered.iter().filter(|r| r.compiled) {
        cache.put(&format!("{}.pdf", r.stem), &r.key, &r.pdf);
    }
}

/// What a build did.
pub struct Built {
    pub written: Vec<PathBuf>,
    pub warnings: Vec<Diagnostic>,
    /// Labels of the documents whose PDF was compiled (not reused).
    pub compiled: Vec<String>,
}

/// `meetdoc build`: the concept note and the programme of one data set.
pub fn build(dir: &Path, layouts: &Layouts, outdir: &Path) -> Result<Built> {
    let (data, warnings) = load(dir)?;
    let jobs: Vec<Job> = crate::build::documents(&data)
        .into_iter()
        .map(|(stem, document)| Job {
            stem: stem.to_string(),
            label: stem.to_string(),
            document,
        })
        .collect();
    let cache = Cache::new(outdir);
    let rendered = render(&jobs, layouts, &cache, &|_, _, _| {})?;
    let files = files(&rendered, outdir);
    crate::output::write_all(&files)?;
    remember(&rendered, &cache);
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
