//! Checks that one field alone cannot say: the meeting's dates, the
//! programme's order, overlaps and sums, and footnote references from every
//! text with markup (found by `walk::texts`, so none is missed).
//! Values are already typed here: nothing is parsed again.

use super::walk::{TextRef, texts};
use super::{DataSet, ItemKind, Meeting, NoteSection, Programme};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::values::{Clock, MarkupNoNotes};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Checks that need the whole data set (footnote references across files).
/// The per-file checks (`check_meeting`, `check_programme`) are run by the
/// loader as soon as their file has parsed.
pub fn validate(data: &DataSet) -> Vec<Diagnostic> {
    let mut d = Vec::new();
    let dir = &data.dir;
    let mut files: Vec<(PathBuf, Vec<TextRef>)> =
        vec![(dir.join("meeting.json"), texts(&data.meeting))];
    for s in &data.sections {
        let refs = match s {
            NoteSection::Background(x) => texts(x),
            NoteSection::Objectives(x) => texts(x),
            NoteSection::WorkPlan(x) => texts(x),
            NoteSection::Participants(x) => texts(x),
            NoteSection::Other { section, .. } => texts(section),
            NoteSection::Programme => continue,
        };
        files.push((dir.join(s.file()), refs));
    }
    files.push((dir.join("programme.json"), texts(&data.programme)));
    let at = NotesAt {
        file: dir.join("footnotes.json"),
        field: "notes".into(),
    };
    check_note_references(&files, &data.footnotes.notes, &at, &mut d);
    d
}

/// meeting.json: the dates.
pub fn check_meeting(dir: &Path, m: &Meeting, d: &mut Vec<Diagnostic>) {
    let path = dir.join("meeting.json");
    if let Some(end) = m.end_date
        && end < m.date
    {
        d.push(
            Diagnostic::error(
                &path,
                "end_date",
                format!("{end} is before the first day {}", m.date),
            )
            .help("end_date is the last day of the meeting"),
        );
    }
}

