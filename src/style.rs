//! The one style spec both writers read: [`Style`], from
//! `layouts/reference.docx` (every value a Word style says: page size and
//! margins, fonts, sizes, spacing, lists, the table style; see
//! [`crate::reference`]) and `layouts/style.json` (the rest: the PDF's
//! fonts, table column widths, page headers, numbers of headings, …), so
//! the DOCX and the PDF agree by construction.

use crate::labels::{LABELS_FILE, Labels};
use crate::reference::REFERENCE_FILE;
use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Style {
    #[serde(skip_deserializing)]
    pub page: Page,
    pub fonts: Fonts,
    pub sizes_pt: Sizes,
    pub spacing_pt: Spacing,
    pub table: TableStyle,
    pub text: TextStyle,
    /// The bullets of bullet lists, by depth, repeating: "•", then "–".
    #[serde(skip_deserializing)]
    pub bullets: Vec<String>,
    /// The numbers of numbered lists, by depth (the first for the outermost
    /// list): "1.", then "(a)", then "(i)"; deeper lists take the last.
    #[serde(skip_deserializing)]
    pub numbering: Vec<NumberLevel>,
    /// Whether headings of levels 1 to 4 are bold.
    #[serde(skip_deserializing)]
    pub heading_bold: [bool; 4],
    /// The numbers of numbered headings, by level (UN: "I.", "A.", "1.",
    /// "(a)"); deeper headings take the last.
    pub heading_numbers: Vec<NumberLevel>,
    /// The number of a numbered paragraph ("12."), at the start of its
    /// first line, the text after it at `spacing_pt.number_indent`.
    #[serde(skip_deserializing)]
    pub paragraph_number: NumberLevel,
    /// Page headers and footers.
    pub running: Running,
    /// The standards every PDF is made to.
    pub pdf: PdfSettings,
    /// The rule between the text and its footnotes, as reference.docx's
    /// footnote separator draws it.
    #[serde(skip_deserializing)]
    pub note_rule: NoteRule,
    /// The label table (`labels.json` beside `style.json`): every word
    /// meetdoc prints itself, by language.
    #[serde(skip)]
    pub labels: Labels,
}

/// The rule above the footnotes: what the footnote separator of
/// reference.docx shows (Word: View › Draft, References › Show Notes,
/// Footnote Separator).
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NoteRule {
    /// Word's separator character: a short rule (Typst's own).
    #[default]
    Short,
    /// A border of the separator's paragraph: a rule across the column, of
    /// this width and colour (six hex digits).
    Full { width_pt: f64, colour: String },
    /// No rule (the separator emptied).
    None,
}

/// How meetdoc prints what it makes itself (not text from the data).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TextStyle {
    /// The dash between the ends of a range of times or dates
    /// ("14:00-14:15"): "-" or the en dash "–" of the UN rule.
    pub range_dash: String,
    /// The colour of the text of a link (hex RGB without '#').
    #[serde(skip_deserializing)]
    pub link_colour: String,
    /// Whether the text of a link is underlined.
    #[serde(skip_deserializing)]
    pub link_underline: bool,
}

/// The PDF standards (typst's `--pdf-standard`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PdfSettings {
    /// Every PDF: "ua-1" (PDF/UA-1) makes typst check the tags (title,
    /// language, consecutive heading levels) and tell viewers to show the
    /// document's title, not its file name (`DisplayDocTitle`), which typst
    /// 0.15 writes only for PDF/UA.
    pub standards: Vec<PdfStandard>,
    /// An archival standard (PDF/A, e.g. "a-2b") for every PDF; a set's
    /// `pdf_standard` and `--pdf-standard` on the command line replace it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archival: Option<PdfStandard>,
    /// The archival standard given on the command line (`--pdf-standard`):
    /// it wins over a set's and the layout's.
    #[serde(skip)]
    pub command_line: Option<PdfStandard>,
}

