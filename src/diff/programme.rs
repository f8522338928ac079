//! Comparing two programmes item by item: moved, added, removed, renamed,
//! speakers changed, and the event's span.

use super::align::Op;
use crate::compose::programme::speaker_text as speaker;
use crate::compose::title::span;
use crate::data::{Day, Item, ItemKind, Meeting, Part, Programme, Speaker};
use crate::values::Clock;

fn title(i: &Item) -> String {
    i.title.plain()
}

fn times(i: &Item) -> String {
    format!("{}-{}", i.start, i.end)
}

fn minutes(i: &Item) -> Option<u32> {
    Some(i.minutes())
}

fn day_name(d: &Day) -> String {
    d.date.long()
}

/// Sentences describing how `new` differs from `old`.
pub fn compare(_om: &Meeting, old: &Programme, _nm: &Meeting, new: &Programme) -> Vec<String> {
    let mut out = Vec::new();
    let several = old.days.len() > 1 || new.days.len() > 1;
    for (n, nd) in new.days.iter().enumerate() {
        let od = old
            .days
            .iter()
            .find(|d| d.date == nd.date)
            .or_else(|| old.days.get(n));
        let prefix = if several {
            format!("{}: ", day_name(nd))
        } else {
            String::new()
        };
        let Some(od) = od else {
            let items: Vec<String> = nd
                .items
                .iter()
                .map(|i| format!("\"{}\" at {}", title(i), times(i)))
                .collect();
            out.push(format!(
                "A day was added: {}, with {}.",
                day_name(nd),
                items.join("; ")
            ));
            continue;
        };
        if od.date != nd.date {
            out.push(format!(
                "{prefix}the day moved from {} to {}.",
                day_name(od),
                day_name(nd)
            ));
        }
        let (os, ns) = (span(&od.items), span(&nd.items));
        if os != ns {
            let show = |s: Option<(Clock, Clock)>| {
                s.map(|(a, b)| format!("{a}-{b}"))
                    .unwrap_or_else(|| "-".into())
            };
            out.push(format!(
                "{prefix}The event now runs {} (was {}).",
                show(ns),
                show(os)
            ));
        }
        for line in compare_items(&od.items, &nd.items) {
            out.push(format!("{prefix}{line}"));
        }
    }
    for od in old.days.iter().skip(new.days.len()) {
        if !new.days.iter().any(|d| d.date == od.date) {
            out.push(format!("A day was removed: {}.", day_name(od)));
        }
    }
    out
}

/// Pairs items: first by identical title, then the rest in order by kind
/// (a changed title is a rename); the others are added or removed.
fn compare_items(old: &[Item], new: &[Item]) -> Vec<String> {
    let mut pair_of_new: Vec<Option<usize>> = vec![None; new.len()];
    let mut used = vec![false; old.len()];
    for (ni, n) in new.iter().enumerate() {
        if let Some(oi) = (0..old.len()).find(|&oi| !used[oi] && title(&old[oi]) == title(n)) {
            used[oi] = true;
            pair_of_new[ni] = Some(oi);
        }
    }
    // Renames: an unpaired new item takes the unpaired old item of the
    // same kind at the same time, or else at the same place in the order.
    for (ni, n) in new.iter().enumerate() {
        if pair_of_new[ni].is_some() {
            continue;
        }
        let same_time = (0..old.len())
            .find(|&oi| !used[oi] && old[oi].kind == n.kind && old[oi].start == n.start);
        let same_place = (ni < old.len() && !used[ni] && old[ni].kind == n.kind).then_some(ni);
        if let Some(oi) = same_time.or(same_place) {
            used[oi] = true;
            pair_of_new[ni] = Some(oi);
        }
    }
    let mut out = Vec::new();
    for (ni, n) in new.iter().enumerate() {
        let Some(oi) = pair_of_new[ni] else {
            out.push(format!("Added: \"{}\" at {}.", title(n), times(n)));
            continue;
        };
        let o = &old[oi];
        let name = format!("\"{}\"", title(n));
        if title(o) != title(n) {
            out.push(format!("\"{}\" is renamed {name}.", title(o)));
        }
        if times(o) != times(n) {
            match (minutes(o), minutes(n)) {
                (Some(a), Some(b)) if a != b => out.push(format!(
                    "{name} now runs {} ({b} mins; was {}, {a} mins).",
                    times(n),
                    times(o)
                )),
                _ => out.push(format!("{name} moved from {} to {}.", times(o), times(n))),
            }
        }
        out.extend(speakers(&name, o, n));
        if o.description != n.description {
            out.extend(description(&name, o, n));
        }
        out.extend(parts(&name, o, n));
        if o.kind != n.kind {
            let kind = |k: ItemKind| match k {
                ItemKind::Session => "a session",
                ItemKind::Break => "a break",
                ItemKind::Logistics => "a logistics item",
            };
            out.push(format!(
                "{name} is now {} (was {}).",
                kind(n.kind),
                kind(o.kind)
            ));
        }
    }
    for (oi, o) in old.iter().enumerate() {
        if !used[oi] {
            out.push(format!("Removed: \"{}\" (was at {}).", title(o), times(o)));
        }
    }
    out
}

