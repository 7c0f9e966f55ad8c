//! Agreement between two codings of the same posts: Cohen's kappa, accuracy, a confusion
//! matrix and per-code precision, recall and F1.
//!
//! In: pairs of labels (a reference, usually a person, and a candidate, usually the
//! classifier), or for multi-label topics pairs of label sets. Out: plain numbers, so the
//! benchmark, the tests and the research CLI report agreement the same way. Pure
//! arithmetic; no I/O.

use serde::Serialize;

/// A confusion matrix over a fixed list of codes: `counts[r][c]` is how many items the
/// reference coded `codes[r]` and the candidate coded `codes[c]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Confusion {
    /// The codes, in row/column order.
    pub codes: Vec<String>,
    /// Counts, reference by row, candidate by column.
    pub counts: Vec<Vec<u64>>,
}

/// How well one code is found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeScore {
    /// The code.
    pub code: String,
    /// Items the reference gave this code.
    pub support: u64,
    /// Of the items the candidate gave it, the share the reference agrees with
    /// (`None` when the candidate never gave it).
    pub precision: Option<f64>,
    /// Of the items the reference gave it, the share the candidate found (`None` when the
    /// reference never gave it).
    pub recall: Option<f64>,
    /// The harmonic mean of the two (`None` when either is missing or both are 0).
    pub f1: Option<f64>,
}

impl Confusion {
    /// Builds the matrix from (reference, candidate) pairs. Codes are `codes` first, in
    /// that order, then any others met, in order of appearance.
    pub fn new<'a>(codes: &[&str], pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut all: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
        let mut cells: Vec<(usize, usize)> = Vec::new();
        let index = |code: &str, all: &mut Vec<String>| match all.iter().position(|c| c == code) {
            Some(i) => i,
            None => {
                all.push(code.to_string());
                all.len() - 1
            }
        };
        for (r, c) in pairs {
            let ri = index(r, &mut all);
            let cj = index(c, &mut all);
            cells.push((ri, cj));
        }
        let n = all.len();
        let mut counts = vec![vec![0u64; n]; n];
        for (r, c) in cells {
            counts[r][c] += 1;
        }
        Confusion { codes: all, counts }
    }

    /// Items counted.
    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    /// The share of items both coded the same (`None` with no items).
    pub fn accuracy(&self) -> Option<f64> {
        let total = self.total();
        let same: u64 = (0..self.codes.len()).map(|i| self.counts[i][i]).sum();
        (total > 0).then(|| same as f64 / total as f64)
    }

    /// Cohen's kappa: agreement beyond what the two coders' code frequencies would give by
    /// chance, `(p_o - p_e) / (1 - p_e)`. `None` with no items; 1.0 when chance agreement
    /// is already total and the coders agree (both used one code only).
    pub fn kappa(&self) -> Option<f64> {
        let total = self.total() as f64;
        if total == 0.0 {
            return None;
        }
        let n = self.codes.len();
        let p_o = (0..n).map(|i| self.counts[i][i]).sum::<u64>() as f64 / total;
        let p_e: f64 = (0..n)
            .map(|i| {
                let row: u64 = self.counts[i].iter().sum();
                let col: u64 = (0..n).map(|r| self.counts[r][i]).sum();
                (row as f64 / total) * (col as f64 / total)
            })
            .sum();
        if (1.0 - p_e).abs() < f64::EPSILON {
            return Some(if (p_o - 1.0).abs() < f64::EPSILON {
                1.0
            } else {
                0.0
            });
        }
        Some((p_o - p_e) / (1.0 - p_e))
    }

    /// Precision, recall and F1 of every code, in matrix order.
    pub fn scores(&self) -> Vec<CodeScore> {
        let n = self.codes.len();
        (0..n)
            .map(|i| {
                let tp = self.counts[i][i];
                let support: u64 = self.counts[i].iter().sum();
                let predicted: u64 = (0..n).map(|r| self.counts[r][i]).sum();
                prf(&self.codes[i], tp, predicted, support)
            })
            .collect()
    }

    /// The matrix as aligned text (reference by row, candidate by column), for reports.
    pub fn to_text(&self) -> String {
        let w = self.codes.iter().map(|c| c.len()).max().unwrap_or(4).max(5);
        let mut out = format!("{:>w$} |", "ref\\got");
        for c in &self.codes {
            out.push_str(&format!(" {:>6}", abbreviate(c)));
        }
        out.push('\n');
        for (i, c) in self.codes.iter().enumerate() {
            out.push_str(&format!("{c:>w$} |"));
            for n in &self.counts[i] {
                out.push_str(&format!(" {n:>6}"));
            }
            out.push('\n');
        }
        out
    }
}

fn abbreviate(code: &str) -> String {
    code.chars().take(6).collect()
}

