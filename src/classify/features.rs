//! The learned model's inputs: what a read post offers, as named features.
//!
//! In: a post's [`Reading`] (its facts and the codebook cues that fired) and the
//! [`Codebook`]. Out: a stream of features, each a [`FeatureKind`], a short text and a
//! value, handed to a [`FeatureSink`]. Training collects them as names
//! (`cue:own_site`, `w:great`, `b:great list`, `site:edutopia.org`); the model looks each
//! one up by its hash without building a string. The same function feeds both, so the
//! features a model was trained on are exactly those it meets.
//!
//! Every feature is something a person can be shown as a reason: a codebook cue (its own
//! sentence), a structural signal, a word or two-word phrase of the author's own, a word
//! of the text passed on, a site linked, a hashtag, the app, the kind, the length. None
//! names the person, so what is learnt from five people carries to a sixth.

use super::Reading;
use super::codebook::{Codebook, Flag};

/// The families of features, each with the prefix its names carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum FeatureKind {
    /// A codebook cue that fired (its id).
    Cue,
    Signal,
    Kind,
    /// A word of the author's own (lowercased, links and @names removed).
    Word,
    /// Two words of the author's own, side by side.
    Bigram,
    /// A word of the text a repost or quote passes on.
    PassedWord,
    /// A linked site (its domain without `www.`).
    Site,
    /// A word of a linked page's address (after the site).
    UrlWord,
    Hashtag,
    /// The app the post was sent from (lowercased).
    App,
    /// How many words of the author's own, in buckets.
    Length,
    /// The purpose the codebook's own weights would give.
    RuleVote,
    /// How the post stands among the author's own habits (their most linked sites).
    Habit,
}

impl FeatureKind {
    /// The prefix of this family's feature names.
    pub(crate) fn prefix(self) -> &'static str {
        match self {
            FeatureKind::Cue => "cue",
            FeatureKind::Signal => "sig",
            FeatureKind::Kind => "kind",
            FeatureKind::Word => "w",
            FeatureKind::Bigram => "b",
            FeatureKind::PassedWord => "p",
            FeatureKind::Site => "site",
            FeatureKind::UrlWord => "url",
            FeatureKind::Hashtag => "tag",
            FeatureKind::App => "app",
            FeatureKind::Length => "len",
            FeatureKind::RuleVote => "rule",
            FeatureKind::Habit => "habit",
        }
    }
}

/// Where features go: a list of names (training) or a lookup in a model (coding).
pub(crate) trait FeatureSink {
    fn add(&mut self, kind: FeatureKind, text: &str, value: f32);
}

/// Collects features as `prefix:text` names, for training and for tools.
#[derive(Debug, Default)]
pub(crate) struct Named(pub(crate) Vec<(String, f32)>);

impl FeatureSink for Named {
    fn add(&mut self, kind: FeatureKind, text: &str, value: f32) {
        self.0.push((format!("{}:{text}", kind.prefix()), value));
    }
}

/// Signals that are features. `topic`, `no_topic` and `professional` come from the topic
/// cues, which are features themselves; `weekend`/`evening` are in UTC and mean little.
const SIGNALS: [Flag; 25] = [
    Flag::Conversation,
    Flag::Addressed,
    Flag::PassesOn,
    Flag::ManualQuote,
    Flag::Link,
    Flag::Media,
    Flag::OwnSite,
    Flag::Question,
    Flag::QuestionEnd,
    Flag::ChatQ,
    Flag::ChatA,
    Flag::Short,
    Flag::LittleComment,
    Flag::HasOwnWords,
    Flag::ManyMentions,
    Flag::Hashtags,
    Flag::Topic,
    Flag::NoTopic,
    Flag::Photo,
    Flag::Professional,
    Flag::Mentions,
    Flag::InChat,
    Flag::Weekend,
    Flag::Evening,
    Flag::Repeated,
];

/// Feeds every feature of a read post to `sink`.
pub(crate) fn extract(r: &Reading, cb: &Codebook, sink: &mut dyn FeatureSink) {
    let facts = &r.facts;
    sink.add(FeatureKind::Kind, facts.post.kind.code(), 1.0);
    for &flag in &SIGNALS {
        if facts.has(flag) {
            sink.add(FeatureKind::Signal, flag.name(), 1.0);
        }
    }
    for &(ci, _) in &r.fired {
        sink.add(FeatureKind::Cue, &cb.cues[ci].id, 1.0);
    }
    if let Some(p) = rule_vote(r, cb) {
        sink.add(FeatureKind::RuleVote, &cb.purposes[p].code, 1.0);
    }
    words(&facts.own_lower, sink, true);
    words(&facts.passed_lower, sink, false);
    for domain in &facts.domains {
        sink.add(FeatureKind::Site, domain.trim_start_matches("www."), 1.0);
    }
    for link in &facts.post.links {
        url_words(&link.url, sink);
    }
    for tag in &facts.hashtags {
        sink.add(FeatureKind::Hashtag, tag, 1.0);
    }
    if let Some(app) = facts.post.client.as_deref() {
        let lower = app.to_lowercase();
        sink.add(FeatureKind::App, lower.trim(), 1.0);
    }
    sink.add(FeatureKind::Length, length_bucket(facts.words), 1.0);
    if let Some(rank) = facts.site_rank {
        sink.add(FeatureKind::Habit, site_rank_bucket(rank), 1.0);
    }
}

