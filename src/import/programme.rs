//! The programme: a table per day (time | sessions), days from their
//! headings. In a row: the time range ("14:00–14:15", hyphen or en dash)
//! and, for a session, its duration ("(15 mins)", checked against the
//! times); the title (bold for a session), description paragraphs, the
//! speakers as bullets ("name, affiliation (capacity)") and the timed parts
//! ("Country presentations (50 mins)") with their lists. A shaded row is a
//! break. Durations and spans are derived, never stored.

use super::meeting::{MeetingInfo, clocks, dashes, dates_in, duration, time_range};
use super::read::{Block, Para, Table};
use super::rich::Rich;
use super::{Conv, ImportError, position, short};
use crate::values::Date;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Whether a table is a programme: a row (after a header) whose first
/// cell starts with a time range.
pub fn is_programme_table(t: &Table, conv: &Conv) -> bool {
    let d = dashes(&conv.style.text.range_dash);
    t.rows.iter().any(|r| {
        r.cells.len() >= 2
            && first_para(&r.cells[0].blocks)
                .is_some_and(|p| time_range(conv.labels, p.plain().trim(), &d).is_some())
    })
}

fn first_para(blocks: &[Block]) -> Option<&Para> {
    blocks.iter().find_map(|b| match b {
        Block::Para(p) if !p.is_empty() => Some(p),
        _ => None,
    })
}

/// `programme.json` from the blocks of the programme (after its heading):
/// day headings, tables and their notes. `heading` is the programme's
/// heading (markup). Returns the value and the blocks it did not place
/// (with their positions reported).
pub fn import(
    blocks: &[Block],
    conv: &mut Conv,
    meeting: &MeetingInfo,
    heading: Option<String>,
    _day_level: u8,
) -> Result<(Value, Vec<Block>), ImportError> {
    let d = dashes(&conv.style.text.range_dash);
    let mut days: Vec<(Option<Date>, Vec<Value>)> = Vec::new();
    let mut columns: Option<Vec<String>> = None;
    let mut pending_date: Option<Date> = None;
    let mut under: Option<String> = heading.clone();
    let mut i = 0;
    let mut leftover = Vec::new();
    let mut zone_seen: Option<String> = None;
    while i < blocks.len() {
        match &blocks[i] {
            Block::Para(p) if p.is_empty() => {}
            Block::Para(p)
                if p.heading.is_some()
                    || !dates_in(conv.labels, &p.plain()).is_empty()
                        && p.list.is_none()
                        && p.plain().chars().count() < 120 =>
            {
                let text = p.plain();
                let found = dates_in(conv.labels, &text);
                if let Some(date) = found.first() {
                    pending_date = Some(*date);
                    // The time zone printed with the day's times.
                    if let Some(c) = clocks(&text).first() {
                        let from: String = text.chars().skip(c.1).collect();
                        if let Some((_, _, Some(z), _)) = time_range(conv.labels, &from, &d) {
                            zone_seen = Some(z);
                        }
                    }
                } else {
                    conv.report.unplace(position(p, under.as_deref()), &text);
                }
                under = Some(text);
            }
            Block::Table(t) if is_programme_table(t, conv) => {
                // The table's notes follow it.
                let mut notes = BTreeMap::new();
                let mut j = i + 1;
                while let Some(Block::Para(n)) = blocks.get(j) {
                    if let Some((letter, text)) = table_note(n, conv) {
                        notes.insert(letter, text);
                        j += 1;
                    } else if n.is_empty() {
                        j += 1;
                    } else {
                        break;
                    }
                }
                let mut note_ids = BTreeMap::new();
                for (letter, text) in notes {
                    let id = conv.note_id(text);
                    note_ids.insert(letter, id);
                }
                let (cols, items) = table(t, conv, &note_ids, &d, under.as_deref());
                if columns.is_none() {
                    columns = cols;
                }
                let date = pending_date.take();
                match (date, days.last_mut()) {
                    // A day's second table (no heading between).
                    (None, Some(last)) => last.1.extend(items),
                    _ => days.push((date, items)),
                }
                i = j;
                continue;
            }
            Block::Para(p) => {
                conv.report
                    .unplace(position(p, under.as_deref()), &p.plain());
                leftover.push(blocks[i].clone());
            }
            Block::Table(t) => {
                conv.report
                    .unplace(format!("table {} of the body", t.number), &table_text(t));
                leftover.push(blocks[i].clone());
            }
        }
        i += 1;
    }
    let mut out_days = Vec::new();
    let n_days = days.len();
    for (n, (date, items)) in days.into_iter().enumerate() {
        let date = date
            .or(if n == 0 { meeting.date } else { None })
            .or_else(|| {
                meeting
                    .date
                    .map(|d| Date::from_days_since_epoch(d.days_since_epoch() + n as i64))
            });
        let Some(date) = date else {
            return Err(ImportError::new(
                "the programme's day has no date: the title block and the day's heading name none",
                "write the date in the title block (\"23 September 2025\") or in a heading before the day's table",
            ));
        };
        out_days.push(json!({ "date": date.as_str(), "items": items }));
    }
    if n_days == 0 {
        conv.report
            .notes
            .push("The document has no programme table: programme.json has no days.".into());
    }
    let _ = zone_seen;
    let mut m = Map::new();
    m.insert(
        "heading".into(),
        Value::String(heading.unwrap_or_else(|| "Programme".into())),
    );
    if let Some(c) = columns
        && c != ["Time", "Sessions"]
    {
        m.insert("columns".into(), json!(c));
    }
    m.insert("days".into(), Value::Array(out_days));
    Ok((Value::Object(m), leftover))
}

