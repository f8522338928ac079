//! The concept note's sections: Background, Objectives (with the work
//! plan: its paragraphs and the outputs printed in a sentence, "(i) …;
//! (ii) …; and (iii) …."), Participants and Structure, and the programme
//! (the section holding the programme's tables).

use super::meeting::MeetingInfo;
use super::read::{Block, Para};
use super::rich::Rich;
use super::{Conv, ImportError, position, programme};
use crate::style::roman;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// A section: its heading and the blocks under it.
struct Section<'b> {
    heading: Option<&'b Para>,
    blocks: Vec<&'b Block>,
}

/// The data files of the sections (background, objectives, workplan,
/// participants, in that order) and `programme.json`.
pub fn import(
    body: &[Block],
    conv: &mut Conv,
    meeting: &MeetingInfo,
) -> Result<(Vec<(String, Value)>, Value), ImportError> {
    // Sections at the top heading level of the body.
    let top = body
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) => p.heading,
            _ => None,
        })
        .min();
    let mut sections: Vec<Section> = vec![Section {
        heading: None,
        blocks: Vec::new(),
    }];
    for b in body {
        match b {
            Block::Para(p) if p.heading.is_some() && p.heading == top => sections.push(Section {
                heading: Some(p),
                blocks: Vec::new(),
            }),
            _ => sections.last_mut().expect("a section").blocks.push(b),
        }
    }
    // Text before the first heading has no section.
    let lead = sections.remove(0);
    for b in &lead.blocks {
        if let Block::Para(p) = b
            && !p.is_empty()
        {
            conv.report.unplace(position(p, None), &p.plain());
        }
    }
    // The programme: the last section holding a programme table.
    let prog_at = sections.iter().rposition(|s| {
        s.blocks
            .iter()
            .any(|b| matches!(b, Block::Table(t) if programme::is_programme_table(t, conv)))
    });
    let no_notes = BTreeMap::new();
    let programme_value = match prog_at {
        Some(at) => {
            let s = sections.remove(at);
            let heading = s.heading.map(|h| conv.markup(h, &no_notes));
            let blocks: Vec<Block> = s.blocks.into_iter().cloned().collect();
            // Sections after the programme are not part of the note.
            for s in sections.drain(at..) {
                unplace_section(conv, &s);
            }
            programme::import(&blocks, conv, meeting, heading, 2)?.0
        }
        None => {
            conv.report
                .notes
                .push("The document has no programme table: programme.json has no days.".into());
            json!({ "heading": "Indicative Programme", "days": [] })
        }
    };
    // Background, Objectives (and the work plan), Participants.
    let mut it = sections.into_iter();
    let background = it.next();
    let objectives = it.next();
    let participants = it.next();
    for extra in it {
        unplace_section(conv, &extra);
    }
    let mut files = Vec::new();
    files.push((
        "background.json".to_string(),
        self::background(conv, background.as_ref()),
    ));
    let (obj, workplan) = self::objectives(conv, objectives.as_ref());
    files.push(("objectives.json".to_string(), obj));
    files.push(("workplan.json".to_string(), workplan));
    files.push((
        "participants.json".to_string(),
        self::participants(conv, participants.as_ref()),
    ));
    Ok((files, programme_value))
}

fn unplace_section(conv: &mut Conv, s: &Section) {
    let under = s.heading.map(|h| h.plain());
    if let Some(h) = s.heading {
        conv.report.unplace(position(h, None), &h.plain());
    }
    for b in &s.blocks {
        match b {
            Block::Para(p) if !p.is_empty() => conv
                .report
                .unplace(position(p, under.as_deref()), &p.plain()),
            Block::Table(t) => conv
                .report
                .unplace(format!("table {} of the body", t.number), "(a table)"),
            _ => {}
        }
    }
}

