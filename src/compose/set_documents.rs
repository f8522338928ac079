//! The documents of a set: each one's model with its UN masthead, the
//! provisional agenda, and the generated list of documents.

use super::inlines::plain_inlines;
use crate::data::agenda::{Agenda, AgendaItem};
use crate::labels::LabelSet;
use crate::model::{
    AgendaItemLine, Block, Document, Inline, MarkedNote, Masthead, Meta, Row, Table, TitleBlock,
};
use crate::set::Distribution;
use crate::set::load::{Content, LoadedDocument, LoadedSet};
use crate::style::Style;
use crate::values::{Code, Date, Lang, Text};

/// The labels of the set's language.
pub(super) fn labels<'a>(set: &LoadedSet, style: &'a Style) -> &'a LabelSet {
    style.labels.get(&set.set.meeting.language)
}

/// "22–23 September 2025".
fn set_dates(set: &LoadedSet, style: &Style) -> String {
    let m = &set.set.meeting;
    labels(set, style).date_range(&m.date, &m.last_day(), &style.text.range_dash)
}

fn issuer(set: &LoadedSet) -> Vec<String> {
    set.set.issuer.iter().map(Text::printed).collect()
}

/// The author of every document of the set: its issuer, in one field.
pub(super) fn author(set: &LoadedSet) -> String {
    issuer(set).join(", ")
}

/// The lines under the masthead's rule: the meeting, its session, its
/// place and dates.
fn meeting_lines(set: &LoadedSet, style: &Style) -> Vec<String> {
    let m = &set.set.meeting;
    let mut lines = vec![m.title.printed()];
    lines.extend(m.session.as_ref().map(Text::printed));
    lines.push(labels(set, style).place_and_dates.fill(&[
        ("place", &m.venue.printed()),
        ("dates", &set_dates(set, style)),
    ]));
    lines
}

/// A masthead of the set: symbol, distribution, date, the language of a
/// translated version, original language (in the words of the label
/// table's `masthead_words` for the set's language), the issuer, the
/// meeting, and the agenda item if there is one.
pub(super) fn masthead(
    set: &LoadedSet,
    style: &Style,
    symbol: &str,
    distribution: Distribution,
    date: &Date,
    original: &Lang,
    agenda_item: Option<AgendaItemLine>,
) -> Masthead {
    let language = &set.set.meeting.language;
    let l = style.labels.masthead(language);
    Masthead {
        symbol: symbol.to_string(),
        distribution: l.distribution(distribution).to_string(),
        date: l.date(date),
        version: (language.primary() != original.primary()).then(|| l.version_line(language)),
        original: l.original(original),
        issuer: issuer(set),
        meeting: meeting_lines(set, style),
        agenda_item,
    }
}

/// "5 (a)" of "5(a)" or "5 (a)": the item number as UN documents print it
/// (a space before a sub-item's letter); any other form as typed.
pub fn agenda_item_number(item: &str) -> String {
    match split_item(item) {
        Some((main, Some(sub))) => format!("{main} {sub}"),
        Some((main, None)) => main.to_string(),
        None => item.trim().to_string(),
    }
}

/// "5(a)" → ("5", Some("(a)")), "5" → ("5", None).
fn split_item(item: &str) -> Option<(&str, Option<&str>)> {
    let item = item.trim();
    let digits = item
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(item.len());
    if digits == 0 {
        return None;
    }
    let (main, rest) = item.split_at(digits);
    let rest = rest.trim();
    if rest.is_empty() {
        return Some((main, None));
    }
    let inner = rest.strip_prefix('(')?.strip_suffix(')')?;
    (!inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric()))
        .then_some((main, Some(rest)))
}

/// The set's provisional agenda: its symbol and items (the first agenda
/// document of the set).
fn provisional_agenda(set: &LoadedSet) -> Option<(&str, &Agenda)> {
    set.documents.iter().find_map(|d| match &d.content {
        Content::Agenda(a) => Some((d.symbol.as_str(), a)),
        _ => None,
    })
}

