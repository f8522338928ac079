//! Checks that types cannot express: times and dates, the programme's
//! order and sums, footnote references.

use super::time::{Clock, Date};
use super::{DataSet, ItemKind, Meeting, Programme};
use crate::diagnostics::Diagnostic;
use crate::markup;
use std::collections::BTreeSet;
use std::path::Path;

/// Checks that need the whole data set (footnote references across files).
/// The per-file checks (`check_meeting`, `check_programme`) are run by the
/// loader as soon as their file has parsed.
pub fn validate(data: &DataSet) -> Vec<Diagnostic> {
    let mut d = Vec::new();
    check_footnotes(data, &mut d);
    d
}

/// meeting.json: dates and organizers. Returns the meeting's first and
/// last day when they are valid.
pub fn check_meeting(dir: &Path, m: &Meeting, d: &mut Vec<Diagnostic>) -> Option<(Date, Date)> {
    let path = dir.join("meeting.json");
    if m.organizers.is_empty() {
        d.push(
            Diagnostic::error(&path, "organizers", "no organizer")
                .help("name at least one organizer"),
        );
    }
    if !is_language_tag(&m.language) {
        d.push(
            Diagnostic::error(
                &path,
                "language",
                format!("\"{}\" is not a language tag", m.language),
            )
            .help("write a BCP 47 tag such as \"en\", \"en-GB\", \"ru\" or \"zh-Hans\""),
        );
    }
    let start = parse_date(&path, "date", &m.date, d)?;
    let end = match &m.end_date {
        Some(e) => parse_date(&path, "end_date", e, d)?,
        None => start,
    };
    if end < start {
        d.push(
            Diagnostic::error(
                &path,
                "end_date",
                format!("{end} is before the first day {start}"),
            )
            .help("end_date is the last day of the meeting"),
        );
        return None;
    }
    Some((start, end))
}

fn parse_date(
    path: &std::path::Path,
    place: &str,
    s: &str,
    d: &mut Vec<Diagnostic>,
) -> Option<Date> {
    let date = Date::parse(s);
    if date.is_none() {
        d.push(
            Diagnostic::error(path, place, format!("\"{s}\" is not a date"))
                .help("write the date as YYYY-MM-DD, e.g. \"2025-09-23\""),
        );
    }
    date
}

/// programme.json: days, times, order, overlaps, gaps and sums.
pub fn check_programme(
    dir: &Path,
    p: &Programme,
    range: Option<(Date, Date)>,
    d: &mut Vec<Diagnostic>,
) {
    let path = dir.join("programme.json");
    if p.days.is_empty() {
        d.push(
            Diagnostic::error(&path, "days", "the programme has no day")
                .help("add a day with its items"),
        );
    }
    let mut prev_day: Option<Date> = None;
    for (di, day) in p.days.iter().enumerate() {
        let at = format!("days[{di}]");
        if let Some(date) = parse_date(&path, &format!("{at}.date"), &day.date, d) {
            if let Some(prev) = prev_day
                && date <= prev
            {
                d.push(
                    Diagnostic::error(
                        &path,
                        format!("{at}.date"),
                        format!("{date} does not come after the day before ({prev})"),
                    )
                    .help("list the days in order, each date once"),
                );
            }
            if let Some((start, end)) = range
                && (date < start || date > end)
            {
                d.push(
                    Diagnostic::error(
                        &path,
                        format!("{at}.date"),
                        format!(
                            "{date} is outside the meeting's dates ({} to {})",
                            start, end
                        ),
                    )
                    .help("fix the day's date, or the date/end_date in meeting.json"),
                );
            }
            prev_day = Some(date);
        }
        if day.items.is_empty() {
            d.push(
                Diagnostic::error(&path, format!("{at}.items"), "the day has no item")
                    .help("add the day's items or remove the day"),
            );
        }
        let mut prev: Option<(usize, Clock, Clock)> = None;
        for (ii, item) in day.items.iter().enumerate() {
            let at = format!("{at}.items[{ii}]");
            let start = parse_clock(&path, &format!("{at}.start"), &item.start, d);
            let end = parse_clock(&path, &format!("{at}.end"), &item.end, d);
            let (Some(start), Some(end)) = (start, end) else {
                prev = None;
                continue;
            };
            if end <= start {
                d.push(
                    Diagnostic::error(
                        &path,
                        format!("{at}.end"),
                        format!("ends at {end}, not after its start {start}"),
                    )
                    .help("the end time must be later than the start time on the same day"),
                );
                prev = None;
                continue;
            }
            if let Some((pi, pstart, pend)) = prev {
                if start < pstart {
                    d.push(
                        Diagnostic::error(
                            &path,
                            format!("{at}.start"),
                            format!(
                                "starts at {start}, before item {pi} (which starts at {pstart})"
                            ),
                        )
                        .help("list the items in the order of their start times"),
                    );
                } else if start < pend {
                    d.push(
                        Diagnostic::error(&path, format!("{at}.start"), format!("starts at {start}, while item {pi} runs until {pend}: the items overlap"))
                            .help(format!("start this item at {pend} or later, or end item {pi} earlier")),
                    );
                } else if start > pend {
                    d.push(Diagnostic::warning(
                        &path,
                        format!("{at}.start"),
                        format!("a gap from {pend} to {start} between item {pi} and this item"),
                    ));
                }
            }
            prev = Some((ii, start, end));
            if !item.parts.is_empty() {
                let sum: u32 = item.parts.iter().map(|p| p.minutes).sum();
                let length = end.0 - start.0;
                if sum != length {
                    d.push(
                        Diagnostic::error(&path, format!("{at}.parts"), format!("the parts add up to {sum} minutes, but the item runs {length} minutes ({start}-{end})"))
                            .help("make the parts' minutes add up to the item's length, or change its start or end"),
                    );
                }
                for (pi, part) in item.parts.iter().enumerate() {
                    if part.minutes == 0 {
                        d.push(
                            Diagnostic::error(
                                &path,
                                format!("{at}.parts[{pi}].minutes"),
                                "0 minutes",
                            )
                            .help("give the part its length in minutes"),
                        );
                    }
                }
            }
            if item.kind != ItemKind::Session && !item.parts.is_empty() {
                d.push(Diagnostic::warning(
                    &path,
                    format!("{at}.parts"),
                    "only sessions usually have timed parts",
                ));
            }
        }
    }
}

