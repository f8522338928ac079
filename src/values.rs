//! The values of the data, parsed once: calendar dates, clock times,
//! language tags, plain text and text with inline markup.
//!
//! Every data file field of these kinds has one of these types. Each type
//! has one parser ([`Date::parse`], [`Clock::parse`], [`Lang::parse`],
//! [`Text::parse`], [`Markup::parse`]); the loader checks every field with it
//! (see [`check_format`]) and serde builds the typed value with it. Later
//! stages (compose, the writers, diff, the editor) read these types and never
//! the strings again.
//!
//! In the JSON Schemas each type is a string with a `format` of its own
//! ([`FORMATS`]); the loader's shape check calls [`check_format`] for it.

use crate::markup::{self, Span};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// Why a text is not a value of its type, in the user's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub message: String,
    pub help: Option<String>,
}

impl Invalid {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Invalid {
        Invalid {
            message: message.into(),
            help: Some(help.into()),
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The `format` names of the schemas, each checked by one parser.
pub const FORMATS: [&str; 6] = [
    DATE_FORMAT,
    CLOCK_FORMAT,
    LANG_FORMAT,
    TEXT_FORMAT,
    MARKUP_FORMAT,
    MARKUP_NO_NOTES_FORMAT,
];
const DATE_FORMAT: &str = "date";
const CLOCK_FORMAT: &str = "hh:mm";
const LANG_FORMAT: &str = "bcp47";
const TEXT_FORMAT: &str = "text";
const MARKUP_FORMAT: &str = "markup";
const MARKUP_NO_NOTES_FORMAT: &str = "markup-no-notes";

/// Checks `s` against the schema format `format` with that type's parser.
/// Unknown formats pass (they are an editor's business).
pub fn check_format(format: &str, s: &str) -> Result<(), Invalid> {
    match format {
        DATE_FORMAT => Date::parse(s).map(drop),
        CLOCK_FORMAT => Clock::parse(s).map(drop),
        LANG_FORMAT => Lang::parse(s).map(drop),
        TEXT_FORMAT => Text::parse(s).map(drop),
        MARKUP_FORMAT => Markup::parse(s).map(drop),
        MARKUP_NO_NOTES_FORMAT => MarkupNoNotes::parse(s).map(drop),
        _ => Ok(()),
    }
}

/// Implements serde and JSON Schema for a type that is a string parsed by
/// its `parse` and printed by its `as_str`.
macro_rules! string_value {
    ($t:ty, $format:expr, $pattern:expr, $desc:expr) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = Cow::<str>::deserialize(d)?;
                <$t>::parse(&s).map_err(|e| serde::de::Error::custom(e.message))
            }
        }
        impl JsonSchema for $t {
            fn schema_name() -> Cow<'static, str> {
                stringify!($t).into()
            }
            fn inline_schema() -> bool {
                true
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                let pattern: Option<&str> = $pattern;
                match pattern {
                    Some(p) => json_schema!({ "type": "string", "format": $format, "pattern": p, "description": $desc }),
                    None => json_schema!({ "type": "string", "format": $format, "description": $desc }),
                }
            }
        }
    };
}

// ---------------------------------------------------------------- dates

/// A calendar date (proleptic Gregorian), written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    /// The ISO form, kept so that `as_str` needs no allocation.
    iso: [u8; 10],
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(s: &str) -> Result<Date, Invalid> {
        let bad = || {
            Invalid::new(
                format!("\"{s}\" is not a date"),
                "write the date as YYYY-MM-DD, e.g. \"2025-09-23\"",
            )
        };
        let b = s.as_bytes();
        if b.len() != 10
            || b[4] != b'-'
            || b[7] != b'-'
            || !b
                .iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        {
            return Err(bad());
        }
        let year: i32 = s[..4].parse().map_err(|_| bad())?;
        let month: u32 = s[5..7].parse().map_err(|_| bad())?;
        let day: u32 = s[8..].parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(Invalid::new(
                format!("\"{s}\" is not a date: there is no month {month}"),
                "write the date as YYYY-MM-DD, e.g. \"2025-09-23\"",
            ));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(Invalid::new(
                format!(
                    "\"{s}\" is not a date: {} {year} has {} days",
                    MONTHS[(month - 1) as usize],
                    days_in_month(year, month)
                ),
                "write the date as YYYY-MM-DD, e.g. \"2025-09-23\"",
            ));
        }
        Ok(Date::new(year, month, day))
    }

    fn new(year: i32, month: u32, day: u32) -> Date {
        let mut iso = [b'0'; 10];
        let text = format!("{year:04}-{month:02}-{day:02}");
        iso.copy_from_slice(&text.as_bytes()[..10]);
        Date {
            year,
            month,
            day,
            iso,
        }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.iso).expect("ASCII digits")
    }

    /// Days since 1970-01-01.
    pub fn days_since_epoch(&self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719468;
        let era = z.div_euclid(146097);
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date::new(year, month, day)
    }

    /// The next day.
    pub fn succ(&self) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + 1)
    }

    /// Seconds since the Unix epoch at 00:00 UTC.
    pub fn unix_seconds(&self) -> i64 {
        self.days_since_epoch() * 86400
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday_index(&self) -> usize {
        // 1970-01-01 was a Thursday (index 3).
        (self.days_since_epoch() + 3).rem_euclid(7) as usize
    }

    /// "23 September 2025", in English: for messages and reports to the
    /// user (the command line speaks English). Documents print dates in
    /// their language through the label table (`crate::labels`).
    pub fn long(&self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS[(self.month - 1) as usize],
            self.year
        )
    }
}