/// Speakers who joined or left an item, and those whose affiliation or
/// capacity changed (a speaker is the same person by name).
fn speakers(name: &str, o: &Item, n: &Item) -> Vec<String> {
    let key = |s: &Speaker| s.name.plain();
    let (os, ns) = (&o.speakers, &n.speakers);
    let added: Vec<String> = ns
        .iter()
        .filter(|s| !os.iter().any(|x| key(x) == key(s)))
        .map(speaker)
        .collect();
    let removed: Vec<String> = os
        .iter()
        .filter(|s| !ns.iter().any(|x| key(x) == key(s)))
        .map(speaker)
        .collect();
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("added {}", added.join("; ")));
    }
    if !removed.is_empty() {
        parts.push(format!("removed {}", removed.join("; ")));
    }
    for s in ns {
        let Some(was) = os.iter().find(|x| key(x) == key(s)) else {
            continue;
        };
        let plain = |m: &Option<crate::values::Markup>| m.as_ref().map(|m| m.plain());
        let who = key(s);
        match (plain(&was.capacity), plain(&s.capacity)) {
            (a, b) if a == b => {}
            (Some(a), Some(b)) => parts.push(format!("{who} is now {b} (was {a})")),
            (None, Some(b)) => parts.push(format!("{who} is now {b}")),
            (Some(a), None) => parts.push(format!("{who} is no longer {a}")),
            (None, None) => {}
        }
        match (plain(&was.affiliation), plain(&s.affiliation)) {
            (a, b) if a == b => {}
            (Some(a), Some(b)) => parts.push(format!("{who} is now listed as {b} (was {a})")),
            (None, Some(b)) => parts.push(format!("{who} is now listed as {b}")),
            (Some(a), None) => parts.push(format!("{who} is no longer listed as {a}")),
            (None, None) => {}
        }
    }
    let mut out = Vec::new();
    if !parts.is_empty() {
        out.push(format!("Speakers of {name}: {}.", parts.join("; ")));
    }
    // The same people in another order.
    let order = |v: &[Speaker]| v.iter().map(key).collect::<Vec<_>>();
    let (oo, no) = (order(os), order(ns));
    let kept_old: Vec<&String> = oo.iter().filter(|k| no.contains(k)).collect();
    let kept_new: Vec<&String> = no.iter().filter(|k| oo.contains(k)).collect();
    if kept_old != kept_new {
        out.push(format!(
            "The speakers of {name} are now in this order: {}.",
            no.join("; ")
        ));
    }
    out
}

