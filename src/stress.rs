//! A large, valid data set made up for stress tests and the benchmark: a
//! programme of many items over several days and a concept note of many
//! paragraphs with many footnotes.

use crate::data::{
    Background, Day, Footnotes, Item, ItemKind, Meeting, Objectives, Part, Participants, Programme,
    RelatedMeeting, Speaker, WorkPlan,
};
use crate::values::{Clock, Date};
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

/// A typed value from its text (every value here is valid by construction).
fn v<T: serde::de::DeserializeOwned>(s: &str) -> T {
    serde_json::from_value(serde_json::Value::String(s.to_string())).expect("a valid value")
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
    let dates: Vec<Date> = (0..days)
        .map(|i| Date::from_days_since_epoch(first.days_since_epoch() + i as i64))
        .collect();
    let meeting = Meeting {
        schema: None,
        document_kind: v("Draft Concept Note"),
        title: v("Stress Test Dialogue"),
        venue: v("Blue Sky Hotel"),
        city: v("Ulaanbaatar"),
        country: v("Mongolia"),
        date: dates[0],
        end_date: (days > 1).then(|| dates[days - 1]),
        timezone: Some(v("GMT+8")),
        language: v("en"),
        related_meeting: Some(RelatedMeeting {
            name: v("28th Senior Officials Meeting of NEASPEC"),
            short: v("SOM-28"),
        }),
        organizers: vec![v("ESCAP East and North-East Asia Office")],
        sections: None,
    };
    write_json(dir, "meeting.json", &meeting)?;

    let notes: BTreeMap<String, _> = (1..=size.footnotes)
        .map(|n| (format!("n{n:03}"), v(&format!("Footnote number {n}: a source for the statement, with a *publication title* cited."))))
        .collect();
    let paragraphs = (1..=size.paragraphs.max(1))
        .map(|p| {
            let note = if p <= size.footnotes { format!("[^n{p:03}]") } else { String::new() };
            v(&format!("Paragraph {p}. Air quality management in North-East Asia has improved over the past decades{note}, and the partnership builds on national achievements, shared monitoring data and joint research on the synergies between clean air and climate strategies."))
        })
        .collect();
    write_json(
        dir,
        "background.json",
        &Background {
            schema: None,
            heading: v("Background"),
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
            heading: v("Objectives"),
            paragraphs: vec![v("The objective is to test meetdoc at scale.")],
            specific_intro: Some(v("Specific objectives include:")),
            specific: vec![v("Measuring time."), v("Measuring memory.")],
        },
    )?;
    write_json(
        dir,
        "workplan.json",
        &WorkPlan {
            schema: None,
            heading: None,
            paragraphs: vec![v("The work plan is large.")],
            outputs_intro: Some(v("Its outputs include:")),
            outputs: vec![v("speed"), v("correctness")],
        },
    )?;
    write_json(
        dir,
        "participants.json",
        &Participants {
            schema: None,
            heading: v("Participants and Structure"),
            intro: Some(v("Participants include:")),
            categories: vec![v("Government officials"), v("Experts")],
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
            let clock = |m: u32| Clock::from_minutes(i64::from(m)).expect("within the day");
            let parts = if kind == ItemKind::Session && len >= 10 {
                vec![
                    Part {
                        title: v("Presentations"),
                        minutes: len - 5,
                        list: vec![v("China"), v("Japan"), v("Mongolia")],
                        list_style: Default::default(),
                    },
                    Part {
                        title: v("Discussion"),
                        minutes: 5,
                        list: vec![],
                        list_style: Default::default(),
                    },
                ]
            } else {
                vec![]
            };
            items.push(Item {
                start: clock(t),
                end: clock(t + len),
                kind,
                title: if kind == ItemKind::Break { v("Coffee Break") } else { v(&format!("Session {}: Clean air cooperation", i + 1)) },
                description: if kind == ItemKind::Session { vec![v("The session will feature presentations from member States on national efforts and best practices in addressing air pollution.")] } else { vec![] },
                speakers: if kind == ItemKind::Session { vec![Speaker { role: None, name: v("Ms. Example Speaker"), affiliation: Some(v("Head, Example Office")), capacity: None, lang: None }] } else { vec![] },
                parts,
            });
            t += len;
        }
        out_days.push(Day { date: *date, items });
    }
    write_json(
        dir,
        "programme.json",
        &Programme {
            schema: None,
            heading: v("Indicative Programme"),
            columns: None,
            day_heading: Default::default(),
            title_line: Default::default(),
            days: out_days,
        },
    )?;
    Ok(())
}
