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
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
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

/// Renders every job to DOCX and PDF, calling `progress` as each finishes.
/// At most `--jobs` typst processes (default: one per core) run at once,
/// each in its own build folder; meetdoc writes the DOCX files while they
/// run (no threads: the process pool is the parallelism). A document whose
/// Typst source did not change takes its last PDF from the cache. The
/// first failure names its document.
pub fn render(
    jobs: &[Job],
    layouts: &Layouts,
    cache: &Cache,
    progress: &dyn Fn(&Rendered, usize, usize),
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
    .max(1);
    let mut done: Vec<Option<Rendered>> = (0..jobs.len()).map(|_| None).collect();
    let mut running: VecDeque<(usize, Rendered, pdf::Running)> = VecDeque::new();
    let mut finished = 0;
    let mut finish = |i: usize, r: Rendered, done: &mut Vec<Option<Rendered>>| {
        finished += 1;
        progress(&r, finished, jobs.len());
        done[i] = Some(r);
    };
    let mut failure = None;
    for (i, job) in jobs.iter().enumerate() {
        match start(job, layouts, &typst, &fonts, cache) {
            Ok((r, None)) => finish(i, r, &mut done),
            Ok((r, Some(run))) => running.push_back((i, r, run)),
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
        // At most `workers` typst processes: wait for the oldest.
        while running.len() >= workers {
            let (k, mut r, run) = running.pop_front().expect("a running job");
            match run.wait() {
                Ok(pdf) => {
                    r.pdf = pdf;
                    finish(k, r, &mut done);
                }
                Err(e) => {
                    failure = Some(tool_error(e, &jobs[k]));
                    break;
                }
            }
        }
        if failure.is_some() {
            break;
        }
    }
    // Wait for every process still running (also after a failure, so no
    // build folder is removed under a running typst).
    for (k, mut r, run) in running {
        match run.wait() {
            Ok(pdf) if failure.is_none() => {
                r.pdf = pdf;
                finish(k, r, &mut done);
            }
            Ok(_) => {}
            Err(e) => {
                failure.get_or_insert(tool_error(e, &jobs[k]));
            }
        }
    }
    match failure {
        Some(e) => Err(e),
        None => Ok(done.into_iter().flatten().collect()),
    }
}

/// Lays out one job, starts typst on it unless the cache has its PDF, and
/// writes its DOCX while typst runs.
fn start(
    job: &Job,
    layouts: &Layouts,
    typst: &pdf::Typst,
    fonts: &[PathBuf],
    cache: &Cache,
) -> Result<(Rendered, Option<pdf::Running>)> {
    let style = &layouts.style;
    let name = format!("{}.pdf", job.stem);
    let source = pdf::render_source(&job.document, style, &layouts.dir)
        .with_context(|| format!("{}: cannot lay out the PDF", job.label))?;
    let key = Cache::key(&source, &typst.version, fonts);
    let cached = cache.get(&name, &key);
    let run = match cached {
        Some(_) => None,
        None => {
            let compile = pdf::CompileJob {
                name,
                source,
                date: job.document.meta.date.clone(),
            };
            Some(
                typst
                    .start(&compile, style)
                    .map_err(|e| tool_error(e, job))?,
            )
        }
    };
    let docx = docx::write(&job.document, style)
        .with_context(|| format!("{}: cannot write the DOCX", job.label))?;
    let rendered = Rendered {
        stem: job.stem.clone(),
        label: job.label.clone(),
        docx,
        compiled: run.is_some(),
        pdf: cached.unwrap_or_default(),
        key,
    };
    Ok((rendered, run))
}

fn tool_error(e: anyhow::Error, job: &Job) -> anyhow::Error {
    anyhow::Error::new(ToolFailure(
        e.context(format!("{}: typst failed", job.label)),
    ))
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
