//! Clock times (`HH:MM`) and calendar dates (`YYYY-MM-DD`) of the data.

use std::fmt;

/// Minutes since midnight, 0..=1440.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Clock(pub u32);

impl Clock {
    /// Parses a strict 24-hour `HH:MM` (two digits each; `24:00` allowed as an end).
    pub fn parse(s: &str) -> Option<Clock> {
        let b = s.as_bytes();
        if b.len() != 5
            || b[2] != b':'
            || !s[..2]
                .bytes()
                .chain(s[3..].bytes())
                .all(|c| c.is_ascii_digit())
        {
            return None;
        }
        let h: u32 = s[..2].parse().ok()?;
        let m: u32 = s[3..].parse().ok()?;
        if m > 59 || h > 24 || (h == 24 && m != 0) {
            return None;
        }
        Some(Clock(h * 60 + m))
    }
}

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

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
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

impl Date {
    /// Parses `YYYY-MM-DD`, checking the day exists.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year: i32 = s[..4].parse().ok()?;
        let month: u32 = s[5..7].parse().ok()?;
        let day: u32 = s[8..].parse().ok()?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    pub fn days_since_epoch(&self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    /// Seconds since the Unix epoch at 00:00 UTC.
    pub fn unix_seconds(&self) -> i64 {
        self.days_since_epoch() * 86400
    }

    pub fn weekday(&self) -> &'static str {
        // 1970-01-01 was a Thursday (index 3).
        WEEKDAYS[(self.days_since_epoch() + 3).rem_euclid(7) as usize]
    }

    pub fn month_name(&self) -> &'static str {
        MONTHS[(self.month - 1) as usize]
    }

    /// "23 September 2025".
    pub fn long(&self) -> String {
        format!("{} {} {}", self.day, self.month_name(), self.year)
    }

    /// "22-23 September 2025", "30 September-1 October 2025", ...
    pub fn range(&self, end: &Date) -> String {
        if self == end {
            self.long()
        } else if self.year == end.year && self.month == end.month {
            format!("{}-{}", self.day, end.long())
        } else if self.year == end.year {
            format!("{} {}-{}", self.day, self.month_name(), end.long())
        } else {
            format!("{}-{}", self.long(), end.long())
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_is_strict() {
        assert_eq!(Clock::parse("14:05"), Some(Clock(14 * 60 + 5)));
        assert_eq!(Clock::parse("24:00"), Some(Clock(1440)));
        for bad in [
            "25:00", "9:5", "09:5", "9:05", "12:60", "24:01", "ab:cd", "12-30", "",
        ] {
            assert_eq!(Clock::parse(bad), None, "{bad}");
        }
        assert_eq!(Clock(905).to_string(), "15:05");
    }

    #[test]
    fn dates() {
        let d = Date::parse("2025-09-23").unwrap();
        assert_eq!(d.weekday(), "Tuesday");
        assert_eq!(d.long(), "23 September 2025");
        assert_eq!(d.unix_seconds(), 1758585600);
        assert_eq!(Date::parse("2025-02-29"), None);
        assert!(Date::parse("2024-02-29").is_some());
        let e = Date::parse("2025-09-22").unwrap();
        assert_eq!(e.range(&d), "22-23 September 2025");
    }
}