/// The paragraphs describing an item, word by word.
fn description(name: &str, o: &Item, n: &Item) -> Vec<String> {
    let text = |i: &Item| i.description.iter().map(|d| d.plain()).collect::<Vec<_>>();
    let (a, b) = (text(o), text(n));
    let several = a.len() > 1 || b.len() > 1;
    let ops = super::align::pair(
        &a,
        &b,
        |x, y| x == y,
        |x, y| super::align::likeness(x, y),
        0.4,
    );
    let what = |k: usize| {
        if several {
            format!("The description of {name}, paragraph {}", k + 1)
        } else {
            format!("The description of {name}")
        }
    };
    let mut out = Vec::new();
    for op in ops {
        match op {
            Op::Same(..) => {}
            Op::Changed(i, j) => {
                if let Some(c) = super::words::change(&a[i], &b[j]) {
                    out.push(format!("{}: {c}.", what(j)));
                }
            }
            Op::Added(j) => out.push(format!(
                "{} is new: '{}'.",
                what(j),
                super::words::quote_text(&b[j])
            )),
            Op::Removed(i) => out.push(format!(
                "{} was removed: '{}'.",
                what(i),
                super::words::quote_text(&a[i])
            )),
        }
    }
    out
}

/// Timed parts of a session: added, removed, renamed, retimed, and who
/// joined or left the list under a part.
fn parts(name: &str, o: &Item, n: &Item) -> Vec<String> {
    let mut out = Vec::new();
    let title = |p: &Part| p.title.plain();
    let ops = super::align::pair(
        &o.parts,
        &n.parts,
        |x, y| title(x) == title(y),
        |x, y| {
            // A renamed part keeps its place and usually its length.
            0.5 + 0.5 * super::align::likeness(&title(x), &title(y))
        },
        0.5,
    );
    for op in ops {
        match op {
            Op::Same(i, j) | Op::Changed(i, j) => {
                let (a, b) = (&o.parts[i], &n.parts[j]);
                let part = format!("\"{}\"", title(b));
                if title(a) != title(b) {
                    out.push(format!(
                        "The part \"{}\" of {name} is now called {part}.",
                        title(a)
                    ));
                }
                if a.minutes != b.minutes {
                    out.push(format!(
                        "{part} of {name} now takes {} (was {}).",
                        mins(b.minutes),
                        mins(a.minutes)
                    ));
                }
                let list = |p: &Part| p.list.iter().map(|e| e.plain()).collect::<Vec<_>>();
                let (la, lb) = (list(a), list(b));
                let joined: Vec<&String> = lb.iter().filter(|e| !la.contains(e)).collect();
                let left: Vec<&String> = la.iter().filter(|e| !lb.contains(e)).collect();
                let mut said = Vec::new();
                if !joined.is_empty() {
                    said.push(format!("{} joined", and_list(&joined)));
                }
                if !left.is_empty() {
                    said.push(format!("{} left", and_list(&left)));
                }
                if !said.is_empty() {
                    out.push(format!("{part} of {name}: {}.", said.join("; ")));
                } else if la != lb {
                    out.push(format!("{part} of {name} now lists: {}.", lb.join("; ")));
                }
            }
            Op::Added(j) => {
                let b = &n.parts[j];
                out.push(format!(
                    "{name} has a new part: \"{}\" ({}).",
                    title(b),
                    mins(b.minutes)
                ));
            }
            Op::Removed(i) => {
                let a = &o.parts[i];
                out.push(format!(
                    "The part \"{}\" ({}) of {name} was removed.",
                    title(a),
                    mins(a.minutes)
                ));
            }
        }
    }
    out
}

fn mins(m: u32) -> String {
    if m == 1 {
        "1 min".into()
    } else {
        format!("{m} mins")
    }
}

