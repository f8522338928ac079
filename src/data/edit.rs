//! Editing operations on the data, as pure functions: what the editor
//! (`meetdoc serve`) and the command line (`meetdoc shift`) do to a file.
//!
//! Two kinds:
//! - On the JSON value of any file, at a [`Pointer`]: set a field, remove
//!   it, insert, remove or move a list entry. These never refuse a value
//!   for its content: an editor keeps "25:00" and shows its error (the
//!   loader's checks run on the result).
//! - On the typed programme (times are [`Clock`]s): shift an item and
//!   everything after it, set a duration, insert, delete and reorder items
//!   (the times follow), add and remove a day; on markup text: italics and
//!   a footnote reference with its note. [`apply_typed`] runs one on a
//!   file's value and writes back only what it changed, so that the file's
//!   other lines (and fields left out of it) stay as they were.

use super::{Day, Footnotes, Item, ItemKind, Meeting, Programme};
use crate::values::{Clock, Markup, MarkupNoNotes};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::fmt;

/// Why an edit cannot be made, in the user's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError(pub String);

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EditError {}

fn err<T>(message: impl Into<String>) -> Result<T, EditError> {
    Err(EditError(message.into()))
}

// ------------------------------------------------------------ pointers

/// One step of a [`Pointer`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A place in a JSON value: the steps from the top, e.g. `days`, `0`,
/// `items`, `4`, `start`. Written as diagnostics write it
/// (`days[0].items[4].start`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(pub Vec<Step>);

impl Pointer {
    /// From a JSON list of steps: names (text) and list positions (whole
    /// numbers), e.g. `["days", 0, "items", 4, "start"]`.
    pub fn from_json(v: &Value) -> Result<Pointer, EditError> {
        let Some(steps) = v.as_array() else {
            return err("a place in the data is a list of names and positions");
        };
        steps
            .iter()
            .map(|s| match s {
                Value::String(k) => Ok(Step::Key(k.clone())),
                Value::Number(n) => match n.as_u64() {
                    Some(i) => Ok(Step::Index(i as usize)),
                    None => err(format!("{n} is not a position in a list")),
                },
                other => err(format!("{other} is not a name or a position")),
            })
            .collect::<Result<_, _>>()
            .map(Pointer)
    }

    /// As a JSON list of steps.
    pub fn to_json(&self) -> Value {
        Value::Array(
            self.0
                .iter()
                .map(|s| match s {
                    Step::Key(k) => Value::from(k.as_str()),
                    Step::Index(i) => Value::from(*i),
                })
                .collect(),
        )
    }

    /// Reads a place as diagnostics write it, `days[0].items[4].start`
    /// (`""` is the top). Not a place (`line 3, column 7`): None.
    pub fn parse_location(s: &str) -> Option<Pointer> {
        let mut steps = Vec::new();
        if s.is_empty() {
            return Some(Pointer(steps));
        }
        if s.starts_with("line ") && s.contains(", column ") {
            return None;
        }
        for part in s.split('.') {
            let (name, rest) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            if !name.is_empty() {
                steps.push(Step::Key(name.to_string()));
            }
            let mut rest = rest;
            while let Some(r) = rest.strip_prefix('[') {
                let end = r.find(']')?;
                steps.push(Step::Index(r[..end].parse().ok()?));
                rest = &r[end + 1..];
            }
            if !rest.is_empty() {
                return None;
            }
        }
        Some(Pointer(steps))
    }

    pub fn child(&self, step: Step) -> Pointer {
        let mut p = self.clone();
        p.0.push(step);
        p
    }

    /// The place holding this one, and the last step.
    pub fn split_last(&self) -> Option<(Pointer, &Step)> {
        let (last, parent) = self.0.split_last()?;
        Some((Pointer(parent.to_vec()), last))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Step::Key(k) if i == 0 => write!(f, "{k}")?,
                Step::Key(k) => write!(f, ".{k}")?,
                Step::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// The value at `at`, if there is one.
pub fn get<'v>(root: &'v Value, at: &Pointer) -> Option<&'v Value> {
    at.0.iter().try_fold(root, |v, s| match s {
        Step::Key(k) => v.as_object()?.get(k),
        Step::Index(i) => v.as_array()?.get(*i),
    })
}

