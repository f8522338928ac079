//! From data to the document model. Every derived value (durations, the
//! event's time span, footnote numbers, table-note letters) is computed
//! here, once, and every writer reads the result.

pub mod changes;
pub mod concept_note;
pub mod document;
pub mod inlines;
pub mod programme;
pub mod rows;
pub mod scripts;
pub mod set_documents;
pub mod title;
pub mod versions;

use crate::data::DataSet;
use crate::model::{Document, Inline};
use crate::style::Style;

/// The file stems of the documents a data set yields.
pub const DOCUMENTS: [&str; 2] = ["concept-note", "programme"];

/// The documents one data set yields, with the file stem of each.
pub fn documents(data: &DataSet, style: &Style) -> Vec<(&'static str, Document)> {
    vec![
        ("concept-note", concept_note::build(data, style)),
        ("programme", programme::build_document(data, style)),
    ]
}

/// Joins neighbouring text inlines.
pub fn merge_text(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    for i in inlines {
        if let (Some(Inline::Text { text: prev }), Inline::Text { text }) = (out.last_mut(), &i) {
            prev.push_str(text);
            continue;
        }
        out.push(i);
    }
    out
}
