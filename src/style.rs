//! The one style spec both writers read: `layouts/style.json`.
//!
//! Page size, margins, fonts, sizes, spacing and table column widths live
//! there, so the DOCX and the PDF agree by construction.

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Style {
    pub page: Page,
    pub fonts: Fonts,
    pub sizes_pt: Sizes,
    pub spacing_pt: Spacing,
    pub table: TableStyle,
    pub text: TextStyle,
}

/// How meetdoc prints what it makes itself (not text from the data).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TextStyle {
    /// The dash between the ends of a range of times or dates
    /// ("14:00-14:15"): "-" or the en dash "–" of the UN rule.
    pub range_dash: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
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
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Fonts {
    /// Font family named in the DOCX (Word substitutes nothing).
    pub body_docx: String,
    /// Metric-compatible family used by Typst, so lines break alike.
    pub body_pdf: String,
    /// East Asian font named in the DOCX.
    pub cjk_docx: String,
    /// Fallback families for CJK in the PDF, in order.
    pub cjk_pdf: Vec<String>,
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
    pub body: f64,
    pub kind: f64,
    pub title: f64,
    pub title_lines: f64,
    pub heading1: f64,
    pub heading2: f64,
    pub table: f64,
    pub footnote: f64,
    pub masthead_symbol: f64,
    pub masthead: f64,
    /// Thickness of the rule under the masthead.
    pub masthead_rule: f64,
    /// The symbol in the page header of later pages.
    pub header: f64,
    pub footer: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Spacing {
    /// Distance between baselines, in em of the font size (Word "single"
    /// for Times New Roman is 1.15).
    pub line_height_em: f64,
    pub paragraph_after: f64,
    pub heading_before: f64,
    pub heading_after: f64,
    pub title_block_after: f64,
    pub list_indent: f64,
    pub list_after: f64,
    pub cell_padding: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TableStyle {
    pub border_pt: f64,
    /// Hex RGB without '#'.
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

impl Style {
    pub fn load(path: &Path) -> Result<Style> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the style spec {}", path.display()))?;
        let style: Style = serde_json::from_str(&text)
            .with_context(|| format!("{}: not a valid style spec", path.display()))?;
        style
            .check()
            .with_context(|| format!("{}", path.display()))?;
        Ok(style)
    }

    fn check(&self) -> Result<()> {
        for c in [&self.table.header_shading, &self.table.shaded_row] {
            if c.len() != 6 || !c.chars().all(|ch| ch.is_ascii_hexdigit()) {
                bail!("colour {c:?} must be six hex digits, e.g. \"EDEDED\"");
            }
        }
        self.fonts.check()?;
        let text_width = self.page.width_mm - self.page.margin_left_mm - self.page.margin_right_mm;
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

    /// Column widths of a table layout, in mm.
    pub fn columns(&self, layout: &str) -> Result<&[f64]> {
        self.table
            .layouts
            .get(layout)
            .map(|l| l.columns_mm.as_slice())
            .with_context(|| format!("the style spec has no table layout {layout:?}"))
    }

    /// Width of the text area in mm.
    pub fn text_width_mm(&self) -> f64 {
        self.page.width_mm - self.page.margin_left_mm - self.page.margin_right_mm
    }
}

impl Fonts {
    fn check(&self) -> Result<()> {
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