/// programme.json: days, times, order, overlaps, gaps and sums. Items are
/// named as a reader counts them ("item 5 (15:45 Coffee Break)").
pub fn check_programme(
    dir: &Path,
    p: &Programme,
    meeting: Option<&Meeting>,
    d: &mut Vec<Diagnostic>,
) {
    let path = dir.join("programme.json");
    if p.days.is_empty() {
        d.push(
            Diagnostic::error(&path, "days", "the programme has no day")
                .help("add a day with its items"),
        );
    }
    let range = meeting
        .filter(|m| m.last_day() >= m.date)
        .map(|m| (m.date, m.last_day()));
    for (di, day) in p.days.iter().enumerate() {
        let at = format!("days[{di}]");
        if di > 0 && day.date <= p.days[di - 1].date {
            d.push(
                Diagnostic::error(
                    &path,
                    format!("{at}.date"),
                    format!(
                        "{} does not come after the day before ({})",
                        day.date,
                        p.days[di - 1].date
                    ),
                )
                .help("list the days in order, each date once"),
            );
        }
        if let Some((start, end)) = range
            && (day.date < start || day.date > end)
        {
            d.push(
                Diagnostic::error(
                    &path,
                    format!("{at}.date"),
                    format!(
                        "{} is outside the meeting's dates ({start} to {end})",
                        day.date
                    ),
                )
                .help("fix the day's date, or the date/end_date in meeting.json"),
            );
        }
        if day.items.is_empty() {
            d.push(
                Diagnostic::error(&path, format!("{at}.items"), "the day has no item")
                    .help("add the day's items or remove the day"),
            );
        }
        // The item before, if its times are sound.
        let mut prev: Option<usize> = None;
        for (ii, item) in day.items.iter().enumerate() {
            let at = format!("{at}.items[{ii}]");
            let (start, end) = (item.start, item.end);
            if start == Clock::END_OF_DAY {
                d.push(
                    Diagnostic::error(
                        &path,
                        format!("{at}.start"),
                        "24:00 is the end of the day: an item cannot start then",
                    )
                    .help("an item after midnight belongs to the next day, starting at 00:00"),
                );
                prev = None;
                continue;
            }
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
            if let Some(pi) = prev {
                let p = &day.items[pi];
                let other = p.describe(pi);
                if start < p.start {
                    d.push(
                        Diagnostic::error(
                            &path,
                            format!("{at}.start"),
                            format!("starts at {start}, before {other}"),
                        )
                        .help("list the items in the order of their start times"),
                    );
                } else if start < p.end {
                    d.push(
                        Diagnostic::error(
                            &path,
                            format!("{at}.start"),
                            format!(
                                "starts at {start}, while {other} runs until {}: the items overlap",
                                p.end
                            ),
                        )
                        .help(format!(
                            "start this item at {} or later, or end {other} earlier",
                            p.end
                        )),
                    );
                } else if start > p.end {
                    d.push(Diagnostic::warning(
                        &path,
                        format!("{at}.start"),
                        format!(
                            "a gap from {} to {start} between {other} and this item",
                            p.end
                        ),
                    ));
                }
            }
            prev = Some(ii);
            if !item.parts.is_empty() {
                let sum: u32 = item.parts.iter().map(|p| p.minutes).sum();
                let length = item.minutes();
                if sum != length {
                    d.push(
                        Diagnostic::error(
                            &path,
                            format!("{at}.parts"),
                            format!(
                                "the parts add up to {sum} minutes, but {} runs {length} minutes ({start}-{end})",
                                item.describe(ii)
                            ),
                        )
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
                if item.kind != ItemKind::Session {
                    d.push(Diagnostic::warning(
                        &path,
                        format!("{at}.parts"),
                        "only sessions usually have timed parts",
                    ));
                }
            }
        }
    }
}

/// Where footnotes are defined: a file and the field holding them by id
/// (`footnotes.json`'s "notes", a document's "footnotes").
pub struct NotesAt {
    pub file: PathBuf,
    pub field: String,
}

/// Every `[^id]` of every text refers to a defined footnote; every footnote
/// is referenced; ids are well formed.
pub fn check_note_references(
    files: &[(PathBuf, Vec<TextRef>)],
    notes: &BTreeMap<String, MarkupNoNotes>,
    at: &NotesAt,
    d: &mut Vec<Diagnostic>,
) {
    let where_defined = format!(
        "\"{}\" in {}",
        at.field,
        at.file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default()
    );
    let known: Vec<&str> = notes.keys().map(String::as_str).collect();
    let mut used = BTreeSet::new();
    for (file, refs) in files {
        for t in refs {
            for id in &t.note_ids {
                if notes.contains_key(id) {
                    used.insert(id.as_str());
                    continue;
                }
                let diag = Diagnostic::error(
                    file,
                    t.path.clone(),
                    format!("reference to an undefined footnote [^{id}]"),
                );
                d.push(match did_you_mean(id, &known) {
                    Some(s) => diag.help(format!(
                        "did you mean [^{s}]? Footnotes are defined under {where_defined}"
                    )),
                    None => diag.help(format!("define \"{id}\" under {where_defined}")),
                });
            }
        }
    }
    for id in notes.keys() {
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            d.push(
                Diagnostic::error(
                    &at.file,
                    format!("{}.{id}", at.field),
                    format!(
                        "footnote id \"{id}\" has characters other than letters, digits, - and _"
                    ),
                )
                .help("use a short id such as \"workplan\""),
            );
        }
        if !used.contains(id.as_str()) {
            d.push(Diagnostic::warning(
                &at.file,
                format!("{}.{id}", at.field),
                format!("footnote \"{id}\" is defined but never referenced (write [^{id}] where it belongs)"),
            ));
        }
    }
}
