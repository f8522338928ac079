//! Tables (the programme, the list of documents) and their lettered notes.

use super::blocks::{BodyItem, Ctx, Fmt};
use super::styles::id;
use super::xml_pass::mark_header_row;
use crate::model::{Block, Table};
use crate::style::{Style, mm_to_twips, pt_to_twips};
use anyhow::{Result, bail};
use docx_rs::{
    BorderType, Paragraph, Run, Shading, ShdType, TableBorder, TableBorderPosition, TableBorders,
    TableCell, TableCellMargins, TableLayoutType, TableRow, WidthType,
};

/// A table in the Meetdoc Table style, followed by its notes.
///
/// Fixed layout with the model's column widths; borders,
/// cell padding and fills are also set directly (not only through the
/// table style), since not every reader applies table styles. The header
/// row is marked to repeat on every page (see `xml_pass::mark_header_row`).
pub fn table(ctx: &mut Ctx, t: &Table) -> Result<Vec<BodyItem>> {
    let style = ctx.style;
    if t.columns_mm.is_empty() || t.columns_mm.iter().any(|w| !(w.is_finite() && *w > 0.0)) {
        bail!(
            "a table's columns must have widths above 0 mm: {:?}",
            t.columns_mm
        );
    }
    let widths: Vec<usize> = t
        .columns_mm
        .iter()
        .map(|mm| mm_to_twips(*mm) as usize)
        .collect();
    let check = |cells: usize, what: &str| -> Result<()> {
        if cells != widths.len() {
            bail!(
                "{what} has {cells} cells, but the table has {} columns",
                widths.len()
            );
        }
        Ok(())
    };

    let mut rows = Vec::new();
    if !t.header.is_empty() {
        check(t.header.len(), "the table header")?;
        let fill = style.table.header_shading.as_str();
        let header = row(ctx, &t.header, &widths, Some(fill), true)?.cant_split();
        rows.push(mark_header_row(header));
    }
    for (i, r) in t.rows.iter().enumerate() {
        check(r.cells.len(), &format!("table row {}", i + 1))?;
        let fill = r.shaded.then_some(style.table.shaded_row.as_str());
        let mut tr = row(ctx, &r.cells, &widths, fill, false)?;
        if !r.breakable {
            tr = tr.cant_split();
        }
        rows.push(tr);
    }

    let pad = pt_to_twips(style.spacing_pt.cell_padding) as usize;
    let table = docx_rs::Table::new(rows)
        .style(id::MEETDOC_TABLE)
        .set_grid(widths.clone())
        .width(widths.iter().sum(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(borders(style))
        .margins(TableCellMargins::new().margin(pad, pad, pad, pad));

    let mut out = vec![BodyItem::Table(Box::new(table))];
    for (i, note) in t.notes.iter().enumerate() {
        let mut p = Paragraph::new()
            .style(id::TABLE_NOTE)
            .add_run(
                Run::new()
                    .style(id::TABLE_NOTE_REFERENCE)
                    .add_text(note.letter.as_str()),
            )
            .add_run(Run::new().add_text(" "));
        for run in ctx
            .paragraph(id::TABLE_NOTE, &note.content, Fmt::default())?
            .children
        {
            p.children.push(run);
        }
        // Space between the table and its first note, and after the last
        // (the notes end as a paragraph does, as in the PDF).
        let gap = pt_to_twips(style.spacing_pt.paragraph_after);
        let mut spacing = docx_rs::LineSpacing::new();
        if i == 0 {
            spacing = spacing.before(gap);
        }
        if i + 1 == t.notes.len() {
            spacing = spacing.after(gap);
        }
        if i == 0 || i + 1 == t.notes.len() {
            p = p.line_spacing(spacing);
        }
        out.push(BodyItem::Paragraph(Box::new(p)));
    }
    Ok(out)
}

fn row(
    ctx: &mut Ctx,
    cells: &[Vec<Block>],
    widths: &[usize],
    fill: Option<&str>,
    header: bool,
) -> Result<TableRow> {
    let mut out = Vec::new();
    for (blocks, width) in cells.iter().zip(widths) {
        let mut cell = TableCell::new().width(*width, WidthType::Dxa);
        let paragraphs = ctx.cell_paragraphs(blocks, header)?;
        if paragraphs.is_empty() {
            let style = if header {
                id::TABLE_HEADING
            } else {
                id::TABLE_TEXT
            };
            cell = cell.add_paragraph(Paragraph::new().style(style));
        }
        for p in paragraphs {
            cell = cell.add_paragraph(p);
        }
        if let Some(fill) = fill {
            cell = cell.shading(
                Shading::new()
                    .shd_type(ShdType::Clear)
                    .color("auto")
                    .fill(fill),
            );
        }
        out.push(cell);
    }
    Ok(TableRow::new(out))
}

/// Single lines of `table.border_pt` (none for 0) in `table.border_colour`
/// all round and between cells.
pub fn borders(style: &Style) -> TableBorders {
    // Border widths are in eighths of a point.
    let size = (style.table.border_pt * 8.0).round().max(2.0) as usize;
    let kind = if style.table.border_pt > 0.0 {
        BorderType::Single
    } else {
        BorderType::Nil
    };
    let mut b = TableBorders::with_empty();
    for pos in [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ] {
        b = b.set(
            TableBorder::new(pos)
                .border_type(kind)
                .size(size)
                .color(style.table.border_colour.as_str()),
        );
    }
    b
}
