//! The reliability check: a person's blind hand coding of a sample of their posts against
//! the automatic codes.
//!
//! In: the hand codes ([`HandCode`]: post id, purpose, topics) the person gave without
//! seeing the automatic ones, and the automatic codes of the same posts (from
//! [`crate::analysis::Analysis::post`]). Out: a [`Reliability`]: Cohen's kappa of the
//! purposes overall and of each purpose and topic code as its own yes/no decision, the
//! purpose confusion table (hand by row, automatic by column) and both codings as CSV.
//! The arithmetic is [`crate::classify::agreement`]'s, so the page, the benchmark and the
//! CLI agree.

use serde::{Deserialize, Serialize};

use crate::analysis::Analysis;
use crate::classify::CodeInfo;
use crate::classify::agreement::{Confusion, cohen_kappa};

/// A person's own codes for one post, given blind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HandCode {
    /// The post.
    pub id: String,
    /// The purpose code they chose.
    pub purpose: String,
    /// The topic codes they chose.
    #[serde(default)]
    pub topics: Vec<String>,
}

/// Agreement of the hand codes with the automatic ones.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reliability {
    /// Posts compared (hand codes for posts not in the archive are left out).
    pub posts: u32,
    /// Posts whose two purposes are the same.
    pub purpose_agreed: u32,
    /// Cohen's kappa of the purposes (`None` when it cannot be computed).
    pub purpose_kappa: Option<f64>,
    /// Each purpose and topic code as a yes/no decision.
    pub codes: Vec<CodeAgreement>,
    /// Purposes: hand codes by row, automatic by column.
    pub confusion: ConfusionTable,
    /// Both codings, one row per post: `id,hand_purpose,auto_purpose,hand_topics,auto_topics`.
    pub csv: String,
}

/// One code's agreement.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CodeAgreement {
    /// `purpose` or `topic`.
    pub scheme: String,
    /// The code.
    pub code: String,
    /// Its label.
    pub label: String,
    /// Posts the person gave it.
    pub hand: u32,
    /// Posts the classifier gave it.
    pub auto: u32,
    /// Posts both gave it.
    pub both: u32,
    /// Cohen's kappa of "has this code" between the two (`None`: not computable, such as
    /// when neither coder ever used it).
    pub kappa: Option<f64>,
}

/// A confusion table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ConfusionTable {
    /// The codes, in row and column order.
    pub codes: Vec<String>,
    /// `counts[hand][auto]`.
    pub counts: Vec<Vec<u64>>,
}

/// The automatic purpose and topics of one post beside the hand ones.
struct Pair<'a> {
    hand: &'a HandCode,
    purpose: String,
    topics: Vec<String>,
}

/// Compares `hand` with `analysis`'s codes, for the codebook's `purposes` and `topics`.
pub fn check(
    analysis: &Analysis,
    purposes: &[CodeInfo],
    topics: &[CodeInfo],
    hand: &[HandCode],
) -> Reliability {
    let pairs: Vec<Pair> = hand
        .iter()
        .filter_map(|h| {
            analysis.post(&h.id).map(|p| Pair {
                hand: h,
                purpose: p.purpose,
                topics: p.topics,
            })
        })
        .collect();
    compare(&pairs, purposes, topics)
}

fn compare(pairs: &[Pair], purposes: &[CodeInfo], topics: &[CodeInfo]) -> Reliability {
    let purpose_pairs = || {
        pairs
            .iter()
            .map(|p| (p.hand.purpose.as_str(), p.purpose.as_str()))
    };
    let codes: Vec<&str> = purposes.iter().map(|c| c.code.as_str()).collect();
    let confusion = Confusion::new(&codes, purpose_pairs());
    let mut agreement = Vec::new();
    for (scheme, list) in [("purpose", purposes), ("topic", topics)] {
        for c in list {
            let has = |hand: bool, p: &Pair| {
                if scheme == "purpose" {
                    let code = if hand { &p.hand.purpose } else { &p.purpose };
                    *code == c.code
                } else {
                    let codes = if hand { &p.hand.topics } else { &p.topics };
                    codes.contains(&c.code)
                }
            };
            let yes_no = |b: bool| if b { "yes" } else { "no" };
            let decisions: Vec<(bool, bool)> = pairs
                .iter()
                .map(|p| (has(true, p), has(false, p)))
                .collect();
            agreement.push(CodeAgreement {
                scheme: scheme.to_string(),
                code: c.code.clone(),
                label: c.label.clone(),
                hand: decisions.iter().filter(|d| d.0).count() as u32,
                auto: decisions.iter().filter(|d| d.1).count() as u32,
                both: decisions.iter().filter(|d| d.0 && d.1).count() as u32,
                kappa: cohen_kappa(decisions.iter().map(|&(h, a)| (yes_no(h), yes_no(a)))),
            });
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "id",
        "hand_purpose",
        "auto_purpose",
        "hand_topics",
        "auto_topics",
    ]);
    for p in pairs {
        let _ = w.write_record([
            p.hand.id.as_str(),
            &p.hand.purpose,
            &p.purpose,
            &p.hand.topics.join("|"),
            &p.topics.join("|"),
        ]);
    }
    let csv = w
        .into_inner()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    Reliability {
        posts: pairs.len() as u32,
        purpose_agreed: pairs.iter().filter(|p| p.hand.purpose == p.purpose).count() as u32,
        purpose_kappa: cohen_kappa(purpose_pairs()),
        codes: agreement,
        confusion: ConfusionTable {
            codes: confusion.codes,
            counts: confusion.counts,
        },
        csv,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(code: &str) -> CodeInfo {
        CodeInfo {
            code: code.into(),
            label: code.to_uppercase(),
            description: String::new(),
            examples: Vec::new(),
            sources: Vec::new(),
        }
    }

    #[test]
    fn kappa_per_code_and_confusion_from_hand_and_automatic_codes() {
        let hand = [
            HandCode {
                id: "1".into(),
                purpose: "ask".into(),
                topics: vec!["tech".into()],
            },
            HandCode {
                id: "2".into(),
                purpose: "ask".into(),
                topics: vec![],
            },
            HandCode {
                id: "3".into(),
                purpose: "share".into(),
                topics: vec!["tech".into()],
            },
            HandCode {
                id: "4".into(),
                purpose: "share".into(),
                topics: vec![],
            },
        ];
        let auto = [
            ("ask", true),
            ("share", false),
            ("share", true),
            ("share", false),
        ];
        let pairs: Vec<Pair> = hand
            .iter()
            .zip(auto)
            .map(|(h, (p, t))| Pair {
                hand: h,
                purpose: p.into(),
                topics: if t { vec!["tech".into()] } else { vec![] },
            })
            .collect();
        let r = compare(&pairs, &[info("ask"), info("share")], &[info("tech")]);
        assert_eq!((r.posts, r.purpose_agreed), (4, 3));
        // Observed 0.75, expected 0.5 * 0.25 + 0.5 * 0.75 = 0.5: kappa 0.5.
        assert!((r.purpose_kappa.unwrap() - 0.5).abs() < 1e-9);
        assert_eq!(r.confusion.codes, ["ask", "share"]);
        assert_eq!(r.confusion.counts, [[1, 1], [0, 2]]);
        let tech = r.codes.iter().find(|c| c.code == "tech").unwrap();
        assert_eq!((tech.hand, tech.auto, tech.both), (2, 2, 2));
        assert_eq!(tech.kappa, Some(1.0));
        assert!(r.csv.starts_with("id,hand_purpose,auto_purpose"));
        assert!(r.csv.contains("2,ask,share,,\n"), "{}", r.csv);
    }
}
