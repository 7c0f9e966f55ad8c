//! The learned model: weights for every feature, learnt from a coded corpus of several
//! people, that turn a read post into a purpose and topics, with the features that
//! weighed most as the reasons.
//!
//! In: a model file (JSON, `data/model/model.json` for the built-in one; see
//! docs/codebook.md) and, per post, its `Reading` (facts and fired cues) fed through
//! `features::extract`. Out: a [`Coding`]: the purpose with the highest probability (a
//! multinomial logistic regression over the features), the topics whose probability
//! reaches the model's threshold (one logistic regression each; `other` when none does),
//! and the evidence: the few features that pushed hardest towards each code given, each in
//! words a teacher reads (a cue's own sentence, "the words "great list"", "links to
//! edutopia.org").
//!
//! A person's own corrections shift the model for the rest of their archive through an
//! [`Adaptation`]: one learnt offset per code, fitted to what they re-coded.

use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHasher};
use serde::{Deserialize, Serialize};

use super::codebook::Flag;
use super::cues::Found;
use super::features::{self, FeatureKind, FeatureSink};
use super::{Codebook, Coding, Evidence, Reading, cue_evidence};
use crate::error::{Error, ErrorKind, Result};

/// The built-in model, trained on `data/corpus` by `pln-lens train` (see docs/codebook.md).
pub const DEFAULT_JSON: &str = include_str!("../../data/model/model.json");

/// The model file format this version reads.
pub const FORMAT: u32 = 1;

/// How many reasons a code shows at most.
const MAX_REASONS: usize = 4;

/// What a model file says about how it was made, shown in reports and the codebook page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ModelInfo {
    /// A short name ("PLN Lens model trained on six educators").
    pub name: String,
    /// The codebook version whose cues it was trained with.
    pub codebook_version: String,
    /// How many coded posts it learnt from.
    pub posts: u32,
    /// How many people those posts came from.
    pub people: u32,
    /// The agreement it reached on people it was not trained on, in words
    /// ("purpose kappa 0.47 on average, leaving each person out in turn").
    #[serde(default)]
    pub measured: String,
}

impl ModelInfo {
    /// The model in one line, for reports: its name, what it learnt from, and how well it
    /// agrees with people on people it never saw.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "{}, trained on {} coded posts of {} people (codebook {})",
            self.name, self.posts, self.people, self.codebook_version
        );
        if !self.measured.is_empty() {
            out.push_str("; ");
            out.push_str(&self.measured);
        }
        out
    }
}

/// A model file as written by training (see [`super::train`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    pub(crate) format: u32,
    pub(crate) info: ModelInfo,
    pub(crate) purposes: Vec<String>,
    pub(crate) topics: Vec<String>,
    /// A topic is given when its probability reaches this.
    pub(crate) topic_threshold: f64,
    /// At most this many topics per post.
    pub(crate) max_topics: usize,
    /// The code given when no topic reaches the threshold (`other`).
    pub(crate) no_topic: Option<String>,
    /// Per output (purposes, then topics).
    pub(crate) bias: Vec<f64>,
    /// Feature name -> one weight per output (purposes, then topics).
    pub(crate) features: Vec<(String, Vec<f64>)>,
}

impl ModelFile {
    /// What it says about how it was made.
    pub fn info(&self) -> &ModelInfo {
        &self.info
    }

    /// The file's text: JSON, one feature per line so that a new model's diff is readable.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Head<'a> {
            format: u32,
            info: &'a ModelInfo,
            purposes: &'a [String],
            topics: &'a [String],
            topic_threshold: f64,
            max_topics: usize,
            no_topic: &'a Option<String>,
            bias: &'a [f64],
        }
        let head = Head {
            format: self.format,
            info: &self.info,
            purposes: &self.purposes,
            topics: &self.topics,
            topic_threshold: self.topic_threshold,
            max_topics: self.max_topics,
            no_topic: &self.no_topic,
            bias: &self.bias,
        };
        let mut out = serde_json::to_string_pretty(&head).unwrap_or_default();
        out.truncate(out.trim_end().trim_end_matches('}').trim_end().len());
        out.push_str(",\n  \"features\": [\n");
        for (i, feature) in self.features.iter().enumerate() {
            out.push_str("    ");
            out.push_str(&serde_json::to_string(feature).unwrap_or_default());
            out.push_str(if i + 1 < self.features.len() {
                ",\n"
            } else {
                "\n"
            });
        }
        out.push_str("  ]\n}\n");
        out
    }
}

