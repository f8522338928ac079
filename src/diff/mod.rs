//! `meetdoc diff`: what changed between two versions of a set or data set,
//! in words a participant understands.

pub mod programme;
pub mod snapshot;
pub mod state;

use crate::style::Style;
use state::SetState;

/// The changes, grouped by meeting, and the documents that changed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// (meeting title, sentences).
    pub meetings: Vec<(String, Vec<String>)>,
    /// Sentences about documents: changed, added, removed, renamed.
    pub documents: Vec<String>,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.meetings.iter().all(|(_, s)| s.is_empty()) && self.documents.is_empty()
    }

    /// Every sentence, flat (for the list of documents).
    pub fn sentences(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (title, lines) in &self.meetings {
            out.extend(lines.iter().map(|l| format!("{title}: {l}")));
        }
        out.extend(self.documents.iter().cloned());
        out
    }

    pub fn markdown(&self, title: &str) -> String {
        let mut s = format!("# {title}\n\n");
        if self.is_empty() {
            s.push_str("No changes.\n");
            return s;
        }
        for (meeting, lines) in &self.meetings {
            if lines.is_empty() {
                continue;
            }
            s.push_str(&format!("## {meeting}\n\n"));
            for l in lines {
                s.push_str(&format!("- {l}\n"));
            }
            s.push('\n');
        }
        if !self.documents.is_empty() {
            s.push_str("## Documents\n\n");
            for l in &self.documents {
                s.push_str(&format!("- {l}\n"));
            }
            s.push('\n');
        }
        s
    }
}

/// Compares two states.
pub fn compare(old: &SetState, new: &SetState) -> Report {
    let mut report = Report::default();
    // Meetings pair by data set folder; two lone data sets pair whatever
    // their folders are called (an old copy against the current one).
    let lone = old.meetings.len() == 1 && new.meetings.len() == 1;
    let pair = |o: &state::MeetingState, n: &state::MeetingState| lone || o.key == n.key;
    for n in &new.meetings {
        match old.meetings.iter().find(|o| pair(o, n)) {
            Some(o) => {
                let mut lines = Vec::new();
                if o.meeting.title != n.meeting.title {
                    lines.push(format!(
                        "The meeting is now called \"{}\" (was \"{}\").",
                        n.meeting.title, o.meeting.title
                    ));
                }
                let (ov, nv) = (venue(&o.meeting), venue(&n.meeting));
                if ov != nv {
                    lines.push(format!("The meeting now takes place at {nv} (was {ov})."));
                }
                lines.extend(programme::compare(
                    &o.meeting,
                    &o.programme,
                    &n.meeting,
                    &n.programme,
                ));
                report.meetings.push((n.meeting.title.printed(), lines));
            }
            None => report.meetings.push((
                n.meeting.title.printed(),
                vec!["The meeting was added to the set.".into()],
            )),
        }
    }
    for o in &old.meetings {
        if !new.meetings.iter().any(|n| pair(o, n)) {
            report.meetings.push((
                o.meeting.title.printed(),
                vec!["The meeting was removed from the set.".into()],
            ));
        }
    }
    for n in &new.documents {
        match old.documents.iter().find(|o| o.symbol == n.symbol) {
            Some(o) if o.hash != n.hash => report
                .documents
                .push(format!("{} ({}) changed.", n.symbol, n.title)),
            Some(o) if o.title != n.title => report.documents.push(format!(
                "{} is now titled \"{}\" (was \"{}\").",
                n.symbol, n.title, o.title
            )),
            Some(_) => {}
            None => report
                .documents
                .push(format!("{} ({}) was added.", n.symbol, n.title)),
        }
    }
    for o in &old.documents {
        if !new.documents.iter().any(|n| n.symbol == o.symbol) {
            report
                .documents
                .push(format!("{} ({}) was removed.", o.symbol, o.title));
        }
    }
    report
}

fn venue(m: &crate::data::Meeting) -> String {
    format!("{}, {}, {}", m.venue, m.city, m.country)
}

/// The state of whatever `path` holds: a bundle's output folder (its
/// snapshot), a set folder or a data set folder.
pub fn state_of(path: &std::path::Path, style: &Style) -> anyhow::Result<SetState> {
    use crate::diagnostics::InvalidData;
    if path.join(snapshot::SNAPSHOT).is_file() {
        return snapshot::read_snapshot(path)
            .map(|s| s.state)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "{}: cannot read the snapshot of the last bundle; bundle the set again",
                    path.join(snapshot::SNAPSHOT).display()
                )
            });
    }
    if crate::set::load::is_set(path) {
        let (set, _) = crate::set::load::load(path).map_err(InvalidData)?;
        let models = crate::compose::set_documents::models(&set, style);
        return Ok(state::of_set(&set, &models));
    }
    let (data, _) = crate::data::load::load(path).map_err(InvalidData)?;
    Ok(state::of_data_set(&data, style))
}

/// `meetdoc diff OLD NEW` as Markdown.
pub fn between(
    old: &std::path::Path,
    new: &std::path::Path,
    style: &Style,
) -> anyhow::Result<String> {
    let (a, b) = (state_of(old, style)?, state_of(new, style)?);
    let title = format!("Changes from {} to {}", old.display(), new.display());
    Ok(compare(&a, &b).markdown(&title))
}
