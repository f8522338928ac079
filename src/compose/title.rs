//! The title block and document properties, from meeting.json and the
//! programme's times.

use crate::data::{DataSet, Item, ItemKind};
use crate::model::{Meta, TitleBlock};
use crate::style::Style;
use crate::values::Clock;

/// "Blue Sky Hotel, Ulaanbaatar, Mongolia".
pub fn venue_line(data: &DataSet) -> String {
    let m = &data.meeting;
    format!(
        "{}, {}, {}",
        m.venue.printed(),
        m.city.printed(),
        m.country.printed()
    )
}

/// The event's time span on one day: first session's start to last
/// session's end (registration and networking are outside it).
pub fn span(items: &[Item]) -> Option<(Clock, Clock)> {
    let sessions: Vec<&Item> = items
        .iter()
        .filter(|i| i.kind == ItemKind::Session)
        .collect();
    let pick = if sessions.is_empty() {
        items.iter().collect()
    } else {
        sessions
    };
    let start = pick.iter().map(|i| i.start).min()?;
    let end = pick.iter().map(|i| i.end).max()?;
    Some((start, end))
}

/// " (GMT+8)" when the meeting names its time zone.
pub fn timezone(data: &DataSet) -> String {
    data.meeting
        .timezone
        .as_ref()
        .map(|t| format!(" ({})", t.printed()))
        .unwrap_or_default()
}

/// "14:00-17:45, 23 September 2025" for a one-day meeting; the dates alone
/// for a longer one.
pub fn when_line(data: &DataSet, style: &Style) -> String {
    let dash = &style.text.range_dash;
    let (start, end) = (data.meeting.date, data.meeting.last_day());
    if start == end
        && let [day] = data.programme.days.as_slice()
        && let Some((a, b)) = span(&day.items)
    {
        return format!("{a}{dash}{b}{}, {}", timezone(data), start.long());
    }
    start.range(&end, dash)
}

pub fn title_block(
    data: &DataSet,
    kind: Option<String>,
    with_time: bool,
    style: &Style,
) -> TitleBlock {
    let m = &data.meeting;
    let when = if with_time {
        when_line(data, style)
    } else {
        m.date.range(&m.last_day(), &style.text.range_dash)
    };
    TitleBlock {
        kind,
        title: m.title.printed(),
        lines: vec![venue_line(data), when],
    }
}

pub fn meta(data: &DataSet, title: String) -> Meta {
    let m = &data.meeting;
    Meta {
        title,
        language: m.language.clone(),
        date: m.date,
        author: m
            .organizers
            .first()
            .map(|o| o.printed())
            .unwrap_or_default(),
    }
}
