//! The programme: one table per day (Time | Sessions), with computed
//! durations, and the programme as a document of its own.

use super::inlines::TableNotes;
use super::title;
use crate::data::{DataSet, Item, ItemKind, ListStyle, Speaker};
use crate::labels::{LabelSet, Piece};
use crate::model::{Block, Document, Field, Inline, Row, Table};
use crate::style::Style;
use crate::values::Text;

/// The blocks of the programme: for a meeting of several days, a heading
/// per day ("Day 1: 14:00–17:45, Tuesday, 23 September 2025", in the style
/// the programme chooses, at `day_level`) before its table.
pub fn blocks(data: &DataSet, style: &Style, day_level: u8) -> Vec<Block> {
    let p = &data.programme;
    let l = title::labels(data, style);
    let several = p.days.len() > 1;
    let mut out = Vec::new();
    for (n, day) in p.days.iter().enumerate() {
        if several {
            let times = title::times(data, &day.items, style);
            let text = l.day_heading(p.day_heading, n + 1, times.as_deref(), &day.date);
            out.push(Block::heading(day_level, vec![Inline::text(text)]));
        }
        out.push(Block::Table(day_table(data, &day.items, style)));
    }
    out
}

fn day_table(data: &DataSet, items: &[Item], style: &Style) -> Table {
    let mut notes = TableNotes::new(&data.footnotes.notes);
    let header = match &data.programme.columns {
        Some(columns) => columns.iter().map(Text::printed).collect::<Vec<_>>(),
        None => title::labels(data, style).programme_columns.to_vec(),
    }
    .into_iter()
    .map(|c| vec![Block::plain(c)])
    .collect();
    let rows = items
        .iter()
        .map(|item| row(data, item, &mut notes, style))
        .collect();
    Table {
        columns_mm: style.layout_columns("programme"),
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
            .map(|s| vec![Block::para(speaker(s, &data.meeting.language, notes, l))])
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
                if p.list_style == ListStyle::Inline {
                    // "Country presentations (50 mins): China; Japan; …"
                    let mut pieces = l.entries(p.list.len()).into_iter();
                    for e in &p.list {
                        content.push(Inline::text(pieces.next().unwrap_or_default()));
                        content.extend(notes.inlines(e));
                    }
                    content.extend(pieces.next().map(Inline::text));
                    return vec![Block::para(super::merge_text(content))];
                }
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
        breakable: super::rows::may_split(&cells, &style.layout_columns("programme"), style),
        cells,
    }
}

/// "Mr. Zbigniew Klimont (Report Project Lead)", "Name, Head, Office",
/// "Moderator: Ms. X" (a role before the name, in the label's words); a
/// name in another language than the document's (`language`) is a span in
/// it. Each part is marked as its field (the words alone may not tell
/// where a name with a comma ends; `meetdoc import` reads them back).
fn speaker(
    s: &Speaker,
    language: &crate::values::Lang,
    notes: &mut TableNotes,
    l: &LabelSet,
) -> Vec<Inline> {
    let field = |field: Field, content: Vec<Inline>| Inline::Field {
        field,
        content: super::merge_text(content),
    };
    // Notes are lettered in the order they print: the role's first.
    let role = s
        .role
        .as_ref()
        .map(|r| field(Field::SpeakerRole, notes.inlines(r)));
    let mut name = notes.inlines(&s.name);
    if let Some(l) = s
        .lang
        .as_ref()
        .filter(|l| l.primary() != language.primary())
    {
        name = vec![Inline::Lang {
            lang: l.clone(),
            content: name,
        }];
    }
    let mut out = vec![field(Field::SpeakerName, name)];
    let p = &l.speaker_parts;
    if let Some(a) = &s.affiliation {
        out.push(Inline::text(&p.before_affiliation));
        out.push(field(Field::SpeakerAffiliation, notes.inlines(a)));
    }
    if let Some(c) = &s.capacity {
        out.push(Inline::text(&p.before_capacity));
        out.push(field(Field::SpeakerCapacity, notes.inlines(c)));
        out.push(Inline::text(&p.after_capacity));
    }
    if let Some(role) = role {
        let mut with_role = Vec::new();
        for piece in l.speaker_role.pieces() {
            match piece {
                Piece::Text(t) => with_role.push(Inline::text(t)),
                Piece::Placeholder("role") => with_role.push(role.clone()),
                Piece::Placeholder(_) => with_role.extend(out.iter().cloned()),
            }
        }
        out = with_role;
    }
    super::merge_text(out)
}

/// The speaker as plain text, as printed (for messages and reports).
pub fn speaker_text(s: &Speaker) -> String {
    let mut out = s
        .role
        .as_ref()
        .map(|r| format!("{}: ", r.plain()))
        .unwrap_or_default();
    out.push_str(&s.name.plain());
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
