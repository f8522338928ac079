//! Which characters of a document no PDF font can print.
//!
//! typst silently drops (or prints an empty box for) a character that none
//! of its fonts has. Before compiling, every character of the Typst source
//! (all document text is in it, as string literals) is looked up in the
//! character maps (cmap) of the layout's font files
//! (`fonts.pdf_font_files`): this decides which of them typst is handed
//! (see `fonts.rs`), and each character no font has is reported with the
//! text around it, and the build goes on.

use std::collections::BTreeSet;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

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
    // Most characters are Latin-1: those are marked in a table first (a
    // set insertion per character of a long source costs more).
    let mut latin1 = [false; 256];
    let mut other = BTreeSet::new();
    for c in text.chars() {
        match u8::try_from(c) {
            Ok(b) => latin1[usize::from(b)] = true,
            Err(_) => {
                other.insert(c);
            }
        }
    }
    (0u8..=255)
        .filter(|&b| latin1[usize::from(b)])
        .map(char::from)
        .chain(other)
        .filter(|&c| !invisible(c))
        .collect()
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

/// The faces of one font file, read without reading the whole file (a
/// CJK collection is tens of megabytes): the table directory, the naming
/// table of each face and, only when a character is looked up, its
/// character map (cmap).
#[derive(Debug)]
pub struct FontFaces {
    pub path: PathBuf,
    pub faces: Vec<Face>,
}

/// One face of a font file.
#[derive(Debug)]
pub struct Face {
    /// Its family names (name IDs 1 and 16), in lower case.
    pub families: Vec<String>,
    /// Where its cmap table is: offset and length.
    cmap_at: Option<(u64, usize)>,
    /// The cmap table, read on first use (empty when it cannot be read).
    cmap: OnceLock<Vec<u8>>,
}

impl FontFaces {
    /// Reads the table directory and naming tables of a font file (TrueType,
    /// OpenType or a collection of them).
    pub fn read(path: &Path) -> std::io::Result<FontFaces> {
        let file = File::open(path)?;
        let bad = || std::io::Error::new(std::io::ErrorKind::InvalidData, "not a font file");
        let head = read_at(&file, 0, 12)?;
        let offsets: Vec<u64> = if &head[..4] == b"ttcf" {
            let n = be32(&head[8..]) as usize;
            if n == 0 || n > 256 {
                return Err(bad());
            }
            read_at(&file, 12, 4 * n)?
                .chunks(4)
                .map(|c| u64::from(be32(c)))
                .collect()
        } else {
            vec![0]
        };
        let mut faces = Vec::new();
        for offset in offsets {
            let dir = read_at(&file, offset, 12)?;
            if !matches!(&dir[..4], [0, 1, 0, 0] | b"OTTO" | b"true") {
                return Err(bad());
            }
            let tables = usize::from(be16(&dir[4..]));
            let records = read_at(&file, offset + 12, 16 * tables)?;
            let find = |tag: &[u8]| {
                records.chunks(16).find(|r| &r[..4] == tag).and_then(|r| {
                    let len = be32(&r[12..]) as usize;
                    (len <= 64 << 20).then_some((u64::from(be32(&r[8..])), len))
                })
            };
            let mut families = Vec::new();
            if let Some((at, len)) = find(b"name") {
                let data = read_at(&file, at, len)?;
                let table = ttf_parser::name::Table::parse(&data).ok_or_else(bad)?;
                for name in table.names {
                    if (name.name_id == 1 || name.name_id == 16)
                        && let Some(n) = name.to_string()
                    {
                        let n = n.to_lowercase();
                        if !families.contains(&n) {
                            families.push(n);
                        }
                    }
                }
            }
            faces.push(Face {
                families,
                cmap_at: find(b"cmap"),
                cmap: OnceLock::new(),
            });
        }
        Ok(FontFaces {
            path: path.to_path_buf(),
            faces,
        })
    }

    /// Whether any face is of `family` (in lower case).
    pub fn is_of(&self, family: &str) -> bool {
        self.faces
            .iter()
            .any(|f| f.families.iter().any(|n| n == family))
    }

    /// Removes from `chars` every character face `face` maps to a glyph.
    pub fn remove_covered(&self, face: usize, chars: &mut BTreeSet<char>) {
        let f = &self.faces[face];
        let data = f.cmap.get_or_init(|| {
            f.cmap_at
                .and_then(|(at, len)| read_at(&File::open(&self.path).ok()?, at, len).ok())
                .unwrap_or_default()
        });
        let Some(table) = ttf_parser::cmap::Table::parse(data) else {
            return;
        };
        let unicode: Vec<_> = table
            .subtables
            .into_iter()
            .filter(|s| s.is_unicode())
            .collect();
        chars.retain(|&c| !unicode.iter().any(|s| s.glyph_index(c as u32).is_some()));
    }

    /// Whether face `face` maps any of `chars` to a glyph.
    pub fn covers_any(&self, face: usize, chars: &BTreeSet<char>) -> bool {
        let mut left = chars.clone();
        self.remove_covered(face, &mut left);
        left.len() < chars.len()
    }
}

fn read_at(file: &File, at: u64, len: usize) -> std::io::Result<Vec<u8>> {
    let mut buf = vec![0; len];
    file.read_exact_at(&mut buf, at)?;
    Ok(buf)
}

fn be16(b: &[u8]) -> u16 {
    u16::from_be_bytes([b[0], b[1]])
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
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

    const LIBERATION2: &str = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf";
    const CJK: &str = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";

    #[test]
    fn reads_the_families_and_characters_of_a_font_and_a_collection() {
        let lib = FontFaces::read(Path::new(LIBERATION2)).unwrap();
        assert_eq!(lib.faces.len(), 1);
        assert!(lib.is_of("liberation serif"), "{:?}", lib.faces);
        // Liberation 2 has the subscript digits (1.07 lacks them).
        let mut chars = BTreeSet::from(['a', '\u{2082}', '\u{2085}', '北']);
        lib.remove_covered(0, &mut chars);
        assert_eq!(chars, BTreeSet::from(['北']));

        let cjk = FontFaces::read(Path::new(CJK)).unwrap();
        assert!(cjk.faces.len() > 1);
        assert!(cjk.is_of("noto serif cjk sc"), "{:?}", cjk.faces);
        assert!(!cjk.is_of("liberation serif"));
        let i = cjk
            .faces
            .iter()
            .position(|f| f.families.iter().any(|n| n == "noto serif cjk sc"))
            .unwrap();
        assert!(cjk.covers_any(i, &BTreeSet::from(['北'])));
        assert!(!cjk.covers_any(i, &BTreeSet::from(['\u{E000}'])));
    }

    #[test]
    fn a_file_that_is_no_font_is_an_error() {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
        assert!(FontFaces::read(&p).is_err());
    }

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
