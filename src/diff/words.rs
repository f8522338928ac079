//! What changed inside a text, in words a participant reads: "'Blue Sky
//! Hotel' is now 'Shangri-La Hotel'", "'and Mongolia' added after
//! 'Japan'", or, for a text mostly rewritten, what it now reads.

use super::align::{Op, lcs, pieces};

/// Longest quotation of a whole text.
const QUOTE_WORDS: usize = 40;

fn is_word(p: &str) -> bool {
    p.chars().next().is_some_and(char::is_alphanumeric)
}

fn is_space(p: &str) -> bool {
    p.chars().all(char::is_whitespace)
}

/// The change from `old` to `new` as a phrase (no full stop), or None when
/// their words are the same.
pub fn change(old: &str, new: &str) -> Option<String> {
    let (old, new) = (squeeze(old), squeeze(new));
    if old == new {
        return None;
    }
    let a = pieces(&old);
    let b = pieces(&new);
    let ops = lcs(&a, &b, |x, y| x == y);
    let hunks = hunks(&ops, &a, &b);
    let words = |v: &[&str]| v.iter().filter(|p| is_word(p)).count();
    let changed: usize = hunks
        .iter()
        .map(|h| words(&a[h.old.clone()]).max(words(&b[h.new.clone()])))
        .sum();
    let total = words(&a).max(words(&b));
    if words(&a) == 0 || hunks.len() > 3 || changed * 2 > total + 2 {
        return Some(format!("now reads '{}'", quote_text(&new)));
    }
    let parts: Vec<String> = hunks.iter().map(|h| h.describe(&a, &b)).collect();
    Some(parts.join("; "))
}

/// White space as one space, none at the ends.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A text quoted whole (cut after [`QUOTE_WORDS`] words).
pub fn quote_text(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > QUOTE_WORDS {
        format!("{} …", words[..QUOTE_WORDS].join(" "))
    } else {
        words.join(" ")
    }
}

/// A stretch of changed pieces: old[old] became new[new].
struct Hunk {
    old: std::ops::Range<usize>,
    new: std::ops::Range<usize>,
}

/// The changed stretches; two stretches with only spaces and punctuation
/// between them are one, and none starts or ends with a space.
fn hunks(ops: &[Op], a: &[&str], b: &[&str]) -> Vec<Hunk> {
    let mut raw: Vec<Hunk> = Vec::new();
    let (mut oi, mut ni) = (0, 0);
    let mut open: Option<Hunk> = None;
    for op in ops {
        match *op {
            Op::Same(i, j) | Op::Changed(i, j) => {
                raw.extend(open.take());
                oi = i + 1;
                ni = j + 1;
            }
            Op::Removed(i) => {
                let h = open.get_or_insert(Hunk {
                    old: oi..oi,
                    new: ni..ni,
                });
                h.old.end = i + 1;
                oi = i + 1;
            }
            Op::Added(j) => {
                let h = open.get_or_insert(Hunk {
                    old: oi..oi,
                    new: ni..ni,
                });
                h.new.end = j + 1;
                ni = j + 1;
            }
        }
    }
    raw.extend(open);
    let mut out: Vec<Hunk> = Vec::new();
    for h in raw {
        if let Some(last) = out.last_mut()
            && !a[last.old.end..h.old.start].iter().any(|p| is_word(p))
        {
            last.old.end = h.old.end;
            last.new.end = h.new.end;
            continue;
        }
        out.push(h);
    }
    for h in &mut out {
        // Spaces at the edges belong to the words around.
        while !h.old.is_empty() && !h.new.is_empty() && a[h.old.start] == b[h.new.start] {
            h.old.start += 1;
            h.new.start += 1;
        }
        while !h.old.is_empty() && !h.new.is_empty() && a[h.old.end - 1] == b[h.new.end - 1] {
            h.old.end -= 1;
            h.new.end -= 1;
        }
        let trim = |v: &[&str], r: &mut std::ops::Range<usize>| {
            while r.start < r.end && is_space(v[r.start]) {
                r.start += 1;
            }
            while r.start < r.end && is_space(v[r.end - 1]) {
                r.end -= 1;
            }
        };
        trim(a, &mut h.old);
        trim(b, &mut h.new);
    }
    out.retain(|h| !(h.old.is_empty() && h.new.is_empty()));
    out
}

