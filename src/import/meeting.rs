//! The meeting's facts: the title block (kind, title, venue line, the line
//! of times and dates), the masthead of a document of a set, the document
//! properties; dates and times read with the label table of the document's
//! language (each reading is checked by printing it again).

use super::read::{Block, Para};
use super::report::Masthead;
use super::xml::{attr, parse};
use super::{Conv, ImportError, Kind, Props, Source, property};
use crate::labels::LabelSet;
use crate::values::{Clock, Date};
use serde_json::{Map, Value};

/// The facts of `meeting.json` found in the document.
#[derive(Debug, Clone, Default)]
pub struct MeetingInfo {
    /// The line above the title: the document kind (concept note) or the
    /// programme's heading (programme).
    pub kind_line: Option<String>,
    pub title: String,
    pub venue: String,
    pub city: String,
    pub country: String,
    pub date: Option<Date>,
    pub end_date: Option<Date>,
    /// One day's times from the title block: (start, end).
    pub times: Option<(Clock, Clock)>,
    pub timezone: Option<String>,
    pub document_kind: Option<String>,
    pub related: Option<(String, String)>,
    pub organizers: Vec<String>,
    pub language: String,
}

impl MeetingInfo {
    /// `meeting.json`, in the order of its fields.
    pub fn to_value(&self, conv: &Conv) -> Value {
        let mut m = Map::new();
        let s = |v: &str| Value::String(v.to_string());
        m.insert(
            "document_kind".into(),
            s(self.document_kind.as_deref().unwrap_or("")),
        );
        m.insert("title".into(), s(&self.title));
        m.insert("venue".into(), s(&self.venue));
        m.insert("city".into(), s(&self.city));
        m.insert("country".into(), s(&self.country));
        m.insert(
            "date".into(),
            s(self.date.as_ref().map_or("", |d| d.as_str())),
        );
        if let Some(e) = self.end_date
            && Some(e) != self.date
        {
            m.insert("end_date".into(), s(e.as_str()));
        }
        if let Some(z) = &self.timezone {
            m.insert("timezone".into(), s(z));
        }
        m.insert("language".into(), s(&self.language));
        if let Some((name, short)) = &self.related {
            let mut r = Map::new();
            r.insert("name".into(), s(name));
            r.insert("short".into(), s(short));
            m.insert("related_meeting".into(), Value::Object(r));
        }
        m.insert(
            "organizers".into(),
            Value::Array(self.organizers.iter().map(|o| s(o)).collect()),
        );
        let _ = conv;
        Value::Object(m)
    }
}

/// Reads `docProps/core.xml` and `docProps/custom.xml`.
pub fn properties(core: Option<&str>, custom: Option<&str>) -> Result<Props, ImportError> {
    let mut p = Props::default();
    if let Some(x) = core {
        let doc = parse(x, "the document properties")?;
        for n in doc.root_element().children().filter(|n| n.is_element()) {
            let text = n.text().map(str::trim).filter(|t| !t.is_empty());
            match n.tag_name().name() {
                "title" => p.title = text.map(str::to_string),
                "creator" => p.creator = text.map(str::to_string),
                "language" => p.language = text.map(str::to_string),
                _ => {}
            }
        }
    }
    if let Some(x) = custom {
        let doc = parse(x, "the custom document properties")?;
        for n in doc
            .root_element()
            .children()
            .filter(|n| n.tag_name().name() == "property")
        {
            let (Some(name), Some(value)) = (
                attr(n, "name"),
                n.children().find(|c| c.is_element()).and_then(|c| c.text()),
            ) else {
                continue;
            };
            p.custom.insert(name.to_string(), value.to_string());
        }
    }
    Ok(p)
}

/// Whether a paragraph is one of the title block's (meetdoc's styles).
pub fn is_title_block(p: &Para) -> bool {
    matches!(
        p.style.as_str(),
        "titlekind" | "title" | "titleline" | "subtitle"
    )
}

/// Whether a paragraph is the masthead's.
pub fn is_masthead(p: &Para) -> bool {
    matches!(p.style.as_str(), "masthead" | "mastheadmeeting")
}