/// The time zone printed in the programme's day headings, if any.
pub fn zone_of_headings(blocks: &[Block], conv: &Conv) -> Option<String> {
    let d = dashes(&conv.style.text.range_dash);
    for b in blocks {
        if let Block::Para(p) = b
            && p.heading.is_some()
        {
            let text = p.plain();
            for c in clocks(&text) {
                let from: String = text.chars().skip(c.1).collect();
                if let Some((_, _, Some(z), _)) = time_range(conv.labels, &from, &d) {
                    return Some(z);
                }
            }
        }
    }
    None
}

/// A table note: "a The note's text" (the letter in the Table Note
/// Reference style, or superscript).
fn table_note(p: &Para, conv: &mut Conv) -> Option<(String, String)> {
    let first = p.pieces.iter().find_map(|x| match x {
        super::read::Piece::Text(r) if !r.text.trim().is_empty() => Some(r.clone()),
        _ => None,
    })?;
    let letter = first.text.trim().to_string();
    let is_ref = first.style.as_deref() == Some("tablenotereference") || first.superscript;
    if !is_ref || letter.is_empty() || !letter.chars().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let r = conv.rich(p, &BTreeMap::new());
    let plain = r.plain();
    let at = plain.find(&letter)? + letter.len();
    let at = plain[..at].chars().count();
    let body = r.slice(at, r.len()).trim();
    let (text, _) = body.markup();
    Some((letter, text))
}

fn table_text(t: &Table) -> String {
    t.rows.iter().map(row_text).collect::<Vec<_>>().join("\n")
}

