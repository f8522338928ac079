//! Document symbols ("NEACAP/PD2/1/Rev.1") and the file names made from
//! them, safe on Windows, macOS and Linux.

/// The symbol from a series pattern (`{n}` is the number) and a revision.
pub fn format(pattern: &str, number: &str, revision: Option<u32>) -> String {
    let mut s = pattern.replace("{n}", number);
    if let Some(r) = revision {
        s.push_str(&format!("/Rev.{r}"));
    }
    s
}

/// The file stem of a language version of the document `symbol`:
/// `NEACAP_PD2_2-ru`.
pub fn version_stem(symbol: &str, language: &crate::values::Lang) -> String {
    format!("{}-{}", file_stem(symbol), file_stem(language.as_str()))
}

/// A file stem for a symbol: `/` and every character that is not a letter,
/// digit, `.`, `-`, `(` or `)` become `_`; no trailing dot or space; names
/// that Windows reserves get a `_` in front.
pub fn file_stem(symbol: &str) -> String {
    let mut s: String = symbol
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '(' | ')') {
                c
            } else {
                '_'
            }
        })
        .collect();
    while s.ends_with('.') || s.ends_with(' ') {
        s.pop();
    }
    if s.is_empty() {
        s.push('_');
    }
    let base = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = ["CON", "PRN", "AUX", "NUL"].contains(&base.as_str())
        || ((base.starts_with("COM") || base.starts_with("LPT"))
            && base.len() == 4
            && base.as_bytes()[3].is_ascii_digit());
    if reserved {
        s.insert(0, '_');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_and_file_names() {
        assert_eq!(format("NEACAP/PD2/{n}", "1", None), "NEACAP/PD2/1");
        assert_eq!(format("NEACAP/PD2/{n}", "1", Some(1)), "NEACAP/PD2/1/Rev.1");
        assert_eq!(file_stem("NEACAP/PD2/1/Rev.1"), "NEACAP_PD2_1_Rev.1");
        assert_eq!(
            file_stem("ESCAP/NEASPEC/SOM(28)/INF/1"),
            "ESCAP_NEASPEC_SOM(28)_INF_1"
        );
        assert_eq!(file_stem("a:b*c?\"<>|"), "a_b_c_____");
        assert_eq!(file_stem("CON"), "_CON");
        assert_eq!(file_stem("x."), "x");
    }
}
