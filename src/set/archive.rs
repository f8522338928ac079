//! The ZIP of a whole set: entries in a fixed order, dated at midnight of
//! the list of documents' date (never the clock), so an unchanged set gives
//! a byte-identical archive and a reader sees when the set was issued.

use crate::values::Date;
use anyhow::{Context, Result};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Zips `(name, bytes)` entries, sorted by name, each dated `date` 00:00.
pub fn zip(entries: &[(String, Vec<u8>)], date: Date) -> Result<Vec<u8>> {
    let (y, m, d) = ymd(date);
    let time = DateTime::from_date_and_time(y, m, d, 0, 0, 0)
        .ok()
        .with_context(|| format!("{date} cannot be a ZIP entry's date (1980 to 2107)"))?;
    let mut sorted: Vec<&(String, Vec<u8>)> = entries.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(time)
        .unix_permissions(0o644);
    for (name, bytes) in sorted {
        w.start_file(name.as_str(), options)?;
        w.write_all(bytes)?;
    }
    Ok(w.finish()?.into_inner())
}

fn ymd(date: Date) -> (u16, u8, u8) {
    let s = date.as_str();
    let part = |r: std::ops::Range<usize>| s.get(r).and_then(|p| p.parse().ok()).unwrap_or(1);
    (part(0..4) as u16, part(5..7) as u8, part(8..10) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn entries_carry_the_date_given() {
        let date = Date::parse("2025-09-15").unwrap();
        let bytes = zip(
            &[
                ("b.txt".into(), b"b".to_vec()),
                ("a.txt".into(), b"a".to_vec()),
            ],
            date,
        )
        .unwrap();
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut e = z.by_index(0).unwrap();
        assert_eq!(e.name().unwrap(), "a.txt");
        let t = e.last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day(), t.hour()), (2025, 9, 15, 0));
        let mut s = String::new();
        e.read_to_string(&mut s).unwrap();
        assert_eq!(s, "a");
    }
}