fn get_mut<'v>(root: &'v mut Value, at: &Pointer) -> Result<&'v mut Value, EditError> {
    let mut v = root;
    for s in &at.0 {
        v = match s {
            Step::Key(k) => v.as_object_mut().and_then(|o| o.get_mut(k)),
            Step::Index(i) => v.as_array_mut().and_then(|a| a.get_mut(*i)),
        }
        .ok_or_else(|| EditError(format!("there is nothing at {at}")))?;
    }
    Ok(v)
}

fn list_mut<'v>(root: &'v mut Value, at: &Pointer) -> Result<&'v mut Vec<Value>, EditError> {
    get_mut(root, at)?
        .as_array_mut()
        .ok_or_else(|| EditError(format!("{at} is not a list")))
}

// ------------------------------------------------------ value edits

/// Sets the value at `at`. A field that is not there yet is added to its
/// object, placed by `order` (the fields in the order of the schema) when
/// it names it, else last.
pub fn set(root: &mut Value, at: &Pointer, value: Value, order: &[&str]) -> Result<(), EditError> {
    let Some((parent, last)) = at.split_last() else {
        *root = value;
        return Ok(());
    };
    let parent_value = get_mut(root, &parent)?;
    match (last, parent_value) {
        (Step::Index(i), Value::Array(a)) => match a.get_mut(*i) {
            Some(slot) => *slot = value,
            None => return err(format!("there is no entry {} in {parent}", i + 1)),
        },
        (Step::Key(k), Value::Object(o)) => {
            if let Some(slot) = o.get_mut(k) {
                *slot = value;
            } else {
                let index = place_of(o, k, order);
                o.shift_insert(index, k.clone(), value);
            }
        }
        _ => {
            return err(format!(
                "{at} cannot be set: {parent} is not a list or an object"
            ));
        }
    }
    Ok(())
}

/// Where a new field `key` goes among the fields of `o`: after the last
/// field that comes before it in `order`.
fn place_of(o: &Map<String, Value>, key: &str, order: &[&str]) -> usize {
    let Some(rank) = order.iter().position(|k| *k == key) else {
        return o.len();
    };
    let rank_of = |k: &str| order.iter().position(|o| *o == k);
    o.keys()
        .enumerate()
        .filter(|(_, k)| k.as_str() == "$schema" || rank_of(k).is_some_and(|r| r < rank))
        .map(|(i, _)| i + 1)
        .max()
        .unwrap_or(0)
}

/// Removes the field or list entry at `at` and returns it.
pub fn remove(root: &mut Value, at: &Pointer) -> Result<Value, EditError> {
    let Some((parent, last)) = at.split_last() else {
        return err("the whole file cannot be removed");
    };
    match (last, get_mut(root, &parent)?) {
        (Step::Index(i), Value::Array(a)) if *i < a.len() => Ok(a.remove(*i)),
        (Step::Key(k), Value::Object(o)) => o
            .shift_remove(k)
            .ok_or_else(|| EditError(format!("there is no {at}"))),
        _ => err(format!("there is no {at}")),
    }
}

/// Inserts `value` into the list at `list` so that it becomes entry `index`
/// (the list's length: at the end).
pub fn insert(
    root: &mut Value,
    list: &Pointer,
    index: usize,
    value: Value,
) -> Result<(), EditError> {
    let a = list_mut(root, list)?;
    if index > a.len() {
        return err(format!("{list} has only {} entries", a.len()));
    }
    a.insert(index, value);
    Ok(())
}

/// Moves entry `from` of the list at `list` to position `to`.
pub fn move_entry(
    root: &mut Value,
    list: &Pointer,
    from: usize,
    to: usize,
) -> Result<(), EditError> {
    let a = list_mut(root, list)?;
    if from >= a.len() || to >= a.len() {
        return err(format!("{list} has only {} entries", a.len()));
    }
    let v = a.remove(from);
    a.insert(to, v);
    Ok(())
}

// ------------------------------------------------------ typed edits

/// Runs `edit` on the typed form of `value` and writes back what it
/// changed, leaving the rest of `value` as it was (fields the file leaves
/// out stay out, the order of its fields stays). The value must be valid
/// for `T`; otherwise nothing changes.
pub fn apply_typed<T, R>(
    value: &mut Value,
    edit: impl FnOnce(&mut T) -> Result<R, EditError>,
) -> Result<R, EditError>
where
    T: DeserializeOwned + Serialize,
{
    let mut typed: T = serde_json::from_value(value.clone()).map_err(|e| {
        EditError(format!(
            "this needs the file to be free of errors first ({e})"
        ))
    })?;
    let before = serde_json::to_value(&typed).expect("data serializes");
    let result = edit(&mut typed)?;
    let after = serde_json::to_value(&typed).expect("data serializes");
    merge_changes(value, &before, after);
    Ok(result)
}

