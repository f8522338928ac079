//! Comparing two programmes item by item: moved, added, removed, renamed,
//! speakers changed, and the event's span.

use crate::compose::programme::speaker_text as speaker;
use crate::compose::title::span;
use crate::data::{Day, Item, ItemKind, Meeting, Programme};
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
            out.push(format!("A day was added: {}.", day_name(nd)));
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
        let speakers = |i: &Item| i.speakers.iter().map(speaker).collect::<Vec<_>>();
        let (osp, nsp) = (speakers(o), speakers(n));
        let added: Vec<_> = nsp.iter().filter(|s| !osp.contains(s)).cloned().collect();
        let removed: Vec<_> = osp.iter().filter(|s| !nsp.contains(s)).cloned().collect();
        if !added.is_empty() || !removed.is_empty() {
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("added {}", added.join("; ")));
            }
            if !removed.is_empty() {
                parts.push(format!("removed {}", removed.join("; ")));
            }
            out.push(format!("Speakers of {name}: {}.", parts.join("; ")));
        }
        if o.description != n.description {
            out.push(format!("The description of {name} changed."));
        }
        if o.parts != n.parts {
            let show = |i: &Item| {
                i.parts
                    .iter()
                    .map(|p| format!("{} ({} mins)", p.title.plain(), p.minutes))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.push(format!(
                "The parts of {name} are now: {} (were: {}).",
                show(n),
                show(o)
            ));
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Speaker;

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
            columns: serde_json::from_str(r#"["Time", "Sessions"]"#).unwrap(),
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
}