string_value!(
    Date,
    DATE_FORMAT,
    Some(r"^\d{4}-\d{2}-\d{2}$"),
    "A date, YYYY-MM-DD."
);

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// English month names, for messages (documents take theirs from the
/// label table).
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// ---------------------------------------------------------------- times

/// A time of day on the 24-hour clock, `HH:MM`, in minutes since midnight
/// (0..=1440: `24:00` is the end of the day, allowed only as an end).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Clock(u16);

impl Clock {
    pub const END_OF_DAY: Clock = Clock(1440);

    /// Parses a strict 24-hour `HH:MM` (two digits each; `24:00` allowed).
    pub fn parse(s: &str) -> Result<Clock, Invalid> {
        let help =
            "write a 24-hour time as HH:MM with two digits each, e.g. \"09:05\" or \"14:30\"";
        let b = s.as_bytes();
        if b.len() != 5
            || b[2] != b':'
            || !b
                .iter()
                .enumerate()
                .all(|(i, c)| i == 2 || c.is_ascii_digit())
        {
            return Err(Invalid::new(format!("\"{s}\" is not a time"), help));
        }
        let h = u16::from(b[0] - b'0') * 10 + u16::from(b[1] - b'0');
        let m = u16::from(b[3] - b'0') * 10 + u16::from(b[4] - b'0');
        if m > 59 || h > 24 || (h == 24 && m != 0) {
            return Err(Invalid::new(
                format!("\"{s}\" is not a time of day (00:00 to 24:00)"),
                help,
            ));
        }
        Ok(Clock(h * 60 + m))
    }

    /// Minutes since midnight.
    pub fn minutes(self) -> u32 {
        u32::from(self.0)
    }

    /// The time `minutes` after midnight, if it is within the day.
    pub fn from_minutes(minutes: i64) -> Option<Clock> {
        (0..=1440)
            .contains(&minutes)
            .then_some(Clock(minutes as u16))
    }

    /// This time moved by `delta` minutes, if it stays within the day.
    pub fn shifted(self, delta: i64) -> Option<Clock> {
        Clock::from_minutes(i64::from(self.0) + delta)
    }

    pub fn as_str(&self) -> &'static str {
        // Every time of the day, formatted once.
        static ALL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        let all = ALL.get_or_init(|| {
            (0..=1440u16)
                .map(|m| format!("{:02}:{:02}", m / 60, m % 60))
                .collect()
        });
        all[usize::from(self.0)].as_str()
    }
}

string_value!(
    Clock,
    CLOCK_FORMAT,
    Some(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$"),
    "A time of day, 24-hour HH:MM."
);

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

// ---------------------------------------------------------------- languages

/// A BCP 47 language tag as the writers take it: a primary language of 2
/// or 3 letters, then subtags of 1 to 8 letters or digits (script, region…).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lang {
    tag: String,
}

impl Lang {
    pub fn parse(s: &str) -> Result<Lang, Invalid> {
        let mut parts = s.split('-');
        let primary = parts.next().unwrap_or("");
        let ok = (2..=3).contains(&primary.len())
            && primary.bytes().all(|b| b.is_ascii_alphabetic())
            && parts.all(|p| {
                (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric())
            });
        if !ok {
            return Err(Invalid::new(
                format!("\"{s}\" is not a language tag"),
                "write a BCP 47 tag such as \"en-GB\", \"fr\", \"ru\" or \"zh-Hans\"",
            ));
        }
        Ok(Lang { tag: s.to_string() })
    }

    pub fn as_str(&self) -> &str {
        &self.tag
    }

    /// The language, lower case: "en" of "en-GB".
    pub fn primary(&self) -> String {
        self.tag
            .split('-')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
    }

    /// The region, upper case: "GB" of "en-GB" (a two-letter subtag).
    pub fn region(&self) -> Option<String> {
        self.tag
            .split('-')
            .skip(1)
            .find(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()))
            .map(|p| p.to_ascii_uppercase())
    }

    /// Whether text in this language is set in an East Asian face.
    pub fn is_east_asian(&self) -> bool {
        matches!(self.primary().as_str(), "zh" | "ja" | "ko")
    }
}

