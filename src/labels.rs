//! Every word meetdoc prints itself: `layouts/labels.json`, one column per
//! language, read once into [`Labels`].
//!
//! Text from the data is printed as typed; what meetdoc adds ("Distr.:
//! General", "Original: English", "Item 5 (a) of the provisional agenda",
//! "Day 1", "(15 mins)", month and weekday names, "List of documents", the
//! column headings it makes, dates and ranges of dates) comes from here, in
//! the document's language. A label with words in braces is a template:
//! meetdoc fills in the placeholders, and each label may use only its own
//! (checked when the table is read, so a typo is an error naming the
//! label). Adding a language is adding a column: no change in the code.

use crate::data::DayHeadingStyle;
use crate::set::Distribution;
use crate::values::{Date, Lang};
use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The file beside `style.json`.
pub const LABELS_FILE: &str = "labels.json";

/// The label table: a [`LabelSet`] per language.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    #[serde(rename = "$comment", default)]
    _comment: Option<String>,
    /// The language whose labels a document in a language without a column
    /// of its own gets.
    default: String,
    languages: BTreeMap<String, LabelSet>,
}

/// The labels of one language.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LabelSet {
    /// The language whose column gives the masthead's words (distribution,
    /// date, `version_line`, "Original: …") for a document in this one;
    /// this column's own when absent. UN Russian and Chinese versions keep
    /// the masthead's words in English ("en").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masthead_words: Option<String>,
    /// The masthead's distribution line, for each distribution.
    pub distribution: Distributions,
    /// "Original: {language}".
    pub original: Template,
    /// The line a translated version adds above "Original: …", naming its
    /// language: "{language}" (the name from `language_names`, "Russian")
    /// or "{Language}" (capitalised, French "Français").
    pub version_line: Template,
    /// Names of languages by BCP 47 primary tag ("en": "English"), for
    /// "Original: …".
    pub language_names: BTreeMap<String, String>,
    /// "Item {item} of the provisional agenda".
    pub agenda_item: Template,
    /// The mark of the note citing the provisional agenda ("*").
    pub agenda_note_mark: String,
    /// That note's text: "{symbol}.".
    pub agenda_note: Template,
    /// The title of the list of documents.
    pub list_of_documents: String,
    /// Its column headings: symbol, title, agenda item, date.
    pub list_columns: [String; 4],
    /// A document's title in its properties: "{kind}: {title}".
    pub document_title: Template,
    /// "{place}, {dates}": the place and dates of a meeting.
    pub place_and_dates: Template,
    /// "{venue}, {city}, {country}".
    pub venue: Template,
    /// The programme table's column headings when the data names none.
    pub programme_columns: [String; 2],
    /// A programme day's heading, in each style a programme may choose
    /// (`day_heading` in programme.json).
    pub day_heading: DayHeadings,
    /// A speaker with a role: "{role}: {speaker}" ("Moderator: Ms. X").
    pub speaker_role: Template,
    /// A list printed on the line of the text it belongs to (a part's
    /// list: "Country presentations (50 mins): China; Japan; Mongolia").
    pub inline_entries: InlineEntries,
    /// The punctuation of a speaker's line: "Name, Affiliation (Capacity)".
    pub speaker_parts: SpeakerParts,
    /// The heading of a document's summary.
    pub summary: String,
    /// A duration in minutes: "({minutes} mins)".
    pub duration: Plural,
    /// A span of time: "{start}{dash}{end}{zone}".
    pub time_range: Template,
    /// The time zone after a span of time: " ({zone})".
    pub time_zone: Template,
    /// A span of time on a date: "{times}, {date}".
    pub time_and_date: Template,
    /// A list printed in a sentence: " (i) a; (ii) b; and (iii) c.".
    pub inline_list: InlineList,
    /// Dates and ranges of dates.
    pub date: DateLabels,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Distributions {
    #[serde(rename = "General")]
    pub general: String,
    #[serde(rename = "Limited")]
    pub limited: String,
    #[serde(rename = "Restricted")]
    pub restricted: String,
}

/// A label for a count: `one` when it is 1, `other` otherwise.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Plural {
    pub one: Template,
    pub other: Template,
}