/// "A", "A and B", "A, B and C".
fn and_list(items: &[&String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!(
            "{} and {last}",
            init.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::values::{Date, Markup, MarkupNoNotes};

    fn item(start: &str, end: &str, kind: ItemKind, title: &str) -> Item {
        Item {
            start: Clock::parse(start).unwrap(),
            end: Clock::parse(end).unwrap(),
            kind,
            title: Markup::parse(title).unwrap(),
            description: vec![],
            speakers: vec![],
            parts: vec![],
        }
    }

    fn programme(items: Vec<Item>) -> Programme {
        Programme {
            schema: None,
            heading: MarkupNoNotes::parse("Programme").unwrap(),
            columns: None,
            day_heading: Default::default(),
            title_line: Default::default(),
            days: vec![Day {
                date: Date::parse("2025-09-23").unwrap(),
                items,
            }],
        }
    }

    fn meeting() -> Meeting {
        serde_json::from_str(
            r#"{"document_kind":"k","title":"t","venue":"v","city":"c","country":"m","date":"2025-09-23","organizers":["o"]}"#,
        )
        .unwrap()
    }

    #[test]
    fn says_what_changed_in_words() {
        let mut opening = item("14:00", "14:15", ItemKind::Session, "Opening");
        opening.speakers = vec![Speaker {
            role: None,
            name: Markup::parse("Mr. A").unwrap(),
            affiliation: None,
            capacity: None,
            lang: None,
        }];
        let old = programme(vec![
            item("13:30", "14:00", ItemKind::Logistics, "Registration"),
            opening.clone(),
            item("14:15", "15:00", ItemKind::Session, "Session 1"),
            item("15:00", "15:30", ItemKind::Logistics, "Networking"),
        ]);
        let mut opening2 = opening;
        opening2.speakers = vec![Speaker {
            role: None,
            name: Markup::parse("Ms. B").unwrap(),
            affiliation: None,
            capacity: None,
            lang: None,
        }];
        let new = programme(vec![
            item("13:30", "14:00", ItemKind::Logistics, "Registration"),
            opening2,
            item("14:15", "15:00", ItemKind::Session, "Session 1: Renamed"),
            item("15:00", "15:30", ItemKind::Session, "Session 2"),
        ]);
        let lines = compare(&meeting(), &old, &meeting(), &new);
        assert_eq!(
            lines,
            vec![
                "The event now runs 14:00-15:30 (was 14:00-15:00).",
                "Speakers of \"Opening\": added Ms. B; removed Mr. A.",
                "\"Session 1\" is renamed \"Session 1: Renamed\".",
                "Added: \"Session 2\" at 15:00-15:30.",
                "Removed: \"Networking\" (was at 15:00-15:30).",
            ]
        );
    }

    #[test]
    fn a_capacity_change_and_a_list_change_are_said_of_that_speaker_and_part() {
        let sp = |name: &str, capacity: &str| Speaker {
            role: None,
            name: Markup::parse(name).unwrap(),
            affiliation: None,
            capacity: Some(Markup::parse(capacity).unwrap()),
            lang: None,
        };
        let part = |title: &str, minutes: u32, list: &[&str]| Part {
            title: Markup::parse(title).unwrap(),
            minutes,
            list: list.iter().map(|e| Markup::parse(e).unwrap()).collect(),
            list_style: Default::default(),
        };
        let mut s2 = item("14:00", "15:00", ItemKind::Session, "Session 2");
        s2.speakers = vec![sp("Ms. Sato Yuki", "Moderator"), sp("Mr. Kim", "Panellist")];
        s2.parts = vec![
            part("Country presentations", 40, &["China", "Japan", "Mongolia"]),
            part("Q&A", 20, &[]),
        ];
        s2.description =
            vec![Markup::parse("Experts meet at the Blue Sky Hotel to talk.").unwrap()];
        let mut s2b = s2.clone();
        s2b.speakers[0] = sp("Ms. Sato Yuki", "Moderator and Rapporteur");
        s2b.parts[0] = part(
            "Country presentations",
            45,
            &["China", "Mongolia", "Republic of Korea"],
        );
        s2b.parts[1].minutes = 15;
        s2b.description =
            vec![Markup::parse("Experts meet at the Shangri-La Hotel to talk.").unwrap()];
        let lines = compare(
            &meeting(),
            &programme(vec![s2]),
            &meeting(),
            &programme(vec![s2b]),
        );
        assert_eq!(
            lines,
            vec![
                "Speakers of \"Session 2\": Ms. Sato Yuki is now Moderator and Rapporteur (was Moderator).",
                "The description of \"Session 2\": 'Blue Sky Hotel' is now 'Shangri-La Hotel'.",
                "\"Country presentations\" of \"Session 2\" now takes 45 mins (was 40 mins).",
                "\"Country presentations\" of \"Session 2\": Republic of Korea joined; Japan left.",
                "\"Q&A\" of \"Session 2\" now takes 15 mins (was 20 mins).",
            ]
        );
    }
}