/// A word that is part of a name or a date: it is quoted with the change
/// next to it ("Blue Sky Hotel", "24 September").
fn names(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// The pieces of `v` before `at` holding `n` words, joined ("Ulaanbaatar,
/// Mongolia").
fn words_before(v: &[&str], at: usize, n: usize) -> Option<String> {
    let mut start = at;
    let mut seen = 0;
    while start > 0 && seen < n {
        start -= 1;
        if is_word(v[start]) {
            seen += 1;
        }
    }
    let s = v[start..at].concat();
    let s = s.trim_matches(|c: char| c.is_whitespace() || c == ',' || c == ';');
    (!s.is_empty()).then(|| s.to_string())
}

fn words_after(v: &[&str], at: usize, n: usize) -> Option<String> {
    let mut end = at;
    let mut seen = 0;
    while end < v.len() && seen < n {
        if is_word(v[end]) {
            seen += 1;
        }
        end += 1;
    }
    let s = v[at..end].concat();
    let s = s.trim_matches(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '.');
    (!s.is_empty()).then(|| s.to_string())
}

impl Hunk {
    fn describe(&self, a: &[&str], b: &[&str]) -> String {
        let (mut before, mut after) = (0, 0);
        if !self.old.is_empty() && !self.new.is_empty() {
            // Widen a replacement over the names and numbers around it,
            // which the reader needs to find it (the same on both sides):
            // a word and the space before or after it, twice at most.
            let mut words = 0;
            while words < 2
                && self.old.start >= before + 2
                && is_space(a[self.old.start - before - 1])
                && names(a[self.old.start - before - 2])
            {
                before += 2;
                words += 1;
            }
            words = 0;
            while words < 2
                && self.old.end + after + 2 <= a.len()
                && is_space(a[self.old.end + after])
                && names(a[self.old.end + after + 1])
            {
                after += 2;
                words += 1;
            }
        }
        let span = |v: &[&str], r: &std::ops::Range<usize>| -> String {
            let mut s = a[self.old.start - before..self.old.start].concat();
            s.push_str(&v[r.clone()].concat());
            s.push_str(&a[self.old.end..self.old.end + after].concat());
            s
        };
        let old = span(a, &self.old);
        let new = span(b, &self.new);
        match (self.old.is_empty(), self.new.is_empty()) {
            (false, false) => format!("'{old}' is now '{new}'"),
            (true, _) => match (
                words_before(a, self.old.start, 2),
                words_after(a, self.old.end, 2),
            ) {
                (Some(c), _) => format!("'{new}' added after '{c}'"),
                (None, Some(c)) => format!("'{new}' added before '{c}'"),
                (None, None) => format!("'{new}' added"),
            },
            (false, true) => match words_before(a, self.old.start, 2) {
                Some(c) => format!("'{old}' removed after '{c}'"),
                None => format!("'{old}' removed at the start"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replaced_name_is_quoted_whole() {
        assert_eq!(
            change(
                "The Dialogue will take place at the Blue Sky Hotel, Ulaanbaatar.",
                "The Dialogue will take place at the Shangri-La Hotel, Ulaanbaatar."
            )
            .unwrap(),
            "'Blue Sky Hotel' is now 'Shangri-La Hotel'"
        );
        assert_eq!(
            change(
                "held on 23 September 2025 in",
                "held on 24 September 2025 in"
            )
            .unwrap(),
            "'23 September 2025' is now '24 September 2025'"
        );
    }

    #[test]
    fn added_and_removed_words_say_where() {
        assert_eq!(
            change(
                "policy makers will attend the meeting in person",
                "policy makers and experts will attend the meeting in person"
            )
            .unwrap(),
            "'and experts' added after 'policy makers'"
        );
        assert_eq!(
            change(
                "policy makers and experts will attend the meeting in person",
                "policy makers will attend the meeting in person"
            )
            .unwrap(),
            "'and experts' removed after 'policy makers'"
        );
        assert_eq!(change("same words", "same  words"), None);
    }

    #[test]
    fn words_added_inside_punctuation_are_an_addition() {
        assert_eq!(
            change(
                "will take place in Ulaanbaatar, Mongolia. The event",
                "will take place in Ulaanbaatar, Mongolia, at the Shangri-La Hotel. The event"
            )
            .unwrap(),
            "', at the Shangri-La Hotel' added after 'Ulaanbaatar, Mongolia'"
        );
    }

    #[test]
    fn a_rewritten_text_is_quoted() {
        assert_eq!(
            change("one two three", "four five six").unwrap(),
            "now reads 'four five six'"
        );
    }
}