/// Makes `original` (whose typed form serializes as `before`) follow the
/// change from `before` to `after`, touching only what changed.
fn merge_changes(original: &mut Value, before: &Value, after: Value) {
    if *before == after {
        return;
    }
    match (original, before, after) {
        (Value::Object(o), Value::Object(b), Value::Object(mut a)) => {
            let removed: Vec<String> = b.keys().filter(|k| !a.contains_key(*k)).cloned().collect();
            for k in removed {
                o.shift_remove(&k);
            }
            let keys: Vec<String> = a.keys().cloned().collect();
            for k in keys {
                let new = a.remove(&k).expect("key");
                match (o.get_mut(&k), b.get(&k)) {
                    (Some(slot), Some(old)) => merge_changes(slot, old, new),
                    (Some(slot), None) => *slot = new,
                    (None, Some(old)) if *old == new => {}
                    (None, _) => {
                        o.insert(k, new);
                    }
                }
            }
        }
        (Value::Array(o), Value::Array(b), Value::Array(a)) if o.len() == b.len() => {
            if a.len() == b.len() {
                for ((slot, old), new) in o.iter_mut().zip(b).zip(a) {
                    merge_changes(slot, old, new);
                }
            } else {
                // Entries inserted or removed: an entry that is still there,
                // unchanged, keeps its original form.
                let mut used = vec![false; b.len()];
                let merged = a
                    .into_iter()
                    .map(
                        |new| match (0..b.len()).find(|&j| !used[j] && b[j] == new) {
                            Some(j) => {
                                used[j] = true;
                                o[j].clone()
                            }
                            None => new,
                        },
                    )
                    .collect();
                *o = merged;
            }
        }
        (slot, _, new) => *slot = new,
    }
}

/// What a shift did, for a message.
#[derive(Debug, Clone, PartialEq)]
pub struct Shifted {
    /// Positions (from 0) of the items moved.
    pub items: std::ops::Range<usize>,
    pub minutes: i64,
}

fn day_mut(p: &mut Programme, day: usize) -> Result<&mut Day, EditError> {
    let n = p.days.len();
    p.days.get_mut(day).ok_or_else(|| {
        EditError(format!(
            "there is no day {} (the programme has {n})",
            day + 1
        ))
    })
}

fn check_item(d: &Day, day: usize, item: usize) -> Result<(), EditError> {
    if item >= d.items.len() {
        return err(format!(
            "there is no item {} on day {} (it has {})",
            item + 1,
            day + 1,
            d.items.len()
        ));
    }
    Ok(())
}

/// Moves item `item` of day `day` and every item after it on that day by
/// `minutes` (earlier when negative). Refused when a time would leave the
/// day (before 00:00 or after 24:00), or when the first item moved would
/// start before the item before it ends.
pub fn shift_from(
    p: &mut Programme,
    day: usize,
    item: usize,
    minutes: i64,
) -> Result<Shifted, EditError> {
    let d = day_mut(p, day)?;
    check_item(d, day, item)?;
    if minutes < 0
        && item > 0
        && let (Some(prev_end), Some(start)) = (
            Some(d.items[item - 1].end),
            d.items[item].start.shifted(minutes),
        )
        && start < prev_end
    {
        return err(format!(
            "{} would start at {start}, before {} ends at {prev_end}",
            d.items[item].describe(item),
            d.items[item - 1].describe(item - 1)
        ));
    }
    let mut moved = Vec::new();
    for (i, it) in d.items.iter().enumerate().skip(item) {
        match (it.start.shifted(minutes), it.end.shifted(minutes)) {
            (Some(s), Some(e)) if s != Clock::END_OF_DAY => moved.push((s, e)),
            _ => {
                return err(format!(
                    "{} would leave the day (times run from 00:00 to 24:00)",
                    it.describe(i)
                ));
            }
        }
    }
    for (it, (s, e)) in d.items.iter_mut().skip(item).zip(moved) {
        it.start = s;
        it.end = e;
    }
    Ok(Shifted {
        items: item..d.items.len(),
        minutes,
    })
}