/// The title block and the masthead at the top of the body: the meeting's
/// facts, and the body that follows them.
pub fn title_block(
    src: &Source,
    conv: &mut Conv,
    kind: Kind,
) -> Result<(MeetingInfo, Vec<Block>), ImportError> {
    let mut info = MeetingInfo {
        language: src.language.as_str().to_string(),
        ..MeetingInfo::default()
    };
    let blocks = &src.body;
    let mut i = 0;
    // The masthead (a document of a set): recorded for the report, its
    // facts belong to the set's docset.json.
    let mut mast: Vec<&Para> = Vec::new();
    while let Some(Block::Para(p)) = blocks.get(i) {
        if is_masthead(p) {
            mast.push(p);
            i += 1;
        } else if p.is_empty() && !mast.is_empty() {
            i += 1;
        } else {
            break;
        }
    }
    if !mast.is_empty() {
        conv.report.masthead = Some(Masthead::of(&mast));
    }
    // The title block: meetdoc's styles, else the paragraphs before the
    // first section (a Title style, or a first heading above deeper ones).
    let start = i;
    let mut lines: Vec<&Para> = Vec::new();
    while let Some(Block::Para(p)) = blocks.get(i) {
        if is_title_block(p) {
            lines.push(p);
            i += 1;
        } else if p.is_empty() {
            i += 1;
        } else {
            break;
        }
    }
    let mut kind_line = None;
    let mut title = None;
    let mut rest_lines: Vec<String> = Vec::new();
    let mut authors: Vec<String> = Vec::new();
    // meetdoc's own title block has its kind line or its title lines; a
    // Title (and Subtitle) alone is another tool's, read as one.
    let own = lines
        .iter()
        .any(|p| matches!(p.style.as_str(), "titlekind" | "titleline"));
    if own {
        for p in &lines {
            let text = p.plain().trim().to_string();
            match p.style.as_str() {
                "titlekind" => kind_line = Some(text),
                "title" if title.is_none() => title = Some(text),
                _ => rest_lines.push(text),
            }
        }
    } else {
        i = start;
        let f = foreign_title_block(blocks, start);
        kind_line = f.kind;
        title = f.title;
        rest_lines = f.lines;
        authors = f.authors;
        i = f.next.max(i);
    }
    let Some(title) = title else {
        return Err(ImportError::new(
            "the document has no title: no paragraph in the Title style, and no heading above its sections",
            "give the meeting's name the Title style (Home › Styles › Title) and import again",
        ));
    };
    info.title = title;
    info.kind_line = kind_line.clone();
    let l = conv.labels;
    let dash_options = dashes(&conv.style.text.range_dash);
    for line in &rest_lines {
        if info.venue.is_empty()
            && let Some((v, c, n)) = venue(l, line)
            && !has_date(l, line)
        {
            (info.venue, info.city, info.country) = (v, c, n);
        } else if info.date.is_none()
            && let Some(w) = when_line(l, line, &dash_options)
        {
            info.date = Some(w.start);
            info.end_date = Some(w.end);
            info.times = w.times;
            info.timezone = w.zone;
        } else if let Some(start) = info.date
            && let Some(w) = when_line(l, line, &dash_options)
        {
            // A title block of several days has a line per day ("14:00–17:45,
            // 23 September 2025" then "09:30–12:30, 24 September 2025").
            if w.end > info.end_date.unwrap_or(start) {
                info.end_date = Some(w.end);
            }
        } else if info.date.is_none()
            && let Some(d) = iso_date(line)
        {
            // "2025-09-23, Blue Sky Hotel, Ulaanbaatar, Mongolia"
            info.date = Some(d);
            let rest = line.replacen(d.as_str(), "", 1);
            let rest = rest.trim_matches(|c: char| c == ',' || c.is_whitespace());
            if info.venue.is_empty()
                && let Some((v, c, n)) = venue(l, rest)
            {
                (info.venue, info.city, info.country) = (v, c, n);
            }
        } else {
            conv.report.unplace("the title block".to_string(), line);
        }
    }
    // Facts that do not print: from the document properties.
    let props = &src.props;
    info.document_kind = match kind {
        Kind::ConceptNote => kind_line.clone(),
        _ => None,
    }
    .or_else(|| props.custom.get(property::DOCUMENT_KIND).cloned())
    .or_else(|| kind_line.clone());
    if let (Some(name), Some(short)) = (
        props.custom.get(property::RELATED_MEETING),
        props.custom.get(property::RELATED_MEETING_SHORT),
    ) {
        info.related = Some((name.clone(), short.clone()));
    }
    info.organizers = match props.custom.get(property::ORGANIZERS) {
        Some(o) => o
            .split(property::SEPARATOR.trim())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        None => props
            .creator
            .iter()
            .flat_map(|c| c.split(';'))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
    };
    if info.organizers.is_empty() {
        // The title block's author lines (pandoc's `author:`).
        info.organizers = authors;
    }
    if info.venue.is_empty() {
        conv.report.notes.push(
            "The title block has no line \"venue, city, country\": fill in venue, city and country in meeting.json.".into(),
        );
    }
    Ok((info, blocks[i.min(blocks.len())..].to_vec()))
}

