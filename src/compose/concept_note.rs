//! The concept note: title block, Background, Objectives (with the work
//! plan), Participants and Structure, and the Indicative Programme.

use super::inlines::Notes;
use super::{programme, title};
use crate::data::DataSet;
use crate::labels::LabelSet;
use crate::model::{Block, Document, Inline};
use crate::style::Style;
use crate::values::Markup;

pub fn build(data: &DataSet, style: &Style) -> Document {
    let mut notes = Notes::new(&data.footnotes);
    let mut blocks = Vec::new();
    let heading = |text: &Markup, notes: &mut Notes| Block::Heading {
        level: 1,
        content: notes.inlines(text),
    };

    blocks.push(heading(&data.background.heading, &mut notes));
    for p in &data.background.paragraphs {
        blocks.push(Block::para(notes.inlines(p)));
    }

    let o = &data.objectives;
    blocks.push(heading(&o.heading, &mut notes));
    for p in &o.paragraphs {
        blocks.push(Block::para(notes.inlines(p)));
    }
    blocks.push(Block::para(notes.inlines(&o.specific_intro)));
    blocks.push(bullets(&o.specific, &mut notes));

    let w = &data.workplan;
    for p in &w.paragraphs {
        blocks.push(Block::para(notes.inlines(p)));
    }
    blocks.push(Block::para(outputs(
        &w.outputs_intro,
        &w.outputs,
        &mut notes,
        title::labels(data, style),
    )));

    let pa = &data.participants;
    blocks.push(heading(&pa.heading, &mut notes));
    blocks.push(Block::para(notes.inlines(&pa.intro)));
    blocks.push(bullets(&pa.categories, &mut notes));
    for p in &pa.closing {
        blocks.push(Block::para(notes.inlines(p)));
    }

    blocks.push(Block::Heading {
        level: 1,
        content: super::inlines::plain_inlines(data.programme.heading.spans()),
    });
    // The days of the programme are sections of its heading.
    blocks.extend(programme::blocks(data, style, 2));

    let kind = data.meeting.document_kind.printed();
    Document {
        meta: title::meta(data, style, title::document_title(data, style, &kind)),
        masthead: None,
        title_block: title::title_block(data, Some(kind), true, style),
        blocks,
        footnotes: notes.footnotes,
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
/// lower-case roman numerals, with the words of the label table.
fn outputs(
    intro: &Markup,
    outputs: &[Markup],
    notes: &mut Notes,
    labels: &LabelSet,
) -> Vec<Inline> {
    let mut out = notes.inlines(intro);
    let mut pieces = labels.inline_list(outputs.len(), roman).into_iter();
    for o in outputs {
        out.push(Inline::text(pieces.next().unwrap_or_default()));
        out.extend(notes.inlines(o));
    }
    if let Some(end) = pieces.next() {
        out.push(Inline::text(end));
    }
    super::merge_text(out)
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

#[cfg(test)]
mod tests {
    use super::roman;

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(1), "i");
        assert_eq!(roman(4), "iv");
        assert_eq!(roman(9), "ix");
        assert_eq!(roman(14), "xiv");
    }
}
