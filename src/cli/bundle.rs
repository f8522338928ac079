//! `meetdoc bundle`: every document of a set, its list and one ZIP.

use super::print_bundled;
use anyhow::Result;
use meetdoc::errors::exit;
use meetdoc::render::RenderContext;
use std::path::PathBuf;

/// Build every document of a set (docset.json) under its symbol, with the list of documents, manifest.json and one ZIP.
#[derive(clap::Args)]
#[command(
    after_help = "Example:\n  meetdoc bundle data/som28 -o output/som28\n\nProgress goes to stderr, one line per document. Once the set was circulated (meetdoc circulate), every change since is reported against what was circulated: in OUTDIR/changes.md, in the report of changes named by \"changes\" in docset.json (a document of the set), and, beside each changed document, in a DOCX with Word tracked changes; a changed document without a new revision, and a language version's text whose original changed while its translation did not, are warned of (--strict: errors). Files already in place are not written again. A failure leaves the previous bundle as it was."
)]
pub struct Args {
    /// Set folder (holding docset.json).
    pub dir: PathBuf,
    /// Output folder (default: output/ followed by the set folder's name).
    #[arg(short, long, value_name = "OUTDIR")]
    pub output: Option<PathBuf>,
    /// A document changed since its circulation without a new revision, or a translation left behind by its original, is an error (not a warning).
    #[arg(long)]
    pub strict: bool,
    /// Make every PDF archival too (PDF/A, e.g. a-2b; replaces the set's pdf_standard).
    #[arg(long, value_name = "STANDARD")]
    pub pdf_standard: Option<meetdoc::style::PdfStandard>,
}

pub fn run(args: Args, ctx: &RenderContext) -> Result<i32> {
    ctx.layouts()?;
    let output = args
        .output
        .unwrap_or_else(|| meetdoc::paths::default_bundle_output(&args.dir));
    let b = meetdoc::set::bundle::bundle(&args.dir, ctx, &output, args.strict, &|line| {
        eprintln!("{line}")
    })?;
    print_bundled(&b);
    Ok(exit::OK)
}