/// The title of agenda item `item` ("5(a)") as the agenda words it: the
/// item's, after its parent's for a sub-item ("Programme areas: Air
/// pollution"), without the full stop that ends an agenda line ("." or
/// "。").
fn item_title(agenda: &Agenda, item: &str) -> Vec<Inline> {
    let Some((main, sub)) = split_item(item) else {
        return Vec::new();
    };
    let number = |n: &str| n.trim().trim_end_matches('.').to_string();
    let Some(top) = agenda
        .items
        .iter()
        .find(|i| number(i.number.as_str()) == main)
    else {
        return Vec::new();
    };
    let mut out = plain_inlines(top.title.spans());
    if let Some(sub) = sub {
        let Some(s) = top.items.iter().find(|i| i.number.as_str().trim() == sub) else {
            return Vec::new();
        };
        // No space after a full-width colon ("方案领域：空气污染").
        if !top.title.plain().trim_end().ends_with(['：', '；', '，']) {
            out.push(Inline::text(" "));
        }
        out.extend(plain_inlines(s.title.spans()));
    }
    let mut out = super::merge_text(out);
    if let Some(Inline::Text { text }) = out.last_mut()
        && let Some(t) = text.strip_suffix(['.', '。'])
    {
        *text = t.to_string();
    }
    out
}