/// The author's most linked sites, in buckets: their first site is often their own blog,
/// the next few their daily reading.
fn site_rank_bucket(rank: u32) -> &'static str {
    match rank {
        1 => "site_top1",
        2..=3 => "site_top3",
        _ => "site_top10",
    }
}

/// The purpose the codebook's weights favour (precedence within the tie margin), or none
/// when no purpose cue fired.
fn rule_vote(r: &Reading, cb: &Codebook) -> Option<usize> {
    let best = r
        .purpose_scores
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    (best > 0.0).then(|| {
        cb.precedence
            .iter()
            .copied()
            .find(|&p| r.purpose_scores[p] >= best - cb.tie_margin)
            .unwrap_or(cb.precedence[0])
    })
}

/// Words of a link's path (`/2015/07/26/dltv-ignite-permission-to-innovate/` gives
/// `#`, `dltv`, `ignite`...): what a page is about, and its shape (a dated blog post, a
/// video, a profile page), when the post's own words say little.
fn url_words(url: &str, sink: &mut dyn FeatureSink) {
    let rest = url.split("://").nth(1).unwrap_or(url);
    let Some((_, path)) = rest.split_once('/') else {
        return;
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let mut dated = 0;
    for word in path
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(12)
    {
        if word.len() == 4 && word.starts_with("20") && word.bytes().all(|b| b.is_ascii_digit()) {
            dated += 1;
        }
        let lower = word.to_lowercase();
        // Long runs of letters and digits are ids, not words.
        if lower.len() > 20
            || (lower.len() > 6 && lower.bytes().filter(u8::is_ascii_digit).count() > 2)
        {
            continue;
        }
        sink.add(FeatureKind::UrlWord, &normalise_number(&lower), 1.0);
    }
    if dated > 0 {
        sink.add(FeatureKind::UrlWord, "<dated>", 1.0);
    }
}

fn length_bucket(words: usize) -> &'static str {
    match words {
        0 => "0",
        1..=3 => "1-3",
        4..=8 => "4-8",
        9..=15 => "9-15",
        _ => "16+",
    }
}

/// Words (and, for one's own words, two-word phrases) of text in the codebook's word form
/// (lowercased, single spaces). Numbers become `#`, so "Q3" and "Q4" read alike.
fn words(text: &str, sink: &mut dyn FeatureSink, own: bool) {
    let mut prev: Option<std::borrow::Cow<str>> = None;
    let mut pair = String::new();
    for token in text.split_ascii_whitespace() {
        let token = normalise_number(token);
        if own {
            sink.add(FeatureKind::Word, &token, 1.0);
            if let Some(p) = &prev {
                pair.clear();
                pair.push_str(p);
                pair.push(' ');
                pair.push_str(&token);
                sink.add(FeatureKind::Bigram, &pair, 1.0);
            }
            prev = Some(token);
        } else {
            sink.add(FeatureKind::PassedWord, &token, 1.0);
        }
    }
}

/// A token with its digits turned into one `#` per run ("a10" -> "a#", "2012" -> "#").
fn normalise_number(token: &str) -> std::borrow::Cow<'_, str> {
    if !token.bytes().any(|b| b.is_ascii_digit()) {
        return std::borrow::Cow::Borrowed(token);
    }
    let mut out = String::with_capacity(token.len());
    let mut in_digits = false;
    for c in token.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
        } else {
            out.push(c);
            in_digits = false;
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_alike() {
        assert_eq!(normalise_number("a10"), "a#");
        assert_eq!(normalise_number("2012"), "#");
        assert_eq!(normalise_number("q3s"), "q#s");
        assert_eq!(normalise_number("word"), "word");
    }

    #[test]
    fn own_words_give_words_and_pairs_passed_words_only_words() {
        let mut named = Named::default();
        words(" great list of ideas ", &mut named, true);
        words(" read this ", &mut named, false);
        let names: Vec<&str> = named.0.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "w:great",
                "w:list",
                "b:great list",
                "w:of",
                "b:list of",
                "w:ideas",
                "b:of ideas",
                "p:read",
                "p:this"
            ]
        );
    }
}
