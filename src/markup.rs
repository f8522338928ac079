//! Inline markup of text fields, parsed with pulldown-cmark under one small,
//! exact rule:
//!
//! - `*italic*`, `**bold**` (CommonMark's rules for where a star opens and
//!   closes: `5 * 3 * 2` stays as typed) and footnote references `[^id]`
//!   (id: letters, digits, `-`, `_`) are markup;
//! - a backslash before one of `*` `[` `]` `^` `~` prints that character
//!   (`\*` is a star); every other backslash prints as typed (`\\server`,
//!   `C:\temp\_old`);
//! - everything else prints as typed: `_`, `#`, `<b>`, `&amp;`, `` ` ``,
//!   `1.` or `-` at the start of a line, any script;
//! - a tab prints as a space; a line break inside a text prints as a space,
//!   an empty line starts a new line; spaces at the start and end of a line
//!   are not printed.
//!
//! How: before pulldown-cmark sees the text, every character that is not
//! our markup is escaped for CommonMark (`\#`), so CommonMark can find only
//! our markup in it.

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

/// Why a text's markup cannot be printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    pub message: String,
    pub help: String,
}

/// How deeply italic and bold may nest inside each other.
pub const MAX_NESTING: usize = 8;

/// The name under which a markup value shows itself to a walker over the
/// data (see `values::RichText`'s `Serialize`).
pub const WALK_TOKEN: &str = "meetdoc::markup";

/// The name under which a plain text (`values::Text`) shows itself to that
/// walker.
pub const TEXT_WALK_TOKEN: &str = "meetdoc::text";

/// Characters that a backslash makes literal.
const ESCAPABLE: [char; 5] = ['*', '[', ']', '^', '~'];

/// Parses one text field.
pub fn parse(src: &str) -> Result<Vec<Span>, MarkupError> {
    let (mut full, ids) = protect(src);
    let body_end = full.len();
    // Footnote references are recognised only with a definition: give every
    // `[^id]` one, after the text.
    for id in &ids {
        full.push_str(&format!("\n\n[^{id}]: x"));
    }
    let parser = Parser::new_ext(&full, Options::ENABLE_FOOTNOTES).into_offset_iter();
    let mut stack: Vec<Vec<Span>> = vec![Vec::new()];
    let mut paragraphs = 0;
    for (event, range) in parser {
        if range.start >= body_end && !matches!(event, Event::End(_)) {
            break;
        }
        match event {
            Event::Start(Tag::Paragraph) => {
                if paragraphs > 0 {
                    push(&mut stack, Span::LineBreak);
                }
                paragraphs += 1;
            }
            Event::Start(Tag::Emphasis) | Event::Start(Tag::Strong) => {
                if stack.len() > MAX_NESTING {
                    return Err(MarkupError {
                        message: format!(
                            "italic and bold are nested more than {MAX_NESTING} levels deep"
                        ),
                        help: "remove the extra stars (write \\* for a star that is not markup)"
                            .into(),
                    });
                }
                stack.push(Vec::new());
            }
            Event::End(TagEnd::Emphasis) => {
                let inner = stack.pop().unwrap_or_default();
                push(&mut stack, Span::Emph(inner));
            }
            Event::End(TagEnd::Strong) => {
                let inner = stack.pop().unwrap_or_default();
                push(&mut stack, Span::Strong(inner));
            }
            Event::Text(t) => push_text(&mut stack, &t),
            Event::FootnoteReference(id) => push(&mut stack, Span::Note(id.to_string())),
            Event::SoftBreak => push_text(&mut stack, " "),
            Event::HardBreak => push(&mut stack, Span::LineBreak),
            Event::Start(Tag::FootnoteDefinition(_)) => break,
            Event::End(_) => {}
            // Nothing else can come out of protected text; should it, its
            // source prints as it is.
            _ => push_text(&mut stack, &full[range.start..range.end.min(body_end)]),
        }
    }
    while stack.len() > 1 {
        let inner = stack.pop().unwrap_or_default();
        stack.last_mut().expect("markup stack").extend(inner);
    }
    Ok(stack.pop().unwrap_or_default())
}