/// Gives an item a length of `minutes` by moving its end.
pub fn set_duration(
    p: &mut Programme,
    day: usize,
    item: usize,
    minutes: i64,
) -> Result<(), EditError> {
    let d = day_mut(p, day)?;
    check_item(d, day, item)?;
    if minutes <= 0 {
        return err("a length is a number of minutes greater than 0");
    }
    let it = &mut d.items[item];
    it.end = it
        .start
        .shifted(minutes)
        .ok_or_else(|| EditError(format!("{} would end after 24:00", it.describe(item))))?;
    Ok(())
}

/// The length of an item [`insert_item`] adds.
pub const NEW_ITEM_MINUTES: i64 = 15;

/// Inserts a new session of [`NEW_ITEM_MINUTES`] at position `at` of day
/// `day`: it starts where the item before it ended (or, first, where the
/// first item started), and the items after it move later by its length.
pub fn insert_item(
    p: &mut Programme,
    day: usize,
    at: usize,
    title: Markup,
) -> Result<(), EditError> {
    let d = day_mut(p, day)?;
    if at > d.items.len() {
        return err(format!("day {} has only {} items", day + 1, d.items.len()));
    }
    let start = match (at.checked_sub(1).map(|i| &d.items[i]), d.items.get(at)) {
        (Some(prev), _) => prev.end,
        (None, Some(next)) => next.start,
        (None, None) => Clock::parse("09:00").expect("a time"),
    };
    let end = start
        .shifted(NEW_ITEM_MINUTES)
        .filter(|e| *e != start)
        .ok_or_else(|| EditError("there is no time left in the day for a new item".into()))?;
    d.items.insert(
        at,
        Item {
            start,
            end,
            kind: ItemKind::Session,
            title,
            description: vec![],
            speakers: vec![],
            parts: vec![],
        },
    );
    if at + 1 < d.items.len() {
        // The items after it move by its length (as far as they overlap it).
        let overlap = i64::from(end.minutes()) - i64::from(d.items[at + 1].start.minutes());
        if overlap > 0 {
            shift_from(p, day, at + 1, overlap)?;
        }
    }
    Ok(())
}

/// Removes item `at` of day `day`; the others keep their times.
pub fn delete_item(p: &mut Programme, day: usize, at: usize) -> Result<Item, EditError> {
    let d = day_mut(p, day)?;
    check_item(d, day, at)?;
    Ok(d.items.remove(at))
}

/// Moves item `from` of day `day` to position `to`. The times follow the
/// order: the items between the two positions keep their lengths and are
/// laid out again in the time they took together (gaps between them stay
/// where they were), so the items outside that stretch keep their times.
pub fn move_item(p: &mut Programme, day: usize, from: usize, to: usize) -> Result<(), EditError> {
    let d = day_mut(p, day)?;
    check_item(d, day, from)?;
    check_item(d, day, to)?;
    if from == to {
        return Ok(());
    }
    let (lo, hi) = (from.min(to), from.max(to));
    let start = d.items[lo].start;
    // The gap after each position of the stretch (none after the last).
    let gaps: Vec<i64> = (lo..hi)
        .map(|i| {
            (i64::from(d.items[i + 1].start.minutes()) - i64::from(d.items[i].end.minutes())).max(0)
        })
        .collect();
    let item = d.items.remove(from);
    d.items.insert(to, item);
    let mut t = i64::from(start.minutes());
    for (k, i) in (lo..=hi).enumerate() {
        let it = &mut d.items[i];
        let length = i64::from(it.minutes());
        let (s, e) = (Clock::from_minutes(t), Clock::from_minutes(t + length));
        let (Some(s), Some(e)) = (s, e) else {
            return err("the items would leave the day");
        };
        it.start = s;
        it.end = e;
        t += length + gaps.get(k).copied().unwrap_or(0);
    }
    Ok(())
}

/// Adds a day after the last one, on the next date, with one item (an
/// opening at 09:00); the meeting's last day follows when the new day is
/// after it.
pub fn add_day(p: &mut Programme, meeting: &mut Meeting) -> Result<(), EditError> {
    let date = match p.days.last() {
        Some(d) => d.date.succ(),
        None => meeting.date,
    };
    p.days.push(Day {
        date,
        items: vec![Item {
            start: Clock::parse("09:00").expect("a time"),
            end: Clock::parse("09:15").expect("a time"),
            kind: ItemKind::Session,
            title: Markup::parse("Opening").expect("markup"),
            description: vec![],
            speakers: vec![],
            parts: vec![],
        }],
    });
    if date > meeting.last_day() {
        meeting.end_date = Some(date);
    }
    Ok(())
}