/// A PDF standard typst can make, as typst names it.
#[derive(
    Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, schemars::JsonSchema, clap::ValueEnum,
)]
pub enum PdfStandard {
    /// PDF/UA-1 (accessibility).
    #[serde(rename = "ua-1")]
    #[value(name = "ua-1")]
    Ua1,
    /// PDF/A-1b
    #[serde(rename = "a-1b")]
    #[value(name = "a-1b")]
    A1b,
    /// PDF/A-1a
    #[serde(rename = "a-1a")]
    #[value(name = "a-1a")]
    A1a,
    /// PDF/A-2b (archival, the visual appearance)
    #[serde(rename = "a-2b")]
    #[value(name = "a-2b")]
    A2b,
    /// PDF/A-2u (A-2b with text as Unicode)
    #[serde(rename = "a-2u")]
    #[value(name = "a-2u")]
    A2u,
    /// PDF/A-2a (A-2u, tagged)
    #[serde(rename = "a-2a")]
    #[value(name = "a-2a")]
    A2a,
    /// PDF/A-3b
    #[serde(rename = "a-3b")]
    #[value(name = "a-3b")]
    A3b,
    /// PDF/A-3u
    #[serde(rename = "a-3u")]
    #[value(name = "a-3u")]
    A3u,
    /// PDF/A-3a
    #[serde(rename = "a-3a")]
    #[value(name = "a-3a")]
    A3a,
}

impl PdfStandard {
    /// typst's name, e.g. "a-2b".
    pub fn as_str(self) -> &'static str {
        match self {
            PdfStandard::Ua1 => "ua-1",
            PdfStandard::A1b => "a-1b",
            PdfStandard::A1a => "a-1a",
            PdfStandard::A2b => "a-2b",
            PdfStandard::A2u => "a-2u",
            PdfStandard::A2a => "a-2a",
            PdfStandard::A3b => "a-3b",
            PdfStandard::A3u => "a-3u",
            PdfStandard::A3a => "a-3a",
        }
    }

    /// Whether it is a PDF/A (archival) standard.
    pub fn is_archival(self) -> bool {
        self != PdfStandard::Ua1
    }
}

impl PdfSettings {
    /// The standards of a PDF, in typst's names: the layout's, and one
    /// archival standard: the command line's, else the set's (`of_set`),
    /// else the layout's.
    pub fn for_document(&self, of_set: Option<PdfStandard>) -> Vec<String> {
        let mut out: Vec<String> = self
            .standards
            .iter()
            .map(|s| s.as_str().to_string())
            .collect();
        if let Some(a) = self.command_line.or(of_set).or(self.archival) {
            out.push(a.as_str().to_string());
        }
        out
    }
}

/// How the numbers of one depth of numbered lists look.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NumberLevel {
    /// How the number is counted.
    pub format: NumberFormat,
    /// The number as printed, `{n}` standing for it: "{n}." or "({n})".
    pub text: String,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum NumberFormat {
    /// 1, 2, 3
    #[default]
    Decimal,
    /// a, b, c
    LowerLetter,
    /// A, B, C
    UpperLetter,
    /// i, ii, iii
    LowerRoman,
    /// I, II, III
    UpperRoman,
}

impl NumberLevel {
    /// What comes before and after the number.
    pub fn affixes(&self) -> (&str, &str) {
        self.text.split_once("{n}").unwrap_or((&self.text, ""))
    }

    /// The number `n` (from 1) as printed: "IV.", "(c)", "12.".
    pub fn format(&self, n: usize) -> String {
        let (before, after) = self.affixes();
        format!("{before}{}{after}", self.format.count(n))
    }
}

impl NumberFormat {
    /// `n` (from 1) counted this way: 4 → "4", "d", "D", "iv", "IV"
    /// (letters go on "aa", "ab", …).
    pub fn count(self, n: usize) -> String {
        match self {
            NumberFormat::Decimal => n.to_string(),
            NumberFormat::LowerLetter => letters(n),
            NumberFormat::UpperLetter => letters(n).to_uppercase(),
            NumberFormat::LowerRoman => roman(n),
            NumberFormat::UpperRoman => roman(n).to_uppercase(),
        }
    }
}