/// The title block of a document meetdoc did not write, as read by
/// [`foreign_title_block`].
struct Foreign {
    /// The line above the title, else a subtitle right under it (pandoc's
    /// `subtitle:`): the document kind.
    kind: Option<String>,
    title: Option<String>,
    /// The lines under the title (venue, dates).
    lines: Vec<String>,
    /// Paragraphs in the Author style (pandoc's `author:`).
    authors: Vec<String>,
    /// Where the body starts.
    next: usize,
}

/// The title block of a document meetdoc did not write: the paragraphs
/// before the first section.
fn foreign_title_block(blocks: &[Block], start: usize) -> Foreign {
    // The first heading is the title when a deeper heading follows it and
    // none of its level does.
    let headings: Vec<(usize, u8)> = blocks
        .iter()
        .enumerate()
        .skip(start)
        .filter_map(|(i, b)| match b {
            Block::Para(p) => p.heading.map(|h| (i, h)),
            _ => None,
        })
        .collect();
    let title_heading = headings.first().and_then(|&(i, level)| {
        let later = &headings[1..];
        (!later.is_empty() && later.iter().all(|&(_, l)| l > level)).then_some(i)
    });
    let mut f = Foreign {
        kind: None,
        title: None,
        lines: Vec::new(),
        authors: Vec::new(),
        next: start,
    };
    let mut i = start;
    while let Some(Block::Para(p)) = blocks.get(i) {
        let is_title = p.style == "title" || Some(i) == title_heading;
        if p.heading.is_some() && !is_title {
            break;
        }
        if p.list.is_some() {
            break;
        }
        let text = p.plain().trim().to_string();
        if text.is_empty() {
            i += 1;
            continue;
        }
        if p.style == "author" {
            f.authors.push(text);
        } else if is_title && f.title.is_none() {
            f.title = Some(text);
        } else if f.title.is_none() {
            if f.kind.is_some() {
                break;
            }
            f.kind = Some(text);
        } else if p.style == "subtitle" && f.kind.is_none() && f.lines.is_empty() {
            f.kind = Some(text);
        } else if f.lines.len() < 3 && text.chars().count() < 160 {
            f.lines.push(text);
        } else {
            break;
        }
        i += 1;
    }
    if f.title.is_none() {
        return Foreign {
            kind: None,
            title: None,
            lines: Vec::new(),
            authors: Vec::new(),
            next: start,
        };
    }
    f.next = i;
    f
}

/// The dashes a range may be written with: the layout's, the en dash, a
/// hyphen (with or without spaces).
pub fn dashes(style_dash: &str) -> Vec<String> {
    let mut out = vec![style_dash.to_string()];
    for d in ["–", "-", "—", " – ", " - "] {
        if !out.iter().any(|o| o == d) {
            out.push(d.to_string());
        }
    }
    out
}

/// "Blue Sky Hotel, Ulaanbaatar, Mongolia" by the label `venue`: the venue
/// takes what the city and country leave (a venue may hold a comma).
pub fn venue(l: &LabelSet, line: &str) -> Option<(String, String, String)> {
    let pattern = l
        .venue
        .fill(&[("venue", "\u{1}"), ("city", "\u{2}"), ("country", "\u{3}")]);
    let v = unfill(&pattern, line.trim())?;
    Some((v[0].clone(), v[1].clone(), v[2].clone()))
}

