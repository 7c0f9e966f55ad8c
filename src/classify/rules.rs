//! Coding by the codebook's own weights: the rule coder.
//!
//! In: a post's [`Reading`] (its facts and the cues that fired, with the weights added up
//! per purpose and per topic). Out: a [`Coding`]: the purpose with the highest total (codes
//! within `tie_margin` of it are settled by the codebook's precedence, and the evidence
//! says so), the topics at or over the threshold, and the fallback topic. This is how a
//! researcher's own codebook codes, and what the learned model reads as one of its inputs.

use super::codebook::Target;
use super::{Codebook, Coding, Evidence, Reading, cue_evidence};

/// Codes a post from its fired cues' weights.
pub(crate) fn code(r: &Reading, cb: &Codebook) -> Coding {
    let (purpose, mut why) = purpose(r, cb);
    let mut topic_codes = Vec::new();
    for &t in &r.topics {
        let code = &cb.topics[t].code;
        topic_codes.push(code.clone());
        let mine = r
            .fired
            .iter()
            .copied()
            .filter(|(ci, _)| cb.cues[*ci].target == Target::Topic(t));
        why.extend(cue_evidence(r, cb, mine, code));
    }
    if let Some((t, when, text)) = &cb.fallback_topic
        && r.topics.is_empty()
        && when.contains(&purpose)
    {
        let code = &cb.topics[*t].code;
        topic_codes.push(code.clone());
        why.push(Evidence {
            code: code.clone(),
            reason: format!("{code}: {text}"),
        });
    }
    Coding {
        purpose: cb.purposes[purpose].code.clone(),
        topics: topic_codes,
        why,
    }
}

/// The purpose (index) and its evidence: the strongest cues first, then a note when the
/// codebook's order of preference, not the weights, decided.
fn purpose(r: &Reading, cb: &Codebook) -> (usize, Vec<Evidence>) {
    let scores = &r.purpose_scores;
    let best = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if best <= 0.0 {
        let last = *cb.precedence.last().unwrap_or(&0);
        let code = &cb.purposes[last].code;
        let why = vec![Evidence {
            code: code.clone(),
            reason: format!("{code}: no sign of any other purpose, so the codebook's last choice"),
        }];
        return (last, why);
    }
    let fits = |p: usize| scores[p] > 0.0 && scores[p] >= best - cb.tie_margin;
    let chosen = cb
        .precedence
        .iter()
        .copied()
        .find(|&p| fits(p))
        .unwrap_or(cb.precedence[0]);
    let mut mine: Vec<_> = r
        .fired
        .iter()
        .copied()
        .filter(|(ci, _)| cb.cues[*ci].target == Target::Purpose(chosen))
        .collect();
    mine.sort_by(|a, b| cb.cues[b.0].weight.total_cmp(&cb.cues[a.0].weight));
    let code = &cb.purposes[chosen].code;
    let mut why = cue_evidence(r, cb, mine, code);
    let rivals: Vec<&str> = cb
        .precedence
        .iter()
        .filter(|&&p| p != chosen && fits(p))
        .map(|&p| cb.purposes[p].code.as_str())
        .collect();
    if !rivals.is_empty() {
        why.push(Evidence {
            code: code.clone(),
            reason: format!(
                "{code}: {} also {}; the codebook prefers {code} when they do",
                rivals.join(" and "),
                if rivals.len() == 1 { "fits" } else { "fit" }
            ),
        });
    }
    (chosen, why)
}