fn heading(conv: &mut Conv, s: Option<&Section>, fallback: &str) -> String {
    let no_notes = BTreeMap::new();
    match s.and_then(|s| s.heading) {
        Some(h) => conv.markup(h, &no_notes),
        None => {
            conv.report.notes.push(format!(
                "The document has no section for \"{fallback}\": its file has the heading \"{fallback}\" and no text."
            ));
            fallback.to_string()
        }
    }
}

/// The paragraphs of a section, as (is a bullet, text) with its
/// paragraph; tables are reported.
fn paragraphs<'b>(conv: &mut Conv, s: Option<&Section<'b>>) -> Vec<(&'b Para, Rich)> {
    let mut out = Vec::new();
    let Some(s) = s else { return out };
    let under = s.heading.map(|h| h.plain());
    let no_notes = BTreeMap::new();
    for b in &s.blocks {
        match b {
            Block::Para(p) if p.is_empty() => {}
            Block::Para(p) => {
                let r = conv.rich(p, &no_notes);
                out.push((p, r));
            }
            Block::Table(t) => conv.report.unplace(
                format!(
                    "table {} of the body (under \"{}\")",
                    t.number,
                    under.clone().unwrap_or_default()
                ),
                "(a table)",
            ),
        }
    }
    out
}

fn strings(conv: &mut Conv, items: &[&Rich]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|r| Value::String(conv.markup_of(r)))
            .collect(),
    )
}

/// `background.json`: the heading and paragraphs (a list's items become
/// paragraphs).
fn background(conv: &mut Conv, s: Option<&Section>) -> Value {
    let heading = heading(conv, s, "Background");
    let paras = paragraphs(conv, s);
    if paras.iter().any(|(p, _)| p.list.is_some()) {
        conv.report.notes.push(
            "A list under Background became paragraphs (background.json has no list).".into(),
        );
    }
    let rs: Vec<&Rich> = paras.iter().map(|(_, r)| r).collect();
    json!({ "heading": heading, "paragraphs": strings(conv, &rs) })
}

/// `objectives.json` and `workplan.json`: paragraphs, the sentence before
/// the list and the list; then the work plan's paragraphs and its outputs
/// (the paragraph that lists them in a sentence).
fn objectives(conv: &mut Conv, s: Option<&Section>) -> (Value, Value) {
    let heading = heading(conv, s, "Objectives");
    let paras = paragraphs(conv, s);
    let first_list = paras.iter().position(|(p, _)| p.list.is_some());
    let (before, list, after): (Vec<&Rich>, Vec<&Rich>, Vec<&Rich>) = match first_list {
        Some(at) => {
            let end = paras[at..]
                .iter()
                .position(|(p, _)| p.list.is_none())
                .map_or(paras.len(), |n| at + n);
            (
                paras[..at].iter().map(|(_, r)| r).collect(),
                paras[at..end].iter().map(|(_, r)| r).collect(),
                paras[end..].iter().map(|(_, r)| r).collect(),
            )
        }
        None => (
            paras.iter().map(|(_, r)| r).collect(),
            Vec::new(),
            Vec::new(),
        ),
    };
    // The sentence before the list introduces it.
    let (intro_paras, intro) = match (list.is_empty(), before.split_last()) {
        (false, Some((last, rest))) => (rest.to_vec(), Some(*last)),
        _ => (before.clone(), None),
    };
    let mut obj = Map::new();
    obj.insert("heading".into(), Value::String(heading));
    obj.insert("paragraphs".into(), strings(conv, &intro_paras));
    obj.insert(
        "specific_intro".into(),
        Value::String(intro.map(|r| conv.markup_of(r)).unwrap_or_default()),
    );
    obj.insert("specific".into(), strings(conv, &list));
    // The work plan: the paragraph listing the outputs, and the ones
    // before it.
    let mut wp_paras = Vec::new();
    let mut outputs_intro = String::new();
    let mut outputs = Vec::new();
    let mut found = false;
    for r in &after {
        if !found && let Some((intro, items)) = inline_list(conv, r) {
            outputs_intro = conv.markup_of(&intro);
            outputs = items
                .iter()
                .map(|i| Value::String(conv.markup_of(i)))
                .collect();
            found = true;
        } else if found {
            conv.report.notes.push(format!(
                "A paragraph after the work plan's outputs was added to the work plan's paragraphs, before the outputs: \"{}\".",
                super::short(&r.plain())
            ));
            wp_paras.push(Value::String(conv.markup_of(r)));
        } else {
            wp_paras.push(Value::String(conv.markup_of(r)));
        }
    }
    let workplan = json!({
        "paragraphs": wp_paras,
        "outputs_intro": outputs_intro,
        "outputs": outputs,
    });
    (Value::Object(obj), workplan)
}

