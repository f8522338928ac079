//! The report of changes since circulation as a document of the set: its
//! symbol and title from `docset.json` ("changes"), a section per changed
//! document (its revision, then each change).
//!
//! It is a generated document, as the list of documents is. Once the
//! general document kind exists (issue 12: sections and paragraphs from
//! data), this becomes one: the report is then written as such a
//! document's data, and this file goes.

use super::set_documents;
use crate::diff::Report;
use crate::model::{Block, Document, Inline, Meta, TitleBlock};
use crate::set::Distribution;
use crate::set::load::LoadedSet;
use crate::style::Style;
use crate::values::Date;

/// The report's date: `changes.date`, else the latest date of the set's
/// documents (revision dates included).
pub fn date(set: &LoadedSet) -> Date {
    set.set
        .changes
        .as_ref()
        .and_then(|c| c.date)
        .or_else(|| {
            set.set
                .documents
                .iter()
                .map(|d| d.revision_date.unwrap_or(d.date))
                .max()
        })
        .unwrap_or(set.set.list_of_documents.date)
}

/// The report as a document, when the set names its symbol and title.
pub fn document(set: &LoadedSet, report: &Report, style: &Style) -> Option<Document> {
    let (symbol, entry) = (set.changes_symbol.as_ref()?, set.set.changes.as_ref()?);
    let m = &set.set.meeting;
    let l = set_documents::labels(set, style);
    let date = date(set);
    let title = entry.title.printed();
    let mut blocks = vec![Block::plain(
        "The documents below changed since they were circulated. For each, its revision \
         and what changed in it are listed, against the version circulated before.",
    )];
    for d in &report.documents {
        blocks.push(Block::heading(
            1,
            vec![Inline::text(format!("{} ({})", d.symbol, d.title))],
        ));
        for line in &d.lead {
            blocks.push(Block::plain(line.clone()));
        }
        if !d.lines.is_empty() {
            blocks.push(Block::BulletList {
                items: d
                    .lines
                    .iter()
                    .map(|line| vec![Block::plain(line.clone())])
                    .collect(),
            });
        }
    }
    Some(Document {
        meta: Meta {
            title: l
                .document_title
                .fill(&[("kind", &title), ("title", &m.title.printed())]),
            language: m.language.clone(),
            date,
            author: set_documents::author(set),
            pdf_standards: style.pdf.for_document(set.set.pdf_standard),
            properties: Vec::new(),
        },
        masthead: Some(set_documents::masthead(
            set,
            style,
            symbol,
            Distribution::General,
            &date,
            &m.language,
            None,
        )),
        title_block: TitleBlock {
            kind: None,
            title,
            lines: Vec::new(),
        },
        blocks,
        footnotes: vec![],
    })
}
