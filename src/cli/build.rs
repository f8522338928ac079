//! `meetdoc build`: the concept note and the programme of one data set.

use super::print_warnings;
use anyhow::Result;
use meetdoc::errors::exit;
use meetdoc::render::{self, RenderContext};
use std::path::PathBuf;

/// Build the concept note and the programme (DOCX and PDF) of a data set, or a document file.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  meetdoc build data/neacap-pd2 -o output\n  meetdoc build data/som28/info-note.json -o output\n\nA data set gives OUTDIR/concept-note.{docx,pdf} and OUTDIR/programme.{docx,pdf}; a document file (a general document: information note, report, …) OUTDIR/<its name>.{docx,pdf}. Nothing is written when the data has errors."
)]
pub struct Args {
    /// Data set folder, or a general document's JSON file (default: data/neacap-pd2 in the working folder, the seed data set).
    pub dir: Option<PathBuf>,
    /// Output folder.
    #[arg(short, long, value_name = "OUTDIR", default_value = "output")]
    pub output: PathBuf,
    /// Make every PDF archival too (PDF/A, e.g. a-2b).
    #[arg(long, value_name = "STANDARD")]
    pub pdf_standard: Option<meetdoc::style::PdfStandard>,
}

pub fn run(args: Args, ctx: &RenderContext) -> Result<i32> {
    let dir = meetdoc::paths::data_dir(args.dir)?;
    ctx.layouts()?;
    let built = render::build(&dir, ctx, &args.output)?;
    print_warnings(&built.warnings);
    for p in built.written {
        println!("wrote {}", p.display());
    }
    Ok(exit::OK)
}
