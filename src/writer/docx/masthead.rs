//! The first-page masthead, the title block, and page headers and footers.

use super::blocks::{Ctx, Fmt, text_run};
use super::footnotes;
use super::styles::id;
use crate::model::{Masthead, TitleBlock};
use crate::style::{Side, Style, pt_to_twips};
use anyhow::Result;
use docx_rs::{
    AlignmentType, BorderType, Docx, Footer, Header, LineSpacing, PageNum, Paragraph,
    ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run,
};

fn line(style: &str, text: &str) -> Paragraph {
    Paragraph::new().style(style).add_run(text_run(text))
}

/// The lines of the masthead's two columns, paired from the bottom (both
/// columns are bottom-aligned): on the left the issuer, on the right the
/// symbol, distribution, date, a translated version's language and the
/// original language. `(left, right)` for each line, top to bottom; the
/// symbol is the first right-hand line.
pub fn masthead_lines(m: &Masthead) -> Vec<(Option<&str>, Option<&str>)> {
    let right: Vec<&str> = [
        Some(m.symbol.as_str()),
        Some(m.distribution.as_str()),
        Some(m.date.as_str()),
        m.version.as_deref(),
        Some(m.original.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let n = right.len().max(m.issuer.len());
    (0..n)
        .map(|i| {
            let left = (i + m.issuer.len())
                .checked_sub(n)
                .map(|j| m.issuer[j].as_str());
            let r = (i + right.len()).checked_sub(n).map(|j| right[j]);
            (left, r)
        })
        .collect()
}

/// The masthead at the top of the first page, as paragraphs (so that the
/// body starts with a paragraph, never with a table: LibreOffice puts an
/// empty paragraph before a body that starts with a table when the
/// document has footnotes): each line holds the issuer's line (bold) on
/// the left and, after a tab to the right margin, the symbol (bold,
/// larger), distribution, date or "Original: …". The last line carries
/// the rule. Under it, the meeting's lines (the first in bold), the agenda
/// item with the note citing the agenda, and the item's title (bold);
/// `spacing_pt.title_block_after` after the last line.
pub fn masthead(ctx: &mut Ctx, m: &Masthead, style: &Style) -> Result<Vec<Paragraph>> {
    let mut out = Vec::new();
    let lines = masthead_lines(m);
    for (i, (left, right)) in lines.iter().enumerate() {
        let mut p = Paragraph::new().style(id::MASTHEAD);
        if let Some(l) = left {
            p = p.add_run(text_run(l).style(id::ISSUER));
        }
        if let Some(r) = right {
            p = p.add_run(Run::new().add_tab());
            let run = text_run(r);
            let right_lines = 4 + usize::from(m.version.is_some());
            p = p.add_run(if i + right_lines == lines.len() {
                run.style(id::MASTHEAD_SYMBOL)
            } else {
                run
            });
        }
        out.push(p);
    }
    if let Some(last) = out.pop() {
        let rule = ParagraphBorder::new(ParagraphBorderPosition::Bottom)
            .val(BorderType::Single)
            .size((style.sizes_pt.masthead_rule * 8.0).round() as usize)
            .space(style.spacing_pt.masthead_rule_space.round() as usize)
            .color("000000");
        let gap = pt_to_twips(style.spacing_pt.title_block_after);
        let mut last = last.line_spacing(LineSpacing::new().after(gap));
        last.property = last
            .property
            .set_borders(ParagraphBorders::with_empty().set(rule));
        out.push(last);
    }
    for (i, text) in m.meeting.iter().enumerate() {
        let run = text_run(text);
        out.push(Paragraph::new().style(id::MEETING).add_run(if i == 0 {
            run.bold()
        } else {
            run
        }));
    }
    if let Some(a) = &m.agenda_item {
        let mut p = Paragraph::new()
            .style(id::MEETING)
            .add_run(text_run(&a.text));
        if let Some(note) = &a.note {
            let body = ctx.note_paragraph(&note.content)?;
            p = p.add_run(footnotes::reference(ctx.marked_note(&note.mark)?, body));
        }
        out.push(p);
        if !a.title.is_empty() {
            out.push(ctx.paragraph(
                id::MEETING,
                &a.title,
                Fmt {
                    bold: true,
                    ..Fmt::default()
                },
            )?);
        }
    }
    // title_block_after after the rule and after the meeting's lines.
    let gap = pt_to_twips(style.spacing_pt.title_block_after);
    if let Some(last) = out.pop() {
        out.push(last.line_spacing(LineSpacing::new().after(gap)));
    }
    Ok(out)
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
    let gap = pt_to_twips(style.spacing_pt.title_block_after);
    if let Some(last) = out.pop() {
        out.push(last.line_spacing(LineSpacing::new().after(gap)));
    }
    out
}

fn align(p: Paragraph, side: Side) -> Paragraph {
    p.align(match side {
        Side::Left => AlignmentType::Left,
        Side::Centre => AlignmentType::Center,
        _ => AlignmentType::Right,
    })
}

/// Page headers and footers as `style.running` says: the page number in
/// the footer (not on the first page unless `number_first_page`), the
/// symbol of a document with a masthead in the header of the pages after
/// the first (the masthead is on the first); each on its side, which
/// alternates between odd and even pages for `outside` and `inside`.
pub fn add_header_footer(docx: Docx, masthead: Option<&Masthead>, style: &Style) -> Docx {
    let r = &style.running;
    let footer = |odd: bool| {
        Footer::new().add_paragraph(align(
            Paragraph::new()
                .style(id::FOOTER)
                .add_page_num(PageNum::new()),
            r.page_number.on(odd),
        ))
    };
    let header = |symbol: &str, odd: bool| {
        Header::new().add_paragraph(align(line(id::HEADER, symbol), r.symbol.on(odd)))
    };
    let mut docx = docx.footer(footer(true));
    if r.alternates() {
        docx = docx.even_footer(footer(false));
    }
    if let Some(m) = masthead {
        docx = docx.header(header(&m.symbol, true));
        if r.alternates() {
            docx = docx.even_header(header(&m.symbol, false));
        }
    }
    let first_footer = if r.number_first_page {
        footer(true)
    } else {
        Footer::new().add_paragraph(Paragraph::new().style(id::FOOTER))
    };
    if masthead.is_some() || !r.number_first_page {
        docx = docx
            .first_header(Header::new().add_paragraph(Paragraph::new().style(id::HEADER)))
            .first_footer(first_footer);
    }
    docx
}
