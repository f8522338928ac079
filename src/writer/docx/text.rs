//! Text safety: characters XML 1.0 forbids, and escaping for the XML parts
//! written here by hand.

use crate::model::{Block, Document, Inline};
use anyhow::{Result, bail};

use crate::values::xml_allowed;

/// Fails on the first character XML 1.0 forbids (control characters other
/// than tab, newline and carriage return), naming it and where it is.
pub fn check_text(s: &str, place: &str) -> Result<()> {
    if let Some(c) = s.chars().find(|c| !xml_allowed(*c)) {
        bail!(
            "{place}: the text {s:?} contains the character U+{:04X}, which a DOCX file cannot hold",
            c as u32
        );
    }
    Ok(())
}

/// Checks every string of the document (see [`check_text`]).
pub fn check_document(doc: &Document) -> Result<()> {
    let m = &doc.meta;
    check_text(&m.title, "meta.title")?;
    check_text(&m.author, "meta.author")?;
    if let Some(h) = &doc.masthead {
        for (s, place) in [
            (&h.symbol, "masthead.symbol"),
            (&h.distribution, "masthead.distribution"),
            (&h.date, "masthead.date"),
            (&h.original, "masthead.original"),
        ] {
            check_text(s, place)?;
        }
        if let Some(v) = &h.version {
            check_text(v, "masthead.version")?;
        }
        for s in &h.issuer {
            check_text(s, "masthead.issuer")?;
        }
        for s in &h.meeting {
            check_text(s, "masthead.meeting")?;
        }
        if let Some(a) = &h.agenda_item {
            check_text(&a.text, "masthead.agenda_item")?;
            check_inlines(&a.title, "masthead.agenda_item")?;
            if let Some(n) = &a.note {
                check_text(&n.mark, "masthead.agenda_item")?;
                check_inlines(&n.content, "masthead.agenda_item")?;
            }
        }
    }
    let t = &doc.title_block;
    if let Some(k) = &t.kind {
        check_text(k, "title_block.kind")?;
    }
    check_text(&t.title, "title_block.title")?;
    for l in &t.lines {
        check_text(l, "title_block.lines")?;
    }
    check_blocks(&doc.blocks)?;
    for f in &doc.footnotes {
        check_inlines(&f.content, &format!("footnote {}", f.number))?;
    }
    Ok(())
}

fn check_blocks(blocks: &[Block]) -> Result<()> {
    for b in blocks {
        match b {
            Block::Heading {
                content, number, ..
            } => {
                if let Some(n) = number {
                    check_text(n, "heading number")?;
                }
                check_inlines(content, "heading")?
            }
            Block::Paragraph { content } | Block::NumberedParagraph { content, .. } => {
                check_inlines(content, "paragraph")?
            }
            Block::BulletList { items } | Block::NumberedList { items, .. } => {
                for item in items {
                    check_blocks(item)?;
                }
            }
            Block::Table(t) => {
                for cell in &t.header {
                    check_blocks(cell)?;
                }
                for row in &t.rows {
                    for cell in &row.cells {
                        check_blocks(cell)?;
                    }
                }
                for n in &t.notes {
                    check_text(&n.letter, "table note letter")?;
                    check_inlines(&n.content, "table note")?;
                }
            }
        }
    }
    Ok(())
}

fn check_inlines(inlines: &[Inline], place: &str) -> Result<()> {
    for i in inlines {
        match i {
            Inline::Text { text } => check_text(text, place)?,
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Sub { content }
            | Inline::Super { content }
            | Inline::Lang { content, .. }
            | Inline::Field { content, .. } => check_inlines(content, place)?,
            Inline::Link { url, content } => {
                check_text(url, place)?;
                check_inlines(content, place)?
            }
            Inline::TableNoteRef { letter } => check_text(letter, place)?,
            Inline::FootnoteRef { .. } | Inline::LineBreak => {}
        }
    }
    Ok(())
}

/// Escapes text for XML character data and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_with_their_code() {
        let err = check_text("a\u{1}b", "here").unwrap_err().to_string();
        assert!(err.contains("U+0001"), "{err}");
        assert!(err.contains("here"), "{err}");
        assert!(check_text("tab\tnew\nline\r", "x").is_ok());
        assert!(check_text("\u{FFFE}", "x").is_err());
        assert!(check_text("中文 Русский 😀", "x").is_ok());
    }

    #[test]
    fn escapes_markup_characters() {
        assert_eq!(escape(r#"a&b<c>d"e'f"#), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
    }
}
