//! The title block and document properties, from meeting.json and the
//! programme's times.

use crate::data::time::{Clock, Date};
use crate::data::{DataSet, ItemKind};
use crate::model::{Meta, TitleBlock};

/// "Blue Sky Hotel, Ulaanbaatar, Mongolia".
pub fn venue_line(data: &DataSet) -> String {
    let m = &data.meeting;
    format!("{}, {}, {}", m.venue, m.city, m.country)
}

/// First and last day of the meeting.
pub fn dates(data: &DataSet) -> (Date, Date) {
    let m = &data.meeting;
    let start = Date::parse(&m.date).expect("validated date");
    let end = m.end_date.as_deref().and_then(Date::parse).unwrap_or(start);
    (start, end)
}

/// The event's time span on one day: first session's start to last
/// session's end (registration and networking are outside it).
pub fn span(items: &[crate::data::Item]) -> Option<(Clock, Clock)> {
    let sessions: Vec<_> = items
        .iter()
        .filter(|i| i.kind == ItemKind::Session)
        .collect();
    let pick = if sessions.is_empty() {
        items.iter().collect()
    } else {
        sessions
    };
    let start = pick.iter().filter_map(|i| Clock::parse(&i.start)).min()?;
    let end = pick.iter().filter_map(|i| Clock::parse(&i.end)).max()?;
    Some((start, end))
}

/// "14:00-17:45, 23 September 2025" for a one-day meeting; the dates alone
/// for a longer one.
pub fn when_line(data: &DataSet) -> String {
    let (start, end) = dates(data);
    let tz = data
        .meeting
        .timezone
        .as_deref()
        .map(|t| format!(" ({t})"))
        .unwrap_or_default();
    if start == end
        && let [day] = data.programme.days.as_slice()
        && let Some((a, b)) = span(&day.items)
    {
        return format!("{a}-{b}{tz}, {}", start.long());
    }
    start.range(&end)
}

pub fn title_block(data: &DataSet, kind: Option<String>, with_time: bool) -> TitleBlock {
    let (start, end) = dates(data);
    let when = if with_time {
        when_line(data)
    } else {
        start.range(&end)
    };
    TitleBlock {
        kind,
        title: data.meeting.title.clone(),
        lines: vec![venue_line(data), when],
    }
}

pub fn meta(data: &DataSet, title: String) -> Meta {
    Meta {
        title,
        language: data.meeting.language.clone(),
        date: data.meeting.date.clone(),
        author: data.meeting.organizers.first().cloned().unwrap_or_default(),
    }
}
