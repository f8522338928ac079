//! What changed in the text of a document, model against model: each
//! heading, paragraph, bullet point and footnote is found by its section
//! and number as a reader counts them ("Background, paragraph 2"), and a
//! changed one says which words changed. Tables are left to the
//! comparisons that know what their rows are (the programme's).

use super::align::{Op, likeness, pair};
use super::words;
use crate::model::{Block, Document, plain_text};

/// Where a piece of text is, as a reader finds it.
#[derive(Debug, Clone, PartialEq)]
enum Place {
    Kind,
    Title,
    Line(usize),
    Heading,
    Paragraph {
        section: Option<String>,
        n: usize,
    },
    Bullet {
        section: Option<String>,
        n: usize,
    },
    /// An item of a numbered list (an agenda item), by its number.
    Numbered {
        section: Option<String>,
        n: usize,
    },
    Row {
        n: usize,
    },
    TableNote {
        letter: String,
    },
    Footnote {
        n: usize,
    },
}

impl Place {
    /// Whether two places hold the same kind of text (only those pair).
    fn kin(&self, other: &Place) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }

    fn describe(&self) -> String {
        let within = |section: &Option<String>, what: String| match section {
            Some(s) => format!("{s}, {what}"),
            None => capitalise(&what),
        };
        match self {
            Place::Kind => "The kind of document above the title".into(),
            Place::Title => "The title".into(),
            Place::Line(n) => format!("Line {n} under the title"),
            Place::Heading => "A heading".into(),
            Place::Paragraph { section, n } => within(section, format!("paragraph {n}")),
            Place::Bullet { section, n } => within(section, format!("bullet point {n}")),
            Place::Numbered { section, n } => within(section, format!("item {n}")),
            Place::Row { n } => format!("Table row {n}"),
            Place::TableNote { letter } => format!("Table note {letter}"),
            Place::Footnote { n } => format!("Footnote {n}"),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[derive(Debug, Clone)]
struct Unit {
    place: Place,
    text: String,
}

/// Options of a comparison.
#[derive(Clone, Copy)]
pub struct Scope {
    /// Compare the title block (else the data's own comparison says it).
    pub title_block: bool,
    /// Compare tables row by row (else they are left out).
    pub tables: bool,
}

fn units(doc: &Document, scope: Scope) -> Vec<Unit> {
    let mut out = Vec::new();
    if scope.title_block {
        let t = &doc.title_block;
        if let Some(k) = &t.kind {
            out.push(Unit {
                place: Place::Kind,
                text: k.clone(),
            });
        }
        out.push(Unit {
            place: Place::Title,
            text: t.title.clone(),
        });
        for (i, l) in t.lines.iter().enumerate() {
            out.push(Unit {
                place: Place::Line(i + 1),
                text: l.clone(),
            });
        }
    }
    let mut section: Option<String> = None;
    let (mut paragraphs, mut bullets, mut rows) = (0, 0, 0);
    for (i, block) in doc.blocks.iter().enumerate() {
        match block {
            Block::Heading { level, content, .. } => {
                // A heading over a table (a day of the programme) belongs
                // to the table.
                let over_table = matches!(doc.blocks.get(i + 1), Some(Block::Table(_)));
                if *level > 1 && over_table && !scope.tables {
                    continue;
                }
                let text = plain_text(content);
                out.push(Unit {
                    place: Place::Heading,
                    text: text.clone(),
                });
                if *level <= 1 {
                    section = Some(text);
                    paragraphs = 0;
                    bullets = 0;
                }
            }
            Block::Paragraph { content } | Block::NumberedParagraph { content, .. } => {
                paragraphs += 1;
                out.push(Unit {
                    place: Place::Paragraph {
                        section: section.clone(),
                        n: paragraphs,
                    },
                    text: plain_text(content),
                });
            }
            Block::BulletList { items } => {
                for item in items {
                    bullets += 1;
                    out.push(Unit {
                        place: Place::Bullet {
                            section: section.clone(),
                            n: bullets,
                        },
                        text: blocks_text(item),
                    });
                }
            }
            Block::NumberedList { start, items } => {
                for (k, item) in items.iter().enumerate() {
                    out.push(Unit {
                        place: Place::Numbered {
                            section: section.clone(),
                            n: *start as usize + k,
                        },
                        text: blocks_text(item),
                    });
                }
            }
            Block::Table(t) => {
                if !scope.tables {
                    continue;
                }
                for r in &t.rows {
                    rows += 1;
                    let cells: Vec<String> = r.cells.iter().map(|c| blocks_text(c)).collect();
                    out.push(Unit {
                        place: Place::Row { n: rows },
                        text: cells.join(" | "),
                    });
                }
                for n in &t.notes {
                    out.push(Unit {
                        place: Place::TableNote {
                            letter: n.letter.clone(),
                        },
                        text: plain_text(&n.content),
                    });
                }
            }
        }
    }
    for f in &doc.footnotes {
        out.push(Unit {
            place: Place::Footnote { n: f.number },
            text: plain_text(&f.content),
        });
    }
    out
}

fn blocks_text(blocks: &[Block]) -> String {
    let mut parts = Vec::new();
    for b in blocks {
        match b {
            Block::Heading { content, .. }
            | Block::Paragraph { content }
            | Block::NumberedParagraph { content, .. } => parts.push(plain_text(content)),
            Block::BulletList { items } | Block::NumberedList { items, .. } => {
                for i in items {
                    parts.push(blocks_text(i));
                }
            }
            Block::Table(_) => {}
        }
    }
    parts.join("; ")
}

/// Sentences telling how the text of `new` differs from that of `old`.
pub fn compare(old: &Document, new: &Document, scope: Scope) -> Vec<String> {
    let (a, b) = (units(old, scope), units(new, scope));
    let ops = pair(
        &a,
        &b,
        |x, y| x.place.kin(&y.place) && x.text == y.text,
        |x, y| {
            if x.place.kin(&y.place) {
                likeness(&x.text, &y.text)
            } else {
                0.0
            }
        },
        0.4,
    );
    let mut out = Vec::new();
    for op in ops {
        match op {
            Op::Same(..) => {}
            Op::Changed(i, j) => {
                let (x, y) = (&a[i], &b[j]);
                if y.place == Place::Heading {
                    out.push(format!(
                        "The heading '{}' is now '{}'.",
                        x.text.trim(),
                        y.text.trim()
                    ));
                } else if let Some(c) = words::change(&x.text, &y.text) {
                    out.push(format!("{}: {c}.", y.place.describe()));
                }
            }
            Op::Added(j) => {
                let y = &b[j];
                out.push(match y.place {
                    Place::Heading => format!("A heading was added: '{}'.", y.text.trim()),
                    _ => format!(
                        "{} is new: '{}'.",
                        y.place.describe(),
                        words::quote_text(&y.text)
                    ),
                });
            }
            Op::Removed(i) => {
                let x = &a[i];
                out.push(match x.place {
                    Place::Heading => format!("The heading '{}' was removed.", x.text.trim()),
                    _ => format!(
                        "{} was removed: '{}'.",
                        x.place.describe(),
                        words::quote_text(&x.text)
                    ),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Footnote, Inline, Meta, TitleBlock};

    fn doc(blocks: Vec<Block>, notes: Vec<&str>) -> Document {
        Document {
            meta: Meta {
                title: "t".into(),
                language: crate::values::Lang::parse("en").unwrap(),
                date: crate::values::Date::parse("2025-09-01").unwrap(),
                author: "a".into(),
                pdf_standards: vec![],
                properties: Vec::new(),
            },
            masthead: None,
            title_block: TitleBlock {
                kind: None,
                title: "T".into(),
                lines: vec![],
            },
            blocks,
            footnotes: notes
                .into_iter()
                .enumerate()
                .map(|(i, n)| Footnote {
                    number: i + 1,
                    content: vec![Inline::text(n)],
                })
                .collect(),
        }
    }

    fn h(s: &str) -> Block {
        Block::heading(1, vec![Inline::text(s)])
    }

    const SCOPE: Scope = Scope {
        title_block: true,
        tables: false,
    };

    #[test]
    fn names_the_section_and_paragraph() {
        let old = doc(
            vec![
                h("Background"),
                Block::plain("The first paragraph stays as it is."),
                Block::plain("The Dialogue meets at the Blue Sky Hotel in Ulaanbaatar."),
                h("Objectives"),
                Block::BulletList {
                    items: vec![
                        vec![Block::plain("Showcasing national achievements")],
                        vec![Block::plain("Identifying practical steps")],
                    ],
                },
            ],
            vec!["A note."],
        );
        let new = doc(
            vec![
                h("Background"),
                Block::plain("The first paragraph stays as it is."),
                Block::plain("The Dialogue meets at the Shangri-La Hotel in Ulaanbaatar."),
                h("Objectives"),
                Block::BulletList {
                    items: vec![
                        vec![Block::plain("Showcasing national achievements")],
                        vec![Block::plain("Identifying practical next steps")],
                        vec![Block::plain("Agreeing on a work plan for the partnership")],
                    ],
                },
            ],
            vec!["A longer note."],
        );
        assert_eq!(
            compare(&old, &new, SCOPE),
            vec![
                "Background, paragraph 2: 'Blue Sky Hotel' is now 'Shangri-La Hotel'.",
                "Objectives, bullet point 2: 'next' added after 'Identifying practical'.",
                "Objectives, bullet point 3 is new: 'Agreeing on a work plan for the partnership'.",
                "Footnote 1: 'longer' added after 'A'.",
            ]
        );
        assert!(compare(&old, &old, SCOPE).is_empty());
    }
}