/// A learned model, ready to code with.
#[derive(Debug, Clone)]
pub struct Model {
    pub(crate) info: ModelInfo,
    pub(crate) purposes: Vec<String>,
    pub(crate) topics: Vec<String>,
    topic_threshold: f32,
    max_topics: usize,
    no_topic: Option<usize>,
    bias: Vec<f32>,
    /// Feature hash -> its row of `weights`.
    index: FxHashMap<u64, u32>,
    /// One row of `outputs()` weights per feature.
    weights: Vec<f32>,
}

/// The hash a feature is found by: its family's prefix and its text, as written in the
/// model file as `prefix:text`.
pub(crate) fn feature_hash(prefix: &str, text: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(prefix.as_bytes());
    h.write_u8(b':');
    h.write(text.as_bytes());
    h.finish()
}

/// A person's own corrections, learnt: an offset per purpose and per topic, and a change
/// to the weights of the features their corrected posts carry (their blog's site, their
/// app, their words), added to the model's for the rest of their archive.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Adaptation {
    /// Per purpose, in the model's order.
    pub purpose: Vec<f32>,
    /// Per topic, in the model's order.
    pub topic: Vec<f32>,
    /// Feature row -> the change to its weights (purposes, then topics).
    deltas: FxHashMap<u32, Vec<f32>>,
    /// How many corrections it was learnt from.
    pub corrections: u32,
}

/// One corrected post, as adaptation learns from it.
#[derive(Debug, Clone)]
pub struct Correction {
    /// The post's features the model knows: (row, value).
    pub rows: Vec<(u32, f32)>,
    /// The person's purpose (index in the model's order).
    pub purpose: usize,
    /// The person's topics (indices in the model's order).
    pub topics: Vec<usize>,
}

/// One post's scores, with what made them.
#[derive(Debug, Clone)]
pub(crate) struct Scores {
    /// Purposes then topics, before any squashing.
    pub(crate) logits: Vec<f32>,
    /// (row, value) of every feature the model knows.
    pub(crate) rows: Vec<(u32, f32)>,
    /// (family, text, value, row) of the same, kept only for reasons.
    pub(crate) known: Vec<(FeatureKind, String, f32, u32)>,
}

/// Looks features up as they are extracted, adding their weights.
struct Scorer<'m> {
    model: &'m Model,
    scores: Scores,
    /// Keep the features for reasons (text copied), or only add them up.
    keep: bool,
}

impl FeatureSink for Scorer<'_> {
    fn add(&mut self, kind: FeatureKind, text: &str, value: f32) {
        let Some(&row) = self.model.index.get(&feature_hash(kind.prefix(), text)) else {
            return;
        };
        let n = self.model.outputs();
        let w = &self.model.weights[row as usize * n..(row as usize + 1) * n];
        for (l, w) in self.scores.logits.iter_mut().zip(w) {
            *l += w * value;
        }
        self.scores.rows.push((row, value));
        if self.keep {
            self.scores.known.push((kind, text.to_string(), value, row));
        }
    }
}

impl Model {
    /// The built-in model.
    pub fn default_model() -> Model {
        // The embedded file is part of the program; a test pins that it loads.
        Model::from_json_str(DEFAULT_JSON).expect("the built-in model is valid")
    }

    /// Reads a model file.
    pub fn from_json_str(text: &str) -> Result<Model> {
        let file: ModelFile = serde_json::from_str(text).map_err(|e| {
            Error::new(
                ErrorKind::Invalid,
                format!("the model file is not valid: {e}"),
            )
        })?;
        Model::from_file(file)
    }

