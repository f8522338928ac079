//! `meetdoc shift`: move programme items by some minutes.

use super::print_warnings;
use anyhow::Result;
use meetdoc::data::load::Source as _;
use meetdoc::data::{Programme, edit, format, load};
use meetdoc::diagnostics::{Diagnostic, InvalidData};
use meetdoc::errors::exit;
use std::path::PathBuf;

/// Move a programme item and every item after it on its day by some minutes.
#[derive(clap::Args)]
#[command(
    allow_negative_numbers = true,
    after_help = "Example:\n  meetdoc shift data/neacap-pd2 --day 1 --item 5 --minutes 15\n\nDays and items are counted from 1, as printed. programme.json is rewritten in the data file layout (only the moved times change); nothing is written when the result would not be valid."
)]
pub struct Args {
    /// Data set folder (default: the seed data set).
    pub dir: Option<PathBuf>,
    /// The day, counted from 1.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub day: usize,
    /// The first item to move, counted from 1.
    #[arg(long, value_name = "N")]
    pub item: usize,
    /// How far: minutes later, or earlier when negative.
    #[arg(long, value_name = "N")]
    pub minutes: i64,
}

/// The edit on programme.json's value, the data set checked with the new
/// value, then the file written in the data layout.
pub fn run(args: Args) -> Result<i32> {
    let dir = meetdoc::paths::data_dir(args.dir)?;
    let minutes = args.minutes;
    let (Some(d), Some(i)) = (args.day.checked_sub(1), args.item.checked_sub(1)) else {
        anyhow::bail!("days and items are counted from 1");
    };
    let path = dir.join("programme.json");
    let mut value = load::Disk.value(&path).map_err(|d| InvalidData(vec![d]))?;
    let shifted = edit::apply_typed(&mut value, |p: &mut Programme| {
        edit::shift_from(p, d, i, minutes)
    })
    .map_err(|e| {
        InvalidData(vec![Diagnostic::error(
            &path,
            format!("days[{d}].items[{i}]"),
            e.0,
        )])
    })?;
    let mut overlay = load::Overlay::default();
    overlay.set(&path, value.clone())?;
    let (data, warnings) = load::load_from(&dir, &overlay).map_err(InvalidData)?;
    print_warnings(&warnings);
    meetdoc::output::write_all(&[(path.clone(), format::to_bytes(&value))])?;
    let items = &data.programme.days[d].items;
    for (n, it) in items.iter().enumerate().skip(shifted.items.start) {
        println!("{}: now {}-{}", it.describe(n), it.start, it.end);
    }
    println!("wrote {}", path.display());
    Ok(exit::OK)
}
