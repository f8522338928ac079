//! `meetdoc serve`: the browser editor.

use anyhow::Result;
use meetdoc::errors::exit;
use meetdoc::render::RenderContext;
use std::path::PathBuf;

/// Edit the meeting in a browser: forms for every part, the pages beside them, live.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  meetdoc serve                     the seed data set\n  meetdoc serve data/som28 --open   a document set, in the default browser\n\nThe first line printed is the address to open (it holds a token that changes every run). Only this machine can connect (127.0.0.1). Port 0 or a busy port: any free port. Stop with Ctrl-C."
)]
pub struct Args {
    /// A data set or a set folder (default: the seed data set).
    pub dir: Option<PathBuf>,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = meetdoc::serve::DEFAULT_PORT, value_name = "N")]
    pub port: u16,
    /// Open the editor in the default browser.
    #[arg(long)]
    pub open: bool,
}

/// The editor keeps the context for its lifetime (and stops on Ctrl-C by
/// itself, saying what was not saved).
pub fn run(args: Args, ctx: RenderContext) -> Result<i32> {
    let dir = meetdoc::paths::data_dir(args.dir)?;
    meetdoc::serve::serve(
        meetdoc::serve::Options {
            dir,
            port: args.port,
            open: args.open,
        },
        ctx,
    )?;
    Ok(exit::OK)
}