    /// A model from a file's contents.
    pub fn from_file(file: ModelFile) -> Result<Model> {
        let invalid = |m: String| Error::new(ErrorKind::Invalid, m);
        if file.format != FORMAT {
            return Err(invalid(format!(
                "model format {} is not one this version reads ({FORMAT})",
                file.format
            )));
        }
        let outputs = file.purposes.len() + file.topics.len();
        if file.purposes.is_empty() || file.bias.len() != outputs {
            return Err(invalid(format!(
                "the model has {} biases for {outputs} codes",
                file.bias.len()
            )));
        }
        let no_topic = match &file.no_topic {
            Some(code) => Some(file.topics.iter().position(|t| t == code).ok_or_else(|| {
                invalid(format!(
                    "the model's no-topic code {code:?} is not one of its topics"
                ))
            })?),
            None => None,
        };
        let mut index = FxHashMap::default();
        let mut weights = Vec::with_capacity(file.features.len() * outputs);
        for (name, w) in &file.features {
            let (prefix, text) = name
                .split_once(':')
                .ok_or_else(|| invalid(format!("the model feature {name:?} has no family")))?;
            if w.len() != outputs || w.iter().any(|x| !x.is_finite()) {
                return Err(invalid(format!(
                    "the model feature {name:?} has bad weights"
                )));
            }
            index.insert(feature_hash(prefix, text), index.len() as u32);
            weights.extend(w.iter().map(|&x| x as f32));
        }
        Ok(Model {
            info: file.info,
            purposes: file.purposes,
            topics: file.topics,
            topic_threshold: file.topic_threshold as f32,
            max_topics: file.max_topics.max(1),
            no_topic,
            bias: file.bias.iter().map(|&x| x as f32).collect(),
            index,
            weights,
        })
    }

    /// What the model file says about itself.
    pub fn info(&self) -> &ModelInfo {
        &self.info
    }

    /// The purpose codes, in the model's order.
    pub fn purposes(&self) -> &[String] {
        &self.purposes
    }

    /// The topic codes, in the model's order.
    pub fn topics(&self) -> &[String] {
        &self.topics
    }

    fn outputs(&self) -> usize {
        self.purposes.len() + self.topics.len()
    }

