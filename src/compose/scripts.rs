//! Text in a script only one language writes: Hangul is Korean, kana
//! Japanese. A run of it inside a document in another language (a Korean
//! name in an English programme) becomes a span in that language
//! ([`Inline::Lang`]), so both writers set it in that language's faces
//! (`fonts.cjk_by_language`) without the data marking it. Han characters
//! alone are shared by Chinese, Japanese and Korean: they follow the
//! language of their text (the document's, or a speaker's `lang`). A run
//! with Han characters and kana is Japanese, one with Hangul Korean.
//!
//! Both writers call [`marked`] on the document they are given.

use crate::model::{Block, Document, Inline};
use crate::values::Lang;
use std::borrow::Cow;

/// `doc` with each run of Hangul or kana in a document of another
/// language made a span in Korean or Japanese (the document itself when
/// there is none).
pub fn marked(doc: &Document) -> Cow<'_, Document> {
    let own = doc.meta.language.primary();
    if !any_blocks(&doc.blocks, &own)
        && !doc.footnotes.iter().any(|f| any(&f.content, &own))
        && !doc
            .masthead
            .as_ref()
            .and_then(|m| m.agenda_item.as_ref())
            .is_some_and(|a| {
                any(&a.title, &own) || a.note.as_ref().is_some_and(|n| any(&n.content, &own))
            })
    {
        return Cow::Borrowed(doc);
    }
    let mut d = doc.clone();
    mark_blocks(&mut d.blocks, &own);
    for f in &mut d.footnotes {
        f.content = mark(std::mem::take(&mut f.content), &own);
    }
    if let Some(a) = d.masthead.as_mut().and_then(|m| m.agenda_item.as_mut()) {
        a.title = mark(std::mem::take(&mut a.title), &own);
        if let Some(n) = &mut a.note {
            n.content = mark(std::mem::take(&mut n.content), &own);
        }
    }
    Cow::Owned(d)
}

#[derive(Clone, Copy, PartialEq)]
enum Class {
    Hangul,
    Kana,
    Han,
    /// CJK punctuation and full-width forms: part of a run, no language.
    Punct,
    Other,
}

fn class(c: char) -> Class {
    match c as u32 {
        0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7AF | 0xD7B0..=0xD7FF => {
            Class::Hangul
        }
        0x3040..=0x309F | 0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Class::Kana,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF => Class::Han,
        0x3000..=0x303F | 0xFF00..=0xFF65 | 0xFFA0..=0xFFEF => Class::Punct,
        _ => Class::Other,
    }
}

/// The language of a run's classes: Korean with Hangul, Japanese with
/// kana, else none.
fn language(run: &str) -> Option<&'static str> {
    let classes: Vec<Class> = run.chars().map(class).collect();
    if classes.contains(&Class::Hangul) {
        Some("ko")
    } else if classes.contains(&Class::Kana) {
        Some("ja")
    } else {
        None
    }
}

/// Whether `text` has a run to mark in a document in `own`.
fn has_run(text: &str, own: &str) -> bool {
    runs(text)
        .iter()
        .any(|(s, e)| language(&text[*s..*e]).is_some_and(|l| l != own))
}

/// The byte ranges of the runs of East Asian characters of `text` (with
/// the spaces between them: "김 민준" is one run).
fn runs(text: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        match class(c) {
            Class::Other if c == ' ' => {}
            Class::Other => {
                out.extend(open.take());
            }
            _ => {
                open = Some(match open {
                    Some((s, _)) => (s, end),
                    None => (i, end),
                });
            }
        }
    }
    out.extend(open);
    out
}

fn any(xs: &[Inline], own: &str) -> bool {
    xs.iter().any(|x| match x {
        Inline::Text { text } => has_run(text, own),
        Inline::Emph { content }
        | Inline::Strong { content }
        | Inline::Sub { content }
        | Inline::Super { content }
        | Inline::Link { content, .. }
        | Inline::Field { content, .. } => any(content, own),
        _ => false,
    })
}

