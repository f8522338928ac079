//! Inline markup of text fields, parsed with pulldown-cmark under one small,
//! exact rule:
//!
//! - `*italic*`, `**bold**` (CommonMark's rules for where a star opens and
//!   closes: `5 * 3 * 2` stays as typed) and footnote references `[^id]`
//!   (id: letters, digits, `-`, `_`) are markup;
//! - subscript `~2.5~` and superscript `^3^` under pandoc's rule: the text
//!   between the marks is not empty and has no space (`PM~2.5~`, `m^3^`;
//!   "~50 participants", "a ~ b ~ c" and `~~` stay as typed); the text
//!   inside is printed as typed (no italic or bold inside it);
//! - a link `[text](https://…)`: the text in brackets (with any markup but
//!   another link), then at once the address in parentheses, which starts
//!   with `http://`, `https://` or `mailto:` and has no space (parentheses
//!   inside it in pairs); anything else in brackets stays as typed;
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
//! our markup in it. Subscript and superscript, which CommonMark does not
//! have, are decided here and handed through it between control characters
//! that data text cannot hold (the loader refuses them); a link is handed
//! to it in CommonMark's own form, its address escaped.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Inline markup before footnotes are numbered.
#[derive(Debug, Clone, PartialEq)]
pub enum Span {
    Text(String),
    Emph(Vec<Span>),
    Strong(Vec<Span>),
    /// Subscript: `~2.5~`.
    Sub(Vec<Span>),
    /// Superscript: `^3^`.
    Super(Vec<Span>),
    /// A link `[text](url)` to an http(s) or mailto address.
    Link {
        url: String,
        content: Vec<Span>,
    },
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

/// Marks around a subscript, a superscript and a footnote reference's id
/// in the text handed to pulldown-cmark: control characters, which data
/// text cannot hold.
const SUB_OPEN: char = '\u{1}';
const SUB_CLOSE: char = '\u{2}';
const SUPER_OPEN: char = '\u{3}';
const SUPER_CLOSE: char = '\u{4}';
const NOTE_OPEN: char = '\u{5}';
const NOTE_CLOSE: char = '\u{6}';
const MARKS: [char; 6] = [
    SUB_OPEN,
    SUB_CLOSE,
    SUPER_OPEN,
    SUPER_CLOSE,
    NOTE_OPEN,
    NOTE_CLOSE,
];

/// The schemes a link may have.
const LINK_SCHEMES: [&str; 3] = ["http://", "https://", "mailto:"];

/// Parses one text field.
pub fn parse(src: &str) -> Result<Vec<Span>, MarkupError> {
    let full = protect(src);
    let parser = Parser::new_ext(&full, Options::empty()).into_offset_iter();
    let mut stack: Vec<Vec<Span>> = vec![Vec::new()];
    // The address of each link being read, innermost last.
    let mut urls: Vec<String> = Vec::new();
    let mut paragraphs = 0;
    let too_deep = || MarkupError {
        message: format!("italic, bold and links are nested more than {MAX_NESTING} levels deep"),
        help: "remove the extra stars (write \\* for a star that is not markup)".into(),
    };
    for (event, range) in parser {
        match event {
            Event::Start(Tag::Paragraph) => {
                if paragraphs > 0 {
                    push(&mut stack, Span::LineBreak);
                }
                paragraphs += 1;
            }
            Event::Start(Tag::Emphasis) | Event::Start(Tag::Strong) => {
                if stack.len() > MAX_NESTING {
                    return Err(too_deep());
                }
                stack.push(Vec::new());
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if stack.len() > MAX_NESTING {
                    return Err(too_deep());
                }
                urls.push(dest_url.to_string());
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
            Event::End(TagEnd::Link) => {
                let content = stack.pop().unwrap_or_default();
                let url = urls.pop().unwrap_or_default();
                push(&mut stack, Span::Link { url, content });
            }
            Event::Text(t) => push_text(&mut stack, &t),
            Event::SoftBreak => push_text(&mut stack, " "),
            Event::HardBreak => push(&mut stack, Span::LineBreak),
            Event::End(_) => {}
            // Nothing else can come out of protected text; should it, its
            // source prints as it is.
            _ => push_text(&mut stack, &full[range]),
        }
    }
    while stack.len() > 1 {
        let inner = stack.pop().unwrap_or_default();
        stack.last_mut().expect("markup stack").extend(inner);
    }
    Ok(marked(stack.pop().unwrap_or_default()))
}

/// The text with everything that is not our markup escaped for CommonMark.
fn protect(src: &str) -> String {
    let src = src
        .replace('\t', " ")
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    // The marks of subscripts and superscripts cannot come from the text
    // (the loader refuses control characters; here they are replaced).
    let chars: Vec<char> = src
        .chars()
        .map(|c| if MARKS.contains(&c) { '\u{FFFD}' } else { c })
        .collect();
    let mut p = Protect {
        out: String::with_capacity(src.len() * 2),
    };
    p.run(&chars, true, true);
    p.out
}

/// The escaped text being made.
struct Protect {
    out: String,
}

impl Protect {
    /// Escapes `chars` into `out`; `links`: whether a link may start here
    /// (not inside another); `line_start`: whether `chars` starts a line.
    fn run(&mut self, chars: &[char], links: bool, mut line_start: bool) {
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '\n' {
                // Spaces before a line break are not printed (and make no hard
                // break); nor are those at the start of the next line.
                while self.out.ends_with(' ') {
                    self.out.pop();
                }
                self.out.push('\n');
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
                        self.out.push('\\');
                        self.out.push(*n);
                        i += 2;
                    }
                    _ => {
                        self.out.push_str("\\\\");
                        i += 1;
                    }
                },
                '[' => {
                    if let Some(len) = note_ref(&chars[i..])
                        // `[^id]: ` at the start of a line would be a definition.
                        && !(at_line_start && chars.get(i + len) == Some(&':'))
                    {
                        // The id between marks: letters and digits, `-`
                        // and `_` escaped.
                        self.out.push(NOTE_OPEN);
                        literal(&mut self.out, &chars[i + 2..i + len - 1]);
                        self.out.push(NOTE_CLOSE);
                        i += len;
                    } else if let Some(link) = links.then(|| link(&chars[i..])).flatten() {
                        self.out.push('[');
                        self.run(&chars[i + 1..i + 1 + link.text_len], false, false);
                        self.out.push_str("](<");
                        for c in link.url.chars() {
                            if c.is_ascii_punctuation() {
                                self.out.push('\\');
                            }
                            self.out.push(c);
                        }
                        self.out.push_str(">)");
                        i += link.len;
                    } else {
                        self.out.push_str("\\[");
                        i += 1;
                    }
                }
                '~' | '^' => match script(&chars[i..]) {
                    Some(len) => {
                        let (open, close) = if c == '~' {
                            (SUB_OPEN, SUB_CLOSE)
                        } else {
                            (SUPER_OPEN, SUPER_CLOSE)
                        };
                        self.out.push(open);
                        literal(&mut self.out, &chars[i + 1..i + len - 1]);
                        self.out.push(close);
                        i += len;
                    }
                    None => {
                        // `~~`: a run of marks is never markup.
                        let run = chars[i..].iter().take_while(|&&x| x == c).count();
                        for _ in 0..run {
                            self.out.push('\\');
                            self.out.push(c);
                        }
                        i += run;
                    }
                },
                '*' => {
                    // A run of stars at the start of a line followed by a space
                    // would be a list item or a rule; it cannot open emphasis.
                    let run = chars[i..].iter().take_while(|&&c| c == '*').count();
                    let next = chars.get(i + run);
                    let literal = at_line_start && next.is_none_or(|c| c.is_whitespace());
                    for _ in 0..run {
                        self.out.push_str(if literal { "\\*" } else { "*" });
                    }
                    i += run;
                }
                c if c.is_ascii_punctuation() => {
                    self.out.push('\\');
                    self.out.push(c);
                    i += 1;
                }
                c => {
                    self.out.push(c);
                    i += 1;
                }
            }
        }
    }
}