/// The items of one table, and its column headings.
fn table(
    t: &Table,
    conv: &mut Conv,
    notes: &BTreeMap<String, String>,
    d: &[String],
    under: Option<&str>,
) -> (Option<Vec<String>>, Vec<Value>) {
    let mut columns = None;
    let mut items = Vec::new();
    for (n, row) in t.rows.iter().enumerate() {
        let cells = &row.cells;
        let time = cells.first().and_then(|c| first_para(&c.blocks));
        let range = time.and_then(|p| time_range(conv.labels, p.plain().trim(), d));
        let Some((start, end, _, _)) = range else {
            if n == 0 || row.header {
                if columns.is_none() {
                    columns = Some(
                        cells
                            .iter()
                            .map(|c| {
                                first_para(&c.blocks)
                                    .map(|p| p.plain().trim().to_string())
                                    .unwrap_or_default()
                            })
                            .collect(),
                    );
                }
            } else {
                conv.report.unplace(
                    format!(
                        "table {}, row {} (under \"{}\")",
                        t.number,
                        n + 1,
                        short(under.unwrap_or(""))
                    ),
                    &row_text(row),
                );
            }
            continue;
        };
        // A duration under the time: a session.
        let time_paras: Vec<&Para> = cells[0]
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Para(p) if !p.is_empty() => Some(p),
                _ => None,
            })
            .collect();
        let mut session = false;
        for p in time_paras.iter().skip(1) {
            match duration(conv.labels, &p.plain()) {
                Some(m) => {
                    session = true;
                    let real = end.minutes().saturating_sub(start.minutes());
                    if m != real {
                        conv.report.notes.push(format!(
                            "Table {}, row {}: the duration printed, {}, is not the length of {}–{} ({} minutes); meetdoc computes it from the times.",
                            t.number,
                            n + 1,
                            p.plain().trim(),
                            start,
                            end,
                            real
                        ));
                    }
                }
                None => conv.report.unplace(
                    format!("table {}, row {}, time cell", t.number, n + 1),
                    &p.plain(),
                ),
            }
        }
        let shaded = cells.iter().any(|c| c.shaded);
        let content: Vec<&Block> = cells.iter().skip(1).flat_map(|c| c.blocks.iter()).collect();
        let item = item(
            conv,
            &content,
            notes,
            start.as_str(),
            end.as_str(),
            session,
            shaded,
            &format!("table {}, row {}", t.number, n + 1),
        );
        items.push(item);
    }
    (columns, items)
}