/// Matches `s` against a label filled with the placeholders `\u{1}`,
/// `\u{2}`, … (each taking at least one character; an earlier one as much
/// as it can). Returns the values in the placeholders' order.
pub fn unfill(pattern: &str, s: &str) -> Option<Vec<String>> {
    // Literal segments and placeholders.
    #[derive(Debug)]
    enum Seg {
        Lit(Vec<char>),
        Hole(usize),
    }
    let mut segs = Vec::new();
    let mut lit = Vec::new();
    let mut holes = 0;
    for c in pattern.chars() {
        if (1..=9).contains(&(c as u32)) {
            if !lit.is_empty() {
                segs.push(Seg::Lit(std::mem::take(&mut lit)));
            }
            segs.push(Seg::Hole(c as usize));
            holes = holes.max(c as usize);
        } else {
            lit.push(c);
        }
    }
    if !lit.is_empty() {
        segs.push(Seg::Lit(lit));
    }
    let chars: Vec<char> = s.chars().collect();
    let mut values = vec![String::new(); holes];
    fn go(segs: &[Seg], chars: &[char], at: usize, values: &mut Vec<String>) -> bool {
        let Some(first) = segs.first() else {
            return at == chars.len();
        };
        match first {
            Seg::Lit(l) => {
                chars.len() >= at + l.len()
                    && chars[at..at + l.len()] == l[..]
                    && go(&segs[1..], chars, at + l.len(), values)
            }
            Seg::Hole(h) => {
                for end in (at + 1..=chars.len()).rev() {
                    values[h - 1] = chars[at..end].iter().collect();
                    if go(&segs[1..], chars, end, values) {
                        return true;
                    }
                }
                false
            }
        }
    }
    go(&segs, &chars, 0, &mut values).then(|| values.iter().map(|v| v.trim().to_string()).collect())
}

/// A line of times and dates: one day's "14:00–17:45 (GMT+8), 23 September
/// 2025", or a range of dates "22–23 September 2025".
#[derive(Debug, Clone, PartialEq)]
pub struct When {
    pub start: Date,
    pub end: Date,
    pub times: Option<(Clock, Clock)>,
    pub zone: Option<String>,
}

pub fn when_line(l: &LabelSet, line: &str, dashes: &[String]) -> Option<When> {
    let line = line.trim();
    // One day, with its times.
    if let Some((a, b, zone, rest_at)) = time_range(l, line, dashes) {
        let times_text: String = line.chars().take(rest_at).collect();
        for d in dates_in(l, line) {
            let date = l.date(&d);
            if l.time_and_date
                .fill(&[("times", &times_text), ("date", &date)])
                == line
            {
                return Some(When {
                    start: d,
                    end: d,
                    times: Some((a, b)),
                    zone,
                });
            }
        }
    }
    // A range of dates (or one date).
    let (start, end) = date_range(l, line, dashes)?;
    Some(When {
        start,
        end,
        times: None,
        zone: None,
    })
}

/// Whether `line` holds a date as the labels print it.
fn has_date(l: &LabelSet, line: &str) -> bool {
    !dates_in(l, line).is_empty() || iso_date(line).is_some()
}

/// An ISO date (YYYY-MM-DD) in `line`.
fn iso_date(line: &str) -> Option<Date> {
    let chars: Vec<char> = line.chars().collect();
    (0..chars.len().saturating_sub(9)).find_map(|i| {
        let s: String = chars[i..i + 10].iter().collect();
        Date::parse(&s).ok()
    })
}

/// The numbers written in `s`.
fn numbers(s: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            cur.push(c);
        } else if !cur.is_empty() {
            if let Ok(n) = cur.parse() {
                out.push(n);
            }
            cur.clear();
        }
    }
    out
}

/// Every date the labels print somewhere in `s`.
pub fn dates_in(l: &LabelSet, s: &str) -> Vec<Date> {
    candidates(s)
        .into_iter()
        .filter(|d| s.contains(&l.date(d)))
        .collect()
}

/// The dates that could be written in `s`: its four-digit numbers as
/// years, its other numbers as days (and months), every month.
fn candidates(s: &str) -> Vec<Date> {
    let nums = numbers(s);
    let years: Vec<u32> = nums
        .iter()
        .copied()
        .filter(|n| (1900..2200).contains(n))
        .collect();
    let days: Vec<u32> = nums
        .iter()
        .copied()
        .filter(|n| (1..=31).contains(n))
        .collect();
    let mut out = Vec::new();
    for &y in &years {
        for m in 1..=12 {
            for &d in &days {
                if let Ok(date) = Date::parse(&format!("{y:04}-{m:02}-{d:02}"))
                    && !out.contains(&date)
                {
                    out.push(date);
                }
            }
        }
    }
    out
}

/// A range of dates as the labels print it ("22–23 September 2025"), the
/// whole of `line`; one date is a range of one day.
pub fn date_range(l: &LabelSet, line: &str, dashes: &[String]) -> Option<(Date, Date)> {
    let line = line.trim();
    let cands = candidates(line);
    for a in &cands {
        if l.date(a) == line {
            return Some((*a, *a));
        }
    }
    for a in &cands {
        for b in &cands {
            if b <= a {
                continue;
            }
            for dash in dashes {
                if l.date_range(a, b, dash) == line {
                    return Some((*a, *b));
                }
            }
        }
    }
    None
}