fn prf(code: &str, tp: u64, predicted: u64, support: u64) -> CodeScore {
    let precision = (predicted > 0).then(|| tp as f64 / predicted as f64);
    let recall = (support > 0).then(|| tp as f64 / support as f64);
    let f1 = match (precision, recall) {
        (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
        _ => None,
    };
    CodeScore {
        code: code.to_string(),
        support,
        precision,
        recall,
        f1,
    }
}

/// Per-code precision/recall/F1 for multi-label coding (topics): each item has a set of
/// codes from each coder; every code is scored as its own yes/no decision.
pub fn multilabel_scores<'a>(
    codes: &[&str],
    pairs: impl IntoIterator<Item = (&'a [String], &'a [String])>,
) -> Vec<CodeScore> {
    let pairs: Vec<_> = pairs.into_iter().collect();
    codes
        .iter()
        .map(|&code| {
            let (mut tp, mut predicted, mut support) = (0, 0, 0);
            for (reference, candidate) in &pairs {
                let r = reference.iter().any(|c| c == code);
                let c = candidate.iter().any(|c| c == code);
                tp += u64::from(r && c);
                predicted += u64::from(c);
                support += u64::from(r);
            }
            prf(code, tp, predicted, support)
        })
        .collect()
}

/// The share of items whose two code sets are exactly equal (`None` with no items).
pub fn exact_set_match<'a>(
    pairs: impl IntoIterator<Item = (&'a [String], &'a [String])>,
) -> Option<f64> {
    let (mut same, mut total) = (0u64, 0u64);
    for (a, b) in pairs {
        let mut a: Vec<&String> = a.iter().collect();
        let mut b: Vec<&String> = b.iter().collect();
        a.sort();
        b.sort();
        same += u64::from(a == b);
        total += 1;
    }
    (total > 0).then(|| same as f64 / total as f64)
}

/// Cohen's kappa of two codings given as (reference, candidate) pairs.
pub fn cohen_kappa<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<f64> {
    Confusion::new(&[], pairs).kappa()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn kappa_matches_a_worked_example() {
        // The classic 2x2 example: 50 items, yes/yes 20, yes/no 5, no/yes 10, no/no 15.
        // p_o = 0.7, p_e = 0.5*0.6 + 0.5*0.4 = 0.5, kappa = 0.4.
        let mut pairs = Vec::new();
        pairs.extend(std::iter::repeat_n(("yes", "yes"), 20));
        pairs.extend(std::iter::repeat_n(("yes", "no"), 5));
        pairs.extend(std::iter::repeat_n(("no", "yes"), 10));
        pairs.extend(std::iter::repeat_n(("no", "no"), 15));
        let k = cohen_kappa(pairs.iter().copied()).unwrap();
        assert!(close(k, 0.4), "{k}");
        let m = Confusion::new(&["yes", "no"], pairs.iter().copied());
        assert_eq!(m.counts, vec![vec![20, 5], vec![10, 15]]);
        assert!(close(m.accuracy().unwrap(), 0.7));
    }

    #[test]
    fn kappa_edges() {
        assert_eq!(cohen_kappa(std::iter::empty()), None);
        assert_eq!(cohen_kappa([("a", "a"), ("a", "a")]), Some(1.0));
        let perfect = cohen_kappa([("a", "a"), ("b", "b"), ("c", "c")]).unwrap();
        assert!(close(perfect, 1.0));
        // Systematic disagreement is worse than chance.
        assert!(cohen_kappa([("a", "b"), ("b", "a")]).unwrap() < 0.0);
    }

    #[test]
    fn precision_recall_and_f1_per_code() {
        let m = Confusion::new(
            &["ask", "share"],
            [
                ("ask", "ask"),
                ("ask", "share"),
                ("share", "share"),
                ("share", "share"),
            ],
        );
        let s = m.scores();
        assert_eq!(s[0].code, "ask");
        assert_eq!(s[0].precision, Some(1.0));
        assert_eq!(s[0].recall, Some(0.5));
        assert!(close(s[0].f1.unwrap(), 2.0 / 3.0));
        assert!(close(s[1].precision.unwrap(), 2.0 / 3.0));
        assert_eq!(s[1].recall, Some(1.0));
        // A code nobody used has no scores rather than zeros.
        let m = Confusion::new(&["ask", "inform"], [("ask", "ask")]);
        assert_eq!(m.scores()[1].precision, None);
        assert!(m.to_text().contains("inform"));
    }

    #[test]
    fn multilabel_topics_are_scored_code_by_code() {
        let r1 = ["technology".to_string()];
        let c1 = ["technology".to_string(), "pedagogy".to_string()];
        let r2: Vec<String> = vec![];
        let c2: Vec<String> = vec![];
        let pairs = [(&r1[..], &c1[..]), (&r2[..], &c2[..])];
        let s = multilabel_scores(&["technology", "pedagogy"], pairs);
        assert_eq!(s[0].precision, Some(1.0));
        assert_eq!(s[1].precision, Some(0.0));
        assert_eq!(s[1].recall, None);
        assert_eq!(exact_set_match(pairs), Some(0.5));
    }
}
