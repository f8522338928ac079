//! A large, valid data set made up for stress tests and the benchmark: a
//! programme of many items over several days and a concept note of many
//! paragraphs with many footnotes.

use crate::data::time::Date;
use crate::data::{
    Background, Day, Footnotes, Item, ItemKind, Meeting, Objectives, Part, Participants, Programme,
    RelatedMeeting, Speaker, WorkPlan,
};
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// How large a data set to make.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    /// Programme days.
    pub days: usize,
    /// Programme items in all (spread over the days).
    pub items: usize,
    /// Paragraphs of the concept note's background.
    pub paragraphs: usize,
    /// Footnotes, referenced from the first paragraphs, in order.
    pub footnotes: usize,
}

impl Default for Size {
    /// The size the issues name: five days, 500 items, 300 paragraphs,
    /// 100 footnotes.
    fn default() -> Self {
        Size {
            days: 5,
            items: 500,
            paragraphs: 300,
            footnotes: 100,
        }
    }
}

fn write_json<T: Serialize>(dir: &Path, name: &str, value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value)? + "\n";
    std::fs::write(dir.join(name), text)?;
    Ok(())
}

/// Writes the data set into `dir` (created if needed).
pub fn write(dir: &Path, size: Size) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let first = Date::parse("2025-09-22").expect("date");
    let days = size.days.max(1);
    let dates: Vec<String> = (0..days)
        .map(|i| {
            let d = first.days_since_epoch() + i as i64;
            civil(d).to_string()
        })
        .collect();
    let meeting = Meeting {
        schema: None,
        document_kind: "Draft Concept Note".into(),
        title: "Stress Test Dialogue".into(),
        venue: "Blue Sky Hotel".into(),
        city: "Ulaanbaatar".into(),
        country: "Mongolia".into(),
        date: dates[0].clone(),
        end_date: (days > 1).then(|| dates[days - 1].clone()),
        timezone: Some("GMT+8".into()),
        language: "en".into(),
        related_meeting: Some(RelatedMeeting {
            name: "28th Senior Officials Meeting of NEASPEC".into(),
            short: "SOM-28".into(),
        }),
        organizers: vec!["ESCAP East and North-East Asia Office".into()],
    };
    write_json(dir, "meeting.json", &meeting)?;

    let notes: BTreeMap<String, String> = (1..=size.footnotes)
        .map(|n| (format!("n{n:03}"), format!("Footnote number {n}: a source for the statement, with a *publication title* cited.")))
        .collect();
    let paragraphs = (1..=size.paragraphs.max(1))
        .map(|p| {
            let note = if p <= size.footnotes { format!("[^n{p:03}]") } else { String::new() };
            format!("Paragraph {p}. Air quality management in North-East Asia has improved over the past decades{note}, and the partnership builds on national achievements, shared monitoring data and joint research on the synergies between clean air and climate strategies.")
        })
        .collect();
    write_json(
        dir,
        "background.json",
        &Background {
            schema: None,
            heading: "Background".into(),
            paragraphs,
        },
    )?;
    write_json(
        dir,
        "footnotes.json",
        &Footnotes {
            schema: None,
            notes,
        },
    )?;
    write_json(
        dir,
        "objectives.json",
        &Objectives {
            schema: None,
            heading: "Objectives".into(),
            paragraphs: vec!["The objective is to test meetdoc at scale.".into()],
            specific_intro: "Specific objectives include:".into(),
            specific: vec!["Measuring time.".into(), "Measuring memory.".into()],
        },
    )?;
    write_json(
        dir,
        "workplan.json",
        &WorkPlan {
            schema: None,
            paragraphs: vec!["The work plan is large.".into()],
            outputs_intro: "Its outputs include:".into(),
            outputs: vec!["speed".into(), "correctness".into()],
        },
    )?;
    write_json(
        dir,
        "participants.json",
        &Participants {
            schema: None,
            heading: "Participants and Structure".into(),
            intro: "Participants include:".into(),
            categories: vec!["Government officials".into(), "Experts".into()],
            closing: vec![],
        },
    )?;

    // Items of 5 to 15 minutes from 07:00: 100 items fill a day until 23:40.
    let per_day = size.items.div_ceil(days).max(1);
    let mut remaining = size.items;
    let mut out_days = Vec::new();
    for date in &dates {
        let n = per_day.min(remaining);
        remaining -= n;
        let mut items = Vec::new();
        let mut t = 7 * 60;
        for i in 0..n {
            let len = [5, 10, 15][i % 3];
            let len = len.min(1440 - t);
            if len == 0 {
                break;
            }
            let kind = if i % 7 == 3 {
                ItemKind::Break
            } else {
                ItemKind::Session
            };
            let clock = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
            let parts = if kind == ItemKind::Session && len >= 10 {
                vec![
                    Part {
                        title: "Presentations".into(),
                        minutes: len - 5,
                        list: vec!["China".into(), "Japan".into(), "Mongolia".into()],
                    },
                    Part {
                        title: "Discussion".into(),
                        minutes: 5,
                        list: vec![],
                    },
                ]
            } else {
                vec![]
            };
            items.push(Item {
                start: clock(t),
                end: clock(t + len),
                kind,
                title: if kind == ItemKind::Break { "Coffee Break".into() } else { format!("Session {}: Clean air cooperation", i + 1) },
                description: if kind == ItemKind::Session { vec!["The session will feature presentations from member States on national efforts and best practices in addressing air pollution.".into()] } else { vec![] },
                speakers: if kind == ItemKind::Session { vec![Speaker { name: "Ms. Example Speaker".into(), affiliation: Some("Head, Example Office".into()), capacity: None }] } else { vec![] },
                parts,
            });
            t += len;
        }
        out_days.push(Day {
            date: date.clone(),
            items,
        });
    }
    write_json(
        dir,
        "programme.json",
        &Programme {
            schema: None,
            heading: "Indicative Programme".into(),
            columns: ["Time".into(), "Sessions".into()],
            days: out_days,
        },
    )?;
    Ok(())
}

/// The date `days` days after 1970-01-01.
fn civil(days: i64) -> Date {
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trips() {
        for s in ["1970-01-01", "2024-02-29", "2025-09-23", "2025-12-31"] {
            let d = Date::parse(s).unwrap();
            assert_eq!(civil(d.days_since_epoch()), d);
        }
    }
}
