//! Classify: each post's purpose (one) and topics (zero or more), with the evidence for
//! every code given (codebook sections 2 and 3; the kind, section 1, comes from import).
//!
//! In: an [`Archive`] and a [`Codebook`]. Out: one [`Coding`] per `archive.posts[i]`, in
//! the same order. Pure and single-threaded (it runs in the browser's Worker as it is).
//!
//! How a post is read, structure first so no language is the only way to any code:
//! 1. Facts from the export's fields ("signals"): the kind; whether it answers or
//!    addresses someone; whether it passes on someone else's words (a repost, a quote, or
//!    the older "comment RT @name: text" style, split into the author's own words and the
//!    passed-on text); links and their sites (the author's own site is found from the
//!    profile's website, bio, handle and name, and from blog tools the author posts
//!    with); the app it was sent from; media; hashtags; chat Q/A labels; question marks;
//!    how many words are the author's own; the time.
//! 2. Cues from the codebook, each a small rule over those facts and the words, with a
//!    weight: topic cues first (a topic is given at `topic_threshold`), then purpose cues,
//!    which may ask whether any topic was found ("talks shop" or "nothing professional").
//! 3. The purpose with the highest total wins; near-ties go to the codebook's precedence.
//!
//! The weights and words are all in `data/codebook.toml`; this module only reads posts
//! and adds up.

pub mod agreement;
pub mod codebook;
mod cues;
pub(crate) mod features;
pub mod model;
mod person;
mod reading;
mod rules;
#[cfg(not(target_arch = "wasm32"))]
pub mod train;

use std::sync::{Arc, LazyLock};

use regex::Regex;
use serde::Serialize;

use crate::model::{Archive, Link, Post};

pub use codebook::{CodeInfo, Codebook, CueInfo, FallbackTopic, Scope};
use codebook::{Flag, Target};
use cues::{Found, Hits, fires, found_text, reason};
pub use model::{Adaptation, Correction, Model, ModelInfo};
use person::Person;
use reading::{Buffers, Facts, read_post};

/// Why a code was given: one sentence a teacher can read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Evidence {
    /// The purpose or topic code this is evidence for.
    pub code: String,
    /// What was found, in plain language, starting with the code
    /// (`"ask: ends with a question to the network"`).
    pub reason: String,
}

/// The codes given to one post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coding {
    /// The one purpose code (codebook section 2).
    pub purpose: String,
    /// Topic codes, strongest first (codebook section 3); may be empty.
    pub topics: Vec<String>,
    /// The evidence: at least one entry for the purpose and for every topic.
    pub why: Vec<Evidence>,
}

/// A chat Q/A label at the start of a post (after any @mentions), as the #NGSSchat
/// research reads them (codebook section 4): `Q2: ...` gives `('Q', 2)`, `@mod A1 ...`
/// gives `('A', 1)`. The letter is upper-cased.
pub fn chat_label(text: &str) -> Option<(char, u8)> {
    static CELL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:[@＠]\w+\s+)*([QqAa])\s?(\d{1,2})(?:\s*[:.)\-]|\s|$)")
            .expect("a built-in pattern")
    });
    // After the number: an optional `:.)-`, and then no further letter or digit, so
    // "A10" is label 10 but "Q4s" or "A2012" are not labels.
    let caps = CELL.captures(text)?;
    let letter = caps.get(1)?.as_str().chars().next()?.to_ascii_uppercase();
    let number = caps.get(2)?.as_str().parse().ok()?;
    Some((letter, number))
}

/// Codes every post of `archive` with `codebook`: one [`Coding`] per post, same order.
pub fn classify(archive: &Archive, codebook: &Codebook) -> Vec<Coding> {
    classify_in_context(archive, codebook, &[])
}

