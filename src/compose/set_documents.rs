//! The documents of a set: each one's model with its UN masthead, the
//! provisional agenda, and the generated list of documents.

use super::inlines::plain_inlines;
use crate::data::agenda::{Agenda, AgendaItem};
use crate::model::{Block, Document, Inline, Masthead, Meta, Row, Table, TitleBlock};
use crate::set::load::{Content, LoadedDocument, LoadedSet};
use crate::style::Style;
use crate::values::Text;

/// "22-23 September 2025".
fn set_dates(set: &LoadedSet, style: &Style) -> String {
    let m = &set.set.meeting;
    m.date.range(&m.last_day(), &style.text.range_dash)
}

fn issuer(set: &LoadedSet) -> Vec<String> {
    set.set.issuer.iter().map(Text::printed).collect()
}

/// The masthead of a set document: symbol, distribution, date (the
/// revision's date for a revision) and original language.
pub fn masthead(set: &LoadedSet, doc: &LoadedDocument) -> Masthead {
    let e = &doc.entry;
    let date = e.revision_date.unwrap_or(e.date);
    Masthead {
        symbol: doc.symbol.clone(),
        distribution: e.distribution.as_str().to_string(),
        date: date.long(),
        original: format!("Original: {}", e.original.printed()),
        issuer: issuer(set),
    }
}

/// The models of every document of a set, in its order (None for an
/// external document, which has no model).
pub fn models(set: &LoadedSet, style: &Style) -> Vec<Option<Document>> {
    set.documents
        .iter()
        .map(|d| document(set, d, style))
        .collect()
}

/// The model of a set document built from data (None for external ones).
pub fn document(set: &LoadedSet, doc: &LoadedDocument, style: &Style) -> Option<Document> {
    let mut model = match &doc.content {
        Content::ConceptNote(data) => super::concept_note::build(data, style),
        Content::Programme(data) => super::programme::build_document(data, style),
        Content::Agenda(agenda) => agenda_document(set, agenda, style),
        Content::External { .. } => return None,
    };
    model.masthead = Some(masthead(set, doc));
    model.meta.date = doc.entry.revision_date.unwrap_or(doc.entry.date);
    Some(model)
}

fn agenda_document(set: &LoadedSet, agenda: &Agenda, style: &Style) -> Document {
    let mut blocks = Vec::new();
    fn items(list: &[AgendaItem], out: &mut Vec<Block>, depth: usize) {
        for item in list {
            let indent = "\u{2003}".repeat(depth);
            let mut content = vec![Inline::text(format!(
                "{indent}{}\u{2002}",
                item.number.printed()
            ))];
            content.extend(plain_inlines(item.title.spans()));
            out.push(Block::para(content));
            items(&item.items, out, depth + 1);
        }
    }
    items(&agenda.items, &mut blocks, 0);
    let m = &set.set.meeting;
    Document {
        meta: Meta {
            title: format!("{}: {}", agenda.title.printed(), m.title.printed()),
            language: m.language.clone(),
            date: m.date,
            author: issuer(set).into_iter().next().unwrap_or_default(),
        },
        masthead: None,
        title_block: TitleBlock {
            kind: Some(m.title.printed()),
            title: agenda.title.printed(),
            lines: vec![format!("{}, {}", m.venue.printed(), set_dates(set, style))],
        },
        blocks,
        footnotes: Vec::new(),
    }
}

/// The list of documents (Symbol | Title | Agenda item | Date): each
/// document under its current symbol (revision included) and date, and,
/// when `with_changes`, the report of changes since circulation.
pub fn list_of_documents(set: &LoadedSet, with_changes: bool, style: &Style) -> Document {
    let m = &set.set.meeting;
    let cell = |s: &str| vec![Block::plain(s.to_string())];
    let header = vec![
        cell("Symbol"),
        cell("Title"),
        cell("Agenda item"),
        cell("Date"),
    ];
    let agenda_item = |t: &Option<Text>| t.as_ref().map(Text::printed).unwrap_or_default();
    let row = |cells: Vec<Vec<Block>>| Row {
        shaded: false,
        breakable: false,
        cells,
    };
    let mut rows: Vec<Row> = set
        .documents
        .iter()
        .map(|d| {
            row(vec![
                cell(&d.symbol),
                cell(&d.entry.title.printed()),
                cell(&agenda_item(&d.entry.agenda_item)),
                cell(&d.entry.revision_date.unwrap_or(d.entry.date).long()),
            ])
        })
        .collect();
    if with_changes && let (Some(symbol), Some(c)) = (&set.changes_symbol, &set.set.changes) {
        rows.push(row(vec![
            cell(symbol),
            cell(&c.title.printed()),
            cell(""),
            cell(&super::changes::date(set).long()),
        ]));
    }
    let blocks = vec![Block::Table(Table {
        layout: "documents".into(),
        header,
        rows,
        notes: vec![],
    })];
    let l = &set.set.list_of_documents;
    Document {
        meta: Meta {
            title: format!("List of documents: {}", m.title.printed()),
            language: m.language.clone(),
            date: l.date,
            author: issuer(set).into_iter().next().unwrap_or_default(),
        },
        masthead: Some(Masthead {
            symbol: set.list_symbol.clone(),
            distribution: "General".into(),
            date: l.date.long(),
            original: "Original: English".into(),
            issuer: issuer(set),
        }),
        title_block: TitleBlock {
            kind: Some(m.title.printed()),
            title: "List of documents".into(),
            lines: vec![format!("{}, {}", m.venue.printed(), set_dates(set, style))],
        },
        blocks,
        footnotes: vec![],
    }
}