fn row_text(row: &super::read::TableRow) -> String {
    row.cells
        .iter()
        .map(|c| {
            c.blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Para(p) => Some(p.plain().trim().to_string()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(" / ")
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// One programme item from the paragraphs of its sessions cell.
#[allow(clippy::too_many_arguments)]
fn item(
    conv: &mut Conv,
    content: &[&Block],
    notes: &BTreeMap<String, String>,
    start: &str,
    end: &str,
    mut session: bool,
    shaded: bool,
    at: &str,
) -> Value {
    let paras: Vec<&Para> = content
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) if !p.is_empty() => Some(p),
            _ => None,
        })
        .collect();
    let mut title: Option<Rich> = None;
    let mut description = Vec::new();
    let mut speakers = Vec::new();
    let mut parts: Vec<Map<String, Value>> = Vec::new();
    let mut last_top_is_part = false;
    for p in paras {
        let r = conv.rich(p, notes);
        match &p.list {
            None if title.is_none() => title = Some(r),
            None => description.push(Value::String(conv.markup_of(&r))),
            Some(l) if l.level == 0 => {
                if let Some(part) = part(conv, &r) {
                    parts.push(part);
                    last_top_is_part = true;
                } else {
                    speakers.push(Value::Object(speaker(conv, p, &r, notes)));
                    last_top_is_part = false;
                }
            }
            Some(_) => {
                if last_top_is_part && let Some(last) = parts.last_mut() {
                    let entry = Value::String(conv.markup_of(&r));
                    last.entry("list")
                        .or_insert_with(|| Value::Array(Vec::new()))
                        .as_array_mut()
                        .expect("a list")
                        .push(entry);
                } else {
                    conv.report
                        .unplace(format!("{at}: an entry under a speaker"), &r.text());
                }
            }
        }
    }
    let mut title = title.unwrap_or_default();
    if !session && !shaded && title.all_bold() && description.is_empty() && parts.is_empty() {
        // A document without durations: a bold title marks a session.
        session = !speakers.is_empty() || title.all_bold();
    }
    if session && title.all_bold() {
        title = title.unbold();
    }
    let kind = if shaded {
        "break"
    } else if session {
        "session"
    } else {
        "logistics"
    };
    let mut m = Map::new();
    m.insert("start".into(), json!(start));
    m.insert("end".into(), json!(end));
    m.insert("kind".into(), json!(kind));
    m.insert("title".into(), Value::String(conv.markup_of(&title)));
    if !description.is_empty() {
        m.insert("description".into(), Value::Array(description));
    }
    if !speakers.is_empty() {
        m.insert("speakers".into(), Value::Array(speakers));
    }
    if !parts.is_empty() {
        m.insert(
            "parts".into(),
            Value::Array(parts.into_iter().map(Value::Object).collect()),
        );
    }
    Value::Object(m)
}

/// "Country presentations (50 mins)": a part and its minutes.
fn part(conv: &mut Conv, r: &Rich) -> Option<Map<String, Value>> {
    let plain = r.plain();
    let plain = plain.trim_end();
    let open = plain.rfind('(')?;
    let minutes = duration(conv.labels, &plain[open..])?;
    let cut = plain[..open].chars().count();
    let title = r.slice(0, cut).trim();
    if title.is_empty() {
        return None;
    }
    let mut m = Map::new();
    m.insert("title".into(), Value::String(conv.markup_of(&title)));
    m.insert("minutes".into(), json!(minutes));
    Some(m)
}

/// A speaker: from the character styles meetdoc sets on the name, the
/// affiliation and the capacity, else from the words: the name up to the
/// first comma, the capacity in the parentheses that end the line.
fn speaker(
    conv: &mut Conv,
    p: &Para,
    r: &Rich,
    notes: &BTreeMap<String, String>,
) -> Map<String, Value> {
    let mut m = Map::new();
    let styled = |conv: &mut Conv, name: &str| -> Option<String> {
        // The runs in the style, with the notes between them.
        let mut q = p.clone();
        let mut any = false;
        let mut inside = false;
        q.pieces.retain(|piece| match piece {
            super::read::Piece::Text(run) => {
                inside = run.style.as_deref() == Some(name);
                any |= inside;
                inside
            }
            _ => inside,
        });
        if !any {
            return None;
        }
        let rr = conv.rich(&q, notes);
        Some(conv.markup_of(&rr.trim()))
    };
    if let Some(name) = styled(conv, "speakername") {
        if let Some(role) = styled(conv, "speakerrole") {
            m.insert("role".into(), Value::String(role));
        }
        m.insert("name".into(), Value::String(name));
        if let Some(a) = styled(conv, "speakeraffiliation") {
            m.insert("affiliation".into(), Value::String(a));
        }
        if let Some(c) = styled(conv, "speakercapacity") {
            m.insert("capacity".into(), Value::String(c));
        }
        return m;
    }
    let plain = r.plain();
    let trimmed = plain.trim_end();
    let mut end = trimmed.chars().count();
    let mut capacity = None;
    if trimmed.ends_with(')')
        && let Some(open) = trimmed.rfind(" (")
    {
        let open_c = trimmed[..open].chars().count();
        capacity = Some(r.slice(open_c + 2, end - 1).trim());
        end = open_c;
    }
    let head = r.slice(0, end);
    let (name, affiliation) = match head.find(", ", 0) {
        Some(c) => (
            head.slice(0, c).trim(),
            Some(head.slice(c + 2, head.len()).trim()),
        ),
        None => (head.trim(), None),
    };
    m.insert("name".into(), Value::String(conv.markup_of(&name)));
    if let Some(a) = affiliation.filter(|a| !a.is_empty()) {
        m.insert("affiliation".into(), Value::String(conv.markup_of(&a)));
    }
    if let Some(c) = capacity.filter(|c| !c.is_empty()) {
        m.insert("capacity".into(), Value::String(conv.markup_of(&c)));
    }
    m
}
