//! The Typst source of a document: the template context and
//! [`render_source`].

use super::template;
use crate::layouts::LayoutSource;
use crate::model::{Block, Document};
use crate::style::Style;
use anyhow::{Context, Result, ensure};
use minijinja::Value;
use std::collections::BTreeMap;

/// The template every document starts from.
pub const DOCUMENT_TEMPLATE: &str = "document.typ.j2";

/// The Typst source for `doc`, rendered from the layouts' `document.typ.j2`
/// (built in, or read from a layouts folder at run time, so a folder's
/// layouts can change without a rebuild).
///
/// The context holds `doc` (the model as serialized), `style` (the style
/// spec), `lang`/`region` (from `meta.language`), `fonts` (the families
/// text in that language tries, in order: `Fonts::pdf_families`), `langs`
/// (for each language of a span in another language, its `lang`,
/// `region` and `fonts`) and `date` (`year`/`month`/`day` of
/// `meta.date`).
pub fn render_source(doc: &Document, style: &Style, layouts: &LayoutSource) -> Result<String> {
    // Runs of Hangul or kana in a document of another language: spans in
    // Korean or Japanese (as in the DOCX).
    let doc = &*crate::compose::scripts::marked(doc);
    check_tables(&doc.blocks)?;
    check_footnotes(doc)?;
    let d = doc.meta.date;
    let (year, month, day) = (i64::from(d.year), i64::from(d.month), i64::from(d.day));
    let (lang, region) = (doc.meta.language.primary(), doc.meta.language.region());
    let language = |l: &crate::values::Lang| {
        Value::from(BTreeMap::from([
            ("lang", Value::from(l.primary())),
            (
                "region",
                l.region().map(Value::from).unwrap_or(Value::from(())),
            ),
            ("fonts", Value::from(style.fonts.pdf_families(l))),
        ]))
    };
    let langs: BTreeMap<String, Value> = crate::model::span_languages(doc)
        .iter()
        .map(|l| (l.as_str().to_string(), language(l)))
        .collect();
    let ctx = Value::from(BTreeMap::from([
        (
            "fonts",
            Value::from(style.fonts.pdf_families(&doc.meta.language)),
        ),
        ("langs", Value::from(langs)),
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
    let env = template::environment(layouts);
    let tmpl = env.get_template(DOCUMENT_TEMPLATE).with_context(|| {
        format!(
            "cannot load the PDF layout {}",
            layouts.name_of(DOCUMENT_TEMPLATE)
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

/// Every table has as many columns as its rows have cells.
fn check_tables(blocks: &[Block]) -> Result<()> {
    for block in blocks {
        match block {
            Block::Table(t) => {
                let n = t.columns_mm.len();
                ensure!(
                    n > 0 && t.columns_mm.iter().all(|w| w.is_finite() && *w > 0.0),
                    "a table's columns must have widths above 0 mm: {:?}",
                    t.columns_mm
                );
                let rows = std::iter::once(&t.header).chain(t.rows.iter().map(|r| &r.cells));
                for (i, cells) in rows.enumerate() {
                    ensure!(
                        cells.len() == n || (i == 0 && cells.is_empty()),
                        "the table has {n} columns but a table row has {} cells",
                        cells.len()
                    );
                    for cell in cells {
                        check_tables(cell)?;
                    }
                }
            }
            Block::BulletList { items } | Block::NumberedList { items, .. } => {
                for item in items {
                    check_tables(item)?;
                }
            }
            Block::Heading { .. } | Block::Paragraph { .. } | Block::NumberedParagraph { .. } => {}
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
