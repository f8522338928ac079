//! What changed between two versions of a set's documents, in words a
//! participant understands: per document, its revision ("Rev.1 replaces
//! NEACAP/PD2/2 (circulated 1 September 2025)") and each change of its
//! text, programme and facts. The same comparison ([`align`]) lines up the
//! tracked-changes DOCX (`writer/docx/tracked.rs`).

pub mod align;
pub mod document;
pub mod programme;
pub mod snapshot;
pub mod state;
pub mod words;

use crate::data::Meeting;
use crate::model::Document;
use crate::style::Style;
use state::{DocVersion, Recorded, SetState};
use std::path::Path;

/// The changes of one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocChanges {
    /// Its symbol now (or, for a withdrawn document, as it was).
    pub symbol: String,
    pub title: String,
    /// What the document is now: "Rev.1 replaces NEACAP/PD2/2 (circulated
    /// 1 September 2025)."
    pub lead: Vec<String>,
    /// Each change, one sentence.
    pub lines: Vec<String>,
}

/// The changes, document by document, in the set's order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub documents: Vec<DocChanges>,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }

    /// Every sentence, flat, each after its document's symbol.
    pub fn sentences(&self) -> Vec<String> {
        let mut out = Vec::new();
        for d in &self.documents {
            for l in d.lead.iter().chain(&d.lines) {
                out.push(format!("{}: {l}", d.symbol));
            }
        }
        out
    }

    pub fn markdown(&self, title: &str) -> String {
        let mut s = format!("# {title}\n\n");
        if self.is_empty() {
            s.push_str("No changes.\n");
            return s;
        }
        for d in &self.documents {
            s.push_str(&format!("## {} ({})\n\n", d.symbol, d.title));
            for l in &d.lead {
                s.push_str(&format!("{l}\n\n"));
            }
            for l in &d.lines {
                s.push_str(&format!("- {l}\n"));
            }
            if !d.lines.is_empty() {
                s.push('\n');
            }
        }
        s
    }
}

/// The changes from `old` to `new` (each document of `new` against the
/// latest version of the same document, by symbol without revision and
/// language, in `old`). Models are built again with `style`, so a change of
/// the layouts alone is no change.
pub fn compare(old: &SetState, new: &SetState, style: &Style) -> Report {
    let lone = old.documents.iter().all(|d| d.docset.is_none())
        && new.documents.iter().all(|d| d.docset.is_none());
    let mut report = Report::default();
    // Programme lines per document, to refer to rather than repeat.
    let mut programme_of: Vec<(String, Vec<String>)> = Vec::new();
    let mut pending: Vec<(usize, String, Vec<String>)> = Vec::new();
    for n in &new.documents {
        let Some(o) = latest(old, n) else {
            report.documents.push(DocChanges {
                symbol: n.shown_symbol(),
                title: n.title.clone(),
                lead: vec![if old.circulated {
                    "New in the set: not circulated before.".into()
                } else {
                    "New in the set.".into()
                }],
                lines: vec![],
            });
            continue;
        };
        let mut d = DocChanges {
            symbol: n.shown_symbol(),
            title: n.title.clone(),
            ..Default::default()
        };
        let how = if old.circulated {
            "circulated"
        } else {
            "dated"
        };
        let (or, nr) = (o.revision.unwrap_or(0), n.revision.unwrap_or(0));
        let (mo, mn) = (o.model(style), n.model(style));
        let changed = match (&mo, &mn) {
            (Some(a), Some(b)) => a != b,
            _ => o.source != n.source,
        };
        if nr > or {
            d.lead.push(format!(
                "Rev.{nr} replaces {} ({how} {}).",
                o.symbol,
                o.date.long()
            ));
        } else if nr < or {
            d.lead.push(format!(
                "This is an earlier revision than {} ({how} {}).",
                o.symbol,
                o.date.long()
            ));
        } else if changed && old.circulated {
            d.lead.push(format!(
                "Changed since it was circulated on {}, without a new revision.",
                o.date.long()
            ));
        }
        if o.title != n.title && !lone {
            d.lines
                .push(format!("Now titled '{}' (was '{}').", n.title, o.title));
        }
        if changed {
            let c = content_changes(o, n, mo.as_ref(), mn.as_ref(), nr == or);
            d.lines.extend(c.lines);
            if d.lines.is_empty() && c.programme.is_empty() {
                d.lines
                    .push("Only its formatting changed: the words are the same.".into());
            }
            if !c.programme.is_empty() {
                match &n.source {
                    Recorded::ConceptNote { data } => pending.push((
                        report.documents.len(),
                        data.programme.heading.plain(),
                        c.programme,
                    )),
                    _ => {
                        programme_of.push((n.shown_symbol(), c.programme.clone()));
                        d.lines.extend(c.programme);
                    }
                }
            }
        }
        let waits = pending
            .last()
            .is_some_and(|(at, ..)| *at == report.documents.len());
        if !d.lead.is_empty() || !d.lines.is_empty() || waits {
            report.documents.push(d);
        }
    }
    // A concept note embeds the programme: the same changes are referred
    // to where the programme lists them.
    for (at, heading, lines) in pending.into_iter().rev() {
        let d = &mut report.documents[at];
        match programme_of.iter().find(|(_, l)| *l == lines) {
            Some((symbol, _)) => d
                .lines
                .push(format!("{heading}: the changes listed for {symbol}.")),
            None => d
                .lines
                .extend(lines.into_iter().map(|l| format!("{heading}: {l}"))),
        }
    }
    for o in &old.documents {
        let gone = !new
            .documents
            .iter()
            .any(|n| n.base == o.base && n.language == o.language);
        let latest_of_base = latest(old, o).is_some_and(|l| l.symbol == o.symbol);
        if gone && latest_of_base {
            report.documents.push(DocChanges {
                symbol: o.shown_symbol(),
                title: o.title.clone(),
                lead: vec![if old.circulated {
                    format!(
                        "Withdrawn: circulated on {}, no longer in the set.",
                        o.date.long()
                    )
                } else {
                    "Removed from the set.".into()
                }],
                lines: vec![],
            });
        }
    }
    report
}