/// Text printed as typed inside a subscript or superscript: every ASCII
/// punctuation escaped for CommonMark, the backslash rule applied.
fn literal(out: &mut String, chars: &[char]) {
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match (c, chars.get(i + 1)) {
            ('\\', Some(n)) if ESCAPABLE.contains(n) => {
                out.push('\\');
                out.push(*n);
                i += 2;
            }
            (c, _) if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
                i += 1;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
}

/// The length of a subscript `~…~` or superscript `^…^` at the start of
/// `chars` (pandoc's rule: the text between the marks is not empty and
/// has no whitespace; a mark inside it is written `\~` or `\^`).
fn script(chars: &[char]) -> Option<usize> {
    let mark = chars[0];
    let mut i = 1;
    while let Some(&c) = chars.get(i) {
        if c == '\\' && chars.get(i + 1).is_some_and(|n| ESCAPABLE.contains(n)) {
            i += 2;
            continue;
        }
        if c.is_whitespace() {
            return None;
        }
        if c == mark {
            return (i > 1).then_some(i + 1);
        }
        i += 1;
    }
    None
}

/// A link found at the start of `chars`: `[text](url)`.
struct Link {
    /// How many characters its text has (after the `[`).
    text_len: usize,
    url: String,
    /// Its whole length.
    len: usize,
}

/// The link `[text](url)` at the start of `chars`, if it is one: brackets
/// in pairs in the text (`\[` and `\]` not counted), the text not empty,
/// then at once `(`, an address with one of [`LINK_SCHEMES`] and no
/// whitespace, `<`, `>` or `"`, parentheses in pairs, and `)`.
fn link(chars: &[char]) -> Option<Link> {
    let mut depth = 0usize;
    let mut i = 1;
    let close = loop {
        let c = *chars.get(i)?;
        match c {
            '\\' if chars.get(i + 1).is_some_and(|n| ESCAPABLE.contains(n)) => i += 1,
            '[' => depth += 1,
            ']' if depth == 0 => break i,
            ']' => depth -= 1,
            _ => {}
        }
        i += 1;
    };
    let text: String = chars[1..close].iter().collect();
    if text.trim().is_empty() || chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let start = close + 2;
    let mut depth = 0usize;
    let mut j = start;
    let end = loop {
        let c = *chars.get(j)?;
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => break j,
            ')' => depth -= 1,
            c if c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"') => {
                return None;
            }
            _ => {}
        }
        j += 1;
    };
    let url: String = chars[start..end].iter().collect();
    let lower = url.to_ascii_lowercase();
    let scheme = LINK_SCHEMES.iter().find(|s| lower.starts_with(**s))?;
    if url.len() == scheme.len() {
        return None;
    }
    Some(Link {
        text_len: close - 1,
        url,
        len: end + 1,
    })
}

