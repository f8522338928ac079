//! Text fields to model inlines, numbering footnotes in order of first
//! reference (page footnotes) or lettering them (notes of a table).

use crate::markup::Span;
use crate::model::{Footnote, Inline, TableNote};
use crate::values::{MarkupNoNotes, RichText};
use std::collections::BTreeMap;

/// The text of each footnote, by id.
pub type NoteTexts = BTreeMap<String, MarkupNoNotes>;

/// Spans to inlines, a note reference becoming whatever `note` makes of
/// its id (a page footnote, a table note, or nothing).
fn convert(spans: &[Span], note: &mut dyn FnMut(&str) -> Option<Inline>) -> Vec<Inline> {
    spans
        .iter()
        .filter_map(|s| match s {
            Span::Text(t) => Some(Inline::text(t.clone())),
            Span::Emph(c) => Some(Inline::Emph {
                content: convert(c, note),
            }),
            Span::Strong(c) => Some(Inline::Strong {
                content: convert(c, note),
            }),
            Span::Sub(c) => Some(Inline::Sub {
                content: convert(c, note),
            }),
            Span::Super(c) => Some(Inline::Super {
                content: convert(c, note),
            }),
            Span::Link { url, content } => Some(Inline::Link {
                url: url.clone(),
                content: convert(content, note),
            }),
            Span::LineBreak => Some(Inline::LineBreak),
            Span::Note(id) => note(id),
        })
        .collect()
}

/// The text of a footnote definition as inlines (a footnote holds no
/// footnotes: its type forbids them). Validation has checked that `id` is
/// defined.
fn note_text(defs: &NoteTexts, id: &str) -> Vec<Inline> {
    defs.get(id)
        .map(|t| plain_inlines(t.spans()))
        .unwrap_or_default()
}

/// Page footnotes of one document, numbered as they are first referenced.
pub struct Notes<'a> {
    defs: &'a NoteTexts,
    ids: Vec<String>,
    pub footnotes: Vec<Footnote>,
}

impl<'a> Notes<'a> {
    pub fn new(defs: &'a NoteTexts) -> Self {
        Notes {
            defs,
            ids: Vec::new(),
            footnotes: Vec::new(),
        }
    }

    /// A text field as inlines; `[^id]` becomes a page footnote.
    pub fn inlines<const N: bool>(&mut self, text: &RichText<N>) -> Vec<Inline> {
        convert(text.spans(), &mut |id| Some(self.reference(id)))
    }

    /// The texts the notes are taken from.
    pub fn defs(&self) -> &'a NoteTexts {
        self.defs
    }

    fn reference(&mut self, id: &str) -> Inline {
        if let Some(i) = self.ids.iter().position(|x| x == id) {
            return Inline::FootnoteRef {
                number: i + 1,
                first: false,
            };
        }
        self.ids.push(id.to_string());
        let number = self.ids.len();
        self.footnotes.push(Footnote {
            number,
            content: note_text(self.defs, id),
        });
        Inline::FootnoteRef {
            number,
            first: true,
        }
    }
}

/// Notes of one table, lettered a, b, c … as they are first referenced,
/// and set under the table (UN rule: no page footnotes in tables).
pub struct TableNotes<'a> {
    defs: &'a NoteTexts,
    ids: Vec<String>,
    pub notes: Vec<TableNote>,
}

impl<'a> TableNotes<'a> {
    pub fn new(defs: &'a NoteTexts) -> Self {
        TableNotes {
            defs,
            ids: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// A text field as inlines; `[^id]` becomes a lettered table note.
    pub fn inlines<const N: bool>(&mut self, text: &RichText<N>) -> Vec<Inline> {
        convert(text.spans(), &mut |id| Some(self.reference(id)))
    }

    fn reference(&mut self, id: &str) -> Inline {
        let i = match self.ids.iter().position(|x| x == id) {
            Some(i) => i,
            None => {
                self.ids.push(id.to_string());
                let content = note_text(self.defs, id);
                self.notes.push(TableNote {
                    letter: letter(self.ids.len() - 1),
                    content,
                });
                self.ids.len() - 1
            }
        };
        Inline::TableNoteRef { letter: letter(i) }
    }
}

/// a, b, …, z, aa, ab, … for 0, 1, …
pub fn letter(i: usize) -> String {
    crate::style::letters(i + 1)
}

/// Spans to inlines where a note reference cannot occur (it is dropped).
pub fn plain_inlines(spans: &[Span]) -> Vec<Inline> {
    convert(spans, &mut |_| None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(letter(0), "a");
        assert_eq!(letter(25), "z");
        assert_eq!(letter(26), "aa");
        assert_eq!(letter(27), "ab");
    }
}
