//! Which table rows may break across pages.
//!
//! A row that fits on a page must not break (it moves whole to the next
//! page, in both formats); a row taller than a page must break, or its end
//! would be lost. Neither writer can measure a row before it is laid out
//! (Word and LibreOffice lay out the DOCX themselves), so the rule is
//! decided here, once, from the row's text, and both writers follow the
//! model's `Row::breakable`: a row estimated at more than
//! `table.split_rows_above_lines` lines may break.

use crate::model::{Block, plain_text};
use crate::style::Style;

/// Whether a row with these cells, in columns of `columns_mm`, may break.
pub fn may_split(cells: &[Vec<Block>], columns_mm: &[f64], style: &Style) -> bool {
    estimated_lines(cells, columns_mm, style) > style.table.split_rows_above_lines as usize
}

/// The number of lines the row's tallest cell takes, estimated from its
/// characters and the column's width.
pub fn estimated_lines(cells: &[Vec<Block>], columns: &[f64], style: &Style) -> usize {
    let char_pt = style.table.line_estimate_char_em * style.sizes_pt.table;
    cells
        .iter()
        .zip(columns)
        .map(|(blocks, mm)| {
            let width = mm * 72.0 / 25.4 - 2.0 * style.spacing_pt.cell_padding;
            lines(blocks, width, char_pt, style.spacing_pt.list_indent)
        })
        .max()
        .unwrap_or(0)
}

fn lines(blocks: &[Block], width: f64, char_pt: f64, indent: f64) -> usize {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { content }
            | Block::Heading { content, .. }
            | Block::NumberedParagraph { content, .. } => {
                let chars = plain_text(content).chars().count() as f64;
                ((chars * char_pt / width.max(char_pt)).ceil() as usize).max(1)
            }
            Block::BulletList { items } | Block::NumberedList { items, .. } => items
                .iter()
                .map(|item| lines(item, width - indent, char_pt, indent))
                .sum(),
            Block::Table(_) => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style() -> Style {
        Style::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/style.json"))
            .unwrap()
    }

    #[test]
    fn only_rows_longer_than_the_limit_may_split() {
        let s = style();
        let short = vec![
            vec![Block::plain("14:00-14:15")],
            vec![Block::plain("Opening")],
        ];
        let columns = s.columns("programme").unwrap();
        assert!(!may_split(&short, columns, &s));
        let list = Block::BulletList {
            items: (0..70)
                .map(|i| vec![Block::plain(format!("Delegation {i}"))])
                .collect(),
        };
        let long = vec![vec![Block::plain("09:00-12:00")], vec![list]];
        assert_eq!(estimated_lines(&long, columns, &s), 70);
        assert!(may_split(&long, columns, &s));
    }
}
