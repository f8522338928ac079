//! Lining up two sequences: the one comparison under the change report
//! (paragraphs, words) and the tracked-changes DOCX (blocks, rows, runs).
//!
//! [`lcs`] keeps the longest common subsequence of equal elements; [`pair`]
//! then pairs, in each stretch between two kept elements, the elements that
//! are alike enough to be one element changed (a paragraph edited, a row
//! whose speaker changed) rather than one removed and another added.

/// One step from the old sequence to the new one, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `old[i]` and `new[j]` are equal.
    Same(usize, usize),
    /// `old[i]` became `new[j]` (alike, not equal).
    Changed(usize, usize),
    /// `old[i]` is gone.
    Removed(usize),
    /// `new[j]` is new.
    Added(usize),
}

/// The longest common subsequence of `old` and `new` under `eq`, as steps
/// in order; in a stretch between two equal elements the removed ones come
/// before the added ones.
pub fn lcs<T, U>(old: &[T], new: &[U], eq: impl Fn(&T, &U) -> bool) -> Vec<Op> {
    let (n, m) = (old.len(), new.len());
    // Common prefix and suffix first: most comparisons are of nearly
    // equal sequences.
    let mut pre = 0;
    while pre < n && pre < m && eq(&old[pre], &new[pre]) {
        pre += 1;
    }
    let mut suf = 0;
    while suf < n - pre && suf < m - pre && eq(&old[n - 1 - suf], &new[m - 1 - suf]) {
        suf += 1;
    }
    let (a, b) = (&old[pre..n - suf], &new[pre..m - suf]);
    let mut ops: Vec<Op> = (0..pre).map(|i| Op::Same(i, i)).collect();
    // lengths[i][j]: LCS of a[i..] and b[j..].
    let w = b.len() + 1;
    let mut lengths = vec![0u32; (a.len() + 1) * w];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lengths[i * w + j] = if eq(&a[i], &b[j]) {
                lengths[(i + 1) * w + j + 1] + 1
            } else {
                lengths[(i + 1) * w + j].max(lengths[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut removed = Vec::new();
    let mut added = Vec::new();
    let flush = |ops: &mut Vec<Op>, removed: &mut Vec<usize>, added: &mut Vec<usize>| {
        ops.extend(removed.drain(..).map(Op::Removed));
        ops.extend(added.drain(..).map(Op::Added));
    };
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && eq(&a[i], &b[j]) {
            flush(&mut ops, &mut removed, &mut added);
            ops.push(Op::Same(pre + i, pre + j));
            i += 1;
            j += 1;
        } else if j == b.len()
            || (i < a.len() && lengths[(i + 1) * w + j] >= lengths[i * w + j + 1])
        {
            removed.push(pre + i);
            i += 1;
        } else {
            added.push(pre + j);
            j += 1;
        }
    }
    flush(&mut ops, &mut removed, &mut added);
    ops.extend((0..suf).map(|k| Op::Same(n - suf + k, m - suf + k)));
    ops
}

/// As [`lcs`], then in each stretch between equal elements the removed and
/// added elements that are alike (`likeness` at least `threshold`, from 0
/// to 1) are paired in order as changed, the best pairs first.
pub fn pair<T, U>(
    old: &[T],
    new: &[U],
    eq: impl Fn(&T, &U) -> bool,
    likeness: impl Fn(&T, &U) -> f64,
    threshold: f64,
) -> Vec<Op> {
    let ops = lcs(old, new, eq);
    let mut out = Vec::with_capacity(ops.len());
    let mut gap_old = Vec::new();
    let mut gap_new = Vec::new();
    let flush = |out: &mut Vec<Op>, gap_old: &mut Vec<usize>, gap_new: &mut Vec<usize>| {
        out.extend(pair_gap(gap_old, gap_new, |i, j| {
            let l = likeness(&old[i], &new[j]);
            if l >= threshold { l } else { 0.0 }
        }));
        gap_old.clear();
        gap_new.clear();
    };
    for op in ops {
        match op {
            Op::Removed(i) => gap_old.push(i),
            Op::Added(j) => gap_new.push(j),
            same => {
                flush(&mut out, &mut gap_old, &mut gap_new);
                out.push(same);
            }
        }
    }
    flush(&mut out, &mut gap_old, &mut gap_new);
    out
}

/// The pairs of a stretch (an ordered matching of the greatest total
/// likeness), as steps: removed before added between two pairs.
fn pair_gap(old: &[usize], new: &[usize], likeness: impl Fn(usize, usize) -> f64) -> Vec<Op> {
    let (n, m) = (old.len(), new.len());
    let mut out = Vec::new();
    if n == 0 || m == 0 || n * m > 40_000 {
        out.extend(old.iter().map(|&i| Op::Removed(i)));
        out.extend(new.iter().map(|&j| Op::Added(j)));
        return out;
    }
    let like: Vec<f64> = (0..n * m)
        .map(|k| likeness(old[k / m], new[k % m]))
        .collect();
    // best[i][j]: the best total for old[i..] and new[j..].
    let w = m + 1;
    let mut best = vec![0f64; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let take = if like[i * m + j] > 0.0 {
                like[i * m + j] + best[(i + 1) * w + j + 1]
            } else {
                0.0
            };
            best[i * w + j] = take.max(best[(i + 1) * w + j]).max(best[i * w + j + 1]);
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    while i < n || j < m {
        if i < n && j < m {
            let here = best[i * w + j];
            let l = like[i * m + j];
            if l > 0.0 && (l + best[(i + 1) * w + j + 1] - here).abs() < 1e-9 {
                out.extend(removed.drain(..).map(Op::Removed));
                out.extend(added.drain(..).map(Op::Added));
                out.push(Op::Changed(old[i], new[j]));
                i += 1;
                j += 1;
                continue;
            }
            if (best[(i + 1) * w + j] - here).abs() < 1e-9 {
                removed.push(old[i]);
                i += 1;
            } else {
                added.push(new[j]);
                j += 1;
            }
        } else if i < n {
            removed.push(old[i]);
            i += 1;
        } else {
            added.push(new[j]);
            j += 1;
        }
    }
    out.extend(removed.drain(..).map(Op::Removed));
    out.extend(added.drain(..).map(Op::Added));
    out
}

/// How alike two texts are, from 0 to 1: the share of their pieces (words
/// and punctuation, see [`pieces`]) they have in common (Dice's
/// coefficient over the multisets of pieces).
pub fn likeness(a: &str, b: &str) -> f64 {
    use std::collections::HashMap;
    let words = |s: &str| -> HashMap<String, usize> {
        let mut m = HashMap::new();
        for w in pieces(s).into_iter().filter(|p| !p.trim().is_empty()) {
            *m.entry(w.to_lowercase()).or_insert(0) += 1;
        }
        m
    };
    let (wa, wb) = (words(a), words(b));
    let (na, nb): (usize, usize) = (wa.values().sum(), wb.values().sum());
    if na + nb == 0 {
        return 1.0;
    }
    let common: usize = wa
        .iter()
        .map(|(w, c)| (*c).min(wb.get(w).copied().unwrap_or(0)))
        .sum();
    2.0 * common as f64 / (na + nb) as f64
}

/// Text cut into the pieces tracked changes are made of: runs of letters
/// and digits, runs of white space, and each other character alone.
pub fn pieces(text: &str) -> Vec<&str> {
    #[derive(PartialEq, Clone, Copy)]
    enum Kind {
        Word,
        Space,
        Other,
    }
    let kind = |c: char| {
        if c.is_alphanumeric() {
            Kind::Word
        } else if c.is_whitespace() {
            Kind::Space
        } else {
            Kind::Other
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut last: Option<Kind> = None;
    for (i, c) in text.char_indices() {
        let k = kind(c);
        if let Some(l) = last
            && (l != k || k == Kind::Other)
        {
            out.push(&text[start..i]);
            start = i;
        }
        last = Some(k);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(old: &[&str], new: &[&str], ops: &[Op]) -> (Vec<String>, Vec<String>) {
        // Replays the steps: the old side and the new side must come out whole.
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for op in ops {
            match *op {
                Op::Same(i, j) | Op::Changed(i, j) => {
                    a.push(old[i].to_string());
                    b.push(new[j].to_string());
                }
                Op::Removed(i) => a.push(old[i].to_string()),
                Op::Added(j) => b.push(new[j].to_string()),
            }
        }
        (a, b)
    }

    #[test]
    fn lcs_keeps_the_common_elements_in_order() {
        let old = ["a", "b", "c", "d", "e"];
        let new = ["a", "x", "c", "e", "f"];
        let ops = lcs(&old, &new, |a, b| a == b);
        assert_eq!(
            ops,
            vec![
                Op::Same(0, 0),
                Op::Removed(1),
                Op::Added(1),
                Op::Same(2, 2),
                Op::Removed(3),
                Op::Same(4, 3),
                Op::Added(4),
            ]
        );
        let (a, b) = apply(&old, &new, &ops);
        assert_eq!(a, old);
        assert_eq!(b, new);
        assert_eq!(lcs::<&str, &str>(&[], &[], |a, b| a == b), vec![]);
    }

    #[test]
    fn pair_finds_the_changed_element_among_removed_and_added() {
        let old = ["Opening remarks", "Mr. A, Head of Office", "Q&A"];
        let new = [
            "Opening remarks",
            "A new paragraph about something else",
            "Ms. B, Head of Office",
            "Q&A",
        ];
        let ops = pair(&old, &new, |a, b| a == b, |a, b| likeness(a, b), 0.5);
        assert_eq!(
            ops,
            vec![
                Op::Same(0, 0),
                Op::Added(1),
                Op::Changed(1, 2),
                Op::Same(2, 3),
            ]
        );
    }

    #[test]
    fn pieces_split_words_spaces_and_punctuation() {
        assert_eq!(
            pieces("Blue Sky Hotel, Ulaanbaatar."),
            vec![
                "Blue",
                " ",
                "Sky",
                " ",
                "Hotel",
                ",",
                " ",
                "Ulaanbaatar",
                "."
            ]
        );
        assert_eq!(pieces("--  x"), vec!["-", "-", "  ", "x"]);
        assert_eq!(pieces("улица 北京"), vec!["улица", " ", "北京"]);
        assert!(pieces("").is_empty());
    }
}