/// Removes day `day`; when it was the last day of the meeting, the
/// meeting's last day becomes the programme's new last day.
pub fn remove_day(p: &mut Programme, meeting: &mut Meeting, day: usize) -> Result<(), EditError> {
    day_mut(p, day)?;
    if p.days.len() == 1 {
        return err("the programme needs at least one day");
    }
    let removed = p.days.remove(day);
    if meeting.end_date == Some(removed.date)
        && let Some(last) = p.days.last()
    {
        meeting.end_date = (last.date > meeting.date).then_some(last.date);
    }
    Ok(())
}

// ------------------------------------------------------ markup edits

/// The byte offset of the `chars`-th character of `s` (its end when past).
fn byte_at(s: &str, chars: usize) -> usize {
    s.char_indices().nth(chars).map_or(s.len(), |(i, _)| i)
}

/// Puts the characters `from..to` of a text in italics (`*…*`), or takes
/// them out of italics when they are exactly an italic run. Spaces at the
/// edges of the selection stay outside the stars.
pub fn italic(source: &str, from: usize, to: usize) -> Result<String, EditError> {
    let (from, to) = (from.min(to), from.max(to));
    let (a, b) = (byte_at(source, from), byte_at(source, to));
    let selected = &source[a..b];
    let trimmed = selected.trim();
    if trimmed.is_empty() {
        return err("select the words to put in italics first");
    }
    let lead = selected.len() - selected.trim_start().len();
    let (a, b) = (a + lead, a + lead + trimmed.len());
    let (before, after) = (&source[..a], &source[b..]);
    let single = |s: &str| s.starts_with('*') && !s.starts_with("**");
    let out = if before.ends_with('*') && !before.ends_with("**") && single(after) {
        // Already italic: take the stars away.
        format!("{}{trimmed}{}", &before[..before.len() - 1], &after[1..])
    } else if trimmed.len() > 2
        && single(trimmed)
        && trimmed.ends_with('*')
        && !trimmed.ends_with("**")
    {
        format!("{before}{}{after}", &trimmed[1..trimmed.len() - 1])
    } else {
        format!("{before}*{trimmed}*{after}")
    };
    Markup::parse(&out).map_err(|e| EditError(format!("the text would not be valid: {e}")))?;
    Ok(out)
}

/// A footnote id not yet used: `note-1`, `note-2`, …
pub fn new_note_id(footnotes: &Footnotes) -> String {
    (1..)
        .map(|n| format!("note-{n}"))
        .find(|id| !footnotes.notes.contains_key(id))
        .expect("an unused id")
}

