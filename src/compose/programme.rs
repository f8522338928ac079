//! The programme: one table per day (Time | Sessions), with computed
//! durations, and the programme as a document of its own.

use super::inlines::TableNotes;
use super::title;
use crate::data::{DataSet, Item, ItemKind, Speaker};
use crate::model::{Block, Document, Field, Inline, Row, Table};
use crate::style::Style;

/// The blocks of the programme: for a meeting of several days, a heading
/// per day ("Day 1: 14:00–17:45, Tuesday, 23 September 2025", at
/// `day_level`) before its table.
pub fn blocks(data: &DataSet, style: &Style, day_level: u8) -> Vec<Block> {
    let p = &data.programme;
    let l = title::labels(data, style);
    let several = p.days.len() > 1;
    let mut out = Vec::new();
    for (n, day) in p.days.iter().enumerate() {
        if several {
            let date = day.date;
            let number = (n + 1).to_string();
            let (weekday, long) = (l.weekday(&date), l.date(&date));
            let text = match title::times(data, &day.items, style) {
                Some(times) => l.day_heading.fill(&[
                    ("number", &number),
                    ("times", &times),
                    ("weekday", weekday),
                    ("date", &long),
                ]),
                None => l.day_heading_without_times.fill(&[
                    ("number", &number),
                    ("weekday", weekday),
                    ("date", &long),
                ]),
            };
            out.push(Block::Heading {
                level: day_level,
                content: vec![Inline::text(text)],
            });
        }
        out.push(Block::Table(day_table(data, &day.items, style)));
    }
    out
}

fn day_table(data: &DataSet, items: &[Item], style: &Style) -> Table {
    let mut notes = TableNotes::new(&data.footnotes);
    let header = data
        .programme
        .columns
        .iter()
        .map(|c| vec![Block::plain(c.printed())])
        .collect();
    let rows = items
        .iter()
        .map(|item| row(data, item, &mut notes, style))
        .collect();
    Table {
        layout: "programme".into(),
        header,
        rows,
        notes: notes.notes,
    }
}

fn row(data: &DataSet, item: &Item, notes: &mut TableNotes, style: &Style) -> Row {
    let l = title::labels(data, style);
    let dash = &style.text.range_dash;
    let mut time = vec![Block::plain(l.time_range(
        item.start.as_str(),
        item.end.as_str(),
        dash,
        None,
    ))];
    if item.kind == ItemKind::Session {
        time.push(Block::plain(l.duration(item.minutes())));
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
            .map(|s| vec![Block::para(speaker(s, notes))])
            .collect();
        cell.push(Block::BulletList { items });
    }
    if !item.parts.is_empty() {
        let items = item
            .parts
            .iter()
            .map(|p| {
                let mut content = notes.inlines(&p.title);
                content.push(Inline::text(format!(" {}", l.duration(p.minutes))));
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
    let cells = vec![time, cell];
    Row {
        shaded: item.kind == ItemKind::Break,
        breakable: super::rows::may_split(&cells, "programme", style),
        cells,
    }
}

/// "Mr. Zbigniew Klimont (Report Project Lead)", "Name, Head, Office".
/// Each part is marked as its field (the words alone may not tell where
/// a name with a comma ends).
fn speaker(s: &Speaker, notes: &mut TableNotes) -> Vec<Inline> {
    let field = |field: Field, content: Vec<Inline>| Inline::Field {
        field,
        content: super::merge_text(content),
    };
    let mut out = vec![field(Field::SpeakerName, notes.inlines(&s.name))];
    if let Some(a) = &s.affiliation {
        out.push(Inline::text(", "));
        out.push(field(Field::SpeakerAffiliation, notes.inlines(a)));
    }
    if let Some(c) = &s.capacity {
        out.push(Inline::text(" ("));
        out.push(field(Field::SpeakerCapacity, notes.inlines(c)));
        out.push(Inline::text(")"));
    }
    out
}

/// The speaker as plain text, as printed (for messages and reports).
pub fn speaker_text(s: &Speaker) -> String {
    let mut out = s.name.plain();
    if let Some(a) = &s.affiliation {
        out.push_str(&format!(", {}", a.plain()));
    }
    if let Some(c) = &s.capacity {
        out.push_str(&format!(" ({})", c.plain()));
    }
    out
}

/// The programme as a document of its own: a title block (the programme's
/// heading, the meeting, venue and date) and the tables, a day's heading
/// being a section of the document (level 1).
pub fn build_document(data: &DataSet, style: &Style) -> Document {
    let heading = data.programme.heading.plain();
    let title_block = title::title_block(data, Some(heading.clone()), true, style);
    let mut meta = title::meta(data, style, title::document_title(data, style, &heading));
    // The programme prints its heading where the note prints the kind.
    meta.properties = title::properties(data, Some(data.meeting.document_kind.as_str()));
    Document {
        meta,
        masthead: None,
        title_block,
        blocks: blocks(data, style, 1),
        footnotes: Vec::new(),
    }
}