/// "Item 5 (a) of the provisional agenda*": the line, the note citing the
/// agenda's symbol, and the item's title. None for a document not under
/// an agenda item, and for the agenda itself.
fn agenda_item_line(
    set: &LoadedSet,
    doc: &LoadedDocument,
    style: &Style,
) -> Option<AgendaItemLine> {
    if matches!(doc.content, Content::Agenda(_)) {
        return None;
    }
    let item = doc.entry.agenda_item.as_ref()?;
    let l = labels(set, style);
    let text = l
        .agenda_item
        .fill(&[("item", &agenda_item_number(&item.printed()))]);
    let agenda = provisional_agenda(set);
    Some(AgendaItemLine {
        text,
        note: agenda.map(|(symbol, _)| MarkedNote {
            mark: l.agenda_note_mark.clone(),
            content: vec![Inline::text(l.agenda_note.fill(&[("symbol", symbol)]))],
        }),
        title: agenda
            .map(|(_, a)| item_title(a, item.as_str()))
            .unwrap_or_default(),
    })
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
/// A language version is built as a document of the set in its language
/// (`LoadedSet::in_language`): its masthead, meeting and agenda item in
/// that language, the masthead's words as the label table says.
pub fn document(set: &LoadedSet, doc: &LoadedDocument, style: &Style) -> Option<Document> {
    if doc.translated.is_some() {
        let (view, own) = set.in_language(doc)?;
        return document(&view, &own, style);
    }
    let mut model = match &doc.content {
        Content::ConceptNote(data) => super::concept_note::build(data, style),
        Content::Programme(data) => super::programme::build_document(data, style),
        Content::Agenda(agenda) => agenda_document(set, agenda, style),
        Content::Document(_, general) => {
            let language = general
                .language
                .clone()
                .unwrap_or_else(|| set.set.meeting.language.clone());
            super::document::build(general, style, &language, doc.entry.date)
        }
        Content::External { .. } => return None,
    };
    let e = &doc.entry;
    let date = e.revision_date.unwrap_or(e.date);
    let original = e
        .original
        .clone()
        .unwrap_or_else(|| set.set.meeting.language.clone());
    model.masthead = Some(masthead(
        set,
        style,
        &doc.symbol,
        e.distribution,
        &date,
        &original,
        agenda_item_line(set, doc, style),
    ));
    model.meta.date = date;
    model.meta.author = author(set);
    model.meta.pdf_standards = style.pdf.for_document(set.set.pdf_standard);
    Some(model)
}

/// The items of an agenda as a numbered list ("1.", sub-items "(a)"),
/// starting at the first item's number. The set's loader has checked that
/// the agenda's numbers are the ones the list counts.
fn agenda_list(items: &[AgendaItem]) -> Block {
    let start = items
        .first()
        .and_then(|i| i.number.as_str().trim().trim_end_matches('.').parse().ok())
        .unwrap_or(1);
    Block::NumberedList {
        start,
        items: items
            .iter()
            .map(|item| {
                let mut blocks = vec![Block::para(plain_inlines(item.title.spans()))];
                if !item.items.is_empty() {
                    blocks.push(agenda_list(&item.items));
                }
                blocks
            })
            .collect(),
    }
}

/// The provisional agenda: its title and the numbered items (the meeting,
/// its place and dates are in the masthead).
fn agenda_document(set: &LoadedSet, agenda: &Agenda, style: &Style) -> Document {
    let m = &set.set.meeting;
    let l = labels(set, style);
    Document {
        meta: Meta {
            title: l.document_title.fill(&[
                ("kind", &agenda.title.printed()),
                ("title", &m.title.printed()),
            ]),
            language: m.language.clone(),
            date: m.date,
            author: author(set),
            pdf_standards: style.pdf.for_document(set.set.pdf_standard),
            properties: Vec::new(),
        },
        masthead: None,
        title_block: TitleBlock {
            kind: None,
            title: agenda.title.printed(),
            lines: Vec::new(),
        },
        blocks: if agenda.items.is_empty() {
            Vec::new()
        } else {
            vec![agenda_list(&agenda.items)]
        },
        footnotes: Vec::new(),
    }
}

/// The list of documents (Symbol | Title | Agenda item | Date): each
/// document under its current symbol (revision included) and date, and,
/// when `with_changes`, the report of changes since circulation.
pub fn list_of_documents(set: &LoadedSet, with_changes: bool, style: &Style) -> Document {
    let m = &set.set.meeting;
    let l = labels(set, style);
    let cell = |s: &str| vec![Block::plain(s.to_string())];
    let header = l.list_columns.iter().map(|c| cell(c)).collect();
    let agenda_item = |t: &Option<Code>| {
        t.as_ref()
            .map(|t| agenda_item_number(&t.printed()))
            .unwrap_or_default()
    };
    let row = |cells: Vec<Vec<Block>>| Row {
        shaded: false,
        breakable: false,
        cells,
    };
    // One row per symbol: language versions share their original's.
    let mut rows: Vec<Row> = set
        .documents
        .iter()
        .filter(|d| d.translated.is_none())
        .map(|d| {
            row(vec![
                cell(&d.symbol),
                cell(&d.entry.title.printed()),
                cell(&agenda_item(&d.entry.agenda_item)),
                cell(&l.date(&d.entry.revision_date.unwrap_or(d.entry.date))),
            ])
        })
        .collect();
    if with_changes && let (Some(symbol), Some(c)) = (&set.changes_symbol, &set.set.changes) {
        rows.push(row(vec![
            cell(symbol),
            cell(&c.title.printed()),
            cell(""),
            cell(&l.date(&super::changes::date(set))),
        ]));
    }
    let blocks = vec![Block::Table(Table {
        columns_mm: style.layout_columns("documents"),
        header,
        rows,
        notes: vec![],
    })];
    let list = &set.set.list_of_documents;
    Document {
        meta: Meta {
            title: l.document_title.fill(&[
                ("kind", &l.list_of_documents),
                ("title", &m.title.printed()),
            ]),
            language: m.language.clone(),
            date: list.date,
            author: author(set),
            pdf_standards: style.pdf.for_document(set.set.pdf_standard),
            properties: Vec::new(),
        },
        masthead: Some(masthead(
            set,
            style,
            &set.list_symbol,
            Distribution::General,
            &list.date,
            &m.language,
            None,
        )),
        title_block: TitleBlock {
            kind: None,
            title: l.list_of_documents.clone(),
            lines: Vec::new(),
        },
        blocks,
        footnotes: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agenda_item_numbers_as_the_un_prints_them() {
        assert_eq!(agenda_item_number("5(a)"), "5 (a)");
        assert_eq!(agenda_item_number("5 (a)"), "5 (a)");
        assert_eq!(agenda_item_number("12"), "12");
        assert_eq!(agenda_item_number("2 and 3"), "2 and 3");
        assert_eq!(split_item("5(a)"), Some(("5", Some("(a)"))));
        assert_eq!(split_item("(a)"), None);
    }
}
