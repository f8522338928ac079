//! The Typst source of a document: the template context and
//! [`render_source`].

use super::template;
use crate::model::{Block, Document};
use crate::style::Style;
use anyhow::{Context, Result, bail, ensure};
use minijinja::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The template every document starts from.
pub const DOCUMENT_TEMPLATE: &str = "document.typ.j2";

/// The Typst source for `doc`, rendered from `layouts_dir/document.typ.j2`
/// (templates are read at run time, so layouts can change without a rebuild).
///
/// The context holds `doc` (the model as serialized), `style` (the style
/// spec), `lang`/`region` (from `meta.language`) and `date`
/// (`year`/`month`/`day` of `meta.date`).
pub fn render_source(doc: &Document, style: &Style, layouts_dir: &Path) -> Result<String> {
    check_tables(&doc.blocks, style)?;
    check_footnotes(doc)?;
    let (year, month, day) = parse_date(&doc.meta.date)?;
    let (lang, region) = parse_language(&doc.meta.language)?;
    let ctx = Value::from(BTreeMap::from([
        ("doc", to_value(doc)?),
        ("style", to_value(style)?),
        ("lang", Value::from(lang)),
        ("region", region.map(Value::from).unwrap_or(Value::from(()))),
        (
            "date",
            Value::from(BTreeMap::from([
                ("year", Value::from(year)),
                ("month", Value::from(month)),
                ("day", Value::from(day)),
            ])),
        ),
    ]));
    let env = template::environment(layouts_dir);
    let tmpl = env.get_template(DOCUMENT_TEMPLATE).with_context(|| {
        format!(
            "cannot load the PDF layout {}",
            layouts_dir.join(DOCUMENT_TEMPLATE).display()
        )
    })?;
    tmpl.render(ctx)
        .map_err(|e| anyhow::anyhow!("{e:#}"))
        .with_context(|| format!("cannot render the PDF layout for {:?}", doc.meta.title))
}

/// A serializable value as a template value (through JSON, so the crate's
/// minijinja needs no serde feature).
fn to_value<T: serde::Serialize>(v: &T) -> Result<Value> {
    Ok(json_to_value(serde_json::to_value(v)?))
}

fn json_to_value(v: serde_json::Value) -> Value {
    use serde_json::Value as J;
    match v {
        J::Null => Value::from(()),
        J::Bool(b) => Value::from(b),
        J::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else {
                Value::from(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        J::String(s) => Value::from(s),
        J::Array(a) => Value::from(a.into_iter().map(json_to_value).collect::<Vec<_>>()),
        J::Object(o) => Value::from(
            o.into_iter()
                .map(|(k, v)| (k, json_to_value(v)))
                .collect::<BTreeMap<String, Value>>(),
        ),
    }
}

/// Every table names a layout of the style spec with as many columns as
/// its rows have cells.
fn check_tables(blocks: &[Block], style: &Style) -> Result<()> {
    for block in blocks {
        match block {
            Block::Table(t) => {
                let n = style.columns(&t.layout)?.len();
                let rows = std::iter::once(&t.header).chain(t.rows.iter().map(|r| &r.cells));
                for (i, cells) in rows.enumerate() {
                    ensure!(
                        cells.len() == n || (i == 0 && cells.is_empty()),
                        "table layout {:?} has {n} columns but a table row has {} cells",
                        t.layout,
                        cells.len()
                    );
                    for cell in cells {
                        check_tables(cell, style)?;
                    }
                }
            }
            Block::BulletList { items } => {
                for item in items {
                    check_tables(item, style)?;
                }
            }
            Block::Heading { .. } | Block::Paragraph { .. } => {}
        }
    }
    Ok(())
}

fn check_footnotes(doc: &Document) -> Result<()> {
    for (i, f) in doc.footnotes.iter().enumerate() {
        ensure!(
            f.number == i + 1,
            "footnote {} is stored as number {}",
            i + 1,
            f.number
        );
    }
    Ok(())
}

/// `YYYY-MM-DD` → (year, month, day).
pub fn parse_date(date: &str) -> Result<(i64, i64, i64)> {
    let parts: Vec<&str> = date.split('-').collect();
    let ok = parts.len() == 3
        && [4, 2, 2]
            .iter()
            .zip(&parts)
            .all(|(n, p)| p.len() == *n && p.bytes().all(|b| b.is_ascii_digit()));
    if !ok {
        bail!("the document date {date:?} is not YYYY-MM-DD");
    }
    let (y, m, d) = (
        parts[0].parse::<i64>()?,
        parts[1].parse::<i64>()?,
        parts[2].parse::<i64>()?,
    );
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    ensure!(
        (1..=12).contains(&m) && d >= 1 && d <= days[(m - 1) as usize],
        "the document date {date:?} is not a real date"
    );
    Ok((y, m, d))
}

/// Seconds since 1970-01-01 of midnight UTC on `YYYY-MM-DD`.
pub fn epoch_seconds(date: &str) -> Result<i64> {
    let (y, m, d) = parse_date(date)?;
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    ensure!(days >= 0, "the document date {date:?} is before 1970");
    Ok(days * 86_400)
}

/// A BCP 47 tag → Typst's `lang` (ISO 639) and optional `region`.
fn parse_language(tag: &str) -> Result<(String, Option<String>)> {
    let mut parts = tag.split(['-', '_']);
    let lang = parts.next().unwrap_or_default().to_ascii_lowercase();
    ensure!(
        (2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_alphabetic()),
        "the document language {tag:?} is not a BCP 47 tag such as \"en\" or \"en-GB\""
    );
    let region = parts
        .find(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()))
        .map(|p| p.to_ascii_uppercase());
    Ok((lang, region))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(epoch_seconds("1970-01-01").unwrap(), 0);
        assert_eq!(epoch_seconds("2025-09-01").unwrap(), 1_756_684_800);
        assert_eq!(epoch_seconds("2024-02-29").unwrap(), 1_709_164_800);
        assert!(parse_date("2025-02-29").is_err());
        assert!(parse_date("2025-9-1").is_err());
        assert!(parse_date("1 September 2025").is_err());
    }

    #[test]
    fn languages() {
        assert_eq!(parse_language("en").unwrap(), ("en".into(), None));
        assert_eq!(
            parse_language("zh-Hans-CN").unwrap(),
            ("zh".into(), Some("CN".into()))
        );
        assert!(parse_language("\"); #read(\"x").is_err());
    }
}