/// Inserts a footnote reference at character `at` of `source` (after the
/// word there, before any space) and defines the note with `text` in
/// `footnotes`. Returns the new text and the note's id.
pub fn insert_note(
    source: &str,
    at: usize,
    footnotes: &mut Footnotes,
    text: &str,
) -> Result<(String, String), EditError> {
    let note = MarkupNoNotes::parse(text).map_err(|e| EditError(format!("the note: {e}")))?;
    let id = new_note_id(footnotes);
    let b = byte_at(source, at);
    let (before, after) = source.split_at(b);
    let out = format!("{}[^{id}]{after}", before.trim_end());
    let out = if before.len() != before.trim_end().len() && !after.starts_with(' ') {
        // The reference goes right after the word; the space moves after it.
        let (l, r) = out.split_at(before.trim_end().len() + id.len() + 3);
        format!("{l} {r}")
    } else {
        out
    };
    Markup::parse(&out).map_err(|e| EditError(format!("the text would not be valid: {e}")))?;
    footnotes.notes.insert(id.clone(), note);
    Ok((out, id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn seed_programme() -> Value {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/neacap-pd2/programme.json"
        ))
        .unwrap();
        serde_json::from_str(&text).unwrap()
    }

    fn times(v: &Value, day: usize) -> Vec<String> {
        v["days"][day]["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                format!(
                    "{}-{}",
                    i["start"].as_str().unwrap(),
                    i["end"].as_str().unwrap()
                )
            })
            .collect()
    }

    #[test]
    fn pointers_read_and_write_the_diagnostics_form() {
        let p = Pointer::parse_location("days[0].items[4].start").unwrap();
        assert_eq!(
            p.0,
            vec![
                Step::Key("days".into()),
                Step::Index(0),
                Step::Key("items".into()),
                Step::Index(4),
                Step::Key("start".into())
            ]
        );
        assert_eq!(p.to_string(), "days[0].items[4].start");
        assert_eq!(Pointer::from_json(&p.to_json()).unwrap(), p);
        assert_eq!(Pointer::parse_location("").unwrap(), Pointer::default());
        assert_eq!(Pointer::parse_location("line 3, column 7"), None);
        assert_eq!(Pointer::parse_location("a[x]"), None);
        assert!(Pointer::from_json(&json!(["a", -1])).is_err());
    }

    #[test]
    fn set_keeps_what_it_is_given_and_places_new_fields_by_the_schema() {
        let mut v = json!({ "$schema": "s", "title": "T", "date": "2025-09-23", "organizers": [] });
        let order = [
            "document_kind",
            "title",
            "date",
            "end_date",
            "timezone",
            "organizers",
        ];
        set(
            &mut v,
            &Pointer::parse_location("end_date").unwrap(),
            json!("2025-09-24"),
            &order,
        )
        .unwrap();
        assert_eq!(
            v.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["$schema", "title", "date", "end_date", "organizers"]
        );
        // An invalid time is kept: the checks report it.
        let mut p = seed_programme();
        let at = Pointer::parse_location("days[0].items[4].start").unwrap();
        set(&mut p, &at, json!("25:00"), &[]).unwrap();
        assert_eq!(get(&p, &at), Some(&json!("25:00")));
        assert!(
            set(
                &mut p,
                &Pointer::parse_location("days[3].date").unwrap(),
                json!("x"),
                &[]
            )
            .is_err()
        );
    }

    #[test]
    fn list_entries_are_inserted_removed_and_moved() {
        let mut v = json!({ "specific": ["a", "b", "c"] });
        let list = Pointer::parse_location("specific").unwrap();
        insert(&mut v, &list, 1, json!("new")).unwrap();
        assert_eq!(v["specific"], json!(["a", "new", "b", "c"]));
        move_entry(&mut v, &list, 0, 3).unwrap();
        assert_eq!(v["specific"], json!(["new", "b", "c", "a"]));
        assert_eq!(
            remove(&mut v, &list.child(Step::Index(1))).unwrap(),
            json!("b")
        );
        assert_eq!(v["specific"], json!(["new", "c", "a"]));
        assert!(insert(&mut v, &list, 9, json!("x")).is_err());
        assert!(move_entry(&mut v, &list, 0, 3).is_err());
    }

    #[test]
    fn shifting_moves_the_item_and_everything_after_it() {
        let mut v = seed_programme();
        let before = v.clone();
        // Session 2 is the sixth item (index 5).
        let s = apply_typed(&mut v, |p: &mut Programme| shift_from(p, 0, 5, 15)).unwrap();
        assert_eq!(s.items, 5..8);
        assert_eq!(
            times(&v, 0),
            [
                "13:30-14:00",
                "14:00-14:15",
                "14:15-14:30",
                "14:30-15:45",
                "15:45-16:15",
                "16:30-17:45",
                "17:45-18:00",
                "18:00-18:30"
            ]
        );
        // Only the times changed; nothing was added (e.g. default columns).
        assert!(v.get("columns").is_none());
        let mut back = v.clone();
        apply_typed(&mut back, |p: &mut Programme| shift_from(p, 0, 5, -15)).unwrap();
        assert_eq!(back, before);
    }

    #[test]
    fn a_shift_that_leaves_the_day_or_overlaps_is_refused_and_changes_nothing() {
        let mut v = seed_programme();
        let before = v.clone();
        let e = apply_typed(&mut v, |p: &mut Programme| shift_from(p, 0, 0, 6 * 60)).unwrap_err();
        assert!(e.0.contains("would leave the day"), "{e}");
        let e = apply_typed(&mut v, |p: &mut Programme| shift_from(p, 0, 5, -45)).unwrap_err();
        assert!(
            e.0.contains("before item 5 (15:45 Coffee Break) ends at 16:15"),
            "{e}"
        );
        let e = apply_typed(&mut v, |p: &mut Programme| shift_from(p, 0, 8, 5)).unwrap_err();
        assert!(e.0.contains("there is no item 9"), "{e}");
        assert_eq!(v, before);
        // An invalid file cannot be shifted.
        v["days"][0]["items"][4]["start"] = json!("25:00");
        let e = apply_typed(&mut v, |p: &mut Programme| shift_from(p, 0, 5, 5)).unwrap_err();
        assert!(e.0.contains("free of errors"), "{e}");
    }

    #[test]
    fn durations_inserts_deletes_and_moves_keep_the_timetable_sound() {
        let mut v = seed_programme();
        apply_typed(&mut v, |p: &mut Programme| set_duration(p, 0, 4, 20)).unwrap();
        assert_eq!(times(&v, 0)[4], "15:45-16:05");
        assert!(apply_typed(&mut v, |p: &mut Programme| set_duration(p, 0, 4, 0)).is_err());

        let mut v = seed_programme();
        let title = Markup::parse("Photo session").unwrap();
        apply_typed(&mut v, |p: &mut Programme| insert_item(p, 0, 5, title)).unwrap();
        assert_eq!(
            times(&v, 0),
            [
                "13:30-14:00",
                "14:00-14:15",
                "14:15-14:30",
                "14:30-15:45",
                "15:45-16:15",
                "16:15-16:30",
                "16:30-17:45",
                "17:45-18:00",
                "18:00-18:30"
            ]
        );
        assert_eq!(v["days"][0]["items"][5]["title"], "Photo session");
        let removed = apply_typed(&mut v, |p: &mut Programme| delete_item(p, 0, 5)).unwrap();
        assert_eq!(removed.title.as_str(), "Photo session");

        // The coffee break before Session 1: the two swap their times.
        let mut v = seed_programme();
        apply_typed(&mut v, |p: &mut Programme| move_item(p, 0, 4, 3)).unwrap();
        assert_eq!(v["days"][0]["items"][3]["title"], "Coffee Break");
        assert_eq!(times(&v, 0)[3..5], ["14:30-15:00", "15:00-16:15"]);
        assert_eq!(times(&v, 0)[5], "16:15-17:30");
    }

    #[test]
    fn days_are_added_and_removed_with_the_meetings_dates() {
        let mut v = seed_programme();
        let mut meeting: Meeting = serde_json::from_str(
            &std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/data/neacap-pd2/meeting.json"
            ))
            .unwrap(),
        )
        .unwrap();
        apply_typed(&mut v, |p: &mut Programme| add_day(p, &mut meeting)).unwrap();
        assert_eq!(v["days"][1]["date"], "2025-09-24");
        assert_eq!(meeting.end_date.unwrap().as_str(), "2025-09-24");
        apply_typed(&mut v, |p: &mut Programme| remove_day(p, &mut meeting, 1)).unwrap();
        assert_eq!(v["days"].as_array().unwrap().len(), 1);
        assert_eq!(meeting.end_date, None);
        assert!(apply_typed(&mut v, |p: &mut Programme| remove_day(p, &mut meeting, 0)).is_err());
    }

    #[test]
    fn italics_wrap_and_unwrap_a_selection() {
        assert_eq!(
            italic("Read the report now", 9, 16).unwrap(),
            "Read the *report* now"
        );
        assert_eq!(
            italic("Read the *report* now", 10, 16).unwrap(),
            "Read the report now"
        );
        assert_eq!(
            italic("Read the *report* now", 9, 17).unwrap(),
            "Read the report now"
        );
        // Spaces at the edges stay outside; characters, not bytes.
        assert_eq!(italic("서울 and Seoul", 2, 7).unwrap(), "서울 *and* Seoul");
        assert!(italic("abc", 1, 1).is_err());
    }

    #[test]
    fn a_footnote_reference_creates_its_note() {
        let mut notes: Footnotes =
            serde_json::from_value(json!({ "notes": { "note-1": "Old." } })).unwrap();
        let (text, id) = insert_note(
            "The Work Plan 2026-2030 will",
            23,
            &mut notes,
            "See the plan.",
        )
        .unwrap();
        assert_eq!(id, "note-2");
        assert_eq!(text, "The Work Plan 2026-2030[^note-2] will");
        assert_eq!(notes.notes["note-2"].as_str(), "See the plan.");
        // After a space: the reference goes after the word.
        let (text, _) = insert_note("End. Next", 5, &mut notes, "N.").unwrap();
        assert_eq!(text, "End.[^note-3] Next");
        assert!(insert_note("x", 1, &mut notes, "a [^b] note").is_err());
    }
}
