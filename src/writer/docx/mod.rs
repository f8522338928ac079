//! DOCX writer: lays a [`Document`] out as a Word document.
//!
//! The body, tables, footnotes, headers and footers are built with docx-rs
//! and put right by one XML pass ([`xml_pass`]: schema order, repeating
//! header rows, the footnote number in the note body, what docx-rs should
//! not write). Every other part (styles, numbering, settings, font table,
//! theme, properties, content types and relationships) is written here,
//! and the package is zipped by [`package`] with a fixed timestamp and
//! entry order, so the same document always gives the same bytes.
//!
//! The look follows the layout contract in `layouts/README.md`.

mod blocks;
mod footnotes;
mod masthead;
mod numbering;
mod package;
mod parts;
mod styles;
mod table;
mod text;
pub mod tracked;
mod xml_pass;

use crate::model::Document;
use crate::style::{Style, mm_to_twips};
use anyhow::Result;
use docx_rs::{Docx, PageMargin};

/// Lays `doc` out as a .docx file and returns its bytes.
///
/// The output depends only on `doc` and `style`: never on the clock, on
/// other documents built in the same process, or on the thread.
pub fn write(doc: &Document, style: &Style) -> Result<Vec<u8>> {
    // Runs of Hangul or kana in a document of another language: spans in
    // Korean or Japanese.
    let doc = &*crate::compose::scripts::marked(doc);
    text::check_document(doc)?;
    let mut ctx = blocks::Ctx::new(doc, style);

    let page = &style.page;
    let mut docx = Docx::new()
        .page_size(mm_to_twips(page.width_mm), mm_to_twips(page.height_mm))
        .page_margin(
            PageMargin::new()
                .top(mm_to_twips(page.margin_top_mm) as i32)
                .bottom(mm_to_twips(page.margin_bottom_mm) as i32)
                .left(mm_to_twips(page.margin_left_mm) as i32)
                .right(mm_to_twips(page.margin_right_mm) as i32)
                .header(mm_to_twips(page.header_distance_mm) as i32)
                .footer(mm_to_twips(page.footer_distance_mm) as i32)
                .gutter(0),
        );
    // Word's default space between columns (docx-rs's is 425 twips).
    docx.document.section_property.space = 720;
    docx = masthead::add_header_footer(docx, doc.masthead.as_ref(), style);

    if let Some(m) = &doc.masthead {
        for p in masthead::masthead(&mut ctx, m, style)? {
            docx = docx.add_paragraph(p);
        }
    }
    for p in masthead::title_block(&doc.title_block, style) {
        docx = docx.add_paragraph(p);
    }
    for block in &doc.blocks {
        for item in ctx.block(block)? {
            docx = match item {
                blocks::BodyItem::Paragraph(p) => docx.add_paragraph(*p),
                blocks::BodyItem::Table(t) => docx.add_table(*t),
            };
        }
    }
    ctx.check_footnotes_used()?;

    let xml = docx.build();
    package::pack(xml, doc, style, &ctx.numbering, &ctx.marked, &ctx.links)
}
