//! `meetdoc circulate`: bundle a set and record what is issued.

use super::print_bundled;
use anyhow::Result;
use meetdoc::errors::exit;
use meetdoc::render::RenderContext;
use std::path::PathBuf;

/// Bundle a set and record what is issued in SET/circulated/ (keep that folder under version control).
#[derive(clap::Args)]
#[command(
    after_help = "Example:\n  meetdoc circulate data/som28\n\nBundles the set as `bundle --strict` does, then writes one record per document and language into data/som28/circulated/: its symbol, revision, date, a full copy of its data and the SHA-256 of its files. From then on every bundle reports the changes against what was circulated, warns of a changed document without a new revision, and writes a DOCX with the changes tracked beside each changed document."
)]
pub struct Args {
    /// Set folder (holding docset.json).
    pub dir: PathBuf,
    /// Output folder (default: output/ followed by the set folder's name).
    #[arg(short, long, value_name = "OUTDIR")]
    pub output: Option<PathBuf>,
    /// Make every PDF archival too (PDF/A, e.g. a-2b; replaces the set's pdf_standard).
    #[arg(long, value_name = "STANDARD")]
    pub pdf_standard: Option<meetdoc::style::PdfStandard>,
}

pub fn run(args: Args, ctx: &RenderContext) -> Result<i32> {
    ctx.layouts()?;
    let dir = args.dir;
    let output = args
        .output
        .unwrap_or_else(|| meetdoc::paths::default_bundle_output(&dir));
    let c = meetdoc::set::circulate::circulate(&dir, ctx, &output, &|line| eprintln!("{line}"))?;
    print_bundled(&c.bundled);
    for p in &c.written {
        println!("wrote {}", p.display());
    }
    eprintln!(
        "recorded {} document{} as circulated in {}",
        c.records.len(),
        if c.records.len() == 1 { "" } else { "s" },
        dir.join(meetdoc::set::circulate::FOLDER).display(),
    );
    Ok(exit::OK)
}