/// UN English, the default language of the data.
impl Default for Lang {
    fn default() -> Lang {
        Lang {
            tag: "en-GB".into(),
        }
    }
}

string_value!(
    Lang,
    LANG_FORMAT,
    None,
    "A BCP 47 language tag, e.g. \"en-GB\", \"fr\", \"ru\", \"zh-Hans\"."
);

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tag)
    }
}

// ---------------------------------------------------------------- text

/// Characters XML 1.0 allows (and so a Word file can hold).
pub fn xml_allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Checks what every text of the data must be: not empty, and only
/// characters a Word file can hold.
fn check_text(s: &str) -> Result<(), Invalid> {
    if s.trim().is_empty() {
        return Err(Invalid::new(
            "empty text",
            "write the text, or remove the field if it is optional",
        ));
    }
    if let Some((i, c)) = s.chars().enumerate().find(|(_, c)| !xml_allowed(*c)) {
        return Err(Invalid::new(
            format!(
                "control character U+{:04X} at character {} of the text",
                c as u32,
                i + 1
            ),
            "Word files cannot hold it: delete it (it often comes from copying out of a PDF)",
        ));
    }
    Ok(())
}

/// The text as it is printed: a tab is printed as a space, in both formats.
pub fn printed(s: &str) -> Cow<'_, str> {
    if s.contains('\t') {
        Cow::Owned(s.replace('\t', " "))
    } else {
        Cow::Borrowed(s)
    }
}

/// Plain text, printed as typed (no markup): names, places, titles.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(String);

impl Text {
    pub fn parse(s: &str) -> Result<Text, Invalid> {
        check_text(s)?;
        Ok(Text(s.to_string()))
    }

    /// The text as written in the data.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text as printed (see [`printed`]).
    pub fn printed(&self) -> String {
        printed(&self.0).into_owned()
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&self.0)
        } else {
            // The walker of `data::walk::texts` (not human-readable) is
            // told that this is a text (one a translation may give).
            s.serialize_newtype_struct(markup::TEXT_WALK_TOKEN, &self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Cow::<str>::deserialize(d)?;
        Text::parse(&s).map_err(|e| serde::de::Error::custom(e.message))
    }
}

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": TEXT_FORMAT, "description": "Text, printed as typed." })
    }
}

/// An identifier written in the data: a symbol's pattern, a document's or
/// an agenda item's number, a set's short name. Printed as typed, and the
/// same in every language version (it is not a text to translate).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Code(String);

impl Code {
    pub fn parse(s: &str) -> Result<Code, Invalid> {
        check_text(s)?;
        Ok(Code(s.to_string()))
    }

    /// The code as written in the data.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The code as printed (see [`printed`]).
    pub fn printed(&self) -> String {
        printed(&self.0).into_owned()
    }
}

string_value!(
    Code,
    TEXT_FORMAT,
    None,
    "An identifier (symbol pattern, number, short name), printed as typed and the same in every language."
);

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

// ---------------------------------------------------------------- markup

/// Text with inline markup (`*italic*`, `**bold**`, `~sub~`, `^super^`,
/// links `[text](https://…)`, footnote references `[^id]`; see `markup.rs`
/// for the whole rule), parsed once.
/// `NOTES` says whether footnote references are allowed in the field.
#[derive(Debug, Clone, PartialEq)]
pub struct RichText<const NOTES: bool> {
    source: String,
    spans: Vec<Span>,
    notes: Vec<String>,
}

/// Text with inline markup that may reference footnotes.
pub type Markup = RichText<true>;
/// Text with inline markup but no footnote references: headings that are
/// also titles, footnote texts, agenda items.
pub type MarkupNoNotes = RichText<false>;

impl<const NOTES: bool> RichText<NOTES> {
    pub fn parse(s: &str) -> Result<Self, Invalid> {
        check_text(s)?;
        let spans = markup::parse(s).map_err(|e| Invalid::new(e.message, e.help))?;
        let notes = markup::note_ids(&spans);
        if !NOTES && let Some(id) = notes.first() {
            return Err(Invalid::new(
                format!("a footnote reference [^{id}] where notes cannot go"),
                "this text is also printed as a title or is a note itself: write the note's text out, \
                 or put the reference in a paragraph",
            ));
        }
        Ok(RichText {
            source: s.to_string(),
            spans,
            notes,
        })
    }

    /// The text as written in the data.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The parsed markup.
    pub fn spans(&self) -> &[Span] {
        &self.spans
    }

    /// The footnote ids referenced, in order of first appearance.
    pub fn note_ids(&self) -> &[String] {
        &self.notes
    }

