//! Text with its look (bold, italic) and footnote references, as read from
//! a paragraph's runs, and its inline markup (`*italic*`, `**bold**`,
//! `[^id]`), the form the data holds. Positions are counted in characters
//! of the plain text (a note takes none, a line break one).

use crate::markup::{self, Span};

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text {
        text: String,
        bold: bool,
        italic: bool,
    },
    /// A footnote reference, by the note's id in the data.
    Note(String),
    Break,
}

/// A paragraph's text, ready to be cut into fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rich {
    pub items: Vec<Item>,
}

impl Rich {
    pub fn plain(&self) -> String {
        let mut s = String::new();
        for i in &self.items {
            match i {
                Item::Text { text, .. } => s.push_str(text),
                Item::Break => s.push('\n'),
                Item::Note(_) => {}
            }
        }
        s
    }

    pub fn len(&self) -> usize {
        self.items
            .iter()
            .map(|i| match i {
                Item::Text { text, .. } => text.chars().count(),
                Item::Break => 1,
                Item::Note(_) => 0,
            })
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.plain().trim().is_empty() && !self.items.iter().any(|i| matches!(i, Item::Note(_)))
    }

    /// The note ids referenced, in order.
    pub fn notes(&self) -> Vec<String> {
        self.items
            .iter()
            .filter_map(|i| match i {
                Item::Note(id) => Some(id.clone()),
                _ => None,
            })
            .collect()
    }

    /// The text from character `start` to `end`. A note at a cut goes
    /// with the text before it.
    pub fn slice(&self, start: usize, end: usize) -> Rich {
        let mut out = Vec::new();
        let mut at = 0;
        for i in &self.items {
            match i {
                Item::Text { text, bold, italic } => {
                    let n = text.chars().count();
                    let (a, b) = (start.max(at), end.min(at + n));
                    if a < b {
                        out.push(Item::Text {
                            text: text.chars().skip(a - at).take(b - a).collect(),
                            bold: *bold,
                            italic: *italic,
                        });
                    }
                    at += n;
                }
                Item::Break => {
                    if at >= start && at < end {
                        out.push(Item::Break);
                    }
                    at += 1;
                }
                Item::Note(_) => {
                    if at > start && at <= end {
                        out.push(i.clone());
                    }
                }
            }
        }
        Rich { items: out }
    }

    /// Without white space at either end.
    pub fn trim(&self) -> Rich {
        let plain: Vec<char> = self.plain().chars().collect();
        let start = plain.iter().take_while(|c| c.is_whitespace()).count();
        let end = plain.len()
            - plain[start..]
                .iter()
                .rev()
                .take_while(|c| c.is_whitespace())
                .count();
        let mut r = self.slice(start, end);
        // A note right at the start (slice leaves it out) stays.
        if start == 0
            && let Some(Item::Note(id)) = self.items.first()
        {
            r.items.insert(0, Item::Note(id.clone()));
        }
        r
    }

    /// The character position of the first `needle` at or after `from`.
    pub fn find(&self, needle: &str, from: usize) -> Option<usize> {
        let plain: Vec<char> = self.plain().chars().collect();
        let n: Vec<char> = needle.chars().collect();
        (from..=plain.len().checked_sub(n.len())?).find(|&i| plain[i..i + n.len()] == n[..])
    }

    /// The character position of the last `needle`.
    pub fn rfind(&self, needle: &str) -> Option<usize> {
        let plain: Vec<char> = self.plain().chars().collect();
        let n: Vec<char> = needle.chars().collect();
        (0..=plain.len().checked_sub(n.len())?)
            .rev()
            .find(|&i| plain[i..i + n.len()] == n[..])
    }

    /// Whether every character of text is bold.
    pub fn all_bold(&self) -> bool {
        let mut any = false;
        for i in &self.items {
            if let Item::Text { text, bold, .. } = i
                && !text.trim().is_empty()
            {
                if !bold {
                    return false;
                }
                any = true;
            }
        }
        any
    }

    /// The same text, not bold.
    pub fn unbold(&self) -> Rich {
        Rich {
            items: self
                .items
                .iter()
                .map(|i| match i {
                    Item::Text { text, italic, .. } => Item::Text {
                        text: text.clone(),
                        bold: false,
                        italic: *italic,
                    },
                    o => o.clone(),
                })
                .collect(),
        }
    }

    /// Plain text.
    pub fn from_plain(s: &str) -> Rich {
        Rich {
            items: vec![Item::Text {
                text: s.to_string(),
                bold: false,
                italic: false,
            }],
        }
    }