/// "Intro (i) a; (ii) b; and (iii) c." by the label `inline_list`: the
/// intro and the items.
fn inline_list(conv: &Conv, r: &Rich) -> Option<(Rich, Vec<Rich>)> {
    let r = r.trim();
    let plain = r.plain();
    for n in (1..=40).rev() {
        let pieces = conv.labels.inline_list(n, roman);
        let end = pieces.last()?;
        if !plain.ends_with(end.as_str()) {
            continue;
        }
        let total = r.len();
        let end_at = total - end.chars().count();
        // Each piece after the one before, the first one as late as the
        // rest allows (the intro may hold the same words).
        let mut starts = Vec::new();
        let mut from = 0;
        let mut ok = true;
        for p in &pieces[..n] {
            match r.find(p, from) {
                Some(at) => {
                    starts.push(at);
                    from = at + p.chars().count();
                }
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok || from > end_at {
            continue;
        }
        let intro = r.slice(0, starts[0]).trim();
        let mut items = Vec::new();
        for k in 0..n {
            let a = starts[k] + pieces[k].chars().count();
            let b = if k + 1 < n { starts[k + 1] } else { end_at };
            items.push(r.slice(a, b).trim());
        }
        if items.iter().any(|i| i.is_empty()) {
            continue;
        }
        return Some((intro, items));
    }
    None
}

/// `participants.json`: the sentence before the list, the list, the
/// paragraphs after it.
fn participants(conv: &mut Conv, s: Option<&Section>) -> Value {
    let heading = heading(conv, s, "Participants");
    let paras = paragraphs(conv, s);
    let first_list = paras.iter().position(|(p, _)| p.list.is_some());
    let (intro_at, list_range, closing_from) = match first_list {
        Some(at) => {
            let end = paras[at..]
                .iter()
                .position(|(p, _)| p.list.is_none())
                .map_or(paras.len(), |n| at + n);
            (at.checked_sub(1), at..end, end)
        }
        None => (None, 0..0, paras.len().min(1)),
    };
    let intro_at = intro_at.or(if first_list.is_none() && !paras.is_empty() {
        Some(0)
    } else {
        None
    });
    let mut extra_before = Vec::new();
    if let Some(i) = intro_at {
        for (p, _) in &paras[..i] {
            extra_before.push(*p);
        }
    }
    for p in extra_before {
        conv.report.notes.push(format!(
            "A paragraph before the participants' list was added to the closing paragraphs: \"{}\".",
            super::short(&p.plain())
        ));
    }
    let intro = intro_at.map(|i| paras[i].1.clone()).unwrap_or_default();
    let list: Vec<&Rich> = paras[list_range].iter().map(|(_, r)| r).collect();
    let mut closing: Vec<&Rich> = Vec::new();
    if let Some(i) = intro_at {
        closing.extend(paras[..i].iter().map(|(_, r)| r));
    }
    closing.extend(
        paras[closing_from.max(intro_at.map_or(0, |i| i + 1))..]
            .iter()
            .map(|(_, r)| r),
    );
    let mut m = Map::new();
    m.insert("heading".into(), Value::String(heading));
    m.insert("intro".into(), Value::String(conv.markup_of(&intro)));
    m.insert("categories".into(), strings(conv, &list));
    if !closing.is_empty() {
        m.insert("closing".into(), strings(conv, &closing));
    }
    Value::Object(m)
}
