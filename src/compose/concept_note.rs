//! The concept note: the title block, then its sections in the data's
//! order (by default Background, Objectives with the work plan,
//! Participants and Structure, and the Indicative Programme), any of them
//! absent, and extra sections written as a general document's.

use super::document::Sections;
use super::inlines::Notes;
use super::{programme, title};
use crate::data::{DataSet, NoteSection};
use crate::labels::LabelSet;
use crate::model::{Block, Document, Inline};
use crate::style::Style;
use crate::values::Markup;

pub fn build(data: &DataSet, style: &Style) -> Document {
    let mut notes = Notes::new(&data.footnotes.notes);
    let mut blocks = Vec::new();
    for section in &data.sections {
        match section {
            NoteSection::Background(b) => {
                blocks.push(Block::heading(1, notes.inlines(&b.heading)));
                paragraphs(&b.paragraphs, &mut notes, &mut blocks);
            }
            NoteSection::Objectives(o) => {
                blocks.push(Block::heading(1, notes.inlines(&o.heading)));
                paragraphs(&o.paragraphs, &mut notes, &mut blocks);
                if let Some(intro) = &o.specific_intro {
                    blocks.push(Block::para(notes.inlines(intro)));
                }
                if !o.specific.is_empty() {
                    blocks.push(bullets(&o.specific, &mut notes));
                }
            }
            NoteSection::WorkPlan(w) => {
                if let Some(h) = &w.heading {
                    blocks.push(Block::heading(1, notes.inlines(h)));
                }
                paragraphs(&w.paragraphs, &mut notes, &mut blocks);
                if w.outputs_intro.is_some() || !w.outputs.is_empty() {
                    blocks.push(Block::para(outputs(
                        w.outputs_intro.as_ref(),
                        &w.outputs,
                        &mut notes,
                        title::labels(data, style),
                    )));
                }
            }
            NoteSection::Participants(p) => {
                blocks.push(Block::heading(1, notes.inlines(&p.heading)));
                if let Some(intro) = &p.intro {
                    blocks.push(Block::para(notes.inlines(intro)));
                }
                if !p.categories.is_empty() {
                    blocks.push(bullets(&p.categories, &mut notes));
                }
                paragraphs(&p.closing, &mut notes, &mut blocks);
            }
            NoteSection::Programme => {
                blocks.push(Block::heading(
                    1,
                    super::inlines::plain_inlines(data.programme.heading.spans()),
                ));
                // The days of the programme are sections of its heading.
                blocks.extend(programme::blocks(data, style, 2));
            }
            NoteSection::Other { section, .. } => {
                // As in a general document, without numbers: the concept
                // note's headings and paragraphs are not numbered.
                Sections::new(&mut notes, style, false, false).section(section, 1, &mut blocks);
            }
        }
    }

    let kind = data.meeting.document_kind.printed();
    Document {
        meta: title::meta(data, style, title::document_title(data, style, &kind)),
        masthead: None,
        title_block: title::title_block(data, Some(kind), true, style),
        blocks,
        footnotes: notes.footnotes,
    }
}

fn paragraphs(texts: &[Markup], notes: &mut Notes, out: &mut Vec<Block>) {
    for p in texts {
        out.push(Block::para(notes.inlines(p)));
    }
}

fn bullets(items: &[Markup], notes: &mut Notes) -> Block {
    Block::BulletList {
        items: items
            .iter()
            .map(|s| vec![Block::para(notes.inlines(s))])
            .collect(),
    }
}

/// "Intro (i) a; (ii) b; and (iii) c." — the outputs inline, numbered in
/// lower-case roman numerals, with the words of the label table (without
/// an intro, the list starts the paragraph).
fn outputs(
    intro: Option<&Markup>,
    outputs: &[Markup],
    notes: &mut Notes,
    labels: &LabelSet,
) -> Vec<Inline> {
    let mut out = intro.map(|i| notes.inlines(i)).unwrap_or_default();
    let mut pieces = labels
        .inline_list(outputs.len(), crate::style::roman)
        .into_iter();
    for o in outputs {
        let mut piece = pieces.next().unwrap_or_default();
        if out.is_empty() {
            piece = piece.trim_start().to_string();
        }
        out.push(Inline::text(piece));
        out.extend(notes.inlines(o));
    }
    if let Some(end) = pieces.next() {
        out.push(Inline::text(end));
    }
    super::merge_text(out)
}