/// A programme day's heading in each style.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DayHeadings {
    /// "Day {number}: {times}, {weekday}, {date}" (the default).
    pub numbered: DayHeading,
    /// "{weekday}, {date}: {times}".
    pub dated: DayHeading,
    /// "{weekday}, {date}".
    pub date_only: DayHeading,
}

/// A day's heading when the day has times, and when it has none.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DayHeading {
    pub with_times: Template,
    pub without_times: Template,
}

/// The pieces of a list printed on one line, without numbers.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct InlineEntries {
    /// Between the text and the first entry.
    pub before: String,
    /// Between two entries.
    pub between: String,
    /// Before the last entry.
    pub last: String,
    /// After the last entry.
    pub end: String,
}

/// The punctuation around a speaker's affiliation and capacity.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SpeakerParts {
    /// Between the name and the affiliation: ", ".
    pub before_affiliation: String,
    /// Before the capacity: " (".
    pub before_capacity: String,
    /// After the capacity: ")".
    pub after_capacity: String,
}

/// A piece of a label: its words, or a placeholder's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Placeholder(&'a str),
}

/// The pieces of a list printed in a sentence.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct InlineList {
    /// Before each item: "({number}) " (a lower-case roman numeral).
    pub item: Template,
    /// Before the first item.
    pub first: String,
    /// Between two items.
    pub between: String,
    /// Before the last item.
    pub last: String,
    /// After the last item.
    pub end: String,
}

/// How a date and a range of dates are printed.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DateLabels {
    /// A date: "{day} {month} {year}". Also `{month_number}`, `{weekday}`
    /// and `{month_FORM}` for each form of `month_forms`.
    pub format: Template,
    /// How the first day of a month is written, when not as a number
    /// (French "1er").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_day: Option<String>,
    /// Two dates of the same month: "{start_day}{dash}{end}". Every
    /// placeholder of `format` is there as `start_…` and `end_…`; `{start}`
    /// and `{end}` are both dates in full.
    pub range_same_month: Template,
    /// Two dates of the same year: "{start_day} {start_month}{dash}{end}".
    pub range_same_year: Template,
    /// Any two dates: "{start}{dash}{end}".
    pub range: Template,
    pub months: [String; 12],
    /// Other forms of the month names (e.g. "genitive"), each usable as
    /// `{month_FORM}`.
    #[serde(default)]
    pub month_forms: BTreeMap<String, [String; 12]>,
    /// Monday first.
    pub weekdays: [String; 7],
}

/// A label with placeholders in braces, e.g. "Day {number}".
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(transparent)]
pub struct Template(String);

