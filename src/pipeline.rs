//! One build: data set → document models → DOCX and PDF bytes → files
//! written all together (or not at all).

use crate::data::{self, DataSet};
use crate::diagnostics::{Diagnostic, InvalidData};
use crate::errors::ToolFailure;
use crate::model::Document;
use crate::style::Style;
use crate::writer::{docx, pdf};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

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
    pub document: Document,
}

/// Renders every job to DOCX and PDF (typst runs in parallel) and writes
/// all files into `outdir` at once. Returns the paths written.
pub fn render_and_write(jobs: &[Job], layouts: &Layouts, outdir: &Path) -> Result<Vec<PathBuf>> {
    let files = render(jobs, layouts, outdir)?;
    crate::output::write_all(&files)?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// Renders every job to `(path in outdir, bytes)` pairs without writing.
pub fn render(jobs: &[Job], layouts: &Layouts, outdir: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    let style = &layouts.style;
    let mut compile = Vec::new();
    for job in jobs {
        let source = pdf::render_source(&job.document, style, &layouts.dir)
            .with_context(|| format!("cannot lay out {}.pdf", job.stem))?;
        compile.push(pdf::CompileJob {
            name: format!("{}.pdf", job.stem),
            source,
            date: job.document.meta.date.clone(),
        });
    }
    let typst = pdf::Typst::locate().map_err(ToolFailure)?;
    let pdfs = typst.compile_many(&compile, style).map_err(ToolFailure)?;
    let mut files = Vec::new();
    for (job, pdf) in jobs.iter().zip(pdfs) {
        let docx = docx::write(&job.document, style)
            .with_context(|| format!("cannot write {}.docx", job.stem))?;
        files.push((outdir.join(format!("{}.docx", job.stem)), docx));
        files.push((outdir.join(format!("{}.pdf", job.stem)), pdf));
    }
    Ok(files)
}

/// `meetdoc build`: the concept note and the programme of one data set.
pub fn build(
    dir: &Path,
    layouts: &Layouts,
    outdir: &Path,
) -> Result<(Vec<PathBuf>, Vec<Diagnostic>)> {
    let (data, warnings) = load(dir)?;
    let jobs: Vec<Job> = crate::build::documents(&data)
        .into_iter()
        .map(|(stem, document)| Job {
            stem: stem.to_string(),
            document,
        })
        .collect();
    let written = render_and_write(&jobs, layouts, outdir)?;
    Ok((written, warnings))
}
