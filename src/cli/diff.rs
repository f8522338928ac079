//! `meetdoc diff`: what changed between two versions, as a Markdown report.

use anyhow::Result;
use meetdoc::errors::exit;
use meetdoc::render::RenderContext;
use std::path::PathBuf;

/// Tell what changed between two versions of a set or data set (folders, or a bundle's output folder).
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  meetdoc diff old/neacap-pd2 data/neacap-pd2\n  meetdoc diff output/som28 data/som28     (against the last bundle)\n  meetdoc diff data/som28/circulated data/som28   (against what was circulated)\n\nPrints a Markdown report; \"No changes.\" when there are none. Exits as diff(1) does: 0 when nothing changed, 1 when something did, 2 on an error."
)]
pub struct Args {
    /// The earlier version: a data set, a set, a folder meetdoc wrote, circulation records (a folder or one file).
    pub old: PathBuf,
    /// The later version: a data set or a set.
    pub new: PathBuf,
}

/// diff exits as diff(1) does: 2 for any error.
pub const ERROR: i32 = 2;

pub fn run(args: Args, ctx: &RenderContext) -> Result<i32> {
    let layouts = ctx.layouts()?;
    let (report, changed) = meetdoc::diff::between(&args.old, &args.new, &layouts.style)?;
    print!("{report}");
    Ok(if changed { 1 } else { exit::OK })
}