    /// Whether every code the model gives is one `codebook` defines.
    pub fn fits(&self, codebook: &Codebook) -> Result<()> {
        for code in &self.purposes {
            if !codebook.purposes.iter().any(|c| c.code == *code) {
                return Err(Error::new(
                    ErrorKind::Invalid,
                    format!(
                        "the model gives the purpose {code:?}, which the codebook does not define"
                    ),
                ));
            }
        }
        for code in &self.topics {
            if !codebook.topics.iter().any(|c| c.code == *code) {
                return Err(Error::new(
                    ErrorKind::Invalid,
                    format!(
                        "the model gives the topic {code:?}, which the codebook does not define"
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The scores of a read post (`keep`: with the features, for reasons).
    pub(crate) fn scores(&self, r: &Reading, cb: &Codebook, keep: bool) -> Scores {
        let mut scorer = Scorer {
            model: self,
            scores: Scores {
                logits: self.bias.clone(),
                rows: Vec::new(),
                known: Vec::new(),
            },
            keep,
        };
        features::extract(r, cb, &mut scorer);
        scorer.scores
    }

    /// The model's rows of features given by name (`prefix:text`), as training writes
    /// them: the same lookups as scoring a post does, for judging a model on stored features.
    pub fn rows_of_names(&self, names: &[(String, f32)]) -> Vec<(u32, f32)> {
        names
            .iter()
            .filter_map(|(name, value)| {
                let (prefix, text) = name.split_once(':')?;
                let row = *self.index.get(&feature_hash(prefix, text))?;
                Some((row, *value))
            })
            .collect()
    }

    /// The logits of a post with these feature rows, with a person's adaptation.
    pub fn logits(&self, rows: &[(u32, f32)], adapt: Option<&Adaptation>) -> Vec<f32> {
        let n = self.outputs();
        let mut logits = self.bias.clone();
        for &(row, value) in rows {
            let w = &self.weights[row as usize * n..(row as usize + 1) * n];
            for (l, w) in logits.iter_mut().zip(w) {
                *l += w * value;
            }
        }
        if let Some(a) = adapt {
            a.shift(&mut logits, rows);
        }
        logits
    }

    /// The purpose index and the topic indices these logits give.
    pub fn decide(&self, logits: &[f32]) -> (usize, Vec<usize>) {
        let p = self.purposes.len();
        let purpose = (0..p)
            .max_by(|&a, &b| logits[a].total_cmp(&logits[b]))
            .unwrap_or(0);
        let mut topics: Vec<(usize, f32)> = (0..self.topics.len())
            .map(|t| (t, sigmoid(logits[p + t])))
            .filter(|(t, prob)| *prob >= self.topic_threshold && Some(*t) != self.no_topic)
            .collect();
        topics.sort_by(|a, b| b.1.total_cmp(&a.1));
        topics.truncate(self.max_topics);
        let mut topics: Vec<usize> = topics.into_iter().map(|(t, _)| t).collect();
        if topics.is_empty()
            && let Some(t) = self.no_topic
        {
            topics.push(t);
        }
        (purpose, topics)
    }

    /// Codes a read post, with reasons when `explain`.
    pub(crate) fn code(
        &self,
        r: &Reading,
        cb: &Codebook,
        adapt: Option<&Adaptation>,
        explain: bool,
    ) -> Coding {
        let mut scores = self.scores(r, cb, explain);
        if let Some(a) = adapt {
            a.shift(&mut scores.logits, &scores.rows);
        }
        let (purpose, topics) = self.decide(&scores.logits);
        let mut coding = Coding {
            purpose: self.purposes[purpose].clone(),
            topics: topics.iter().map(|&t| self.topics[t].clone()).collect(),
            why: Vec::new(),
        };
        if explain {
            coding.why = self.reasons(r, cb, &scores, purpose, &topics, adapt);
        }
        coding
    }

    /// The features that pushed hardest towards each code given, as sentences.
    fn reasons(
        &self,
        r: &Reading,
        cb: &Codebook,
        scores: &Scores,
        purpose: usize,
        topics: &[usize],
        adapt: Option<&Adaptation>,
    ) -> Vec<Evidence> {
        let n = self.outputs();
        let p = self.purposes.len();
        let weight = |row: u32, out: usize| self.weights[row as usize * n + out];
        // A purpose's pull is its weight above the mean of all purposes' weights: what
        // makes this purpose, rather than any, more likely.
        let purpose_pull = |row: u32| {
            let mean = (0..p).map(|o| weight(row, o)).sum::<f32>() / p as f32;
            weight(row, purpose) - mean
        };
        let code = &self.purposes[purpose];
        let mut why = self.explain(r, cb, scores, code, purpose_pull);
        if why.is_empty() {
            why.push(Evidence {
                code: code.clone(),
                reason: format!(
                    "{code}: the most likely purpose for a post with nothing more particular in it"
                ),
            });
        }
        if let Some(a) = adapt.filter(|a| a.corrections > 0) {
            why.push(Evidence {
                code: code.clone(),
                reason: format!(
                    "{code}: weighed with your {} correction{} of other posts",
                    a.corrections,
                    if a.corrections == 1 { "" } else { "s" }
                ),
            });
        }
        for &t in topics {
            let code = &self.topics[t];
            if Some(t) == self.no_topic {
                why.push(Evidence {
                    code: code.clone(),
                    reason: format!("{code}: no education topic is likely enough"),
                });
                continue;
            }
            let found = self.explain(r, cb, scores, code, |row| weight(row, p + t));
            if found.is_empty() {
                why.push(Evidence {
                    code: code.clone(),
                    reason: format!("{code}: the post's words as a whole"),
                });
            }
            why.extend(found);
        }
        why
    }

    /// Up to [`MAX_REASONS`] sentences for `code`, strongest pull first.
    fn explain(
        &self,
        r: &Reading,
        cb: &Codebook,
        scores: &Scores,
        code: &str,
        pull: impl Fn(u32) -> f32,
    ) -> Vec<Evidence> {
        let mut ranked: Vec<(f32, usize)> = scores
            .known
            .iter()
            .enumerate()
            .map(|(i, (_, _, value, row))| (pull(*row) * value, i))
            .filter(|(c, _)| *c > 0.05)
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut out: Vec<Evidence> = Vec::new();
        for (_, i) in ranked {
            let (kind, text, _, _) = &scores.known[i];
            let Some(reason) = self.sentence(r, cb, *kind, text, code) else {
                continue;
            };
            if !out.iter().any(|e| e.reason == reason) {
                out.push(Evidence {
                    code: code.to_string(),
                    reason,
                });
            }
            if out.len() == MAX_REASONS {
                break;
            }
        }
        out
    }

    /// One feature in words, prefixed with the code.
    fn sentence(
        &self,
        r: &Reading,
        cb: &Codebook,
        kind: FeatureKind,
        text: &str,
        code: &str,
    ) -> Option<String> {
        let said = match kind {
            FeatureKind::Cue => {
                let (ci, found): (usize, Found) = r
                    .fired
                    .iter()
                    .copied()
                    .find(|(ci, _)| cb.cues[*ci].id == text)?;
                return cue_evidence(r, cb, [(ci, found)], code)
                    .pop()
                    .map(|e| e.reason);
            }
            FeatureKind::Signal => signal_words(r, text)?,
            FeatureKind::Kind => format!("it is a {text}"),
            FeatureKind::Word => format!("the word \"{text}\""),
            FeatureKind::Bigram => format!("the words \"{text}\""),
            FeatureKind::PassedWord => format!("passes on the word \"{text}\""),
            FeatureKind::Site => format!("links to {text}"),
            FeatureKind::UrlWord if text == "<dated>" => {
                "links to a dated page, as blog posts are".to_string()
            }
            FeatureKind::UrlWord => format!("the link's address has \"{text}\""),
            FeatureKind::Hashtag => format!("the hashtag #{text}"),
            FeatureKind::App => format!(
                "sent from {}",
                r.facts.post.client.as_deref().unwrap_or(text)
            ),
            FeatureKind::Length => match text {
                "0" => "no words of the author's own".to_string(),
                _ => format!("{} words of the author's own", r.facts.words),
            },
            FeatureKind::RuleVote => format!("the codebook's cues point to {text}"),
            FeatureKind::Habit => match text {
                "site_top1" => "links to the site the author links to most".to_string(),
                "site_top3" => "links to one of the sites the author links to most".to_string(),
                _ => "links to a site the author links to often".to_string(),
            },
        };
        Some(format!("{code}: {said}"))
    }
}

/// A structural signal in words (with its detail, where it has one).
fn signal_words(r: &Reading, name: &str) -> Option<String> {
    let facts = &r.facts;
    let flag = Flag::ALL.iter().find(|(_, n)| *n == name)?.0;
    let detail = facts.detail(flag);
    let with = |s: &str| {
        if detail.is_empty() {
            s.to_string()
        } else {
            format!("{s} ({detail})")
        }
    };
    Some(match flag {
        Flag::Conversation => "answers or addresses someone".to_string(),
        Flag::Addressed => "starts with someone's @name".to_string(),
        Flag::PassesOn => with("passes on someone else's post"),
        Flag::ManualQuote => "quotes someone's post in its text".to_string(),
        Flag::Link => with("links to a web page"),
        Flag::Media => "has a photo or video".to_string(),
        Flag::OwnSite => with("links to the author's own site"),
        Flag::Question => "asks a question".to_string(),
        Flag::QuestionEnd => "ends with a question".to_string(),
        Flag::ChatQ => with("a chat question label"),
        Flag::ChatA => with("a chat answer label"),
        Flag::Short => with("a short post"),
        Flag::LittleComment => with("little comment of its own"),
        Flag::HasOwnWords => "has words of the author's own".to_string(),
        Flag::ManyMentions => with("names several people"),
        Flag::Hashtags => "has hashtags".to_string(),
        Flag::Topic => with("about an education topic"),
        Flag::NoTopic => "about no education topic".to_string(),
        Flag::Photo => with("shows a photo or video"),
        Flag::Professional => with("about work"),
        Flag::Mentions => with("names someone"),
        Flag::InChat => with("said in a chat session"),
        Flag::Weekend => "posted at the weekend".to_string(),
        Flag::Evening => "posted in the evening".to_string(),
        Flag::Repeated => "the author posted the same text more than once".to_string(),
        Flag::Original | Flag::Reply | Flag::Thread | Flag::Repost | Flag::Quote => {
            return None;
        }
    })
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// Softmax probabilities of the purpose logits (the first `n`).
pub fn purpose_probabilities(logits: &[f32], n: usize) -> Vec<f32> {
    let max = logits[..n]
        .iter()
        .copied()
        .fold(f32::NEG_INFINITY, f32::max);
    let exp: Vec<f32> = logits[..n].iter().map(|l| (l - max).exp()).collect();
    let sum: f32 = exp.iter().sum();
    exp.into_iter().map(|e| e / sum).collect()
}

/// How strongly corrections pull: the L2 prior on the offsets and on the feature changes.
/// Larger keeps the model's own codes longer against a few corrections.
/// The offsets move every post, so they take many corrections to move.
const ADAPT_OFFSET_PRIOR: f32 = 20.0;
const ADAPT_DELTA_PRIOR: f32 = 1.0;
/// How much harder a feature in every post is held than one in none (see `learn`).
const ADAPT_SPREAD_PRIOR: f32 = 200.0;
/// Gradient steps (their size follows from the posts' features, see `learn`).
const ADAPT_STEPS: usize = 300;

impl Adaptation {
    /// For every feature row, the share of `posts` (each given by its feature rows) that
    /// have it: the `spread` that [`Adaptation::learn`] holds common features back by.
    pub fn spread_of<R: AsRef<[(u32, f32)]>>(
        posts: impl ExactSizeIterator<Item = R>,
    ) -> FxHashMap<u32, f32> {
        let share = 1.0 / posts.len().max(1) as f32;
        let mut spread: FxHashMap<u32, f32> = FxHashMap::default();
        let mut seen: Vec<u32> = Vec::new();
        for rows in posts {
            seen.clear();
            seen.extend(rows.as_ref().iter().map(|(row, _)| *row));
            seen.sort_unstable();
            seen.dedup();
            for &row in &seen {
                *spread.entry(row).or_default() += share;
            }
        }
        spread
    }

    /// Adds the offsets and the feature changes to a post's logits.
    pub fn shift(&self, logits: &mut [f32], rows: &[(u32, f32)]) {
        let p = self.purpose.len();
        for (l, o) in logits
            .iter_mut()
            .zip(self.purpose.iter().chain(&self.topic))
        {
            *l += o;
        }
        if self.deltas.is_empty() {
            return;
        }
        for (row, value) in rows {
            if let Some(d) = self.deltas.get(row) {
                for (l, d) in logits.iter_mut().zip(d) {
                    *l += d * value;
                }
            }
        }
        debug_assert!(logits.len() >= p);
    }

    /// Learns from a person's corrections: gradient descent on the log-loss of the codes
    /// they gave, over offsets and the changes to their posts' features, each pulled
    /// towards no change (an L2 prior). A few milliseconds for a hundred corrections:
    /// cheap enough to run in the page after every one.
    ///
    /// `spread` gives, for a feature row, the share of the person's posts that have it
    /// (0 when unknown). A feature in many of their posts ("an original post", "sent from
    /// the web app") is held near no change, in proportion: one correction should move
    /// the posts that share what is particular to it (a site, a word), not a third of the
    /// archive.
    pub fn learn(
        model: &Model,
        corrections: &[Correction],
        spread: &FxHashMap<u32, f32>,
    ) -> Adaptation {
        let n_out = model.purposes.len() + model.topics.len();
        let mut a = Adaptation {
            purpose: vec![0.0; model.purposes.len()],
            topic: vec![0.0; model.topics.len()],
            deltas: FxHashMap::default(),
            corrections: corrections.len() as u32,
        };
        if corrections.is_empty() {
            return a;
        }
        for c in corrections {
            for (row, _) in &c.rows {
                a.deltas.entry(*row).or_insert_with(|| vec![0.0; n_out]);
            }
        }
        let base: Vec<Vec<f32>> = corrections
            .iter()
            .map(|c| model.logits(&c.rows, None))
            .collect();
        let n = corrections.len() as f32;
        let rate = a.step_size(corrections, spread);
        let mut grad = Gradient {
            offsets: vec![0.0f32; n_out],
            deltas: FxHashMap::default(),
        };
        for _ in 0..ADAPT_STEPS {
            grad.clear();
            for (c, base) in corrections.iter().zip(&base) {
                let g = a.gradient_of(model, c, base);
                grad.add(&g, &c.rows);
            }
            a.descend(&grad, rate, n, spread);
        }
        a
    }

    /// The gradient step's size: no larger than the loss's curvature allows, so the
    /// descent settles rather than swinging: the softmax's log-loss curves at most half
    /// the squared length of a post's features (with 1 for the offset), plus the priors.
    fn step_size(&self, corrections: &[Correction], spread: &FxHashMap<u32, f32>) -> f32 {
        let n = corrections.len() as f32;
        let longest = corrections
            .iter()
            .map(|c| {
                let mut per_row: FxHashMap<u32, f32> = FxHashMap::default();
                for &(row, value) in &c.rows {
                    *per_row.entry(row).or_default() += value;
                }
                1.0 + per_row.values().map(|v| v * v).sum::<f32>()
            })
            .fold(1.0f32, f32::max);
        let strongest_prior = self
            .deltas
            .keys()
            .map(|&row| delta_prior(spread, row))
            .fold(ADAPT_OFFSET_PRIOR, f32::max);
        1.0 / (0.5 * longest + strongest_prior / n)
    }

    /// The log-loss's gradient over the logits for one correction, from the model's own
    /// logits for its post (`base`) shifted by this adaptation: softmax over the
    /// purposes, one sigmoid per topic (none for "no topic").
    fn gradient_of(&self, model: &Model, c: &Correction, base: &[f32]) -> Vec<f32> {
        let p = self.purpose.len();
        let t = self.topic.len();
        let mut logits = base.to_vec();
        self.shift(&mut logits, &c.rows);
        let probs = purpose_probabilities(&logits, p);
        let mut g = vec![0.0f32; p + t];
        for i in 0..p {
            g[i] = probs[i] - f32::from(u8::from(i == c.purpose));
        }
        for j in 0..t {
            if Some(j) != model.no_topic {
                g[p + j] = sigmoid(logits[p + j]) - f32::from(u8::from(c.topics.contains(&j)));
            }
        }
        g
    }

    /// One gradient step on the offsets and the feature changes, each with its prior.
    fn descend(&mut self, grad: &Gradient, rate: f32, n: f32, spread: &FxHashMap<u32, f32>) {
        for (i, o) in self
            .purpose
            .iter_mut()
            .chain(self.topic.iter_mut())
            .enumerate()
        {
            *o -= rate * (grad.offsets[i] + ADAPT_OFFSET_PRIOR * *o) / n;
        }
        for (row, d) in &mut self.deltas {
            let gd = &grad.deltas[row];
            let prior = delta_prior(spread, *row);
            for (x, gi) in d.iter_mut().zip(gd) {
                *x -= rate * (gi + prior * *x) / n;
            }
        }
    }
}

/// The L2 prior on a feature's change: stronger the more of the person's posts have it.
fn delta_prior(spread: &FxHashMap<u32, f32>, row: u32) -> f32 {
    ADAPT_DELTA_PRIOR * (1.0 + ADAPT_SPREAD_PRIOR * spread.get(&row).copied().unwrap_or(0.0))
}

/// The summed gradient of all corrections in one step of [`Adaptation::learn`].
struct Gradient {
    /// Over the offsets (purposes, then topics).
    offsets: Vec<f32>,
    /// Over each feature row's changes.
    deltas: FxHashMap<u32, Vec<f32>>,
}

impl Gradient {
    /// Back to zero, keeping the rows seen (and their vectors) for the next step.
    fn clear(&mut self) {
        self.offsets.iter_mut().for_each(|g| *g = 0.0);
        self.deltas
            .values_mut()
            .for_each(|g| g.iter_mut().for_each(|x| *x = 0.0));
    }

    /// Adds one correction's gradient `g` over the logits: to the offsets, and to each
    /// of its post's feature rows in proportion to the feature's value.
    fn add(&mut self, g: &[f32], rows: &[(u32, f32)]) {
        for (o, gi) in self.offsets.iter_mut().zip(g) {
            *o += gi;
        }
        for (row, value) in rows {
            let gd = self
                .deltas
                .entry(*row)
                .or_insert_with(|| vec![0.0; g.len()]);
            for (x, gi) in gd.iter_mut().zip(g) {
                *x += gi * value;
            }
        }
    }
}