/// The text with everything that is not our markup escaped for CommonMark,
/// and the footnote ids it references.
fn protect(src: &str) -> (String, Vec<String>) {
    let src = src
        .replace('\t', " ")
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let chars: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len() * 2);
    let mut ids = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            // Spaces before a line break are not printed (and make no hard
            // break); nor are those at the start of the next line.
            while out.ends_with(' ') {
                out.pop();
            }
            out.push('\n');
            line_start = true;
            i += 1;
            continue;
        }
        if line_start && c == ' ' {
            i += 1;
            continue;
        }
        let at_line_start = std::mem::replace(&mut line_start, false);
        match c {
            '\\' => match chars.get(i + 1) {
                Some(n) if ESCAPABLE.contains(n) => {
                    out.push('\\');
                    out.push(*n);
                    i += 2;
                }
                _ => {
                    out.push_str("\\\\");
                    i += 1;
                }
            },
            '[' => match note_ref(&chars[i..]) {
                // `[^id]: ` at the start of a line would be a definition.
                Some(len) if !(at_line_start && chars.get(i + len) == Some(&':')) => {
                    let id: String = chars[i + 2..i + len - 1].iter().collect();
                    out.push_str(&format!("[^{id}]"));
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                    i += len;
                }
                _ => {
                    out.push_str("\\[");
                    i += 1;
                }
            },
            '*' => {
                // A run of stars at the start of a line followed by a space
                // would be a list item or a rule; it cannot open emphasis.
                let run = chars[i..].iter().take_while(|&&c| c == '*').count();
                let next = chars.get(i + run);
                let literal = at_line_start && next.is_none_or(|c| c.is_whitespace());
                for _ in 0..run {
                    out.push_str(if literal { "\\*" } else { "*" });
                }
                i += run;
            }
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    (out, ids)
}

/// The length of a footnote reference `[^id]` at the start of `chars`.
fn note_ref(chars: &[char]) -> Option<usize> {
    if chars.get(1) != Some(&'^') {
        return None;
    }
    let id_len = chars[2..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '-' || **c == '_')
        .count();
    (id_len > 0 && chars.get(2 + id_len) == Some(&']')).then_some(id_len + 3)
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

/// The footnote ids referenced in spans, in order of first appearance.
pub fn note_ids(spans: &[Span]) -> Vec<String> {
    fn walk(spans: &[Span], out: &mut Vec<String>) {
        for s in spans {
            match s {
                Span::Note(id) if !out.contains(id) => out.push(id.clone()),
                Span::Emph(c) | Span::Strong(c) => walk(c, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(spans, &mut out);
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

    fn p(s: &str) -> Vec<Span> {
        parse(s).unwrap()
    }

    #[test]
    fn emphasis_strong_and_notes() {
        assert_eq!(
            p("A *title* and **bold**[^n1], end."),
            vec![
                t("A "),
                Span::Emph(vec![t("title")]),
                t(" and "),
                Span::Strong(vec![t("bold")]),
                Span::Note("n1".into()),
                t(", end.")
            ]
        );
        assert_eq!(
            note_ids(&p("a[^x] *b[^y-2]* c[^x] [^ bad]")),
            vec!["x", "y-2"]
        );
    }

    #[test]
    fn everything_else_is_literal() {
        for s in [
            "# not a heading",
            "1. not a list",
            "1) not a list",
            "- not a list",
            "* not a list",
            "***",
            "> not a quote",
            "[a link](http://x)",
            "[ref]: http://x",
            "<b>html</b> &amp; `code` ---",
            "$x$ @ref <label> ~ = + #set {{ x }} {% if %}",
            "a_b_c 5 * 3 * 2 _under_ __strong__",
            "Улаанбаатар 서울 北京 福岡 😀",
            "H~2~O m^3^ [^ bad] [^]",
        ] {
            assert_eq!(plain(&p(s)), s, "for {s:?}");
        }
    }

    #[test]
    fn the_backslash_rule_is_small_and_exact() {
        assert_eq!(plain(&p(r"\*not emphasis\*")), "*not emphasis*");
        assert_eq!(plain(&p(r"\\server\share")), r"\\server\share");
        assert_eq!(plain(&p(r"C:\temp\_old")), r"C:\temp\_old");
        assert_eq!(plain(&p(r"a \[^x] b")), "a [^x] b");
        // Left to right: `\\` is a backslash, then `\*` a star.
        assert_eq!(plain(&p(r"\\*x*")), r"\*x*");
        assert_eq!(p(r"\ *x*")[1], Span::Emph(vec![t("x")]));
        assert_eq!(plain(&p(r"end\")), r"end\");
    }

    #[test]
    fn whitespace() {
        assert_eq!(plain(&p("a\tb")), "a b");
        assert_eq!(plain(&p("a\nb")), "a b");
        assert_eq!(p("a\n\nb"), vec![t("a"), Span::LineBreak, t("b")]);
        assert_eq!(plain(&p("    indented")), "indented");
        assert_eq!(plain(&p("a  \nb")), "a b");
    }

    #[test]
    fn nesting_is_limited() {
        let ok = format!("{}x{}", "*".repeat(8), "*".repeat(8));
        assert!(parse(&ok).is_ok());
        let deep: String = (0..100).map(|_| "*a ").collect::<String>()
            + &(0..100).map(|_| " b*").collect::<String>();
        let e = parse(&deep).unwrap_err();
        assert!(e.message.contains("nested more than 8 levels"), "{e:?}");
    }
}
