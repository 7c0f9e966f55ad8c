//! Which cues of the codebook fire on a post, and what each found.
//!
//! In: a post's [`Facts`] and its term and pattern hits. Out: for each cue, whether it fires
//! and where it found its match ([`Found`]), and the sentence a person reads for it
//! ([`reason`]), with `{match}` filled in from the post.

use std::borrow::Cow;

use super::codebook::{Cue, Scope};
use super::reading::Facts;

/// Term and pattern hits of a post, per text.
pub(crate) struct Hits {
    /// Per cue: the span of its first term in the own / passed-on words.
    pub(crate) own_terms: Vec<Option<(u32, u32)>>,
    pub(crate) passed_terms: Vec<Option<(u32, u32)>>,
    pub(crate) own_patterns: regex::SetMatches,
    pub(crate) passed_patterns: Option<regex::SetMatches>,
}

/// Where a cue found what it found; the text is read out only for evidence shown.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Found {
    /// The details of the cue's structural signals.
    Signals,
    /// The cue's terms, in the own (false) or passed-on (true) text.
    Terms(bool),
    /// The cue's pattern number i, in the own or passed-on text.
    Pattern(usize, bool),
    Hashtag(usize),
    Domain(usize),
    Client,
    Account,
    /// The post's i-th @mention.
    Mention(usize),
}

/// If `cue` fires on this post: where it found its match.
pub(crate) fn fires(ci: usize, cue: &Cue, facts: &Facts, hits: &Hits) -> Option<Found> {
    if facts.flags & cue.when != cue.when
        || facts.flags & cue.unless != 0
        || (cue.when_any != 0 && facts.flags & cue.when_any == 0)
    {
        return None;
    }
    if !cue.has_matchers() {
        return Some(Found::Signals);
    }
    let own_ok = cue.scope != Scope::PassedOn;
    let passed_ok = cue.scope != Scope::Own;
    if cue.has_terms {
        if own_ok && hits.own_terms[ci].is_some() {
            return Some(Found::Terms(false));
        }
        if passed_ok && hits.passed_terms.get(ci).is_some_and(Option::is_some) {
            return Some(Found::Terms(true));
        }
    }
    for (k, (i, _)) in cue.patterns.iter().enumerate() {
        if own_ok && hits.own_patterns.matched(*i) {
            return Some(Found::Pattern(k, false));
        }
        if passed_ok && hits.passed_patterns.as_ref().is_some_and(|s| s.matched(*i)) {
            return Some(Found::Pattern(k, true));
        }
    }
    if !cue.hashtags.is_empty()
        && let Some(i) = facts
            .hashtags
            .iter()
            .position(|tag| cue.hashtags.iter().any(|w| w.matches(tag)))
    {
        return Some(Found::Hashtag(i));
    }
    if cue.has_domains()
        && let Some(i) = facts.domains.iter().position(|d| cue.matches_domain(d))
    {
        return Some(Found::Domain(i));
    }
    if facts.client_cues.binary_search(&ci).is_ok() {
        return Some(Found::Client);
    }
    if !cue.accounts.is_empty()
        && let Some(handle) = facts.account.as_deref()
        && cue.accounts.iter().any(|w| w.matches(handle))
    {
        return Some(Found::Account);
    }
    if !cue.mentions.is_empty()
        && let Some(i) = facts
            .mentions
            .iter()
            .position(|h| cue.mentions.iter().any(|w| w.matches(h)))
    {
        return Some(Found::Mention(i));
    }
    None
}

/// The text a cue found, for its evidence.
pub(crate) fn found_text<'f>(
    ci: usize,
    cue: &Cue,
    found: Found,
    facts: &'f Facts,
    hits: &Hits,
) -> Cow<'f, str> {
    let (own, passed) = (&facts.own_lower, &facts.passed_lower);
    match found {
        Found::Signals => cue
            .when_flags
            .iter()
            .map(|&f| facts.detail(f))
            .find(|d| !d.is_empty())
            .unwrap_or(Cow::Borrowed("")),
        Found::Terms(in_passed) => {
            let (text, spans) = if in_passed {
                (passed, &hits.passed_terms)
            } else {
                (own, &hits.own_terms)
            };
            spans
                .get(ci)
                .copied()
                .flatten()
                .and_then(|(a, b)| text.get(a as usize..b as usize))
                .map_or(Cow::Borrowed(""), Cow::Borrowed)
        }
        Found::Pattern(k, in_passed) => {
            let text = if in_passed { &facts.passed } else { &facts.own };
            cue.patterns
                .get(k)
                .and_then(|(_, re)| re.find(text))
                .map_or(Cow::Borrowed(""), |m| Cow::Borrowed(text[m.range()].trim()))
        }
        Found::Hashtag(i) => Cow::Owned(format!("#{}", facts.hashtags[i])),
        Found::Domain(i) => Cow::Borrowed(facts.domains[i]),
        Found::Client => Cow::Borrowed(facts.post.client.as_deref().unwrap_or("")),
        Found::Account => facts
            .account
            .as_deref()
            .map_or(Cow::Borrowed(""), |h| Cow::Owned(format!("@{h}"))),
        Found::Mention(i) => Cow::Owned(format!("@{}", facts.mentions[i])),
    }
}

/// The cue's reason with `{match}` filled in (or, when nothing was found, its form
/// without the match), prefixed with the code.
pub(crate) fn reason(code: &str, cue: &Cue, found: &str) -> String {
    let mut out = String::with_capacity(code.len() + cue.reason.len() + found.len() + 2);
    out.push_str(code);
    out.push_str(": ");
    match (&cue.reason_parts, found.is_empty()) {
        (Some((before, after)), false) => {
            out.push_str(before);
            out.push_str(found);
            out.push_str(after);
        }
        _ => out.push_str(&cue.reason_plain),
    }
    out
}