/// a, b, …, z, aa, ab, … for 1, 2, …
pub fn letters(n: usize) -> String {
    let mut i = n.saturating_sub(1);
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

/// Lower-case roman numeral.
pub fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// What the page header and footer hold, and where.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Running {
    /// Whether the first page has its number (UN documents: no).
    pub number_first_page: bool,
    /// Where the page number goes in the footer.
    pub page_number: Side,
    /// Where the symbol goes in the header of the pages after the first
    /// (documents with a masthead).
    pub symbol: Side,
}

/// A place on the line of a header or footer. `outside` is right on odd
/// pages and left on even ones (as a book is printed, page 1 on the right);
/// `inside` the other way round.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Left,
    Centre,
    Right,
    Outside,
    Inside,
}

impl Side {
    /// Whether it differs between odd and even pages.
    pub fn alternates(self) -> bool {
        matches!(self, Side::Outside | Side::Inside)
    }

    /// The side on an odd page (`odd`) or an even one.
    pub fn on(self, odd: bool) -> Side {
        match (self, odd) {
            (Side::Outside, true) | (Side::Inside, false) => Side::Right,
            (Side::Outside, false) | (Side::Inside, true) => Side::Left,
            (s, _) => s,
        }
    }
}

impl Running {
    /// Whether odd and even pages have headers or footers of their own.
    pub fn alternates(&self) -> bool {
        self.page_number.alternates() || self.symbol.alternates()
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Page {
    pub width_mm: f64,
    pub height_mm: f64,
    pub margin_top_mm: f64,
    pub margin_bottom_mm: f64,
    pub margin_left_mm: f64,
    pub margin_right_mm: f64,
    pub footer_distance_mm: f64,
    pub header_distance_mm: f64,
    /// Widow and orphan control: a paragraph never leaves its first or last
    /// line alone at the foot or head of a page. Off by default: typst
    /// 0.15 leaves the footnote of a line it moves to the next page on the
    /// page before (typst issue 5314), so the two formats would break
    /// pages differently; with it off, both fill every page to the last
    /// line that fits.
    #[serde(default)]
    pub widow_control: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Fonts {
    /// Font family named in the DOCX (Word substitutes nothing).
    #[serde(skip_deserializing)]
    pub body_docx: String,
    /// Metric-compatible family used by Typst, so lines break alike.
    pub body_pdf: String,
    /// East Asian font named in the DOCX (from reference.docx's Normal), for
    /// text in a language without an entry in `cjk_by_language` (Chinese,
    /// Japanese and Korean share the Han characters: the face follows the
    /// language).
    #[serde(skip_deserializing)]
    pub cjk_docx: String,
    /// Fallback families for CJK in the PDF, in order.
    pub cjk_pdf: Vec<String>,
    /// The East Asian faces of each language (a BCP 47 tag, e.g. "ko",
    /// "ja", "zh-Hant"; a tag's entry, else its primary language's): the
    /// DOCX names `docx` as the East Asian font of text in that language,
    /// the PDF tries `pdf` before `cjk_pdf`. Korean in a Korean face,
    /// Japanese in a Japanese one.
    #[serde(default)]
    pub cjk_by_language: BTreeMap<String, LanguageFonts>,
    /// Fallback families for emoji in the PDF, after the CJK ones (typst
    /// prints colour emoji from Noto Color Emoji). Optional.
    #[serde(default)]
    pub emoji_pdf: Vec<String>,
    /// Every font file the PDF may use, each with the Debian package that
    /// installs it; all must be found (see `writer/pdf/fonts.rs`). typst is
    /// handed those of the body family, and those of a fallback family
    /// when a document has a character that needs it.
    pub pdf_font_files: Vec<FontFile>,
}

/// The East Asian faces of one language.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LanguageFonts {
    /// The East Asian font named in the DOCX, e.g. "Batang".
    pub docx: String,
    /// The families the PDF tries first for it, e.g. ["Noto Serif CJK KR"].
    pub pdf: Vec<String>,
}

/// One font file of the PDF fonts.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct FontFile {
    /// The file's name, after the folders it sits in as far as they tell it
    /// apart from another version of the font, e.g.
    /// `truetype/liberation2/LiberationSerif-Regular.ttf`: matched against
    /// the end of a font's path, so `…/liberation/LiberationSerif-Regular.ttf`
    /// is not taken for it.
    pub file: String,
    /// The Debian package that installs it, named when it is missing.
    pub package: String,
}

impl FontFile {
    /// The file name alone, e.g. `LiberationSerif-Regular.ttf`.
    pub fn name(&self) -> &str {
        self.file.rsplit('/').next().unwrap_or(&self.file)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Sizes {
    #[serde(skip_deserializing)]
    pub body: f64,
    #[serde(skip_deserializing)]
    pub kind: f64,
    #[serde(skip_deserializing)]
    pub title: f64,
    #[serde(skip_deserializing)]
    pub title_lines: f64,
    /// Headings of levels 1 to 4 (UN: "I.", "A.", "1.", "(a)").
    #[serde(skip_deserializing)]
    pub heading1: f64,
    #[serde(skip_deserializing)]
    pub heading2: f64,
    #[serde(skip_deserializing)]
    pub heading3: f64,
    #[serde(skip_deserializing)]
    pub heading4: f64,
    #[serde(skip_deserializing)]
    pub table: f64,
    #[serde(skip_deserializing)]
    pub footnote: f64,
    #[serde(skip_deserializing)]
    pub masthead_symbol: f64,
    #[serde(skip_deserializing)]
    pub masthead: f64,
    /// Thickness of the rule under the masthead.
    pub masthead_rule: f64,
    /// The symbol in the page header of later pages.
    #[serde(skip_deserializing)]
    pub header: f64,
    #[serde(skip_deserializing)]
    pub footer: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Spacing {
    /// Distance between baselines, in em of the font size: Normal's line
    /// spacing (a multiple of "single") times `single_line_em`.
    #[serde(skip_deserializing)]
    pub line_height_em: f64,
    /// The height of a "single" line of the body font, in em, as Word and
    /// LibreOffice lay it out (Times New Roman / Liberation Serif: 1.15):
    /// a property of the font, which no Word style says.
    pub single_line_em: f64,
    /// Where the baseline sits in that line, from its top, in em, as
    /// LibreOffice lays out the body font (Liberation Serif: its ascender
    /// 0.891 em and twice its line gap of 0.042 em). The PDF's line boxes
    /// are made the same.
    pub line_ascent_em: f64,
    /// Sizes (pt, as written in `sizes_pt`) whose line is not
    /// `line_height_em` high in LibreOffice, with the height it has there
    /// (pt): LibreOffice rounds its font metrics, and a 10 pt line comes
    /// out 11.55 pt high, not 11.50. The PDF adds the difference, so pages
    /// of many lines break alike.
    #[serde(default)]
    pub line_height_pt_at: BTreeMap<String, f64>,
    #[serde(skip_deserializing)]
    pub paragraph_after: f64,
    /// Space before and after headings of levels 1 to 4.
    #[serde(skip_deserializing)]
    pub heading_before: [f64; 4],
    #[serde(skip_deserializing)]
    pub heading_after: [f64; 4],
    pub title_block_after: f64,
    /// Space between the masthead's last line and the rule under it
    /// (whole points: Word's border spacing).
    pub masthead_rule_space: f64,
    #[serde(skip_deserializing)]
    pub list_indent: f64,
    #[serde(skip_deserializing)]
    pub list_after: f64,
    /// The indent of each level of a numbered list: the number hangs in
    /// it, the text starts after it.
    #[serde(skip_deserializing)]
    pub number_indent: f64,
    /// Space after each item of a numbered list (an agenda).
    #[serde(skip_deserializing)]
    pub number_after: f64,
    #[serde(skip_deserializing)]
    pub cell_padding: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TableStyle {
    /// The width of the borders (0: none).
    #[serde(skip_deserializing)]
    pub border_pt: f64,
    /// Hex RGB without '#', of the borders.
    #[serde(skip_deserializing)]
    pub border_colour: String,
    /// Hex RGB without '#'.
    #[serde(skip_deserializing)]
    pub header_shading: String,
    /// Hex RGB without '#', for rows set apart (breaks).
    pub shaded_row: String,
    /// A row that may be longer than this many lines (estimated from its
    /// text, see `line_estimate_char_em`) may break across pages, in both
    /// formats; a shorter row moves whole to the next page when it does not
    /// fit. Neither writer can measure a row, so compose decides, once.
    pub split_rows_above_lines: u32,
    /// The average width of a character of table text, in em, for that
    /// estimate (Liberation Serif / Times New Roman: about 0.45).
    pub line_estimate_char_em: f64,
    pub layouts: BTreeMap<String, TableLayout>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TableLayout {
    pub columns_mm: Vec<f64>,
}

/// The table layouts meetdoc's own tables use: the programme's and the
/// list of documents'.
pub const TABLE_LAYOUTS: [&str; 2] = ["programme", "documents"];

impl Style {
    /// Reads the style spec at `path` (`style.json`), and beside it the
    /// Word styles (`reference.docx`) and the label table.
    pub fn load(path: &Path) -> Result<Style> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the style spec {}", path.display()))?;
        let reference_path = path.with_file_name(REFERENCE_FILE);
        let reference = std::fs::read(&reference_path).with_context(|| {
            format!(
                "cannot read the Word styles {} (the values a Word style says are read from it)",
                reference_path.display()
            )
        })?;
        let mut style = Style::from_files(
            &text,
            &path.display().to_string(),
            &reference,
            &reference_path.display().to_string(),
        )?;
        style.labels = Labels::load(&path.with_file_name(LABELS_FILE))?;
        Ok(style)
    }

    /// The style from the text of `style.json` and the bytes of
    /// `reference.docx` (`*_origin` name them in messages), without its
    /// labels: what a Word style says comes from the reference file, the
    /// rest from `style.json`, no value from both.
    pub fn from_files(
        json: &str,
        json_origin: &str,
        reference: &[u8],
        reference_origin: &str,
    ) -> Result<Style> {
        let value: serde_json::Value = serde_json::from_str(json)
            .with_context(|| format!("{json_origin}: not a valid style spec"))?;
        if let Some((key, place)) = moved_key(&value) {
            bail!(
                "{json_origin}: {key} is read from {REFERENCE_FILE} now ({place}): \
                 change it there, in Word, and delete it here (layouts/README.md lists \
                 where each value lives)"
            );
        }
        let mut style: Style = serde_json::from_value(value)
            .with_context(|| format!("{json_origin}: not a valid style spec"))?;
        crate::reference::apply(&mut style, reference, reference_origin)?;
        style
            .check()
            .with_context(|| format!("{json_origin} and {reference_origin}"))?;
        Ok(style)
    }

    fn check(&self) -> Result<()> {
        let s = &self.sizes_pt;
        for (name, size) in [
            ("Normal", s.body),
            ("Title Kind", s.kind),
            ("Title", s.title),
            ("Title Line", s.title_lines),
            ("Heading 1", s.heading1),
            ("Heading 2", s.heading2),
            ("Heading 3", s.heading3),
            ("Heading 4", s.heading4),
            ("Table Text", s.table),
            ("Footnote Text", s.footnote),
            ("Masthead Symbol", s.masthead_symbol),
            ("Masthead", s.masthead),
            ("Header", s.header),
            ("Footer", s.footer),
        ] {
            if !(size.is_finite() && size > 0.0) {
                bail!("style {name:?}: the font size must be above 0 pt");
            }
        }
        let line = self.spacing_pt.line_height_em;
        if !(line.is_finite() && line > 0.0) {
            bail!("style \"Normal\": the line spacing must be above 0");
        }
        if self.bullets.is_empty() || self.bullets.iter().any(|b| b.trim().is_empty()) {
            bail!("bullets: give at least one bullet, e.g. [\"•\", \"–\"]");
        }
        let rule_colour = match &self.note_rule {
            NoteRule::Full { width_pt, colour } => {
                if !(width_pt.is_finite() && *width_pt > 0.0) {
                    bail!("the footnote separator's border must be wider than 0 pt");
                }
                Some(colour)
            }
            NoteRule::Short | NoteRule::None => None,
        };
        for c in [
            &self.table.border_colour,
            &self.table.header_shading,
            &self.table.shaded_row,
            &self.text.link_colour,
        ]
        .into_iter()
        .chain(rule_colour)
        {
            if c.len() != 6 || !c.chars().all(|ch| ch.is_ascii_hexdigit()) {
                bail!("colour {c:?} must be six hex digits, e.g. \"EDEDED\"");
            }
        }
        self.fonts.check()?;
        if let Some(a) = self.pdf.standards.iter().find(|s| s.is_archival()) {
            bail!(
                "pdf.standards: {:?} is an archival standard: set it as pdf.archival, so that a set or the command line can replace it",
                a.as_str()
            );
        }
        if self.pdf.archival.is_some_and(|a| !a.is_archival()) {
            bail!("pdf.archival: give a PDF/A standard such as \"a-2b\"");
        }
        if self.numbering.is_empty() {
            bail!("numbering: give the numbers of at least one depth of numbered lists");
        }
        if self.heading_numbers.is_empty() {
            bail!("heading_numbers: give the numbers of at least one level of headings");
        }
        let levels = self
            .numbering
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("numbering[{i}]"), n))
            .chain(
                self.heading_numbers
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (format!("heading_numbers[{i}]"), n)),
            )
            .chain(std::iter::once((
                "paragraph_number".to_string(),
                &self.paragraph_number,
            )));
        for (at, n) in levels {
            if n.text.matches("{n}").count() != 1 {
                bail!(
                    "{at}.text: {:?} must hold {{n}} once, where the number goes (e.g. \"({{n}})\")",
                    n.text
                );
            }
        }
        let text_width = self.page.width_mm - self.page.margin_left_mm - self.page.margin_right_mm;
        let text_height =
            self.page.height_mm - self.page.margin_top_mm - self.page.margin_bottom_mm;
        if text_width <= 0.0 || text_height <= 0.0 {
            bail!(
                "the page setup leaves no room for the text: a {} × {} mm page with margins of \
                 {} (left), {} (right), {} (top) and {} (bottom) mm",
                self.page.width_mm,
                self.page.height_mm,
                self.page.margin_left_mm,
                self.page.margin_right_mm,
                self.page.margin_top_mm,
                self.page.margin_bottom_mm
            );
        }
        // The tables meetdoc makes itself.
        for name in TABLE_LAYOUTS {
            let columns = self.columns(name).map_err(|_| {
                anyhow::anyhow!(
                    "table.layouts: the layout {name:?} is missing (meetdoc's tables use {})",
                    TABLE_LAYOUTS.join(", ")
                )
            })?;
            if columns.is_empty() || columns.iter().any(|w| !(w.is_finite() && *w > 0.0)) {
                bail!("table.layouts.{name}: give each column a width above 0 mm");
            }
        }
        for (name, layout) in &self.table.layouts {
            let sum: f64 = layout.columns_mm.iter().sum();
            if sum > text_width + 0.01 {
                bail!(
                    "table layout {name:?}: columns add up to {sum} mm, wider than the text ({text_width} mm)"
                );
            }
        }
        Ok(())
    }

    /// Column widths of a table layout, in mm (one of [`TABLE_LAYOUTS`] is
    /// there: the style spec is checked when read).
    pub fn layout_columns(&self, layout: &str) -> Vec<f64> {
        self.columns(layout)
            .map(<[f64]>::to_vec)
            .unwrap_or_default()
    }

    /// Column widths of a table layout, in mm.
    pub fn columns(&self, layout: &str) -> Result<&[f64]> {
        self.table
            .layouts
            .get(layout)
            .map(|l| l.columns_mm.as_slice())
            .with_context(|| format!("the style spec has no table layout {layout:?}"))
    }

    /// How numbers of numbered lists at `depth` (0 = outermost) look.
    pub fn number_level(&self, depth: usize) -> &NumberLevel {
        &self.numbering[depth.min(self.numbering.len() - 1)]
    }

    /// How the numbers of headings of `level` (1 = the highest) look.
    pub fn heading_number(&self, level: u8) -> &NumberLevel {
        let i = usize::from(level.max(1) - 1);
        &self.heading_numbers[i.min(self.heading_numbers.len() - 1)]
    }

    /// The size of headings of `level` (1 to 4; deeper ones take level 4's).
    pub fn heading_size(&self, level: u8) -> f64 {
        let s = &self.sizes_pt;
        match level {
            0 | 1 => s.heading1,
            2 => s.heading2,
            3 => s.heading3,
            _ => s.heading4,
        }
    }

    /// Width of the text area in mm.
    pub fn text_width_mm(&self) -> f64 {
        self.page.width_mm - self.page.margin_left_mm - self.page.margin_right_mm
    }
}

impl Fonts {
    /// The East Asian faces of `language`: its entry in `cjk_by_language`
    /// (its tag's, else its primary language's), else `cjk_docx` and
    /// `cjk_pdf`.
    pub fn cjk_of(&self, language: &crate::values::Lang) -> LanguageFonts {
        self.cjk_by_language
            .get(language.as_str())
            .or_else(|| self.cjk_by_language.get(&language.primary()))
            .cloned()
            .unwrap_or_else(|| LanguageFonts {
                docx: self.cjk_docx.clone(),
                pdf: self.cjk_pdf.clone(),
            })
    }

