//! Text fields to model inlines, numbering footnotes in order of first
//! reference (page footnotes) or lettering them (notes of a table).

use crate::data::Footnotes;
use crate::markup::{self, Span};
use crate::model::{Footnote, Inline, TableNote};

/// Page footnotes of one document, numbered as they are first referenced.
pub struct Notes<'a> {
    defs: &'a Footnotes,
    ids: Vec<String>,
    pub footnotes: Vec<Footnote>,
}

impl<'a> Notes<'a> {
    pub fn new(defs: &'a Footnotes) -> Self {
        Notes {
            defs,
            ids: Vec::new(),
            footnotes: Vec::new(),
        }
    }

    /// A text field as inlines; `[^id]` becomes a page footnote.
    pub fn inlines(&mut self, text: &str) -> Vec<Inline> {
        let spans = markup::parse(text);
        self.convert(&spans)
    }

    fn convert(&mut self, spans: &[Span]) -> Vec<Inline> {
        spans
            .iter()
            .map(|s| match s {
                Span::Text(t) => Inline::text(t.clone()),
                Span::Emph(c) => Inline::Emph {
                    content: self.convert(c),
                },
                Span::Strong(c) => Inline::Strong {
                    content: self.convert(c),
                },
                Span::LineBreak => Inline::LineBreak,
                Span::Note(id) => self.reference(id),
            })
            .collect()
    }

    fn reference(&mut self, id: &str) -> Inline {
        if let Some(i) = self.ids.iter().position(|x| x == id) {
            return Inline::FootnoteRef {
                number: i + 1,
                first: false,
            };
        }
        let text = self.defs.notes.get(id).cloned().unwrap_or_default();
        self.ids.push(id.to_string());
        let number = self.ids.len();
        // Footnotes hold no footnotes (validation forbids it).
        let content = plain_inlines(&markup::parse(&text));
        self.footnotes.push(Footnote { number, content });
        Inline::FootnoteRef {
            number,
            first: true,
        }
    }
}

/// Notes of one table, lettered a, b, c … as they are first referenced,
/// and set under the table (UN rule: no page footnotes in tables).
pub struct TableNotes<'a> {
    defs: &'a Footnotes,
    ids: Vec<String>,
    pub notes: Vec<TableNote>,
}

impl<'a> TableNotes<'a> {
    pub fn new(defs: &'a Footnotes) -> Self {
        TableNotes {
            defs,
            ids: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn inlines(&mut self, text: &str) -> Vec<Inline> {
        let spans = markup::parse(text);
        self.convert(&spans)
    }

    fn convert(&mut self, spans: &[Span]) -> Vec<Inline> {
        spans
            .iter()
            .map(|s| match s {
                Span::Text(t) => Inline::text(t.clone()),
                Span::Emph(c) => Inline::Emph {
                    content: self.convert(c),
                },
                Span::Strong(c) => Inline::Strong {
                    content: self.convert(c),
                },
                Span::LineBreak => Inline::LineBreak,
                Span::Note(id) => {
                    let i = match self.ids.iter().position(|x| x == id) {
                        Some(i) => i,
                        None => {
                            self.ids.push(id.clone());
                            let text = self.defs.notes.get(id).cloned().unwrap_or_default();
                            let letter = letter(self.ids.len() - 1);
                            self.notes.push(TableNote {
                                letter,
                                content: plain_inlines(&markup::parse(&text)),
                            });
                            self.ids.len() - 1
                        }
                    };
                    Inline::TableNoteRef { letter: letter(i) }
                }
            })
            .collect()
    }
}

/// a, b, …, z, aa, ab, …
pub fn letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'a' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ascii")
}

/// Spans to inlines where a note reference cannot occur (it is dropped).
pub fn plain_inlines(spans: &[Span]) -> Vec<Inline> {
    spans
        .iter()
        .filter_map(|s| match s {
            Span::Text(t) => Some(Inline::text(t.clone())),
            Span::Emph(c) => Some(Inline::Emph {
                content: plain_inlines(c),
            }),
            Span::Strong(c) => Some(Inline::Strong {
                content: plain_inlines(c),
            }),
            Span::LineBreak => Some(Inline::LineBreak),
            Span::Note(_) => None,
        })
        .collect()
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