/// Like [`classify`], knowing where each post sits in a chat: `chats[i]` is the hashtag of
/// the chat session `archive.posts[i]` was counted in (live or just after), from the chats
/// stage (an empty slice: none known). It gives the `in_chat` signal.
pub fn classify_in_context(
    archive: &Archive,
    codebook: &Codebook,
    chats: &[Option<&str>],
) -> Vec<Coding> {
    let classifier = Classifier::new(archive, codebook);
    archive
        .posts
        .iter()
        .enumerate()
        .map(|(i, p)| classifier.code(p, chats.get(i).copied().flatten(), codebook))
        .collect()
}

/// Who codes: the codebook's own weights, or a learned model (with what the person's
/// corrections taught it).
#[derive(Debug, Clone)]
pub enum Coder {
    /// Each fired cue adds its weight from the codebook (the `rules` module): for a researcher's
    /// own codebook without a model of its own.
    Rules,
    /// A model trained on coded posts of several people ([`model`]).
    Learned(Arc<Model>),
}

/// Codes posts one at a time, with what it learnt once from the whole archive (the
/// author's own sites, the cues of each posting app, their habits). For a caller that
/// keeps only the codes of many posts and asks for the reasons of a few again when they
/// are shown: coding one post again takes microseconds, and gives the same codes and
/// reasons.
pub struct Classifier {
    person: Person,
    coder: Coder,
    /// What the person's corrections taught the learned model.
    adaptation: Option<Adaptation>,
    /// Buffers reused from post to post by the one-post calls (a lock, not a `RefCell`, so
    /// that [`Classifier::code_many`] can share the classifier between threads, each with
    /// buffers of its own).
    scratch: std::sync::Mutex<Scratch>,
}

impl Classifier {
    /// Reads the archive's profile, posting apps and habits; codes by the codebook's own
    /// weights.
    pub fn new(archive: &Archive, codebook: &Codebook) -> Classifier {
        Classifier::with_coder(archive, codebook, Coder::Rules)
    }

    /// [`Classifier::new`] with the coder given.
    pub fn with_coder(archive: &Archive, codebook: &Codebook, coder: Coder) -> Classifier {
        Classifier {
            person: Person::of(archive, codebook),
            coder,
            adaptation: None,
            scratch: Default::default(),
        }
    }

    /// The coder in use.
    pub fn coder(&self) -> &Coder {
        &self.coder
    }

    /// Why `link` goes to the author's own site (`"mrsj.blog, the site named in the
    /// profile"`), found exactly as `promote` finds it (the profile's website and bio, blog
    /// tools posted from, the handle or name inside a domain), or `None` when it does not.
    /// For later stages that sort links (the network's "tools").
    pub fn own_site(&self, link: &Link, codebook: &Codebook) -> Option<String> {
        self.person.own.why(link, &codebook.shared_hosts)
    }

    /// Runs `work` on the post read and its cues fired.
    fn with_reading<T>(
        &self,
        post: &Post,
        in_chat: Option<&str>,
        codebook: &Codebook,
        work: impl FnOnce(&Reading) -> T,
    ) -> T {
        // A poisoned lock only means a panic elsewhere left buffers half-used; they are
        // cleared before each use anyway.
        let mut scratch = self
            .scratch
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.with_reading_in(post, in_chat, codebook, &mut scratch, work)
    }

    /// [`Classifier::with_reading`] with the caller's buffers.
    fn with_reading_in<T>(
        &self,
        post: &Post,
        in_chat: Option<&str>,
        codebook: &Codebook,
        scratch: &mut Scratch,
        work: impl FnOnce(&Reading) -> T,
    ) -> T {
        let reading = read_and_fire(post, in_chat, &self.person, codebook, scratch);
        let out = work(&reading);
        reading.recycle(scratch);
        out
    }