impl Template {
    /// The label with each `{name}` of `values` replaced by its value.
    pub fn fill(&self, values: &[(&str, &str)]) -> String {
        let mut out = String::with_capacity(self.0.len() + 16);
        let mut rest = self.0.as_str();
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            match placeholder(after).and_then(|name| {
                values
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (name.len(), v))
            }) {
                Some((len, v)) => {
                    out.push_str(v);
                    rest = &after[len + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The label as words and placeholders, in order (to fill it with
    /// more than text, e.g. a speaker's name in italic).
    pub fn pieces(&self) -> Vec<Piece<'_>> {
        let mut out = Vec::new();
        let mut rest = self.0.as_str();
        let mut text_start = 0;
        let mut at = 0;
        while let Some(i) = rest.find('{') {
            let after = &rest[i + 1..];
            match placeholder(after) {
                Some(name) => {
                    let text = &self.0[text_start..at + i];
                    if !text.is_empty() {
                        out.push(Piece::Text(text));
                    }
                    out.push(Piece::Placeholder(name));
                    at += i + 1 + name.len() + 1;
                    text_start = at;
                    rest = &self.0[at..];
                }
                None => {
                    at += i + 1;
                    rest = after;
                }
            }
        }
        if text_start < self.0.len() {
            out.push(Piece::Text(&self.0[text_start..]));
        }
        out
    }

    /// Every `{name}` of the label.
    fn placeholders(&self) -> Vec<&str> {
        let mut out = Vec::new();
        let mut rest = self.0.as_str();
        while let Some(i) = rest.find('{') {
            rest = &rest[i + 1..];
            if let Some(name) = placeholder(rest) {
                out.push(name);
                rest = &rest[name.len() + 1..];
            }
        }
        out
    }

    /// Fails if the label uses a placeholder not in `allowed`.
    fn check(&self, at: &str, allowed: &[&str]) -> Result<()> {
        for name in self.placeholders() {
            if !allowed.contains(&name) {
                let list: Vec<String> = allowed.iter().map(|a| format!("{{{a}}}")).collect();
                bail!(
                    "{at}: unknown placeholder {{{name}}} in {:?} (this label may use {})",
                    self.0,
                    if list.is_empty() {
                        "none".to_string()
                    } else {
                        list.join(", ")
                    }
                );
            }
        }
        Ok(())
    }
}

/// The name of the placeholder `s` starts with (`s` follows a `{`): letters,
/// digits and `_` up to a `}`.
fn placeholder(s: &str) -> Option<&str> {
    let end = s.find('}')?;
    let name = &s[..end];
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some(name)
}

impl Labels {
    /// Reads and checks the label table.
    pub fn load(path: &Path) -> Result<Labels> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the label table {}", path.display()))?;
        Labels::from_json(&text, &path.display().to_string())
    }

    /// The label table from its text (`origin` names it in messages).
    pub fn from_json(text: &str, origin: &str) -> Result<Labels> {
        let labels: Labels = serde_json::from_str(text)
            .with_context(|| format!("{origin}: not a valid label table"))?;
        labels.check().with_context(|| origin.to_string())?;
        Ok(labels)
    }

    fn check(&self) -> Result<()> {
        if !self.languages.contains_key(&self.default) {
            bail!(
                "default: the default language {:?} has no labels (languages: {})",
                self.default,
                self.languages
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        for (lang, set) in &self.languages {
            Lang::parse(lang).map_err(|e| anyhow::anyhow!("languages.{lang}: {}", e.message))?;
            set.check(&format!("languages.{lang}"))?;
            if let Some(m) = &set.masthead_words
                && !self.languages.contains_key(m)
            {
                bail!(
                    "languages.{lang}.masthead_words: {m:?} has no column of its own (languages: {})",
                    self.languages
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
        Ok(())
    }

    /// The labels for `language`: those of its tag ("en-GB"), else of its
    /// primary language ("en"), else the default language's.
    pub fn get(&self, language: &Lang) -> &LabelSet {
        self.languages
            .get(language.as_str())
            .or_else(|| self.languages.get(&language.primary()))
            .or_else(|| self.languages.get(&self.default))
            .expect("the label table is loaded with its default language")
    }

    /// The labels whose words the masthead of a document in `language`
    /// prints: those of its column's `masthead_words`, else its own.
    pub fn masthead(&self, language: &Lang) -> &LabelSet {
        let own = self.get(language);
        own.masthead_words
            .as_ref()
            .and_then(|m| self.languages.get(m))
            .unwrap_or(own)
    }

    /// The languages with labels of their own.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.languages.keys().map(String::as_str)
    }
}

impl LabelSet {
    fn check(&self, at: &str) -> Result<()> {
        let date_keys = self.date.keys();
        let date_keys: Vec<&str> = date_keys.iter().map(String::as_str).collect();
        let mut range_keys: Vec<String> = vec!["dash".into(), "start".into(), "end".into()];
        for k in &date_keys {
            range_keys.push(format!("start_{k}"));
            range_keys.push(format!("end_{k}"));
        }
        let range_keys: Vec<&str> = range_keys.iter().map(String::as_str).collect();
        let day = ["number", "times", "weekday", "date"];
        let d = &self.day_heading;
        let checks: [(&str, &Template, &[&str]); 23] = [
            ("original", &self.original, &["language"]),
            (
                "version_line",
                &self.version_line,
                &["language", "Language"],
            ),
            ("agenda_item", &self.agenda_item, &["item"]),
            ("agenda_note", &self.agenda_note, &["symbol"]),
            ("document_title", &self.document_title, &["kind", "title"]),
            (
                "place_and_dates",
                &self.place_and_dates,
                &["place", "dates"],
            ),
            ("venue", &self.venue, &["venue", "city", "country"]),
            (
                "day_heading.numbered.with_times",
                &d.numbered.with_times,
                &day,
            ),
            (
                "day_heading.numbered.without_times",
                &d.numbered.without_times,
                &day,
            ),
            ("day_heading.dated.with_times", &d.dated.with_times, &day),
            (
                "day_heading.dated.without_times",
                &d.dated.without_times,
                &day,
            ),
            (
                "day_heading.date_only.with_times",
                &d.date_only.with_times,
                &day,
            ),
            (
                "day_heading.date_only.without_times",
                &d.date_only.without_times,
                &day,
            ),
            ("speaker_role", &self.speaker_role, &["role", "speaker"]),
            ("duration.one", &self.duration.one, &["minutes"]),
            ("duration.other", &self.duration.other, &["minutes"]),
            (
                "time_range",
                &self.time_range,
                &["start", "end", "dash", "zone"],
            ),
            ("time_zone", &self.time_zone, &["zone"]),
            ("time_and_date", &self.time_and_date, &["times", "date"]),
            ("inline_list.item", &self.inline_list.item, &["number"]),
            ("date.format", &self.date.format, &date_keys),
            (
                "date.range_same_month",
                &self.date.range_same_month,
                &range_keys,
            ),
            (
                "date.range_same_year",
                &self.date.range_same_year,
                &range_keys,
            ),
        ];
        for (name, template, allowed) in checks {
            template.check(&format!("{at}.{name}"), allowed)?;
        }
        self.date
            .range
            .check(&format!("{at}.date.range"), &range_keys)?;
        Ok(())
    }

    /// The masthead's distribution line, e.g. "Distr.: General".
    pub fn distribution(&self, d: Distribution) -> &str {
        match d {
            Distribution::General => &self.distribution.general,
            Distribution::Limited => &self.distribution.limited,
            Distribution::Restricted => &self.distribution.restricted,
        }
    }

    /// The name of a language in this one ("English" for en-GB); the tag
    /// itself when the table has no name for it.
    pub fn language_name(&self, language: &Lang) -> String {
        self.language_names
            .get(language.as_str())
            .or_else(|| self.language_names.get(&language.primary()))
            .cloned()
            .unwrap_or_else(|| language.as_str().to_string())
    }

    /// "Original: English".
    pub fn original(&self, language: &Lang) -> String {
        self.original
            .fill(&[("language", &self.language_name(language))])
    }

    /// The line of a translated version in `language` ("Russian",
    /// "Français"), in these labels' words.
    pub fn version_line(&self, language: &Lang) -> String {
        let name = self.language_name(language);
        let mut chars = name.chars();
        let capital: String = match chars.next() {
            Some(c) => c.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
        self.version_line
            .fill(&[("language", &name), ("Language", &capital)])
    }

    /// "(15 mins)", "(1 min)".
    pub fn duration(&self, minutes: u32) -> String {
        let n = minutes.to_string();
        let t = if minutes == 1 {
            &self.duration.one
        } else {
            &self.duration.other
        };
        t.fill(&[("minutes", &n)])
    }

    /// "14:00–17:45 (GMT+8)": `zone` is the time zone, if any.
    pub fn time_range(&self, start: &str, end: &str, dash: &str, zone: Option<&str>) -> String {
        let zone = zone
            .map(|z| self.time_zone.fill(&[("zone", z)]))
            .unwrap_or_default();
        self.time_range.fill(&[
            ("start", start),
            ("end", end),
            ("dash", dash),
            ("zone", &zone),
        ])
    }

    /// A day's heading in `style`: "Day 1: 14:00–17:45, Tuesday, 23
    /// September 2025" (day `number`, its `times` if it has any).
    pub fn day_heading(
        &self,
        style: DayHeadingStyle,
        number: usize,
        times: Option<&str>,
        date: &Date,
    ) -> String {
        let d = match style {
            DayHeadingStyle::Numbered => &self.day_heading.numbered,
            DayHeadingStyle::Dated => &self.day_heading.dated,
            DayHeadingStyle::DateOnly => &self.day_heading.date_only,
        };
        let template = if times.is_some() {
            &d.with_times
        } else {
            &d.without_times
        };
        template.fill(&[
            ("number", &number.to_string()),
            ("times", times.unwrap_or_default()),
            ("weekday", self.weekday(date)),
            ("date", &self.date(date)),
        ])
    }

    /// The pieces around the entries of a list printed on one line:
    /// `pieces[i]` goes before entry `i`, the last one after the last entry
    /// (none for an empty list).
    pub fn entries(&self, n: usize) -> Vec<String> {
        let e = &self.inline_entries;
        let mut out = Vec::with_capacity(n + 1);
        for i in 0..n {
            out.push(if i == 0 {
                e.before.clone()
            } else if i + 1 == n {
                e.last.clone()
            } else {
                e.between.clone()
            });
        }
        if n > 0 {
            out.push(e.end.clone());
        }
        out
    }

    /// The weekday of a date, e.g. "Tuesday".
    pub fn weekday(&self, date: &Date) -> &str {
        &self.date.weekdays[date.weekday_index()]
    }

    /// A date in full, e.g. "23 September 2025".
    pub fn date(&self, date: &Date) -> String {
        let fields = self.date.fields(date);
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        self.date.format.fill(&pairs)
    }

    /// The dates from `start` to `end` with `dash` between them: "22–23
    /// September 2025", "30 September–1 October 2025", … (one date when
    /// they are the same).
    pub fn date_range(&self, start: &Date, end: &Date, dash: &str) -> String {
        if start == end {
            return self.date(start);
        }
        let template = if start.year == end.year && start.month == end.month {
            &self.date.range_same_month
        } else if start.year == end.year {
            &self.date.range_same_year
        } else {
            &self.date.range
        };
        let (full_start, full_end) = (self.date(start), self.date(end));
        let mut fields: Vec<(String, String)> = vec![
            ("dash".into(), dash.into()),
            ("start".into(), full_start),
            ("end".into(), full_end),
        ];
        for (k, v) in self.date.fields(start) {
            fields.push((format!("start_{k}"), v));
        }
        for (k, v) in self.date.fields(end) {
            fields.push((format!("end_{k}"), v));
        }
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        template.fill(&pairs)
    }

    /// " (i) a; (ii) b; and (iii) c.": the pieces around each item of a
    /// list printed in a sentence; `pieces[i]` goes before item `i`, the
    /// last one after the last item (none for an empty list).
    pub fn inline_list(&self, n: usize, number: impl Fn(usize) -> String) -> Vec<String> {
        let l = &self.inline_list;
        let mut out = Vec::with_capacity(n + 1);
        for i in 0..n {
            let sep = if i == 0 {
                &l.first
            } else if i + 1 == n {
                &l.last
            } else {
                &l.between
            };
            out.push(format!(
                "{sep}{}",
                l.item.fill(&[("number", &number(i + 1))])
            ));
        }
        if n > 0 {
            out.push(l.end.clone());
        }
        out
    }
}

impl DateLabels {
    /// The placeholders of a date.
    fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = ["day", "month", "month_number", "year", "weekday"]
            .map(String::from)
            .to_vec();
        keys.extend(self.month_forms.keys().map(|f| format!("month_{f}")));
        keys
    }

    /// The placeholders of a date with their values.
    fn fields(&self, d: &Date) -> Vec<(String, String)> {
        let m = (d.month - 1) as usize;
        let mut out = vec![
            (
                "day".to_string(),
                match (&self.first_day, d.day) {
                    (Some(first), 1) => first.clone(),
                    _ => d.day.to_string(),
                },
            ),
            ("month".to_string(), self.months[m].clone()),
            ("month_number".to_string(), d.month.to_string()),
            ("year".to_string(), d.year.to_string()),
            (
                "weekday".to_string(),
                self.weekdays[d.weekday_index()].clone(),
            ),
        ];
        for (form, names) in &self.month_forms {
            out.push((format!("month_{form}"), names[m].clone()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Labels {
        Labels::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/labels.json")).unwrap()
    }

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn english_dates_and_ranges() {
        let l = labels();
        let en = l.get(&Lang::parse("en-GB").unwrap());
        assert_eq!(en.date(&date("2025-09-23")), "23 September 2025");
        assert_eq!(en.weekday(&date("2025-09-23")), "Tuesday");
        let r = |a: &str, b: &str| en.date_range(&date(a), &date(b), "–");
        assert_eq!(r("2025-09-22", "2025-09-23"), "22–23 September 2025");
        assert_eq!(r("2025-09-30", "2025-10-01"), "30 September–1 October 2025");
        assert_eq!(
            r("2025-12-31", "2026-01-02"),
            "31 December 2025–2 January 2026"
        );
        assert_eq!(r("2025-09-22", "2025-09-22"), "22 September 2025");
        assert_eq!(en.duration(1), "(1 min)");
        assert_eq!(en.duration(15), "(15 mins)");
        assert_eq!(en.distribution(Distribution::Limited), "Distr.: Limited");
        assert_eq!(
            en.original(&Lang::parse("en").unwrap()),
            "Original: English"
        );
        assert_eq!(
            en.time_range("14:00", "17:45", "–", Some("GMT+8")),
            "14:00–17:45 (GMT+8)"
        );
    }

    /// The columns of ESCAP's official languages and of Korean and
    /// Japanese: dates in the forms each language needs, and the words of
    /// the masthead of a translated version as the UN prints them.
    #[test]
    fn every_column_dates_and_mastheads() {
        let l = labels();
        let lang = |s: &str| Lang::parse(s).unwrap();
        let d = date("2026-04-14");
        let ru = l.get(&lang("ru"));
        assert_eq!(ru.date(&d), "14 апреля 2026 года");
        assert_eq!(ru.weekday(&d), "вторник");
        assert_eq!(ru.duration(15), "(15\u{a0}мин)");
        assert_eq!(
            ru.date_range(&date("2025-09-30"), &date("2025-10-01"), "–"),
            "30 сентября–1 октября 2025 года"
        );
        let zh = l.get(&lang("zh"));
        assert_eq!(zh.date(&d), "2026年4月14日");
        assert_eq!(zh.weekday(&d), "星期二");
        assert_eq!(
            zh.date_range(&date("2025-09-22"), &date("2025-09-23"), "–"),
            "2025年9月22日至23日"
        );
        assert_eq!(l.get(&lang("ko")).date(&d), "2026년 4월 14일");
        assert_eq!(l.get(&lang("ja")).date(&d), "2026年4月14日");
        let fr = l.get(&lang("fr-FR"));
        assert_eq!(fr.date(&date("2025-09-01")), "1er septembre 2025");
        assert_eq!(fr.date(&d), "14 avril 2026");
        // A French version: the masthead in French, its language named.
        let m = l.masthead(&lang("fr"));
        assert_eq!(m.distribution(Distribution::General), "Distr. générale");
        assert_eq!(m.version_line(&lang("fr")), "Français");
        assert_eq!(m.original(&lang("en")), "Original\u{a0}: anglais");
        assert_eq!(m.date(&date("2025-08-22")), "22 août 2025");
        // Russian and Chinese versions keep the masthead's words in English.
        for (tag, name) in [("ru", "Russian"), ("zh", "Chinese")] {
            let m = l.masthead(&lang(tag));
            assert_eq!(m.distribution(Distribution::General), "Distr.: General");
            assert_eq!(m.version_line(&lang(tag)), name);
            assert_eq!(m.original(&lang("en-GB")), "Original: English");
            assert_eq!(m.date(&date("2025-08-22")), "22 August 2025");
        }
        // Every column has every month and weekday and fills its templates.
        for tag in ["en", "fr", "ru", "zh", "ko", "ja"] {
            assert!(l.languages().any(|x| x == tag), "no column {tag}");
            let set = l.get(&lang(tag));
            assert!(!set.programme_columns[0].is_empty());
            assert!(!set.date(&d).contains('{'), "{tag}: {}", set.date(&d));
        }
    }

    #[test]
    fn masthead_words_must_name_a_column() {
        let mut v: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/labels.json"),
            )
            .unwrap(),
        )
        .unwrap();
        v["languages"]["ru"]["masthead_words"] = "xx".into();
        let l: Labels = serde_json::from_value(v).unwrap();
        let e = l.check().unwrap_err().to_string();
        assert!(e.contains("languages.ru.masthead_words"), "{e}");
    }

    #[test]
    fn a_language_without_a_column_gets_the_default() {
        let l = labels();
        let de = l.get(&Lang::parse("de-CH").unwrap());
        assert_eq!(de.date(&date("2025-09-23")), "23 September 2025");
    }

    /// A new language is a column of the table: Russian with the genitive
    /// month names, Chinese with month numbers, added as data.
    #[test]
    fn a_language_is_a_data_change_only() {
        let mut v: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/labels.json"),
            )
            .unwrap(),
        )
        .unwrap();
        let mut ru = v["languages"]["en"].clone();
        ru["date"]["format"] = "{day} {month_genitive} {year} года".into();
        ru["date"]["month_forms"] = serde_json::json!({ "genitive": [
            "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
            "сентября", "октября", "ноября", "декабря"] });
        let mut zh = v["languages"]["en"].clone();
        zh["date"]["format"] = "{year}年{month_number}月{day}日".into();
        zh["date"]["range_same_month"] =
            "{start_year}年{start_month_number}月{start_day}日至{end_day}日".into();
        v["languages"]["ru"] = ru;
        v["languages"]["zh"] = zh;
        let l: Labels = serde_json::from_value(v).unwrap();
        l.check().unwrap();
        let ru = l.get(&Lang::parse("ru").unwrap());
        assert_eq!(ru.date(&date("2026-04-14")), "14 апреля 2026 года");
        let zh = l.get(&Lang::parse("zh-Hans").unwrap());
        assert_eq!(zh.date(&date("2025-09-23")), "2025年9月23日");
        assert_eq!(
            zh.date_range(&date("2025-09-22"), &date("2025-09-23"), "–"),
            "2025年9月22日至23日"
        );
    }

    #[test]
    fn an_unknown_placeholder_is_an_error_naming_the_label() {
        let mut v: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/labels.json"),
            )
            .unwrap(),
        )
        .unwrap();
        v["languages"]["en"]["day_heading"]["numbered"]["with_times"] =
            "Day {nmber}: {times}".into();
        let l: Labels = serde_json::from_value(v).unwrap();
        let e = l.check().unwrap_err().to_string();
        assert!(
            e.contains("languages.en.day_heading.numbered.with_times"),
            "{e}"
        );
        assert!(e.contains("{nmber}") && e.contains("{number}"), "{e}");
    }

    #[test]
    fn templates_fill_only_their_placeholders() {
        let t = Template("a {x} {y} {not closed".into());
        assert_eq!(t.fill(&[("x", "1")]), "a 1 {y} {not closed");
        assert_eq!(
            t.pieces(),
            vec![
                Piece::Text("a "),
                Piece::Placeholder("x"),
                Piece::Text(" "),
                Piece::Placeholder("y"),
                Piece::Text(" {not closed")
            ]
        );
        assert_eq!(
            Template("{role}: {speaker}".into()).pieces(),
            vec![
                Piece::Placeholder("role"),
                Piece::Text(": "),
                Piece::Placeholder("speaker")
            ]
        );
    }

    #[test]
    fn day_headings_and_entries() {
        let l = labels();
        let en = l.get(&Lang::parse("en-GB").unwrap());
        let d = date("2026-03-03");
        assert_eq!(
            en.day_heading(DayHeadingStyle::Numbered, 1, Some("09:30–17:00"), &d),
            "Day 1: 09:30–17:00, Tuesday, 3 March 2026"
        );
        assert_eq!(
            en.day_heading(DayHeadingStyle::Dated, 2, Some("09:30–17:00"), &d),
            "Tuesday, 3 March 2026: 09:30–17:00"
        );
        assert_eq!(
            en.day_heading(DayHeadingStyle::DateOnly, 2, Some("09:30–17:00"), &d),
            "Tuesday, 3 March 2026"
        );
        assert_eq!(en.entries(3), vec![": ", "; ", "; ", ""]);
        assert!(en.entries(0).is_empty());
    }
}
