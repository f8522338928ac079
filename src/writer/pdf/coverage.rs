//! Which characters of a document no PDF font can print.
//!
//! typst silently drops (or prints an empty box for) a character that none
//! of its fonts has. Before compiling, every character of the Typst source
//! (all document text is in it, as string literals) is looked up in the
//! character maps (cmap) of the font files handed to typst
//! (`fonts.pdf_font_files`); each one no font has is reported with the
//! text around it, and the build goes on.

use std::collections::BTreeSet;
use std::path::PathBuf;

/// A character no font has, with the text around its first occurrence.
#[derive(Debug, Clone, PartialEq)]
pub struct Uncovered {
    pub ch: char,
    /// How often it occurs.
    pub count: usize,
    /// Up to 30 characters either side of the first occurrence, inside
    /// the string literal that holds it.
    pub context: String,
}

impl Uncovered {
    /// `warning: no font has U+E000  (programme.pdf, in "…")`.
    pub fn warning(&self, name: &str) -> String {
        let times = if self.count > 1 {
            format!(", {} times", self.count)
        } else {
            String::new()
        };
        format!(
            "warning: no font has U+{:04X} {} ({name}{times}, in \"{}\"): it will be missing from the PDF",
            self.ch as u32, self.ch, self.context
        )
    }
}

/// The characters of `text` typst needs a glyph for: everything but
/// whitespace, control characters and default-ignorable code points
/// (joiners, variation selectors, tags…), which print as nothing.
pub fn needed(text: &str) -> BTreeSet<char> {
    text.chars().filter(|&c| !invisible(c)).collect()
}

fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c as u32,
            0xAD | 0x34F | 0x61C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F
            | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164
            | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8
            | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF)
}

/// The characters of `chars` that no face of any of `files` maps to a
/// glyph. Files are read one after another only while some character is
/// still uncovered (the body font usually covers everything), so a
/// document in Latin script reads one font file. An unreadable file covers
/// nothing (typst reports it).
pub fn not_covered(chars: &BTreeSet<char>, files: &[PathBuf]) -> BTreeSet<char> {
    let mut left: BTreeSet<char> = chars.clone();
    for file in files {
        if left.is_empty() {
            break;
        }
        let Ok(data) = std::fs::read(file) else {
            continue;
        };
        let faces = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
        for index in 0..faces {
            let Ok(face) = ttf_parser::Face::parse(&data, index) else {
                continue;
            };
            left.retain(|&c| face.glyph_index(c).is_none());
        }
    }
    left
}

/// Each character of `missing` that occurs in `source`, with its count and
/// the text around its first occurrence, in code point order.
pub fn locate(source: &str, missing: &BTreeSet<char>) -> Vec<Uncovered> {
    let mut found = Vec::new();
    for &ch in missing {
        let count = source.chars().filter(|&c| c == ch).count();
        if let Some(at) = source.find(ch) {
            found.push(Uncovered {
                ch,
                count,
                context: context(source, at),
            });
        }
    }
    found
}

/// The text around byte offset `at`: within its line and its string
/// literal (bounded by unescaped quotes), at most 30 characters either
/// side, with the literal's `\"` and `\\` unescaped.
fn context(source: &str, at: usize) -> String {
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[at..].find('\n').map_or(source.len(), |i| at + i);
    let unescaped_quote = |i: usize| {
        source.as_bytes()[i] == b'"'
            && source.as_bytes()[line_start..i]
                .iter()
                .rev()
                .take_while(|&&b| b == b'\\')
                .count()
                % 2
                == 0
    };
    let start = (line_start..at)
        .rev()
        .find(|&i| unescaped_quote(i))
        .map_or(line_start, |i| i + 1);
    let end = (at..line_end)
        .find(|&i| unescaped_quote(i))
        .unwrap_or(line_end);
    let before: Vec<char> = source[start..at].chars().collect();
    let after: Vec<char> = source[at..end].chars().collect();
    let mut s = String::new();
    if before.len() > 30 {
        s.push('…');
    }
    s.extend(&before[before.len().saturating_sub(30)..]);
    s.extend(after.iter().take(31));
    if after.len() > 31 {
        s.push('…');
    }
    s.replace("\\\"", "\"").replace("\\\\", "\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_need_no_glyph() {
        let n = needed("a b\n\u{200D}\u{FE0F}\u{E0067}c");
        assert_eq!(n, BTreeSet::from(['a', 'b', 'c']));
    }

    #[test]
    fn the_context_is_the_string_literal_around_the_character() {
        let src = "#strong[#\"x\"] #\"say \\\"hi\\\" \u{E000} here\" #\"y\"\nnext";
        let at = src.find('\u{E000}').unwrap();
        assert_eq!(context(src, at), "say \"hi\" \u{E000} here");
        let long = format!("#\"{}\u{E000}{}\"", "a".repeat(50), "b".repeat(50));
        let at = long.find('\u{E000}').unwrap();
        let c = context(&long, at);
        assert_eq!(c, format!("…{}\u{E000}{}…", "a".repeat(30), "b".repeat(30)));
    }

    #[test]
    fn locate_counts_and_orders() {
        let missing = BTreeSet::from(['\u{E001}', '\u{E000}', 'z']);
        let found = locate("#\"\u{E001} \u{E000} \u{E001}\"", &missing);
        let got: Vec<(char, usize)> = found.iter().map(|u| (u.ch, u.count)).collect();
        assert_eq!(got, vec![('\u{E000}', 1), ('\u{E001}', 2)]);
        assert!(
            found[0]
                .warning("p.pdf")
                .starts_with("warning: no font has U+E000 \u{E000} (p.pdf, in")
        );
    }
}
