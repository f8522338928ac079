//! `meetdoc stress-data`: a large made-up data set.

use anyhow::Result;
use meetdoc::errors::exit;
use std::path::PathBuf;

/// Write a large made-up data set (for stress tests and the benchmark).
#[derive(clap::Args)]
#[command(hide = true)]
pub struct Args {
    pub dir: PathBuf,
    #[arg(long, default_value_t = 5)]
    pub days: usize,
    #[arg(long, default_value_t = 500)]
    pub items: usize,
    #[arg(long, default_value_t = 300)]
    pub paragraphs: usize,
    #[arg(long, default_value_t = 100)]
    pub footnotes: usize,
}

pub fn run(args: Args) -> Result<i32> {
    meetdoc::stress::write(
        &args.dir,
        meetdoc::stress::Size {
            days: args.days,
            items: args.items,
            paragraphs: args.paragraphs,
            footnotes: args.footnotes,
        },
    )?;
    println!("wrote {}", args.dir.display());
    Ok(exit::OK)
}