/// The first time range at the start of `s`: "14:00–17:45", with the time
/// zone after it if the labels' `time_zone` follows. Returns the times,
/// the zone and where the range ends (in characters).
pub fn time_range(
    l: &LabelSet,
    s: &str,
    dashes: &[String],
) -> Option<(Clock, Clock, Option<String>, usize)> {
    let clocks = clocks(s);
    let (a, a_at, a_end) = clocks.first().cloned()?;
    if a_at != 0 {
        return None;
    }
    let (b, b_at, b_end) = clocks.get(1).cloned()?;
    let chars: Vec<char> = s.chars().collect();
    let between: String = chars[a_end..b_at].iter().collect();
    let dash_ok =
        dashes.iter().any(|d| d == &between) || matches!(between.trim(), "-" | "–" | "—" | "to");
    if !dash_ok {
        return None;
    }
    // The zone: the label around it, e.g. " ({zone})".
    let zone_pattern = l.time_zone.fill(&[("zone", "\u{1}")]);
    let rest: String = chars[b_end..].iter().collect();
    if let Some((before, after)) = zone_pattern.split_once('\u{1}')
        && let Some(r) = rest.strip_prefix(before)
        && let Some(close) = if after.is_empty() {
            None
        } else {
            r.find(after)
        }
    {
        let zone = r[..close].to_string();
        if !zone.is_empty() && !zone.contains(['(', ')']) {
            let end = b_end + before.chars().count() + zone.chars().count() + after.chars().count();
            return Some((a, b, Some(zone), end));
        }
    }
    Some((a, b, None, b_end))
}

/// Times of day written `H:MM` or `HH:MM` (also `HH.MM`), with where each
/// starts and ends (in characters).
pub fn clocks(s: &str) -> Vec<(Clock, usize, usize)> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let h_len = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let sep = chars.get(i + h_len);
            if (1..=2).contains(&h_len)
                && matches!(sep, Some(':' | '.'))
                && chars.get(i + h_len + 1).is_some_and(char::is_ascii_digit)
                && chars.get(i + h_len + 2).is_some_and(char::is_ascii_digit)
                && !chars.get(i + h_len + 3).is_some_and(char::is_ascii_digit)
            {
                let h: String = chars[i..i + h_len].iter().collect();
                let m: String = chars[i + h_len + 1..i + h_len + 3].iter().collect();
                if let Ok(c) = Clock::parse(&format!("{h:0>2}:{m}")) {
                    out.push((c, i, i + h_len + 3));
                    i += h_len + 3;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

/// Whether `s` is a duration as the labels print it, "(15 mins)": the
/// minutes.
pub fn duration(l: &LabelSet, s: &str) -> Option<u32> {
    let s = s.trim();
    let n = *numbers(s).first()?;
    (l.duration(n) == s).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> crate::labels::Labels {
        crate::labels::Labels::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/labels.json"),
        )
        .unwrap()
    }

    #[test]
    fn lines_of_the_title_block_read_back() {
        let all = labels();
        let l = all.get(&crate::values::Lang::parse("en-GB").unwrap());
        let d = dashes("–");
        assert_eq!(
            venue(l, "Hotel A, Tower B, Ulaanbaatar, Mongolia"),
            Some((
                "Hotel A, Tower B".into(),
                "Ulaanbaatar".into(),
                "Mongolia".into()
            ))
        );
        let w = when_line(l, "14:00–17:45 (GMT+8), 23 September 2025", &d).unwrap();
        assert_eq!(w.start.as_str(), "2025-09-23");
        assert_eq!(w.zone.as_deref(), Some("GMT+8"));
        assert_eq!(w.times.unwrap().0.as_str(), "14:00");
        let w = when_line(l, "22–23 September 2025", &d).unwrap();
        assert_eq!(
            (w.start.as_str(), w.end.as_str()),
            ("2025-09-22", "2025-09-23")
        );
        let w = when_line(l, "30 September–1 October 2025", &d).unwrap();
        assert_eq!(w.end.as_str(), "2025-10-01");
        assert_eq!(duration(l, "(15 mins)"), Some(15));
        assert_eq!(duration(l, "(1 min)"), Some(1));
        assert_eq!(duration(l, "(15 min)"), None);
        let (a, b, z, _) = time_range(l, "14:00-14:15", &d).unwrap();
        assert_eq!((a.as_str(), b.as_str(), z), ("14:00", "14:15", None));
    }
}