    /// The learned model's features of one post, as names (`cue:own_site`, `w:great`):
    /// for training a model and for looking at what a post offers.
    pub fn feature_names(
        &self,
        post: &Post,
        in_chat: Option<&str>,
        codebook: &Codebook,
    ) -> Vec<(String, f32)> {
        self.with_reading(post, in_chat, codebook, |reading| {
            let mut named = features::Named::default();
            features::extract(reading, codebook, &mut named);
            named.0
        })
    }

    /// Codes one post of the archive, with its reasons (with the codebook given to
    /// [`Classifier::new`]); `in_chat` is the chat session it was counted in, if any.
    pub fn code(&self, post: &Post, in_chat: Option<&str>, codebook: &Codebook) -> Coding {
        self.code_with(post, in_chat, codebook, true)
    }

    /// Codes one post without its reasons (quicker, for coding a whole archive).
    pub fn code_quick(&self, post: &Post, in_chat: Option<&str>, codebook: &Codebook) -> Coding {
        self.code_with(post, in_chat, codebook, false)
    }

    /// Codes every post without reasons, as [`Classifier::code_quick`] would one by one;
    /// `in_chat(i)` is post `i`'s chat. Natively the posts are shared out over every core
    /// (issue 13: coding was a third of a report's time), each thread with buffers of its
    /// own; in the browser, one after another.
    pub fn code_many<'a>(
        &self,
        posts: &'a [Post],
        in_chat: impl Fn(usize) -> Option<&'a str> + Sync,
        codebook: &Codebook,
    ) -> Vec<Coding> {
        let code = |scratch: &mut Scratch, (i, post): (usize, &Post)| {
            self.with_reading_in(post, in_chat(i), codebook, scratch, |reading| {
                self.code_reading(reading, codebook, false)
            })
        };
        #[cfg(not(target_arch = "wasm32"))]
        {
            use rayon::prelude::*;
            posts
                .par_iter()
                .enumerate()
                // Chunks of posts, not single posts: the buffers and the work queue then
                // cost nothing next to coding.
                .with_min_len(256)
                .map_init(Scratch::default, code)
                .collect()
        }
        #[cfg(target_arch = "wasm32")]
        {
            let mut scratch = Scratch::default();
            posts
                .iter()
                .enumerate()
                .map(|p| code(&mut scratch, p))
                .collect()
        }
    }

    fn code_with(
        &self,
        post: &Post,
        in_chat: Option<&str>,
        codebook: &Codebook,
        explain: bool,
    ) -> Coding {
        self.with_reading(post, in_chat, codebook, |reading| {
            self.code_reading(reading, codebook, explain)
        })
    }

    /// The codes of a post read and its cues fired.
    fn code_reading(&self, reading: &Reading, codebook: &Codebook, explain: bool) -> Coding {
        match &self.coder {
            Coder::Rules => {
                let mut coding = rules::code(reading, codebook);
                if !explain {
                    coding.why.clear();
                }
                coding
            }
            Coder::Learned(model) => {
                model.code(reading, codebook, self.adaptation.as_ref(), explain)
            }
        }
    }

    /// What a person's own coding of `post` teaches the learned model (`None` with the
    /// rules coder, or for codes the model does not give).
    pub fn correction(
        &self,
        post: &Post,
        in_chat: Option<&str>,
        codebook: &Codebook,
        purpose: &str,
        topics: &[String],
    ) -> Option<Correction> {
        let Coder::Learned(model) = &self.coder else {
            return None;
        };
        let purpose = model.purposes().iter().position(|p| p == purpose)?;
        let topics = topics
            .iter()
            .filter_map(|t| model.topics().iter().position(|x| x == t))
            .collect();
        Some(Correction {
            rows: self.feature_rows(post, in_chat, codebook),
            purpose,
            topics,
        })
    }

    /// The feature rows of a post the learned model knows (none for the codebook's own
    /// weights): to count how widely a feature is spread over the person's posts.
    pub fn feature_rows(
        &self,
        post: &Post,
        in_chat: Option<&str>,
        codebook: &Codebook,
    ) -> Vec<(u32, f32)> {
        let Coder::Learned(model) = &self.coder else {
            return Vec::new();
        };
        self.with_reading(post, in_chat, codebook, |reading| {
            model.scores(reading, codebook, false).rows
        })
    }

    /// Learns from the person's corrections (replacing what earlier ones taught); codes
    /// given after this lean towards them.
    /// `spread`: for each feature row, the share of the person's posts that have it (see
    /// [`Classifier::feature_rows`]).
    pub fn adapt(&mut self, corrections: &[Correction], spread: &rustc_hash::FxHashMap<u32, f32>) {
        self.adaptation = match &self.coder {
            Coder::Learned(model) if !corrections.is_empty() => {
                Some(Adaptation::learn(model, corrections, spread))
            }
            _ => None,
        };
    }
}

