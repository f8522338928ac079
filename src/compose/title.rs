//! The title block and document properties, from meeting.json and the
//! programme's times; the words around them come from the label table.

use crate::data::{DataSet, Item, ItemKind, TitleLine};
use crate::labels::LabelSet;
use crate::model::{Meta, TitleBlock};
use crate::style::Style;
use crate::values::Clock;

/// The labels of the data set's language.
pub fn labels<'a>(data: &DataSet, style: &'a Style) -> &'a LabelSet {
    style.labels.get(&data.meeting.language)
}

/// "Blue Sky Hotel, Ulaanbaatar, Mongolia".
pub fn venue_line(data: &DataSet, style: &Style) -> String {
    let m = &data.meeting;
    labels(data, style).venue.fill(&[
        ("venue", &m.venue.printed()),
        ("city", &m.city.printed()),
        ("country", &m.country.printed()),
    ])
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

/// The span of a day's items as printed: "14:00–17:45 (GMT+8)", with the
/// meeting's time zone when it names one.
pub fn times(data: &DataSet, items: &[Item], style: &Style) -> Option<String> {
    let (a, b) = span(items)?;
    let zone = data.meeting.timezone.as_ref().map(|t| t.printed());
    Some(labels(data, style).time_range(
        a.as_str(),
        b.as_str(),
        &style.text.range_dash,
        zone.as_deref(),
    ))
}

/// When the meeting is, as the title block says it: each day of the
/// programme with its times, a line per day ("14:00–17:45, 23 September
/// 2025"); or the dates alone ("22–23 September 2025") when the programme
/// asks for them (`title_line`) or a day has no times.
pub fn when_lines(data: &DataSet, style: &Style) -> Vec<String> {
    let l = labels(data, style);
    let (start, end) = (data.meeting.date, data.meeting.last_day());
    let days = &data.programme.days;
    if data.programme.title_line == TitleLine::Times && !days.is_empty() {
        let lines: Option<Vec<String>> = days
            .iter()
            .map(|day| {
                let times = times(data, &day.items, style)?;
                Some(
                    l.time_and_date
                        .fill(&[("times", &times), ("date", &l.date(&day.date))]),
                )
            })
            .collect();
        if let Some(lines) = lines {
            return lines;
        }
    }
    vec![l.date_range(&start, &end, &style.text.range_dash)]
}

pub fn title_block(
    data: &DataSet,
    kind: Option<String>,
    with_time: bool,
    style: &Style,
) -> TitleBlock {
    let m = &data.meeting;
    let mut lines = vec![venue_line(data, style)];
    if with_time {
        lines.extend(when_lines(data, style));
    } else {
        lines.push(labels(data, style).date_range(&m.date, &m.last_day(), &style.text.range_dash));
    }
    // A language version's note ("Unofficial translation").
    lines.extend(data.note.as_ref().map(|n| n.printed()));
    TitleBlock {
        kind,
        title: m.title.printed(),
        lines,
    }
}

/// "Draft Concept Note: NEACAP Second Policy Dialogue": the title of the
/// document's properties.
pub fn document_title(data: &DataSet, style: &Style, kind: &str) -> String {
    labels(data, style)
        .document_title
        .fill(&[("kind", kind), ("title", &data.meeting.title.printed())])
}

/// The facts of the data set a document does not print, as custom
/// document properties (see `model::Meta::properties`): the related
/// meeting, the organizers, and `kind` (the document kind) when the
/// document does not print it.
pub fn properties(data: &DataSet, kind: Option<&str>) -> Vec<(String, String)> {
    use crate::import::property as p;
    let m = &data.meeting;
    let mut out = Vec::new();
    if let Some(k) = kind {
        out.push((p::DOCUMENT_KIND.to_string(), k.to_string()));
    }
    if let Some(r) = &m.related_meeting {
        out.push((p::RELATED_MEETING.to_string(), r.name.as_str().to_string()));
        out.push((
            p::RELATED_MEETING_SHORT.to_string(),
            r.short.as_str().to_string(),
        ));
    }
    if !m.organizers.is_empty() {
        out.push((
            p::ORGANIZERS.to_string(),
            m.organizers
                .iter()
                .map(|o| o.as_str())
                .collect::<Vec<_>>()
                .join(p::SEPARATOR),
        ));
    }
    out
}

/// The properties of a document of the data set: its title, and as author
/// the meeting's organizers, in one field; the layout's PDF standards.
pub fn meta(data: &DataSet, style: &Style, title: String) -> Meta {
    let m = &data.meeting;
    Meta {
        title,
        properties: properties(data, None),
        pdf_standards: style.pdf.for_document(None),
        language: m.language.clone(),
        date: m.date,
        author: m
            .organizers
            .iter()
            .map(|o| o.printed())
            .collect::<Vec<_>>()
            .join(", "),
    }
}
