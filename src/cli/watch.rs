//! `meetdoc watch`: rebuild on every save.

use anyhow::Result;
use meetdoc::errors::exit;
use meetdoc::render::RenderContext;
use std::path::PathBuf;

/// Rebuild a set or data set whenever its data or layouts change.
#[derive(clap::Args)]
#[command(
    after_help = "Example:\n  meetdoc watch data/som28\n\nChecks for changes several times a second; prints what it rebuilt or the errors, and keeps the last good outputs on error. Stop with Ctrl-C."
)]
pub struct Args {
    /// A set folder (docset.json) or a data set folder.
    pub dir: PathBuf,
    /// Output folder (default: as for build or bundle).
    #[arg(short, long, value_name = "OUTDIR")]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args, ctx: &RenderContext) -> Result<i32> {
    meetdoc::watch::watch(&args.dir, args.output, ctx)?;
    Ok(exit::OK)
}