/// The latest version in `state` of the document `d` (same symbol without
/// revision, same language).
fn latest<'a>(state: &'a SetState, d: &DocVersion) -> Option<&'a DocVersion> {
    state
        .documents
        .iter()
        .filter(|o| o.base == d.base && o.language == d.language)
        .max_by_key(|o| o.revision.unwrap_or(0))
}

struct ContentChanges {
    lines: Vec<String>,
    /// The programme's own changes (a concept note refers to the
    /// programme document's list when it has the same).
    programme: Vec<String>,
}

fn content_changes(
    o: &DocVersion,
    n: &DocVersion,
    mo: Option<&Document>,
    mn: Option<&Document>,
    same_revision: bool,
) -> ContentChanges {
    let mut lines = Vec::new();
    let mut programme_lines = Vec::new();
    if let (Recorded::External { docx: a, pdf: b }, Recorded::External { docx: c, pdf: d }) =
        (&o.source, &n.source)
    {
        if a != c {
            lines.push("Its DOCX file (written elsewhere) changed.".into());
        }
        if b != d {
            lines.push("Its PDF file (written elsewhere) changed.".into());
        }
    }
    let (Some(mo), Some(mn)) = (mo, mn) else {
        return ContentChanges {
            lines,
            programme: programme_lines,
        };
    };
    if let (Some(a), Some(b)) = (&mo.masthead, &mn.masthead) {
        if a.distribution != b.distribution {
            lines.push(format!(
                "Its distribution is now {} (was {}).",
                b.distribution, a.distribution
            ));
        }
        if same_revision && a.date != b.date {
            lines.push(format!("Its date is now {} (was {}).", b.date, a.date));
        }
        let item = |m: &crate::model::Masthead| {
            m.agenda_item.as_ref().map(|i| {
                let title = crate::model::plain_text(&i.title);
                if title.is_empty() {
                    i.text.clone()
                } else {
                    format!("{}: {title}", i.text)
                }
            })
        };
        match (item(a), item(b)) {
            (x, y) if x == y => {}
            (Some(x), Some(y)) => lines.push(format!("Its agenda item is now '{y}' (was '{x}').")),
            (None, Some(y)) => lines.push(format!("It is now under '{y}'.")),
            (Some(x), None) => lines.push(format!("It is no longer under '{x}'.")),
            (None, None) => {}
        }
    }
    let scope = match (o.source.data(), n.source.data()) {
        (Some(a), Some(b)) => {
            lines.extend(meeting(&a.meeting, &b.meeting));
            programme_lines =
                programme::compare(&a.meeting, &a.programme, &b.meeting, &b.programme);
            document::Scope {
                title_block: false,
                tables: false,
            }
        }
        _ => document::Scope {
            title_block: true,
            tables: true,
        },
    };
    lines.extend(document::compare(mo, mn, scope));
    ContentChanges {
        lines,
        programme: programme_lines,
    }
}