    /// The families the PDF tries, in order, for text in `language`: the
    /// body family, the language's East Asian faces, the other East Asian
    /// fallbacks, the emoji families.
    pub fn pdf_families(&self, language: &crate::values::Lang) -> Vec<String> {
        let mut out = vec![self.body_pdf.clone()];
        let mut push = |f: &String| {
            if !out.contains(f) {
                out.push(f.clone());
            }
        };
        for f in &self.cjk_of(language).pdf {
            push(f);
        }
        for f in &self.cjk_pdf {
            push(f);
        }
        for f in &self.emoji_pdf {
            push(f);
        }
        out
    }

    /// Every fallback family of the PDF (East Asian ones of every
    /// language, then emoji), once each.
    pub fn fallback_families(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let all = self
            .cjk_pdf
            .iter()
            .chain(self.cjk_by_language.values().flat_map(|l| &l.pdf))
            .chain(&self.emoji_pdf);
        for f in all {
            if !out.contains(f) {
                out.push(f.clone());
            }
        }
        out
    }

    fn check(&self) -> Result<()> {
        for tag in self.cjk_by_language.keys() {
            if let Err(e) = crate::values::Lang::parse(tag) {
                bail!("fonts.cjk_by_language: {}", e.message);
            }
        }
        let mut names = std::collections::BTreeSet::new();
        for f in &self.pdf_font_files {
            let parts: Vec<&str> = f.file.split('/').collect();
            if f.file.starts_with('/')
                || parts
                    .iter()
                    .any(|p| p.is_empty() || *p == "." || *p == "..")
            {
                bail!(
                    "fonts.pdf_font_files: {:?} must be a file name, after the folders it sits in \
                     if need be (e.g. \"truetype/liberation2/LiberationSerif-Regular.ttf\")",
                    f.file
                );
            }
            if f.package.trim().is_empty() {
                bail!("fonts.pdf_font_files: {:?} names no package", f.file);
            }
            if !names.insert(f.name()) {
                bail!("fonts.pdf_font_files: two files are named {:?}", f.name());
            }
        }
        if self.pdf_font_files.is_empty() {
            bail!("fonts.pdf_font_files is empty");
        }
        Ok(())
    }
}

/// The keys of `style.json` whose values are read from `reference.docx`,
/// and where they live there.
pub const FROM_WORD: &[(&str, &str)] = &[
    ("page", "the page setup: Layout › Size, Margins"),
    ("fonts.body_docx", "style Normal's font"),
    ("fonts.cjk_docx", "style Normal's Asian text font"),
    ("sizes_pt.body", "style Normal's size"),
    ("sizes_pt.kind", "style Title Kind's size"),
    ("sizes_pt.title", "style Title's size"),
    ("sizes_pt.title_lines", "style Title Line's size"),
    ("sizes_pt.heading1", "style Heading 1's size"),
    ("sizes_pt.heading2", "style Heading 2's size"),
    ("sizes_pt.heading3", "style Heading 3's size"),
    ("sizes_pt.heading4", "style Heading 4's size"),
    ("sizes_pt.table", "style Table Text's size"),
    ("sizes_pt.footnote", "style Footnote Text's size"),
    ("sizes_pt.masthead_symbol", "style Masthead Symbol's size"),
    ("sizes_pt.masthead", "style Masthead's size"),
    ("sizes_pt.header", "style Header's size"),
    ("sizes_pt.footer", "style Footer's size"),
    ("spacing_pt.line_height_em", "style Normal's line spacing"),
    ("spacing_pt.paragraph_after", "style Normal's spacing after"),
    (
        "spacing_pt.heading_before",
        "the spacing before of styles Heading 1 to 4",
    ),
    (
        "spacing_pt.heading_after",
        "the spacing after of styles Heading 1 to 4",
    ),
    ("heading_bold", "the bold of styles Heading 1 to 4"),
    (
        "spacing_pt.list_indent",
        "the indent of style List Bullet's list",
    ),
    ("spacing_pt.list_after", "style List Bullet's spacing after"),
    (
        "spacing_pt.number_indent",
        "the indent of style List Number's list",
    ),
    (
        "spacing_pt.number_after",
        "style List Number's spacing after",
    ),
    (
        "spacing_pt.cell_padding",
        "table style Meetdoc Table's cell margins",
    ),
    ("table.border_pt", "table style Meetdoc Table's borders"),
    (
        "table.border_colour",
        "table style Meetdoc Table's border colour",
    ),
    (
        "table.header_shading",
        "table style Meetdoc Table's header row shading",
    ),
    ("text.link_colour", "style Hyperlink's colour"),
    ("text.link_underline", "style Hyperlink's underline"),
    ("bullets", "style List Bullet's list"),
    ("numbering", "style List Number's list"),
    ("paragraph_number", "style Numbered Paragraph's list"),
];

/// The first key of `style.json` that is read from the reference file,
/// with where it lives there.
fn moved_key(value: &serde_json::Value) -> Option<(&'static str, &'static str)> {
    FROM_WORD
        .iter()
        .copied()
        .find(|(key, _)| key.split('.').try_fold(value, |v, k| v.get(k)).is_some())
}

/// Millimetres to twentieths of a point (DOCX "twips").
pub fn mm_to_twips(mm: f64) -> u32 {
    (mm / 25.4 * 1440.0).round() as u32
}

/// Points to twips.
pub fn pt_to_twips(pt: f64) -> u32 {
    (pt * 20.0).round() as u32
}

/// Points to half-points (DOCX font sizes).
pub fn pt_to_half_points(pt: f64) -> usize {
    (pt * 2.0).round() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_counted_in_each_format() {
        let level = |format, text: &str| NumberLevel {
            format,
            text: text.into(),
        };
        assert_eq!(level(NumberFormat::UpperRoman, "{n}.").format(4), "IV.");
        assert_eq!(level(NumberFormat::UpperLetter, "{n}.").format(27), "AA.");
        assert_eq!(level(NumberFormat::LowerLetter, "({n})").format(3), "(c)");
        assert_eq!(level(NumberFormat::LowerRoman, "({n})").format(9), "(ix)");
        assert_eq!(level(NumberFormat::Decimal, "{n}.").format(12), "12.");
    }
}