/// Buffers reused from post to post, so classifying costs few allocations.
#[derive(Default)]
pub(crate) struct Scratch {
    text: Buffers,
    own_terms: Vec<Option<(u32, u32)>>,
    passed_terms: Vec<Option<(u32, u32)>>,
    topic_scores: Vec<f64>,
    scores: Vec<f64>,
    fired: Vec<(usize, Found)>,
}

/// A post read and its cues fired: everything either coder (the codebook's own weights in
/// [`rules`], or a learned model) needs to code it and to say why.
pub(crate) struct Reading<'a> {
    pub(crate) facts: Facts<'a>,
    pub(crate) hits: Hits,
    /// (cue index, where it found its match) of every cue that fired: topic cues first,
    /// then purpose cues, each in codebook order.
    pub(crate) fired: Vec<(usize, Found)>,
    /// The codebook's weights added up per topic and per purpose.
    pub(crate) topic_scores: Vec<f64>,
    pub(crate) purpose_scores: Vec<f64>,
    /// Topics at or over the codebook's threshold, strongest first (at most `max_topics`).
    pub(crate) topics: Vec<usize>,
}

impl Reading<'_> {
    /// Hands the buffers back for the next post.
    fn recycle(self, scratch: &mut Scratch) {
        scratch.text = Buffers {
            own: self.facts.own,
            own_lower: self.facts.own_lower,
            passed: self.facts.passed,
            passed_lower: self.facts.passed_lower,
        };
        scratch.own_terms = self.hits.own_terms;
        scratch.passed_terms = self.hits.passed_terms;
        scratch.topic_scores = self.topic_scores;
        scratch.scores = self.purpose_scores;
        scratch.fired = self.fired;
    }
}

/// Finds every term and pattern of the codebook in the post's own and passed-on words.
fn find_hits(facts: &Facts, cb: &Codebook, scratch: &mut Scratch) -> Hits {
    let passed = !facts.passed_lower.trim().is_empty();
    // A repost has no words of its own: its empty text needs no scan.
    let (own, own_lower) = if facts.own.trim().is_empty() {
        ("", "")
    } else {
        (facts.own.as_str(), facts.own_lower.as_str())
    };
    let mut hits = Hits {
        own_terms: std::mem::take(&mut scratch.own_terms),
        passed_terms: std::mem::take(&mut scratch.passed_terms),
        own_patterns: cb.pattern_set.matches(own),
        passed_patterns: passed.then(|| cb.pattern_set.matches(&facts.passed)),
    };
    cb.term_hits(own_lower, &mut hits.own_terms);
    if passed {
        cb.term_hits(&facts.passed_lower, &mut hits.passed_terms);
    } else {
        hits.passed_terms.clear();
    }
    hits
}

