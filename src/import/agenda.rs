//! A provisional agenda: its title and the numbered list of items (with
//! sub-items), each item's number as the list prints it ("1.", "(a)").

use super::read::Block;
use super::{Conv, ImportError, Source, meeting, position};
use crate::style::roman;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// `agenda.json`.
pub fn import(src: &Source, conv: &mut Conv) -> Result<Vec<(String, Value)>, ImportError> {
    let mut title: Option<String> = None;
    let mut masthead = Vec::new();
    // (level, number, title) in order.
    let mut entries: Vec<(u8, String, String)> = Vec::new();
    // Counters per list and level.
    let mut counters: BTreeMap<(String, u8), u32> = BTreeMap::new();
    let no_notes = BTreeMap::new();
    let mut under: Option<String> = None;
    for b in &src.body {
        let Block::Para(p) = b else {
            if let Block::Table(t) = b {
                conv.report
                    .unplace(format!("table {} of the body", t.number), "(a table)");
            }
            continue;
        };
        if p.is_empty() {
            continue;
        }
        if meeting::is_masthead(p) {
            masthead.push(p);
            continue;
        }
        match &p.list {
            Some(l) if !l.bullet => {
                let n = {
                    let key = (l.num_id.clone(), l.level);
                    let start = src
                        .numbering
                        .level(&l.num_id, l.level)
                        .map_or(1, |lv| lv.start);
                    let c = counters.entry(key).or_insert(start - 1);
                    *c += 1;
                    *c
                };
                // Deeper levels start again.
                counters.retain(|(id, lvl), _| id != &l.num_id || *lvl <= l.level);
                let number = number_text(src, conv, &l.num_id, l.level, &counters, n);
                let text = conv.markup(p, &no_notes);
                entries.push((l.level, number, text));
            }
            _ if title.is_none() && entries.is_empty() => {
                title = Some(p.plain().trim().to_string());
                under = title.clone();
            }
            _ => conv
                .report
                .unplace(position(p, under.as_deref()), &p.plain()),
        }
    }
    if !masthead.is_empty() {
        conv.report.masthead = Some(super::report::Masthead::of(&masthead));
    }
    let Some(title) = title else {
        return Err(ImportError::new(
            "the agenda has no title before its numbered list",
            "put the agenda's title (e.g. \"Provisional agenda\") in a paragraph above the list",
        ));
    };
    let items = nest(&entries, 0, &mut 0);
    let mut m = Map::new();
    m.insert("title".into(), Value::String(title));
    m.insert("items".into(), Value::Array(items));
    Ok(vec![("agenda.json".to_string(), Value::Object(m))])
}

/// The number as the list's level prints it ("%1." -> "5.", "(%2)" ->
/// "(a)"); the layout's numbering when the document does not say.
fn number_text(
    src: &Source,
    conv: &Conv,
    num_id: &str,
    level: u8,
    counters: &BTreeMap<(String, u8), u32>,
    n: u32,
) -> String {
    if let Some(lv) = src.numbering.level(num_id, level)
        && !lv.text.is_empty()
    {
        let mut out = lv.text.clone();
        for k in 1..=9u8 {
            let placeholder = format!("%{k}");
            if out.contains(&placeholder) {
                let value = if k - 1 == level {
                    n
                } else {
                    counters
                        .get(&(num_id.to_string(), k - 1))
                        .copied()
                        .unwrap_or(1)
                };
                let fmt = src
                    .numbering
                    .level(num_id, k - 1)
                    .map_or("decimal".to_string(), |l| l.format.clone());
                out = out.replace(&placeholder, &format_number(&fmt, value));
            }
        }
        return out;
    }
    let numbering = &conv.style.numbering;
    match numbering.get(level as usize).or(numbering.last()) {
        Some(d) => {
            use crate::style::NumberFormat as F;
            let f = match d.format {
                F::Decimal => "decimal",
                F::LowerLetter => "lowerLetter",
                F::UpperLetter => "upperLetter",
                F::LowerRoman => "lowerRoman",
                F::UpperRoman => "upperRoman",
            };
            d.text.replace("{n}", &format_number(f, n))
        }
        None => format!("{n}."),
    }
}

/// A counter in a list format (Word's names and the layout's).
fn format_number(format: &str, n: u32) -> String {
    let letter = |n: u32| -> String {
        let mut s = String::new();
        let mut n = n;
        while n > 0 {
            n -= 1;
            s.insert(0, (b'a' + (n % 26) as u8) as char);
            n /= 26;
        }
        s
    };
    match format {
        "lowerLetter" | "lower-letter" => letter(n),
        "upperLetter" | "upper-letter" => letter(n).to_uppercase(),
        "lowerRoman" | "lower-roman" => roman(n as usize),
        "upperRoman" | "upper-roman" => roman(n as usize).to_uppercase(),
        _ => n.to_string(),
    }
}

/// The flat entries as a tree of items: an entry of a deeper level is a
/// sub-item of the one before.
fn nest(entries: &[(u8, String, String)], level: u8, at: &mut usize) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    while *at < entries.len() {
        let (l, number, title) = &entries[*at];
        if *l < level {
            break;
        }
        if *l > level {
            let sub = nest(entries, level + 1, at);
            if let Some(Value::Object(last)) = out.last_mut() {
                last.insert("items".into(), Value::Array(sub));
            } else {
                out.extend(sub);
            }
            continue;
        }
        let mut m = Map::new();
        m.insert("number".into(), Value::String(number.clone()));
        m.insert("title".into(), Value::String(title.clone()));
        out.push(Value::Object(m));
        *at += 1;
    }
    out
}