fn any_blocks(bs: &[Block], own: &str) -> bool {
    bs.iter().any(|b| match b {
        Block::Heading { content, .. }
        | Block::Paragraph { content }
        | Block::NumberedParagraph { content, .. } => any(content, own),
        Block::BulletList { items } | Block::NumberedList { items, .. } => {
            items.iter().any(|i| any_blocks(i, own))
        }
        Block::Table(t) => {
            t.header.iter().any(|c| any_blocks(c, own))
                || t.rows
                    .iter()
                    .any(|r| r.cells.iter().any(|c| any_blocks(c, own)))
                || t.notes.iter().any(|n| any(&n.content, own))
        }
    })
}

fn mark_blocks(bs: &mut [Block], own: &str) {
    for b in bs {
        match b {
            Block::Heading { content, .. }
            | Block::Paragraph { content }
            | Block::NumberedParagraph { content, .. } => {
                *content = mark(std::mem::take(content), own)
            }
            Block::BulletList { items } | Block::NumberedList { items, .. } => {
                for i in items {
                    mark_blocks(i, own);
                }
            }
            Block::Table(t) => {
                for c in &mut t.header {
                    mark_blocks(c, own);
                }
                for r in &mut t.rows {
                    for c in &mut r.cells {
                        mark_blocks(c, own);
                    }
                }
                for n in &mut t.notes {
                    n.content = mark(std::mem::take(&mut n.content), own);
                }
            }
        }
    }
}

/// Inlines with their runs in another language made spans. A span the
/// data marked is left as it is.
fn mark(xs: Vec<Inline>, own: &str) -> Vec<Inline> {
    let mut out = Vec::with_capacity(xs.len());
    for x in xs {
        match x {
            Inline::Text { text } if has_run(&text, own) => {
                let mut at = 0;
                for (s, e) in runs(&text) {
                    let Some(l) = language(&text[s..e]).filter(|l| *l != own) else {
                        continue;
                    };
                    if s > at {
                        out.push(Inline::text(&text[at..s]));
                    }
                    out.push(Inline::Lang {
                        lang: Lang::parse(l).expect("a language tag"),
                        content: vec![Inline::text(&text[s..e])],
                    });
                    at = e;
                }
                if at < text.len() {
                    out.push(Inline::text(&text[at..]));
                }
            }
            Inline::Emph { content } => out.push(Inline::Emph {
                content: mark(content, own),
            }),
            Inline::Strong { content } => out.push(Inline::Strong {
                content: mark(content, own),
            }),
            Inline::Sub { content } => out.push(Inline::Sub {
                content: mark(content, own),
            }),
            Inline::Super { content } => out.push(Inline::Super {
                content: mark(content, own),
            }),
            Inline::Link { url, content } => out.push(Inline::Link {
                url,
                content: mark(content, own),
            }),
            Inline::Field { field, content } => out.push(Inline::Field {
                field,
                content: mark(content, own),
            }),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_and_kana_runs_become_spans() {
        let m = mark(
            vec![Inline::text("Mr. 김민준 (김 민준), 田中たろう and 北京")],
            "en",
        );
        let spans: Vec<(String, String)> = m
            .iter()
            .filter_map(|i| match i {
                Inline::Lang { lang, content } => {
                    Some((lang.as_str().to_string(), crate::model::plain_text(content)))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            spans,
            vec![
                ("ko".into(), "김민준".into()),
                ("ko".into(), "김 민준".into()),
                ("ja".into(), "田中たろう".into())
            ]
        );
        assert_eq!(
            crate::model::plain_text(&m),
            "Mr. 김민준 (김 민준), 田中たろう and 北京"
        );
        // In a Korean document, Korean is the document's own.
        assert_eq!(mark(vec![Inline::text("김민준")], "ko").len(), 1);
        assert!(matches!(
            &mark(vec![Inline::text("김민준")], "ko")[0],
            Inline::Text { .. }
        ));
    }
}
