//! The first-page masthead, the title block, and page headers and footers.

use super::blocks::text_run;
use super::styles::id;
use crate::model::{Masthead, TitleBlock};
use crate::style::{Style, mm_to_twips, pt_to_twips};
use docx_rs::{
    BorderType, Docx, Footer, Header, LineSpacing, PageNum, Paragraph, Table, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableCellMargins, TableLayoutType, TableRow,
    VAlignType, WidthType,
};

fn line(style: &str, text: &str) -> Paragraph {
    Paragraph::new().style(style).add_run(text_run(text))
}

/// The masthead at the top of the first page, as a borderless two-column
/// table whose bottom border is the rule: the issuer lines on the left
/// (bold), the symbol (bold, larger), distribution, date and "Original: …"
/// on the right, both bottom-aligned; `spacing_pt.title_block_after` below
/// the rule (on the title block's first line).
pub fn masthead_table(m: &Masthead, style: &Style) -> Table {
    // Column widths from the style's "masthead" table layout.
    let (left_w, right_w) = match style.columns("masthead") {
        Ok([l, r]) => (mm_to_twips(*l) as usize, mm_to_twips(*r) as usize),
        _ => {
            let width = mm_to_twips(style.text_width_mm()) as usize;
            (width / 2, width - width / 2)
        }
    };
    let width = left_w + right_w;
    let mut left = TableCell::new()
        .width(left_w, WidthType::Dxa)
        .vertical_align(VAlignType::Bottom);
    for s in &m.issuer {
        left = left.add_paragraph(line(id::ISSUER, s));
    }
    if m.issuer.is_empty() {
        left = left.add_paragraph(Paragraph::new().style(id::ISSUER));
    }
    let right = TableCell::new()
        .width(right_w, WidthType::Dxa)
        .vertical_align(VAlignType::Bottom)
        .add_paragraph(line(id::MASTHEAD_SYMBOL, &m.symbol))
        .add_paragraph(line(id::MASTHEAD, &m.distribution))
        .add_paragraph(line(id::MASTHEAD, &m.date))
        .add_paragraph(line(id::MASTHEAD, &m.original));
    let rule = TableBorder::new(TableBorderPosition::Bottom)
        .border_type(BorderType::Single)
        .size((style.sizes_pt.masthead_rule * 8.0).round() as usize)
        .color("000000");
    Table::new(vec![TableRow::new(vec![left, right]).cant_split()])
        .set_grid(vec![left_w, right_w])
        .width(width, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, 0, 40, 0))
        .set_borders(TableBorders::with_empty().set(rule))
}

/// The centred title block: kind, title, further lines, then
/// `spacing_pt.title_block_after` (set on the last line).
pub fn title_block(t: &TitleBlock, style: &Style, after_masthead: bool) -> Vec<Paragraph> {
    let mut out = Vec::new();
    if let Some(kind) = &t.kind {
        out.push(line(id::TITLE_KIND, kind));
    }
    out.push(line(id::TITLE, &t.title));
    out.extend(t.lines.iter().map(|l| line(id::TITLE_LINE, l)));
    let gap = pt_to_twips(style.spacing_pt.title_block_after);
    if let Some(last) = out.pop() {
        out.push(last.line_spacing(LineSpacing::new().after(gap)));
    }
    if after_masthead {
        let first = out.remove(0);
        out.insert(0, first.line_spacing(LineSpacing::new().before(gap)));
    }
    out
}

/// Page footer with the centred page number on every page; with a
/// masthead, a first page without header (the masthead is in the text) and
/// the symbol in the header of later pages.
pub fn add_header_footer(docx: Docx, masthead: Option<&Masthead>) -> Docx {
    let footer = || {
        Footer::new().add_paragraph(
            Paragraph::new()
                .style(id::FOOTER)
                .add_page_num(PageNum::new()),
        )
    };
    let docx = docx.footer(footer());
    match masthead {
        None => docx,
        Some(m) => docx
            .header(Header::new().add_paragraph(line(id::HEADER, &m.symbol)))
            .first_header(Header::new().add_paragraph(Paragraph::new().style(id::HEADER)))
            .first_footer(footer()),
    }
}