/// The meeting's facts as the title blocks print them.
fn meeting(o: &Meeting, n: &Meeting) -> Vec<String> {
    let mut out = Vec::new();
    if o.title != n.title {
        out.push(format!(
            "The meeting is now called \"{}\" (was \"{}\").",
            n.title, o.title
        ));
    }
    if o.document_kind != n.document_kind {
        out.push(format!(
            "The document is now a {} (was a {}).",
            n.document_kind, o.document_kind
        ));
    }
    let (ov, nv) = (venue(o), venue(n));
    if ov != nv {
        out.push(format!("The meeting now takes place at {nv} (was {ov})."));
    }
    let dates = |m: &Meeting| {
        if m.last_day() == m.date {
            m.date.long()
        } else {
            format!("{} to {}", m.date.long(), m.last_day().long())
        }
    };
    if dates(o) != dates(n) {
        out.push(format!(
            "The meeting is now held on {} (was {}).",
            dates(n),
            dates(o)
        ));
    }
    if o.timezone != n.timezone {
        let tz = |m: &Meeting| {
            m.timezone
                .as_ref()
                .map(|t| t.printed())
                .unwrap_or_else(|| "none".into())
        };
        out.push(format!("The time zone is now {} (was {}).", tz(n), tz(o)));
    }
    out
}

fn venue(m: &Meeting) -> String {
    format!("{}, {}, {}", m.venue, m.city, m.country)
}

/// The versions held by `path`: a folder meetdoc wrote (its
/// `snapshot.json`), circulation records (a `circulated/` folder or one
/// record), a set folder or a data set folder.
pub fn state_of(path: &Path, style: &Style) -> anyhow::Result<SetState> {
    use crate::diagnostics::InvalidData;
    use crate::set::circulate;
    if !path.exists() {
        anyhow::bail!("{}: no such folder or file", path.display());
    }
    if path.is_file() {
        let record = circulate::read_record(path).map_err(|d| InvalidData(vec![d]))?;
        return Ok(SetState {
            circulated: true,
            documents: vec![record.version()],
        });
    }
    if path.join(snapshot::SNAPSHOT).is_file() {
        return snapshot::read_snapshot(path)
            .map(|s| s.state)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "{}: cannot read this snapshot of the last build; build again",
                    path.join(snapshot::SNAPSHOT).display()
                )
            });
    }
    if crate::set::load::is_set(path) {
        let (set, _) = crate::set::load::load(path).map_err(InvalidData)?;
        return Ok(state::of_set(&set));
    }
    if circulate::is_record_folder(path) {
        let records = circulate::read_records(path).map_err(InvalidData)?;
        return Ok(SetState {
            circulated: true,
            // The list of documents and the report are made from the set:
            // they are not compared.
            documents: records
                .iter()
                .map(|r| r.version())
                .filter(|v| v.source != Recorded::Generated)
                .collect(),
        });
    }
    let (data, versions, _) = crate::render::load_with_versions(path, style)?;
    Ok(state::of_data_set(&data, &versions, style))
}

/// `meetdoc diff OLD NEW` as Markdown, and whether anything changed.
pub fn between(old: &Path, new: &Path, style: &Style) -> anyhow::Result<(String, bool)> {
    let (a, b) = (state_of(old, style)?, state_of(new, style)?);
    let title = format!("Changes from {} to {}", old.display(), new.display());
    let report = compare(&a, &b, style);
    Ok((report.markdown(&title), !report.is_empty()))
}