    /// The text without markup, as printed (notes omitted).
    pub fn plain(&self) -> String {
        markup::plain(&self.spans)
    }
}

impl<const NOTES: bool> Serialize for RichText<NOTES> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&self.source)
        } else {
            // The walker of `data::texts` (not human-readable) gets the
            // parsed value's facts, so no text is parsed twice.
            s.serialize_newtype_struct(markup::WALK_TOKEN, &(NOTES, &self.source, &self.notes))
        }
    }
}

impl<'de, const NOTES: bool> Deserialize<'de> for RichText<NOTES> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Cow::<str>::deserialize(d)?;
        Self::parse(&s).map_err(|e| serde::de::Error::custom(e.message))
    }
}

impl<const NOTES: bool> JsonSchema for RichText<NOTES> {
    fn schema_name() -> Cow<'static, str> {
        if NOTES {
            "Markup".into()
        } else {
            "MarkupNoNotes".into()
        }
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        if NOTES {
            json_schema!({ "type": "string", "format": MARKUP_FORMAT,
                "description": "Text with inline markup: *italic*, **bold**, H~2~O (subscript), m^3^ (superscript), [text](https://…) (a link), [^id] for a footnote." })
        } else {
            json_schema!({ "type": "string", "format": MARKUP_NO_NOTES_FORMAT,
                "description": "Text with inline markup: *italic*, **bold**, H~2~O (subscript), m^3^ (superscript), [text](https://…) (a link); no footnotes here." })
        }
    }
}

impl<const NOTES: bool> fmt::Display for RichText<NOTES> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_is_strict() {
        assert_eq!(Clock::parse("14:05").unwrap().minutes(), 14 * 60 + 5);
        assert_eq!(Clock::parse("24:00").unwrap(), Clock::END_OF_DAY);
        for bad in [
            "25:00",
            "9:5",
            "09:5",
            "9:05",
            "12:60",
            "24:01",
            "ab:cd",
            "12-30",
            "",
            "１２:００",
        ] {
            assert!(Clock::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Clock::parse("15:05").unwrap().to_string(), "15:05");
        assert_eq!(
            Clock::parse("23:50").unwrap().shifted(15),
            None.or(Some(Clock(1445))).filter(|_| false)
        );
        assert_eq!(
            Clock::parse("14:00")
                .unwrap()
                .shifted(-15)
                .unwrap()
                .as_str(),
            "13:45"
        );
    }

    #[test]
    fn dates() {
        let d = Date::parse("2025-09-23").unwrap();
        assert_eq!(d.weekday_index(), 1, "a Tuesday");
        assert_eq!(d.long(), "23 September 2025");
        assert_eq!(d.as_str(), "2025-09-23");
        assert_eq!(d.unix_seconds(), 1758585600);
        assert!(
            Date::parse("2025-02-29")
                .unwrap_err()
                .message
                .contains("February 2025 has 28 days")
        );
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2025-9-1").is_err());
        let e = Date::parse("2025-09-22").unwrap();
        assert_eq!(e.succ(), d);
        for s in ["1970-01-01", "2024-02-29", "2025-09-23", "2025-12-31"] {
            let d = Date::parse(s).unwrap();
            assert_eq!(Date::from_days_since_epoch(d.days_since_epoch()), d);
        }
    }

    #[test]
    fn languages() {
        let l = Lang::parse("zh-Hans-CN").unwrap();
        assert_eq!((l.primary(), l.region()), ("zh".into(), Some("CN".into())));
        assert!(l.is_east_asian());
        assert_eq!(Lang::parse("en").unwrap().region(), None);
        for bad in ["", "e", "english", "en_GB", "\"); #read(\"x", "en--GB"] {
            assert!(Lang::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn text_is_checked() {
        assert!(Text::parse("  ").unwrap_err().message.contains("empty"));
        assert!(
            Text::parse("a\u{1}b")
                .unwrap_err()
                .message
                .contains("U+0001 at character 2")
        );
        assert_eq!(Text::parse("a\tb").unwrap().printed(), "a b");
    }

    #[test]
    fn notes_only_where_allowed() {
        assert_eq!(Markup::parse("A[^n].").unwrap().note_ids(), ["n"]);
        assert!(MarkupNoNotes::parse("A[^n].").is_err());
        assert!(MarkupNoNotes::parse("A *b*.").is_ok());
    }

    #[test]
    fn every_format_has_its_parser() {
        assert!(check_format("hh:mm", "25:00").is_err());
        assert!(check_format("date", "2025-13-01").is_err());
        assert!(check_format("bcp47", "english").is_err());
        assert!(check_format("markup-no-notes", "x[^a]").is_err());
        assert!(check_format("whatever", "").is_ok());
        for f in FORMATS {
            assert!(check_format(f, "").is_err(), "{f} accepts empty text");
        }
    }
}