/// Reads `post` and fires the codebook's cues: topic cues first, because purpose cues may
/// ask whether the post is about anything professional (the `topic`, `no_topic` and
/// `professional` signals).
pub(crate) fn read_and_fire<'a>(
    post: &'a Post,
    in_chat: Option<&'a str>,
    person: &'a Person,
    cb: &Codebook,
    scratch: &mut Scratch,
) -> Reading<'a> {
    let facts = read_post(post, in_chat, person, cb, &mut scratch.text);
    let hits = find_hits(&facts, cb, scratch);
    let mut reading = Reading {
        facts,
        hits,
        fired: std::mem::take(&mut scratch.fired),
        topic_scores: std::mem::take(&mut scratch.topic_scores),
        purpose_scores: std::mem::take(&mut scratch.scores),
        topics: Vec::new(),
    };
    reading.fired.clear();
    fire_topic_cues(&mut reading, cb);
    fire_purpose_cues(&mut reading, cb);
    reading
}

/// Topic and profession cues: the topic scores, the topics given, and the signals that
/// say whether the post is about work.
fn fire_topic_cues(r: &mut Reading, cb: &Codebook) {
    r.topic_scores.clear();
    r.topic_scores.resize(cb.topics.len(), 0.0);
    let mut profession = None;
    for (ci, cue) in cb.cues.iter().enumerate() {
        match cue.target {
            Target::Topic(t) => {
                if let Some(found) = fires(ci, cue, &r.facts, &r.hits) {
                    r.topic_scores[t] += cue.weight;
                    r.fired.push((ci, found));
                }
            }
            Target::Profession => {
                if let Some(found) = fires(ci, cue, &r.facts, &r.hits) {
                    profession = Some((ci, found));
                }
            }
            Target::Purpose(_) => {}
        }
    }
    let scores = &r.topic_scores;
    let mut topics: Vec<usize> = (0..cb.topics.len())
        .filter(|&t| scores[t] >= cb.topic_threshold && scores[t] > 0.0)
        .collect();
    topics.sort_by(|a, b| scores[*b].total_cmp(&scores[*a]));
    topics.truncate(cb.max_topics);
    if topics.is_empty() {
        r.facts.set(Flag::NoTopic);
    } else {
        let labels: Vec<String> = topics
            .iter()
            .map(|&t| cb.topics[t].label.to_lowercase())
            .collect();
        r.facts.set(Flag::Topic);
        r.facts.set(Flag::Professional);
        r.facts.topic_labels = Some(labels.join(" and "));
    }
    r.topics = topics;
    if let Some((ci, found)) = profession {
        r.facts.set(Flag::Professional);
        if r.facts.topic_labels.is_none() {
            let word = found_text(ci, &cb.cues[ci], found, &r.facts, &r.hits).into_owned();
            r.facts.profession_word = Some(word);
        }
    }
}

/// Purpose cues, with the weights added up per purpose.
fn fire_purpose_cues(r: &mut Reading, cb: &Codebook) {
    r.purpose_scores.clear();
    r.purpose_scores.resize(cb.purposes.len(), 0.0);
    for (ci, cue) in cb.cues.iter().enumerate() {
        if let Target::Purpose(p) = cue.target
            && let Some(found) = fires(ci, cue, &r.facts, &r.hits)
        {
            r.purpose_scores[p] += cue.weight;
            r.fired.push((ci, found));
        }
    }
}

/// The evidence for `code` from the cues that fired for `target`, in the order given.
pub(crate) fn cue_evidence(
    r: &Reading,
    cb: &Codebook,
    cues: impl IntoIterator<Item = (usize, Found)>,
    code: &str,
) -> Vec<Evidence> {
    cues.into_iter()
        .map(|(ci, found)| {
            let cue = &cb.cues[ci];
            Evidence {
                code: code.to_string(),
                reason: reason(code, cue, &found_text(ci, cue, found, &r.facts, &r.hits)),
            }
        })
        .collect()
}

/// Every signal name a codebook's `when`/`unless` may use, for documentation and tools.
pub fn signal_names() -> Vec<&'static str> {
    Flag::ALL.iter().map(|(_, n)| *n).collect()
}

#[cfg(test)]
mod tests;