    /// The inline markup for this text, and whether it says exactly what
    /// the document shows (false when the look could not be written as
    /// markup and the text was kept plain).
    pub fn markup(&self) -> (String, bool) {
        let items = normalise(&self.trim().items);
        let mut out = String::new();
        emit(&items, &mut out);
        let ok = markup::parse(&out)
            .map(|spans| flatten_spans(&spans) == flatten_items(&items))
            .unwrap_or(false);
        if ok {
            return (out, true);
        }
        // Keep the words: the text without its look.
        let mut plain = String::new();
        for i in &items {
            match i {
                Item::Text { text, .. } => escape_into(text, &mut plain),
                Item::Note(id) => plain.push_str(&format!("[^{id}]")),
                Item::Break => plain.push_str("\n\n"),
            }
        }
        (plain, false)
    }

    /// The text as plain text (a field without markup): breaks as spaces.
    pub fn text(&self) -> String {
        self.trim().plain().replace('\n', " ")
    }
}

/// Adjacent text of one look merged; the look of white space and of a
/// note is that of its neighbours (so `*Title[^1]*` stays one piece and
/// the space before an italic word stays outside it).
fn normalise(items: &[Item]) -> Vec<Item> {
    #[derive(Clone)]
    enum P {
        T(String, u8),
        N(String),
        B,
    }
    let flags = |b: bool, i: bool| u8::from(b) | (u8::from(i) << 1);
    // Split white space at the ends of a text off it.
    let mut v: Vec<P> = Vec::new();
    for i in items {
        match i {
            Item::Text { text, bold, italic } => {
                let f = flags(*bold, *italic);
                let core = text.trim();
                if core.is_empty() {
                    v.push(P::T(text.clone(), 255));
                    continue;
                }
                let lead = &text[..text.len() - text.trim_start().len()];
                let trail = &text[text.trim_end().len()..];
                if !lead.is_empty() {
                    v.push(P::T(lead.to_string(), 255));
                }
                v.push(P::T(core.to_string(), f));
                if !trail.is_empty() {
                    v.push(P::T(trail.to_string(), 255));
                }
            }
            Item::Note(id) => v.push(P::N(id.clone())),
            Item::Break => v.push(P::B),
        }
    }
    // 255: takes the common look of the texts around it. A note takes the
    // look it is inside of.
    let look = |v: &[P], i: usize| -> u8 {
        let prev = v[..i].iter().rev().find_map(|p| match p {
            P::T(_, f) if *f != 255 => Some(*f),
            P::B => Some(0),
            _ => None,
        });
        let next = v[i + 1..].iter().find_map(|p| match p {
            P::T(_, f) if *f != 255 => Some(*f),
            P::B => Some(0),
            _ => None,
        });
        prev.unwrap_or(0) & next.unwrap_or(0)
    };
    let resolved: Vec<(P, u8)> = (0..v.len())
        .map(|i| match &v[i] {
            P::T(t, 255) => (P::T(t.clone(), 0), look(&v, i)),
            P::T(t, f) => (P::T(t.clone(), 0), *f),
            P::N(id) => (P::N(id.clone()), look(&v, i)),
            P::B => (P::B, 0),
        })
        .collect();
    let mut out: Vec<(Item, u8)> = Vec::new();
    for (p, f) in resolved {
        match p {
            P::T(t, _) => {
                if let Some((Item::Text { text, .. }, pf)) = out.last_mut()
                    && *pf == f
                {
                    text.push_str(&t);
                    continue;
                }
                out.push((
                    Item::Text {
                        text: t,
                        bold: f & 1 != 0,
                        italic: f & 2 != 0,
                    },
                    f,
                ));
            }
            P::N(id) => out.push((Item::Note(id), f)),
            P::B => out.push((Item::Break, 0)),
        }
    }
    // A note's look is carried as the flags of an empty neighbour: keep it
    // as a note, with its look recorded for grouping.
    out.into_iter()
        .map(|(i, f)| match i {
            Item::Note(id) => Item::Text {
                text: format!("\u{0}{id}"),
                bold: f & 1 != 0,
                italic: f & 2 != 0,
            },
            o => o,
        })
        .collect()
}

fn flags_of(i: &Item) -> u8 {
    match i {
        Item::Text { bold, italic, .. } => u8::from(*bold) | (u8::from(*italic) << 1),
        _ => 0,
    }
}

