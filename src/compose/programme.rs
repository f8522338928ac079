//! The programme: one table per day (Time | Sessions), with computed
//! durations, and the programme as a document of its own.

use super::inlines::{Notes, TableNotes};
use super::title;
use crate::data::time::{Clock, Date};
use crate::data::{DataSet, Item, ItemKind, Speaker};
use crate::model::{Block, Document, Inline, Row, Table};

/// The blocks of the programme: for a meeting of several days, a heading
/// per day ("Day 1: 14:00-17:45, Tuesday, 23 September 2025") before its
/// table.
pub fn blocks(data: &DataSet) -> Vec<Block> {
    let p = &data.programme;
    let several = p.days.len() > 1;
    let mut out = Vec::new();
    for (n, day) in p.days.iter().enumerate() {
        if several {
            let date = Date::parse(&day.date).expect("validated date");
            let span = title::span(&day.items)
                .map(|(a, b)| format!("{a}-{b}{}, ", tz(data)))
                .unwrap_or_default();
            out.push(Block::Heading {
                level: 2,
                content: vec![Inline::text(format!(
                    "Day {}: {span}{}, {}",
                    n + 1,
                    date.weekday(),
                    date.long()
                ))],
            });
        }
        out.push(Block::Table(day_table(data, &day.items)));
    }
    out
}

fn tz(data: &DataSet) -> String {
    data.meeting
        .timezone
        .as_deref()
        .map(|t| format!(" ({t})"))
        .unwrap_or_default()
}

fn day_table(data: &DataSet, items: &[Item]) -> Table {
    let mut notes = TableNotes::new(&data.footnotes);
    let header = data
        .programme
        .columns
        .iter()
        .map(|c| vec![Block::plain(c.clone())])
        .collect();
    let rows = items.iter().map(|item| row(item, &mut notes)).collect();
    Table {
        layout: "programme".into(),
        header,
        rows,
        notes: notes.notes,
    }
}

/// "(15 mins)".
pub fn duration(minutes: u32) -> String {
    if minutes == 1 {
        "(1 min)".to_string()
    } else {
        format!("({minutes} mins)")
    }
}

fn row(item: &Item, notes: &mut TableNotes) -> Row {
    let start = Clock::parse(&item.start).expect("validated time");
    let end = Clock::parse(&item.end).expect("validated time");
    let mut time = vec![Block::plain(format!("{start}-{end}"))];
    if item.kind == ItemKind::Session {
        time.push(Block::plain(duration(end.0 - start.0)));
    }
    let mut cell = Vec::new();
    let title = notes.inlines(&item.title);
    cell.push(Block::para(if item.kind == ItemKind::Session {
        vec![Inline::Strong { content: title }]
    } else {
        title
    }));
    for d in &item.description {
        cell.push(Block::para(notes.inlines(d)));
    }
    if !item.speakers.is_empty() {
        let items = item
            .speakers
            .iter()
            .map(|s| vec![Block::para(notes.inlines(&speaker(s)))])
            .collect();
        cell.push(Block::BulletList { items });
    }
    if !item.parts.is_empty() {
        let items = item
            .parts
            .iter()
            .map(|p| {
                let mut content = notes.inlines(&p.title);
                content.push(Inline::text(format!(" {}", duration(p.minutes))));
                let mut blocks = vec![Block::para(content)];
                if !p.list.is_empty() {
                    blocks.push(Block::BulletList {
                        items: p
                            .list
                            .iter()
                            .map(|e| vec![Block::para(notes.inlines(e))])
                            .collect(),
                    });
                }
                blocks
            })
            .collect();
        cell.push(Block::BulletList { items });
    }
    Row {
        shaded: item.kind == ItemKind::Break,
        breakable: false,
        cells: vec![time, cell],
    }
}

/// "Mr. Zbigniew Klimont (Report Project Lead)", "Name, Head, Office".
pub fn speaker(s: &Speaker) -> String {
    let mut out = s.name.clone();
    if let Some(a) = &s.affiliation {
        out.push_str(", ");
        out.push_str(a);
    }
    if let Some(c) = &s.capacity {
        out.push_str(&format!(" ({c})"));
    }
    out
}

/// The programme as a document of its own: a title block (the programme's
/// heading, the meeting, venue and date) and the tables.
pub fn build_document(data: &DataSet) -> Document {
    let mut notes = Notes::new(&data.footnotes);
    let heading = plain(&notes.inlines(&data.programme.heading));
    let title_block = title::title_block(data, Some(heading.clone()), true);
    Document {
        meta: title::meta(data, format!("{heading}: {}", data.meeting.title)),
        masthead: None,
        title_block,
        blocks: blocks(data),
        footnotes: notes.footnotes,
    }
}

fn plain(inlines: &[Inline]) -> String {
    crate::model::plain_text(inlines)
}
