//! Inline markup of text fields: `*emphasis*`, `**strong**` and footnote
//! references `[^id]`, parsed with pulldown-cmark. Everything else a user
//! types is literal text: headings, lists, links, HTML, entities and code
//! spans come out exactly as typed. A backslash before ASCII punctuation
//! makes that character literal (`\*` is a star).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Inline markup before footnotes are numbered.
#[derive(Debug, Clone, PartialEq)]
pub enum Span {
    Text(String),
    Emph(Vec<Span>),
    Strong(Vec<Span>),
    /// A reference to the footnote with this id.
    Note(String),
    LineBreak,
}

/// Parses one text field. Never fails: what is not markup is text.
pub fn parse(src: &str) -> Vec<Span> {
    // Footnote references are recognised only with a definition: give every
    // `[^id]` one, after the text, so the parser sees them all.
    let mut full = src.to_string();
    let ids = note_ids(src);
    for id in &ids {
        full.push_str(&format!("\n\n[^{id}]: x"));
    }
    let body_end = src.len();
    let parser = Parser::new_ext(&full, Options::ENABLE_FOOTNOTES).into_offset_iter();
    let mut stack: Vec<Vec<Span>> = vec![Vec::new()];
    let mut skip_until: usize = 0;
    let mut paragraphs = 0;
    for (event, range) in parser {
        if range.start >= body_end && !matches!(event, Event::End(_)) {
            continue;
        }
        if range.end <= skip_until && range.start < skip_until {
            continue;
        }
        match event {
            Event::Start(Tag::Paragraph) => {
                if paragraphs > 0 {
                    push(&mut stack, Span::LineBreak);
                }
                paragraphs += 1;
            }
            Event::End(TagEnd::Paragraph) => {}
            Event::Start(Tag::Emphasis) | Event::Start(Tag::Strong) => stack.push(Vec::new()),
            Event::End(TagEnd::Emphasis) => {
                let inner = stack.pop().unwrap_or_default();
                push(&mut stack, Span::Emph(inner));
            }
            Event::End(TagEnd::Strong) => {
                let inner = stack.pop().unwrap_or_default();
                push(&mut stack, Span::Strong(inner));
            }
            Event::Text(_) => push_text(&mut stack, &unescape(&full[range.clone()])),
            Event::FootnoteReference(id) => push(&mut stack, Span::Note(id.to_string())),
            Event::SoftBreak => push_text(&mut stack, " "),
            Event::HardBreak => push(&mut stack, Span::LineBreak),
            Event::Start(Tag::FootnoteDefinition(_)) => break,
            Event::End(_) => {}
            // Anything else (heading, list, quote, code, link, HTML, rule...)
            // is not our markup: keep its source text as typed.
            Event::Start(_)
            | Event::Code(_)
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::Rule
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::TaskListMarker(_) => {
                if range.start >= skip_until {
                    let end = range.end.min(body_end);
                    push_text(&mut stack, full[range.start..end].trim_end_matches('\n'));
                    skip_until = range.end;
                }
            }
        }
    }
    while stack.len() > 1 {
        let inner = stack.pop().unwrap_or_default();
        stack.last_mut().unwrap().extend(inner);
    }
    let mut out = stack.pop().unwrap_or_default();
    if out.is_empty() && !src.trim().is_empty() {
        out.push(Span::Text(src.to_string()));
    }
    out
}

/// The footnote ids referenced as `[^id]` in a text, in order of appearance.
pub fn note_ids(src: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = src;
    while let Some(pos) = rest.find("[^") {
        let after = &rest[pos + 2..];
        match after.find(']') {
            Some(end)
                if end > 0
                    && after[..end]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
            {
                let id = after[..end].to_string();
                if !ids.contains(&id) {
                    ids.push(id);
                }
                rest = &after[end + 1..];
            }
            _ => rest = after,
        }
    }
    ids
}

fn push(stack: &mut [Vec<Span>], span: Span) {
    stack.last_mut().expect("markup stack").push(span);
}

fn push_text(stack: &mut [Vec<Span>], text: &str) {
    let top = stack.last_mut().expect("markup stack");
    if let Some(Span::Text(prev)) = top.last_mut() {
        prev.push_str(text);
    } else if !text.is_empty() {
        top.push(Span::Text(text.to_string()));
    }
}

/// Source text with CommonMark backslash escapes removed (entities stay
/// as typed).
fn unescape(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// Plain text of spans (notes omitted).
pub fn plain(spans: &[Span]) -> String {
    let mut s = String::new();
    for span in spans {
        match span {
            Span::Text(t) => s.push_str(t),
            Span::Emph(c) | Span::Strong(c) => s.push_str(&plain(c)),
            Span::LineBreak => s.push(' '),
            Span::Note(_) => {}
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Span {
        Span::Text(s.into())
    }

    #[test]
    fn emphasis_strong_and_notes() {
        assert_eq!(
            parse("A *title* and **bold**[^n1], end."),
            vec![
                t("A "),
                Span::Emph(vec![t("title")]),
                t(" and "),
                Span::Strong(vec![t("bold")]),
                Span::Note("n1".into()),
                t(", end.")
            ]
        );
    }

    #[test]
    fn everything_else_is_literal() {
        for s in [
            "# not a heading",
            "1. not a list",
            "- not a list",
            "> not a quote",
            "[a link](http://x)",
            "<b>html</b> &amp; `code` ---",
            "$x$ @ref <label> ~ = + #set {{ x }} {% if %}",
            "a_b_c 5 * 3 * 2",
            "Улаанбаатар 서울 北京 福岡 😀",
        ] {
            assert_eq!(plain(&parse(s)), s, "for {s:?}");
        }
    }

    #[test]
    fn backslash_escapes_make_stars_literal() {
        assert_eq!(plain(&parse(r"\*not emphasis\*")), "*not emphasis*");
    }

    #[test]
    fn finds_note_ids() {
        assert_eq!(note_ids("a[^x] b[^y-2] c[^x] [^ bad]"), vec!["x", "y-2"]);
    }
}
