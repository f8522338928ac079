//! The first-page masthead, the title block, and page headers and footers.

use super::blocks::text_run;
use super::styles::id;
use crate::model::{Masthead, TitleBlock};
use crate::style::{Style, pt_to_twips};
use docx_rs::{Docx, Footer, Header, LineSpacing, PageNum, Paragraph};

fn line(style: &str, text: &str) -> Paragraph {
    Paragraph::new().style(style).add_run(text_run(text))
}

/// The masthead at the top of the first page: right-aligned symbol,
/// distribution, date and "Original: …", a rule under the last line (in
/// its style), then the issuer lines on the left, the last one followed by
/// `spacing_pt.title_block_after`.
pub fn masthead_paragraphs(m: &Masthead, style: &Style) -> Vec<Paragraph> {
    let mut out = vec![
        line(id::MASTHEAD_SYMBOL, &m.symbol),
        line(id::MASTHEAD, &m.distribution),
        line(id::MASTHEAD, &m.date),
        line(id::MASTHEAD_LAST, &m.original),
    ];
    out.extend(m.issuer.iter().map(|s| line(id::ISSUER, s)));
    if !m.issuer.is_empty() {
        let last = out.pop().expect("an issuer line");
        let after = pt_to_twips(style.spacing_pt.title_block_after);
        out.push(last.line_spacing(LineSpacing::new().after(after)));
    }
    out
}

/// The centred title block: kind, title, further lines, then
/// `spacing_pt.title_block_after` (set on the last line).
pub fn title_block(t: &TitleBlock, style: &Style) -> Vec<Paragraph> {
    let mut out = Vec::new();
    if let Some(kind) = &t.kind {
        out.push(line(id::TITLE_KIND, kind));
    }
    out.push(line(id::TITLE, &t.title));
    out.extend(t.lines.iter().map(|l| line(id::TITLE_LINE, l)));
    if let Some(last) = out.pop() {
        let after = pt_to_twips(style.spacing_pt.title_block_after);
        out.push(last.line_spacing(LineSpacing::new().after(after)));
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