fn parse_clock(
    path: &std::path::Path,
    place: &str,
    s: &str,
    d: &mut Vec<Diagnostic>,
) -> Option<Clock> {
    let c = Clock::parse(s);
    if c.is_none() {
        d.push(
            Diagnostic::error(path, place, format!("\"{s}\" is not a time")).help(
                "write a 24-hour time as HH:MM with two digits each, e.g. \"09:05\" or \"14:30\"",
            ),
        );
    }
    c
}

/// Every text of the data set with its file and JSON path, in document order.
pub fn texts(data: &DataSet) -> Vec<(&'static str, String, &str)> {
    let mut t: Vec<(&'static str, String, &str)> = Vec::new();
    for (i, s) in data.background.paragraphs.iter().enumerate() {
        t.push(("background.json", format!("paragraphs[{i}]"), s));
    }
    for (i, s) in data.objectives.paragraphs.iter().enumerate() {
        t.push(("objectives.json", format!("paragraphs[{i}]"), s));
    }
    t.push((
        "objectives.json",
        "specific_intro".into(),
        &data.objectives.specific_intro,
    ));
    for (i, s) in data.objectives.specific.iter().enumerate() {
        t.push(("objectives.json", format!("specific[{i}]"), s));
    }
    for (i, s) in data.workplan.paragraphs.iter().enumerate() {
        t.push(("workplan.json", format!("paragraphs[{i}]"), s));
    }
    t.push((
        "workplan.json",
        "outputs_intro".into(),
        &data.workplan.outputs_intro,
    ));
    for (i, s) in data.workplan.outputs.iter().enumerate() {
        t.push(("workplan.json", format!("outputs[{i}]"), s));
    }
    t.push((
        "participants.json",
        "intro".into(),
        &data.participants.intro,
    ));
    for (i, s) in data.participants.categories.iter().enumerate() {
        t.push(("participants.json", format!("categories[{i}]"), s));
    }
    for (i, s) in data.participants.closing.iter().enumerate() {
        t.push(("participants.json", format!("closing[{i}]"), s));
    }
    for (di, day) in data.programme.days.iter().enumerate() {
        for (ii, item) in day.items.iter().enumerate() {
            let at = format!("days[{di}].items[{ii}]");
            t.push(("programme.json", format!("{at}.title"), &item.title));
            for (k, s) in item.description.iter().enumerate() {
                t.push(("programme.json", format!("{at}.description[{k}]"), s));
            }
            for (pi, part) in item.parts.iter().enumerate() {
                t.push((
                    "programme.json",
                    format!("{at}.parts[{pi}].title"),
                    &part.title,
                ));
                for (k, s) in part.list.iter().enumerate() {
                    t.push(("programme.json", format!("{at}.parts[{pi}].list[{k}]"), s));
                }
            }
        }
    }
    t
}

fn check_footnotes(data: &DataSet, d: &mut Vec<Diagnostic>) {
    let notes_path = data.dir.join("footnotes.json");
    let mut used = BTreeSet::new();
    for (file, place, text) in texts(data) {
        for id in markup::note_ids(text) {
            if data.footnotes.notes.contains_key(&id) {
                used.insert(id);
            } else {
                let known: Vec<&str> = data.footnotes.notes.keys().map(String::as_str).collect();
                let diag = Diagnostic::error(
                    &data.dir.join(file),
                    place.clone(),
                    format!("reference to an undefined footnote [^{id}]"),
                );
                d.push(match crate::diagnostics::did_you_mean(&id, &known) {
                    Some(s) => diag.help(format!(
                        "did you mean [^{s}]? Footnotes are defined in footnotes.json"
                    )),
                    None => diag.help(format!("define \"{id}\" under \"notes\" in footnotes.json")),
                });
            }
        }
    }
    for (id, text) in &data.footnotes.notes {
        if !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            || id.is_empty()
        {
            d.push(
                Diagnostic::error(
                    &notes_path,
                    format!("notes.{id}"),
                    format!(
                        "footnote id \"{id}\" has characters other than letters, digits, - and _"
                    ),
                )
                .help("use a short id such as \"workplan\""),
            );
        }
        if !markup::note_ids(text).is_empty() {
            d.push(
                Diagnostic::error(
                    &notes_path,
                    format!("notes.{id}"),
                    "a footnote refers to another footnote",
                )
                .help("footnotes cannot have footnotes: write the text out"),
            );
        }
        if !used.contains(id) {
            d.push(Diagnostic::warning(&notes_path, format!("notes.{id}"), format!("footnote \"{id}\" is defined but never referenced (write [^{id}] where it belongs)")));
        }
    }
}

/// A BCP 47 language tag as the writers take it: a primary language of 2
/// or 3 letters, then subtags of 1 to 8 letters or digits.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}