/// Spans with the marks of subscripts, superscripts and footnote
/// references (in their text, as pulldown-cmark handed them through) made
/// into spans of their own. What lies between two marks has no markup, so
/// both are in one text.
fn marked(spans: Vec<Span>) -> Vec<Span> {
    let mut out = Vec::new();
    for span in spans {
        match span {
            Span::Text(t) if t.contains([SUB_OPEN, SUPER_OPEN, NOTE_OPEN]) => {
                let mut rest = t.as_str();
                while let Some(at) = rest.find([SUB_OPEN, SUPER_OPEN, NOTE_OPEN]) {
                    if at > 0 {
                        out.push(Span::Text(rest[..at].to_string()));
                    }
                    let open = rest[at..].chars().next().unwrap_or(NOTE_OPEN);
                    let close = match open {
                        SUB_OPEN => SUB_CLOSE,
                        SUPER_OPEN => SUPER_CLOSE,
                        _ => NOTE_CLOSE,
                    };
                    let after = &rest[at + open.len_utf8()..];
                    let end = after.find(close).unwrap_or(after.len());
                    let inner = after[..end].to_string();
                    out.push(match open {
                        SUB_OPEN => Span::Sub(vec![Span::Text(inner)]),
                        SUPER_OPEN => Span::Super(vec![Span::Text(inner)]),
                        _ => Span::Note(inner),
                    });
                    rest = after.get(end + close.len_utf8()..).unwrap_or("");
                }
                if !rest.is_empty() {
                    out.push(Span::Text(rest.to_string()));
                }
            }
            Span::Emph(c) => out.push(Span::Emph(marked(c))),
            Span::Strong(c) => out.push(Span::Strong(marked(c))),
            Span::Link { url, content } => out.push(Span::Link {
                url,
                content: marked(content),
            }),
            other => out.push(other),
        }
    }
    out
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
                Span::Emph(c) | Span::Strong(c) | Span::Sub(c) | Span::Super(c) => walk(c, out),
                Span::Link { content, .. } => walk(content, out),
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
            Span::Emph(c) | Span::Strong(c) | Span::Sub(c) | Span::Super(c) => {
                s.push_str(&plain(c))
            }
            Span::Link { content, .. } => s.push_str(&plain(content)),
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
            "[a link](file:///x)",
            "[ref]: http://x",
            "<b>html</b> &amp; `code` ---",
            "$x$ @ref <label> ~ = + #set {{ x }} {% if %}",
            "a_b_c 5 * 3 * 2 _under_ __strong__",
            "Улаанбаатар 서울 北京 福岡 😀",
            "[^ bad] [^] ~50 participants a ~ b ~ c x~ y~ ~~ ~~struck~~ ^^ 2^ 3^",
            "[text](ftp://x) [text]( https://x) [text](https://x \"t\") [](https://x) [t](https://)",
            "[text] (https://x) [text](https://x y) <https://x>",
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
    fn subscript_and_superscript_as_pandoc_reads_them() {
        assert_eq!(
            p("PM~2.5~ and m^3^, NO₂"),
            vec![
                t("PM"),
                Span::Sub(vec![t("2.5")]),
                t(" and m"),
                Span::Super(vec![t("3")]),
                t(", NO₂")
            ]
        );
        // Inside: printed as typed; a mark inside is escaped.
        assert_eq!(p("a~*b*~")[1], Span::Sub(vec![t("*b*")]));
        assert_eq!(p(r"x^a\^b^")[1], Span::Super(vec![t("a^b")]));
        assert_eq!(p(r"x^C:\temp^")[1], Span::Super(vec![t(r"C:\temp")]));
        // Around italic and bold, and inside them.
        assert_eq!(
            p("**PM~10~** *x^2^*"),
            vec![
                Span::Strong(vec![t("PM"), Span::Sub(vec![t("10")])]),
                t(" "),
                Span::Emph(vec![t("x"), Span::Super(vec![t("2")])]),
            ]
        );
        // Escaped marks are literal.
        assert_eq!(plain(&p(r"H\~2\~O")), "H~2~O");
        // No space inside: literal.
        assert_eq!(plain(&p("~50 to ~60 people")), "~50 to ~60 people");
        assert_eq!(p("a ^b c^ d"), vec![t("a ^b c^ d")]);
    }

    #[test]
    fn links_to_web_and_mail_addresses() {
        assert_eq!(
            p("See [the *ESCAP* site](https://www.unescap.org/a_b(c)?x=1&y=2#z)."),
            vec![
                t("See "),
                Span::Link {
                    url: "https://www.unescap.org/a_b(c)?x=1&y=2#z".into(),
                    content: vec![t("the "), Span::Emph(vec![t("ESCAP")]), t(" site")]
                },
                t(".")
            ]
        );
        assert_eq!(
            p("[neaspec@un.org](mailto:neaspec@un.org)"),
            vec![Span::Link {
                url: "mailto:neaspec@un.org".into(),
                content: vec![t("neaspec@un.org")]
            }]
        );
        // Brackets in pairs inside the text; a note inside it.
        assert_eq!(
            p("[a [b] c[^n]](http://x.org)"),
            vec![Span::Link {
                url: "http://x.org".into(),
                content: vec![t("a [b] c"), Span::Note("n".into())]
            }]
        );
        assert_eq!(note_ids(&p("[a[^n]](http://x.org)")), vec!["n"]);
        // No link inside a link: the inner one is its text.
        assert_eq!(
            plain(&p("[x [y](http://b) z](http://a)")),
            "x [y](http://b) z"
        );
        // An escaped bracket does not open a link.
        assert_eq!(plain(&p(r"\[a](http://x)")), "[a](http://x)");
    }

    #[test]
    fn nesting_is_limited() {
        let ok = format!("{}x{}", "*".repeat(8), "*".repeat(8));
        assert!(parse(&ok).is_ok());
        let deep: String = (0..100).map(|_| "*a ").collect::<String>()
            + &(0..100).map(|_| " b*").collect::<String>();
        let e = parse(&deep).unwrap_err();
        assert!(e.message.contains("nested more than 8 levels"), "{e:?}");
        // Control characters the loader refuses cannot forge a subscript.
        assert_eq!(plain(&p("a\u{1}b\u{2}")), "a\u{FFFD}b\u{FFFD}");
    }
}