/// Writes the items, each run of items sharing a look in one pair of
/// markers (bold outside italic), the rest inside recursively.
fn emit(items: &[Item], out: &mut String) {
    let mut i = 0;
    while i < items.len() {
        let common = flags_of(&items[i]);
        if common == 0 {
            write_item(&items[i], out);
            i += 1;
            continue;
        }
        let mut common = common;
        let mut j = i + 1;
        while j < items.len() && common & flags_of(&items[j]) != 0 {
            common &= flags_of(&items[j]);
            j += 1;
        }
        let open = match common {
            1 => "**",
            2 => "*",
            _ => "***",
        };
        out.push_str(open);
        let inner: Vec<Item> = items[i..j]
            .iter()
            .map(|it| match it {
                Item::Text { text, bold, italic } => Item::Text {
                    text: text.clone(),
                    bold: *bold && common & 1 == 0,
                    italic: *italic && common & 2 == 0,
                },
                o => o.clone(),
            })
            .collect();
        emit(&inner, out);
        out.push_str(open);
        i = j;
    }
}

fn write_item(i: &Item, out: &mut String) {
    match i {
        Item::Text { text, .. } => {
            if let Some(id) = text.strip_prefix('\u{0}') {
                out.push_str(&format!("[^{id}]"));
            } else {
                escape_into(text, out);
            }
        }
        Item::Note(id) => out.push_str(&format!("[^{id}]")),
        Item::Break => out.push_str("\n\n"),
    }
}

/// Text as markup that prints it: a backslash before each character that
/// would be markup.
pub fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if matches!(c, '*' | '[' | ']' | '^' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
}

/// (character, bold, italic) of each character, notes as `\0id`; the look
/// of white space is not compared.
fn flatten_items(items: &[Item]) -> Vec<(String, u8)> {
    let mut out = Vec::new();
    for i in items {
        match i {
            Item::Text { text, .. } if text.starts_with('\u{0}') => out.push((text.clone(), 0)),
            Item::Text { text, .. } => {
                let f = flags_of(i);
                for c in text.chars() {
                    out.push((c.to_string(), if c.is_whitespace() { 0 } else { f }));
                }
            }
            Item::Note(id) => out.push((format!("\u{0}{id}"), 0)),
            Item::Break => out.push(("\n".into(), 0)),
        }
    }
    out
}

fn flatten_spans(spans: &[Span]) -> Vec<(String, u8)> {
    fn walk(spans: &[Span], f: u8, out: &mut Vec<(String, u8)>) {
        for s in spans {
            match s {
                Span::Text(t) => {
                    for c in t.chars() {
                        out.push((c.to_string(), if c.is_whitespace() { 0 } else { f }));
                    }
                }
                Span::Emph(c) => walk(c, f | 2, out),
                Span::Strong(c) => walk(c, f | 1, out),
                // A subscript, superscript or link's text as its words.
                Span::Sub(c) | Span::Super(c) | Span::Link { content: c, .. } => walk(c, f, out),
                Span::Note(id) => out.push((format!("\u{0}{id}"), 0)),
                Span::LineBreak => out.push(("\n".into(), 0)),
            }
        }
    }
    let mut out = Vec::new();
    walk(spans, 0, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str, bold: bool, italic: bool) -> Item {
        Item::Text {
            text: s.into(),
            bold,
            italic,
        }
    }

    #[test]
    fn runs_become_markup() {
        let r = Rich {
            items: vec![
                t("titled \"", false, false),
                t("Success and Challenges", false, true),
                t("\", a joint effort", false, false),
            ],
        };
        assert_eq!(
            r.markup(),
            (
                "titled \"*Success and Challenges*\", a joint effort".into(),
                true
            )
        );
        let r = Rich {
            items: vec![
                t("a ", true, false),
                t("b", true, true),
                t(" c", true, false),
            ],
        };
        assert_eq!(r.markup().0, "**a *b* c**");
        let r = Rich {
            items: vec![
                t("Work Plan 2026-2030", false, false),
                Item::Note("1".into()),
                t(", including 5 * 3 [x]", false, false),
            ],
        };
        assert_eq!(
            r.markup().0,
            "Work Plan 2026-2030[^1], including 5 \\* 3 \\[x\\]"
        );
        let r = Rich {
            items: vec![
                t("The ", false, true),
                t("Report", false, true),
                Item::Note("2".into()),
                t(" ", false, true),
            ],
        };
        assert_eq!(r.markup().0, "*The Report*[^2]");
    }

    #[test]
    fn slices_and_finds() {
        let r = Rich {
            items: vec![
                t("Country presentations ", false, false),
                t("(50 mins)", false, false),
            ],
        };
        let at = r.rfind(" (50 mins)").unwrap();
        assert_eq!(r.slice(0, at).plain(), "Country presentations");
        assert_eq!(r.find("(", 0), Some(22));
    }
}
