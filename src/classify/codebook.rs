//! The codebook as data: reading, extending, checking and compiling it.
//!
//! In: a codebook file in TOML or JSON (the default one is `data/codebook.toml`, embedded
//! in the binary and the Wasm with `include_str!`), possibly `extends = "default"` to add
//! to the default rather than replace it. Out: a [`Codebook`] whose codes are documented
//! ([`CodeInfo`]) and whose cues are compiled once (one regex set over a post's own words,
//! one over passed-on text), so classifying a post costs a couple of automaton passes.
//!
//! Invariants once built: every cue aims at a purpose or topic the codebook defines, names
//! only known structural signals, and has a finite weight; `precedence` lists every
//! purpose exactly once; every code has a description. A file that breaks any of these
//! is refused with [`ErrorKind::Invalid`] and a message naming the cue or code at fault.

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, MatchKind};
use regex::{Regex, RegexSet};
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};

/// The default codebook file, compiled into every build (CLI and Wasm alike).
pub const DEFAULT_TOML: &str = include_str!("../../data/codebook.toml");

/// The only codebook file format this version reads (`format = 1`).
pub const FORMAT: u32 = 1;

/// The structural signals a cue may require (`when`) or exclude (`unless`), read from the
/// post's fields rather than its words. docs/codebook.md explains each in plain words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Flag {
    Original,
    Reply,
    Thread,
    Repost,
    Quote,
    Conversation,
    Addressed,
    PassesOn,
    ManualQuote,
    Link,
    Media,
    OwnSite,
    Question,
    QuestionEnd,
    ChatQ,
    ChatA,
    Short,
    LittleComment,
    HasOwnWords,
    ManyMentions,
    Hashtags,
    Weekend,
    Evening,
    Topic,
    NoTopic,
    Photo,
    Professional,
    Mentions,
    InChat,
    Repeated,
}

impl Flag {
    /// Every flag with its name in codebook files.
    pub(crate) const ALL: [(Flag, &'static str); 30] = [
        (Flag::Original, "original"),
        (Flag::Reply, "reply"),
        (Flag::Thread, "thread"),
        (Flag::Repost, "repost"),
        (Flag::Quote, "quote"),
        (Flag::Conversation, "conversation"),
        (Flag::Addressed, "addressed"),
        (Flag::PassesOn, "passes_on"),
        (Flag::ManualQuote, "manual_quote"),
        (Flag::Link, "link"),
        (Flag::Media, "media"),
        (Flag::OwnSite, "own_site"),
        (Flag::Question, "question"),
        (Flag::QuestionEnd, "question_end"),
        (Flag::ChatQ, "chat_q"),
        (Flag::ChatA, "chat_a"),
        (Flag::Short, "short"),
        (Flag::LittleComment, "little_comment"),
        (Flag::HasOwnWords, "has_own_words"),
        (Flag::ManyMentions, "many_mentions"),
        (Flag::Hashtags, "hashtags"),
        (Flag::Weekend, "weekend"),
        (Flag::Evening, "evening"),
        (Flag::Topic, "topic"),
        (Flag::NoTopic, "no_topic"),
        (Flag::Photo, "photo"),
        (Flag::Professional, "professional"),
        (Flag::Mentions, "mentions"),
        (Flag::InChat, "in_chat"),
        (Flag::Repeated, "repeated"),
    ];

    /// The bit of this flag in a [`FlagSet`].
    pub(crate) fn bit(self) -> u32 {
        1 << (self as u8)
    }

    /// The flag's name in codebook files.
    pub(crate) fn name(self) -> &'static str {
        Flag::ALL
            .iter()
            .find(|(f, _)| *f == self)
            .map_or("", |(_, n)| n)
    }

    fn from_name(name: &str) -> Option<Flag> {
        Flag::ALL.iter().find(|(_, n)| *n == name).map(|(f, _)| *f)
    }
}

/// Where a cue's words are looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The author's own words (for a repost, there are none).
    Own,
    /// The text a repost or quote passes on.
    PassedOn,
    /// Either.
    #[default]
    All,
}

/// What a cue adds weight to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Purpose(usize),
    Topic(usize),
    /// The codebook's `[profession]` lexicon: sets the `professional` signal.
    Profession,
}

/// A purpose or topic code, as documented for people.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CodeInfo {
    /// The code as written in reports (`share`, `technology`, ...).
    pub code: String,
    /// A short label for people.
    pub label: String,
    /// What the code means, in plain language.
    pub description: String,
    /// Example posts.
    pub examples: Vec<String>,
    /// The research the code comes from.
    pub sources: Vec<String>,
}

/// A cue as documented for people (what it looks for and what it adds).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CueInfo {
    /// The cue's id in the codebook file.
    pub id: String,
    /// The purpose or topic it adds weight to.
    pub code: String,
    /// How much it adds.
    pub weight: f64,
    /// The sentence shown when it fires.
    pub reason: String,
}

/// A `*`-wildcard pattern over short names (hashtags, app names), lowercased.
#[derive(Debug, Clone)]
pub(crate) struct Wild {
    text: String,
    prefix: bool,
    suffix: bool,
}

impl Wild {
    fn new(raw: &str) -> Wild {
        let lower = raw.trim().trim_start_matches('#').to_lowercase();
        let suffix = lower.ends_with('*');
        let prefix = lower.starts_with('*');
        let text = lower.trim_matches('*').to_string();
        Wild {
            text,
            prefix,
            suffix,
        }
    }

    /// Whether `name` (already lowercased) matches.
    pub(crate) fn matches(&self, name: &str) -> bool {
        match (self.prefix, self.suffix) {
            (false, false) => name == self.text,
            (false, true) => name.starts_with(&self.text),
            (true, false) => name.ends_with(&self.text),
            (true, true) => name.contains(&self.text),
        }
    }
}

/// A compiled cue.
#[derive(Debug, Clone)]
pub(crate) struct Cue {
    pub(crate) id: String,
    pub(crate) target: Target,
    pub(crate) weight: f64,
    pub(crate) reason: String,
    /// The reason split around `{match}` (None when it has none).
    pub(crate) reason_parts: Option<(String, String)>,
    /// The reason without its `{match}` part, for when nothing is there to show.
    pub(crate) reason_plain: String,
    pub(crate) when: u32,
    /// At least one of these must hold (0: no such condition).
    pub(crate) when_any: u32,
    pub(crate) unless: u32,
    /// The `when` flags in order; the first with a detail fills `{match}` for a cue with
    /// no matchers.
    pub(crate) when_flags: Vec<Flag>,
    pub(crate) scope: Scope,
    /// Whether the cue has terms (found through [`Codebook::term_hits`]).
    pub(crate) has_terms: bool,
    /// Index range of this cue's patterns in the pattern set, and the regexes.
    pub(crate) patterns: Vec<(usize, Regex)>,
    pub(crate) hashtags: Vec<Wild>,
    /// Sites matched with their subdomains.
    pub(crate) domains: HashSet<String>,
    /// Endings such as ".edu".
    pub(crate) domain_endings: Vec<String>,
    /// Words a site's name contains (`*marathon*`).
    pub(crate) domain_words: Vec<String>,
    pub(crate) clients: Vec<Wild>,
    /// Handles of the account a post passes on (a repost's or quote's author).
    pub(crate) accounts: Vec<Wild>,
    /// Handles the post @mentions.
    pub(crate) mentions: Vec<Wild>,
}

impl Cue {
    /// Whether the cue looks at anything besides structural flags.
    pub(crate) fn has_matchers(&self) -> bool {
        self.has_terms
            || !self.patterns.is_empty()
            || !self.hashtags.is_empty()
            || self.has_domains()
            || !self.clients.is_empty()
            || !self.accounts.is_empty()
            || !self.mentions.is_empty()
    }

    pub(crate) fn has_domains(&self) -> bool {
        !self.domains.is_empty() || !self.domain_endings.is_empty() || !self.domain_words.is_empty()
    }

    /// Whether `domain` is one of the cue's sites, a subdomain of one, or has one of its
    /// endings.
    pub(crate) fn matches_domain(&self, domain: &str) -> bool {
        if self
            .domain_endings
            .iter()
            .any(|e| domain.ends_with(e.as_str()))
            || self
                .domain_words
                .iter()
                .any(|w| domain.contains(w.as_str()))
        {
            return true;
        }
        let mut d = domain;
        loop {
            if self.domains.contains(d) {
                return true;
            }
            match d.find('.') {
                Some(i) => d = &d[i + 1..],
                None => return false,
            }
        }
    }
}

/// The rule that gives a fallback topic (`other`) to posts of some purposes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FallbackTopic {
    /// The topic code given.
    pub code: String,
    /// The purposes whose posts get it when no other topic was found.
    pub when_purpose: Vec<String>,
    /// Why, for people.
    pub reason: String,
}

/// A codebook ready to classify with: codes, precedence and compiled cues.
///
/// Build it with [`Codebook::default_codebook`], [`Codebook::from_toml_str`] or
/// [`Codebook::from_json_str`].
#[derive(Debug, Clone)]
pub struct Codebook {
    pub(crate) name: String,
    pub(crate) version: String,
    pub(crate) purposes: Vec<CodeInfo>,
    pub(crate) topics: Vec<CodeInfo>,
    /// Purpose indices, most preferred first.
    pub(crate) precedence: Vec<usize>,
    pub(crate) tie_margin: f64,
    pub(crate) topic_threshold: f64,
    pub(crate) max_topics: usize,
    pub(crate) short_words: usize,
    pub(crate) little_comment_words: usize,
    pub(crate) fallback_topic: Option<(usize, Vec<usize>, String)>,
    pub(crate) shared_hosts: HashSet<String>,
    pub(crate) own_site_clients: Vec<Wild>,
    /// Photo and video hosts (with their subdomains): a link to one is a `photo`.
    pub(crate) photo_hosts: HashSet<String>,
    pub(crate) cues: Vec<Cue>,
    /// Whether any cue looks at @mentions (so posts need their handles lowercased).
    pub(crate) any_mentions: bool,
    /// Every cue's terms as literal patterns over [`word_text`]: " word " for a whole
    /// word, " stem" for `stem*`. One automaton pass finds every term of every cue.
    pub(crate) terms: AhoCorasick,
    /// For each pattern of `terms`: the cues it belongs to, and whether it is a stem.
    pub(crate) term_cues: Vec<Vec<usize>>,
    pub(crate) term_is_stem: Vec<bool>,
    /// All cues' patterns, over the text as written.
    pub(crate) pattern_set: RegexSet,
}

// ----- the file format ------------------------------------------------------------------

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileCodebook {
    format: Option<u32>,
    version: Option<String>,
    name: Option<String>,
    extends: Option<String>,
    precedence: Option<Vec<String>>,
    tie_margin: Option<f64>,
    topic_threshold: Option<f64>,
    max_topics: Option<usize>,
    short_words: Option<usize>,
    little_comment_words: Option<usize>,
    fallback_topic: Option<FallbackTopic>,
    shared_hosts: Option<Vec<String>>,
    own_site_clients: Option<Vec<String>>,
    photo_hosts: Option<Vec<String>>,
    profession: Option<FileProfession>,
    #[serde(default)]
    purposes: Vec<FileCode>,
    #[serde(default)]
    topics: Vec<FileCode>,
    #[serde(default)]
    cues: Vec<FileCue>,
    #[serde(default)]
    remove_cues: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileCode {
    code: String,
    label: Option<String>,
    description: Option<String>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    sources: Vec<String>,
    // Topics only: the topic's own lexicon, one cue `topic:<code>`.
    #[serde(default)]
    terms: Vec<String>,
    #[serde(default)]
    patterns: Vec<String>,
    #[serde(default)]
    hashtags: Vec<String>,
    #[serde(default)]
    domains: Vec<String>,
    #[serde(default)]
    mentions: Vec<String>,
    weight: Option<f64>,
    reason: Option<String>,
}

/// The words of the teaching profession itself (`[profession]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileProfession {
    #[serde(default)]
    terms: Vec<String>,
    #[serde(default)]
    hashtags: Vec<String>,
    reason: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileCue {
    id: String,
    purpose: Option<String>,
    topic: Option<String>,
    weight: f64,
    reason: String,
    #[serde(default)]
    when: Vec<String>,
    #[serde(default)]
    when_any: Vec<String>,
    #[serde(default)]
    unless: Vec<String>,
    #[serde(default)]
    scope: Scope,
    #[serde(default)]
    terms: Vec<String>,
    #[serde(default)]
    patterns: Vec<String>,
    #[serde(default)]
    hashtags: Vec<String>,
    #[serde(default)]
    domains: Vec<String>,
    #[serde(default)]
    clients: Vec<String>,
    #[serde(default)]
    accounts: Vec<String>,
    #[serde(default)]
    mentions: Vec<String>,
    /// Built from `[profession]`, never read from a file.
    #[serde(skip)]
    profession: bool,
}

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Invalid, message)
}

impl Codebook {
    /// The default codebook (`data/codebook.toml`, built in).
    pub fn default_codebook() -> Codebook {
        // The embedded file is part of the program, not user input; a test pins that it
        // parses, so this cannot fail in a released build.
        Codebook::from_toml_str(DEFAULT_TOML).expect("the built-in codebook is valid")
    }

    /// Reads a codebook from TOML text. With `extends = "default"` it adds to (and
    /// overrides parts of) the default codebook; otherwise it must be complete.
    pub fn from_toml_str(text: &str) -> Result<Codebook> {
        let file: FileCodebook = toml::from_str(text)
            .map_err(|e| invalid(format!("the codebook is not valid TOML: {e}")))?;
        Codebook::from_file(file)
    }

    /// Reads a codebook from JSON text, with the same fields as the TOML form.
    pub fn from_json_str(text: &str) -> Result<Codebook> {
        let file: FileCodebook = serde_json::from_str(text)
            .map_err(|e| invalid(format!("the codebook is not valid JSON: {e}")))?;
        Codebook::from_file(file)
    }

    fn from_file(file: FileCodebook) -> Result<Codebook> {
        let merged = match file.extends.as_deref() {
            None => file,
            Some("default") => {
                let base: FileCodebook = toml::from_str(DEFAULT_TOML)
                    .map_err(|e| invalid(format!("the built-in codebook is broken: {e}")))?;
                merge(base, file)
            }
            Some(other) => {
                return Err(invalid(format!(
                    "the codebook says extends = \"{other}\", but only \"default\" can be extended"
                )));
            }
        };
        compile(merged)
    }

    /// The codebook's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The codebook's own version (reports carry it, so results can be traced to it).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The purpose codes, in the file's order.
    pub fn purposes(&self) -> &[CodeInfo] {
        &self.purposes
    }

    /// The topic codes, in the file's order.
    pub fn topics(&self) -> &[CodeInfo] {
        &self.topics
    }

    /// Just the purpose codes (`share`, `ask`...), in the file's order.
    pub fn purpose_codes(&self) -> Vec<String> {
        self.purposes.iter().map(|c| c.code.clone()).collect()
    }

    /// Just the topic codes, in the file's order.
    pub fn topic_codes(&self) -> Vec<String> {
        self.topics.iter().map(|c| c.code.clone()).collect()
    }

    /// The purpose codes in tie-break order, most preferred first.
    pub fn precedence(&self) -> Vec<&str> {
        self.precedence
            .iter()
            .map(|&i| self.purposes[i].code.as_str())
            .collect()
    }

    /// Every cue, as documented for people.
    pub fn cues(&self) -> Vec<CueInfo> {
        self.cues
            .iter()
            .filter(|c| c.target != Target::Profession)
            .map(|c| CueInfo {
                id: c.id.clone(),
                code: self.target_code(c.target).to_string(),
                weight: c.weight,
                reason: c.reason.clone(),
            })
            .collect()
    }

    /// For each cue, where its first term occurs in `text` (a [`word_text`]), as the byte
    /// span of the term without its surrounding spaces; a stem's span runs to the word's end.
    pub(crate) fn term_hits(&self, text: &str, hits: &mut Vec<Option<(u32, u32)>>) {
        hits.clear();
        hits.resize(self.cues.len(), None);
        if text.len() < 2 {
            return;
        }
        for m in self.terms.find_overlapping_iter(text) {
            let p = m.pattern().as_usize();
            let start = m.start() + 1;
            let end = if self.term_is_stem[p] {
                text[m.end()..]
                    .find(' ')
                    .map_or(text.len(), |e| m.end() + e)
            } else {
                m.end() - 1
            };
            for &c in &self.term_cues[p] {
                let slot = &mut hits[c];
                if slot.is_none_or(|(s, _)| (start as u32) < s) {
                    *slot = Some((start as u32, end as u32));
                }
            }
        }
    }

    /// The cues of words of one's own work: the term cues (in one's own words) of the
    /// purpose that the `own_site` signal's cues add to (self-promotion, in the default
    /// codebook). Used to find the author's own sites from how they link to them.
    pub(crate) fn own_work_cues(&self) -> Vec<usize> {
        let own_site = Flag::OwnSite.bit();
        let purposes: Vec<Target> = self
            .cues
            .iter()
            .filter(|c| c.when & own_site != 0 && matches!(c.target, Target::Purpose(_)))
            .map(|c| c.target)
            .collect();
        (0..self.cues.len())
            .filter(|&i| {
                let c = &self.cues[i];
                c.has_terms
                    && c.scope != Scope::PassedOn
                    && c.unless & own_site == 0
                    && purposes.contains(&c.target)
            })
            .collect()
    }

    /// Whether `domain` is a photo or video host, or a subdomain of one.
    pub(crate) fn is_photo_host(&self, domain: &str) -> bool {
        let mut d = domain;
        loop {
            if self.photo_hosts.contains(d) {
                return true;
            }
            match d.find('.') {
                Some(i) => d = &d[i + 1..],
                None => return false,
            }
        }
    }

    pub(crate) fn target_code(&self, target: Target) -> &str {
        match target {
            Target::Purpose(i) => &self.purposes[i].code,
            Target::Topic(i) => &self.topics[i].code,
            Target::Profession => "professional",
        }
    }
}

impl Default for Codebook {
    fn default() -> Self {
        Codebook::default_codebook()
    }
}

/// Lays `ext` over `base`: scalars given replace, codes with a known `code` are updated
/// (lists appended), new codes are added, cues with a known `id` are replaced, new cues
/// added, and `remove_cues` drops cues by id. New purposes missing from `precedence` are
/// appended to it (least preferred).
fn merge(mut base: FileCodebook, ext: FileCodebook) -> FileCodebook {
    base.extends = None;
    if ext.format.is_some() {
        base.format = ext.format;
    }
    if let Some(v) = ext.version {
        base.version = Some(v);
    }
    if let Some(v) = ext.name {
        base.name = Some(v);
    }
    if let Some(v) = ext.precedence {
        base.precedence = Some(v);
    }
    macro_rules! take {
        ($($f:ident),*) => { $( if ext.$f.is_some() { base.$f = ext.$f; } )* };
    }
    take!(
        tie_margin,
        topic_threshold,
        max_topics,
        short_words,
        little_comment_words,
        fallback_topic
    );
    extend(&mut base.shared_hosts, ext.shared_hosts);
    extend(&mut base.own_site_clients, ext.own_site_clients);
    extend(&mut base.photo_hosts, ext.photo_hosts);
    if let Some(words) = ext.profession {
        let into = base.profession.get_or_insert_with(FileProfession::default);
        into.terms.extend(words.terms);
        into.hashtags.extend(words.hashtags);
        if words.reason.is_some() {
            into.reason = words.reason;
        }
    }
    merge_codes(&mut base.purposes, ext.purposes);
    merge_codes(&mut base.topics, ext.topics);
    base.cues.retain(|c| !ext.remove_cues.contains(&c.id));
    for cue in ext.cues {
        match base.cues.iter_mut().find(|c| c.id == cue.id) {
            Some(old) => *old = cue,
            None => base.cues.push(cue),
        }
    }
    if let Some(prec) = base.precedence.as_mut() {
        for p in &base.purposes {
            if !prec.contains(&p.code) {
                prec.push(p.code.clone());
            }
        }
    }
    base
}

/// Appends a list the extension gives to the base's (an absent base list counts as empty).
fn extend(base: &mut Option<Vec<String>>, ext: Option<Vec<String>>) {
    if let Some(more) = ext {
        base.get_or_insert_with(Vec::new).extend(more);
    }
}

/// Lays the extension's purposes or topics over the base's: a known code is updated, a
/// new one added at the end.
fn merge_codes(into: &mut Vec<FileCode>, from: Vec<FileCode>) {
    for code in from {
        match into.iter_mut().find(|c| c.code == code.code) {
            Some(old) => update_code(old, code),
            None => into.push(code),
        }
    }
}

/// Updates a code with what the extension says of it: the texts and the weight given
/// replace, the lists (examples, sources, the lexicon) are appended to.
fn update_code(old: &mut FileCode, code: FileCode) {
    if code.label.is_some() {
        old.label = code.label;
    }
    if code.description.is_some() {
        old.description = code.description;
    }
    if code.weight.is_some() {
        old.weight = code.weight;
    }
    if code.reason.is_some() {
        old.reason = code.reason;
    }
    old.examples.extend(code.examples);
    old.sources.extend(code.sources);
    old.terms.extend(code.terms);
    old.patterns.extend(code.patterns);
    old.hashtags.extend(code.hashtags);
    old.domains.extend(code.domains);
    old.mentions.extend(code.mentions);
}

/// Text as term cues see it: lowercased, @handles dropped, every character that is not a
/// letter, a digit or an in-word apostrophe turned into a single space, with a space at
/// each end. Terms are put through the same function, so `e-learning` matches
/// `e learning` and `#edchat` matches `edchat`; whole-word matching is then a literal space
/// on each side, which keeps the compiled set a plain (fast) automaton whatever the script.
pub(crate) fn word_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    word_text_into(text, &mut out);
    out
}

/// [`word_text`] into a reused buffer (cleared first).
pub(crate) fn word_text_into(text: &str, out: &mut String) {
    out.clear();
    out.push(' ');
    // The current token is out[start..]; on its end, edge apostrophes go and a space
    // follows (or the empty token is dropped).
    let mut start = out.len();
    let flush = |out: &mut String, start: &mut usize| {
        while out.len() > *start && out.ends_with('\'') {
            out.pop();
        }
        while out.len() > *start && out[*start..].starts_with('\'') {
            out.remove(*start);
        }
        if out.len() > *start {
            out.push(' ');
        }
        *start = out.len();
    };
    let mut in_handle = false;
    let mut prev_word = false;
    for c in text.chars() {
        let word = if c.is_ascii() {
            c.is_ascii_alphanumeric() || c == '\''
        } else {
            c.is_alphanumeric() || c == '’'
        };
        if in_handle {
            if word && c != '\'' && c != '’' || c == '_' {
                continue;
            }
            in_handle = false;
        }
        if (c == '@' || c == '＠') && !prev_word {
            flush(out, &mut start);
            in_handle = true;
            continue;
        }
        if word {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else if c == '’' {
                out.push('\'');
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            flush(out, &mut start);
        }
        prev_word = word;
    }
    flush(out, &mut start);
}

/// A term as a literal over [`word_text`]: `(" words ", false)`, or for `stem*`
/// `(" stem", true)`. `None` for a term with no letters or digits.
fn term_pattern(term: &str) -> Option<(String, bool)> {
    let term = term.trim();
    let (stem, open) = match term.strip_suffix('*') {
        Some(s) => (s, true),
        None => (term, false),
    };
    let words = word_text(stem);
    if words.trim().is_empty() {
        return None;
    }
    Some(if open {
        (words.trim_end().to_string(), true)
    } else {
        (words, false)
    })
}

/// Handle patterns, without their `@`.
fn handles(raw: &[String]) -> Vec<Wild> {
    raw.iter()
        .map(|a| Wild::new(a.trim().trim_start_matches(['@', '＠'])))
        .collect()
}

/// Checks and compiles a codebook file (already merged with the default when it extends
/// it), one step per part of the file. The codes come first, since precedence, the
/// fallback topic and every cue name them; the first fault found is the one reported.
fn compile(file: FileCodebook) -> Result<Codebook> {
    check_format(file.format)?;
    let purposes = code_infos(&file.purposes, "purpose")?;
    let topics = code_infos(&file.topics, "topic")?;
    if purposes.is_empty() {
        return Err(invalid("the codebook defines no purposes"));
    }
    let codes = Codes {
        purposes: &purposes,
        topics: &topics,
    };
    let precedence = precedence_indices(file.precedence.as_deref(), &codes)?;
    let tie_margin = non_negative("tie_margin", file.tie_margin.unwrap_or(0.0))?;
    let topic_threshold = non_negative("topic_threshold", file.topic_threshold.unwrap_or(1.0))?;
    let fallback_topic = match &file.fallback_topic {
        None => None,
        Some(f) => Some(fallback_rule(f, &codes)?),
    };
    let mut cues = CueSet::default();
    for fc in all_cues(&file, topic_threshold) {
        cues.add(fc, &codes)?;
    }
    let terms = cues.term_automaton()?;
    let pattern_set = cues.pattern_set()?;

    Ok(Codebook {
        name: file.name.unwrap_or_else(|| "custom codebook".to_string()),
        version: file.version.unwrap_or_else(|| "unversioned".to_string()),
        purposes,
        topics,
        precedence,
        tie_margin,
        topic_threshold,
        max_topics: file.max_topics.unwrap_or(3),
        short_words: file.short_words.unwrap_or(4),
        little_comment_words: file.little_comment_words.unwrap_or(12),
        fallback_topic,
        shared_hosts: shared_hosts(file.shared_hosts.unwrap_or_default()),
        own_site_clients: wilds(&file.own_site_clients.unwrap_or_default()),
        photo_hosts: photo_hosts(&file.photo_hosts.unwrap_or_default()),
        any_mentions: cues.cues.iter().any(|c| !c.mentions.is_empty()),
        cues: cues.cues,
        terms,
        term_cues: cues.term_cues,
        term_is_stem: cues.term_is_stem,
        pattern_set,
    })
}

/// Refuses a file written for another version of the format (none given: this one).
fn check_format(format: Option<u32>) -> Result<()> {
    match format {
        None | Some(FORMAT) => Ok(()),
        Some(other) => Err(invalid(format!(
            "the codebook has format = {other}, but this version of PLN Lens reads format = {FORMAT}"
        ))),
    }
}

/// The purposes or topics (`what`) as documented for people: each code given once, not
/// empty, and described.
fn code_infos(codes: &[FileCode], what: &str) -> Result<Vec<CodeInfo>> {
    let mut seen = HashSet::new();
    codes
        .iter()
        .map(|c| {
            let code = c.code.trim();
            if code.is_empty() {
                return Err(invalid(format!("a {what} in the codebook has an empty code")));
            }
            if !seen.insert(code.to_string()) {
                return Err(invalid(format!("the {what} \"{code}\" is defined twice")));
            }
            let description = c.description.clone().unwrap_or_default();
            if description.trim().is_empty() {
                return Err(invalid(format!(
                    "the {what} \"{code}\" has no description; every code needs one a teacher can read"
                )));
            }
            Ok(CodeInfo {
                code: code.to_string(),
                label: c.label.clone().unwrap_or_else(|| code.to_string()),
                description,
                examples: c.examples.clone(),
                sources: c.sources.clone(),
            })
        })
        .collect()
}

/// The codes a codebook defines, for turning the names that other parts use into indices.
struct Codes<'a> {
    purposes: &'a [CodeInfo],
    topics: &'a [CodeInfo],
}

impl Codes<'_> {
    fn purpose(&self, code: &str) -> Option<usize> {
        self.purposes.iter().position(|p| p.code == code)
    }

    fn topic(&self, code: &str) -> Option<usize> {
        self.topics.iter().position(|t| t.code == code)
    }
}

/// `precedence` as purpose indices: every purpose exactly once. Without one, the file's
/// order of purposes.
fn precedence_indices(names: Option<&[String]>, codes: &Codes) -> Result<Vec<usize>> {
    let names = names.map_or_else(
        || codes.purposes.iter().map(|p| p.code.clone()).collect(),
        <[String]>::to_vec,
    );
    let mut precedence = Vec::new();
    for name in &names {
        let i = codes.purpose(name).ok_or_else(|| {
            invalid(format!(
                "precedence names \"{name}\", which is not a purpose in the codebook"
            ))
        })?;
        if precedence.contains(&i) {
            return Err(invalid(format!("precedence names \"{name}\" twice")));
        }
        precedence.push(i);
    }
    if let Some(missing) = codes
        .purposes
        .iter()
        .enumerate()
        .find(|(i, _)| !precedence.contains(i))
    {
        return Err(invalid(format!(
            "precedence does not say where the purpose \"{}\" stands",
            missing.1.code
        )));
    }
    Ok(precedence)
}

/// A threshold or margin: finite and not negative.
fn non_negative(name: &str, v: f64) -> Result<f64> {
    if v.is_finite() && v >= 0.0 {
        Ok(v)
    } else {
        Err(invalid(format!(
            "{name} must be a number of zero or more, not {v}"
        )))
    }
}

/// `fallback_topic` as (topic index, purpose indices, reason).
fn fallback_rule(f: &FallbackTopic, codes: &Codes) -> Result<(usize, Vec<usize>, String)> {
    let t = codes.topic(&f.code).ok_or_else(|| {
        invalid(format!(
            "fallback_topic names \"{}\", which is not a topic in the codebook",
            f.code
        ))
    })?;
    let ps = f
        .when_purpose
        .iter()
        .map(|p| {
            codes.purpose(p).ok_or_else(|| {
                invalid(format!(
                    "fallback_topic.when_purpose names \"{p}\", which is not a purpose"
                ))
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((t, ps, f.reason.clone()))
}

/// Every cue to compile, in order: the topics' own lexicons as cues `topic:<code>`, then
/// `[profession]` as the cue `profession`, then the file's cues.
fn all_cues(file: &FileCodebook, topic_threshold: f64) -> Vec<FileCue> {
    let mut cues: Vec<FileCue> = file
        .topics
        .iter()
        .filter(|t| has_lexicon(t))
        .map(|t| topic_cue(t, topic_threshold))
        .collect();
    cues.extend(file.profession.as_ref().map(profession_cue));
    cues.extend(file.cues.iter().cloned());
    cues
}

/// Whether a topic has words of its own to look for.
fn has_lexicon(t: &FileCode) -> bool {
    !(t.terms.is_empty()
        && t.patterns.is_empty()
        && t.hashtags.is_empty()
        && t.domains.is_empty()
        && t.mentions.is_empty())
}

/// A topic's own lexicon as one cue; by default its weight alone reaches the threshold.
fn topic_cue(t: &FileCode, topic_threshold: f64) -> FileCue {
    FileCue {
        id: format!("topic:{}", t.code.trim()),
        topic: Some(t.code.trim().to_string()),
        weight: t.weight.unwrap_or(topic_threshold),
        reason: t
            .reason
            .clone()
            .unwrap_or_else(|| "mentions \"{match}\"".to_string()),
        terms: t.terms.clone(),
        patterns: t.patterns.clone(),
        hashtags: t.hashtags.clone(),
        domains: t.domains.clone(),
        mentions: t.mentions.clone(),
        ..Default::default()
    }
}

/// `[profession]` as a cue: it weighs nothing, it only sets the `professional` signal.
fn profession_cue(words: &FileProfession) -> FileCue {
    FileCue {
        id: "profession".to_string(),
        profession: true,
        weight: 0.0,
        reason: words
            .reason
            .clone()
            .unwrap_or_else(|| "uses words of the teaching profession (\"{match}\")".into()),
        terms: words.terms.clone(),
        hashtags: words.hashtags.clone(),
        ..Default::default()
    }
}

/// The cues compiled so far, with every cue's terms and patterns gathered in one list
/// each, so that all of them compile into one automaton and one regex set.
#[derive(Default)]
struct CueSet {
    cues: Vec<Cue>,
    ids: HashSet<String>,
    /// Distinct term literals, with for each the cues it belongs to and whether it is a stem.
    term_patterns: Vec<String>,
    term_index: HashMap<String, usize>,
    term_cues: Vec<Vec<usize>>,
    term_is_stem: Vec<bool>,
    /// Every cue's regex patterns, in order.
    pattern_sources: Vec<String>,
}

impl CueSet {
    /// Checks and compiles one cue and adds it.
    fn add(&mut self, fc: FileCue, codes: &Codes) -> Result<()> {
        let id = self.new_id(&fc.id)?;
        let target = cue_target(&fc, &id, codes)?;
        check_weight_and_reason(&fc, &id)?;
        let when = flag_bits(&fc.when, "when", &id)?;
        let when_any = flag_bits(&fc.when_any, "when_any", &id)?;
        let unless = flag_bits(&fc.unless, "unless", &id)?;
        let when_flags = fc
            .when
            .iter()
            .filter_map(|n| Flag::from_name(n.trim()))
            .collect();
        let has_terms = self.add_terms(&fc.terms);
        let patterns = self.add_patterns(&fc.patterns, &id)?;
        let (domain_words, domain_endings, domains) = split_domains(&fc.domains);
        let cue = Cue {
            id,
            target,
            weight: fc.weight,
            reason_parts: fc
                .reason
                .split_once("{match}")
                .map(|(a, b)| (a.to_string(), b.to_string())),
            reason_plain: reason_plain(&fc.reason),
            reason: fc.reason,
            when,
            when_any,
            unless,
            when_flags,
            scope: fc.scope,
            has_terms,
            patterns,
            hashtags: wilds(&fc.hashtags),
            domains,
            domain_endings,
            domain_words,
            clients: wilds(&fc.clients),
            accounts: handles(&fc.accounts),
            mentions: handles(&fc.mentions),
        };
        if !cue.has_matchers() && cue.when == 0 && cue.when_any == 0 && cue.unless == 0 {
            return Err(invalid(format!(
                "the cue \"{}\" looks for nothing: give it terms, patterns, hashtags, domains, clients, accounts, mentions or a when signal",
                cue.id
            )));
        }
        self.cues.push(cue);
        Ok(())
    }

    /// The cue's id, trimmed: not empty and not used by an earlier cue.
    fn new_id(&mut self, raw: &str) -> Result<String> {
        let id = raw.trim().to_string();
        if id.is_empty() {
            return Err(invalid("a cue in the codebook has an empty id"));
        }
        if !self.ids.insert(id.clone()) {
            return Err(invalid(format!("the cue \"{id}\" is defined twice")));
        }
        Ok(id)
    }

    /// Files the terms of the cue being added (the next in `cues`) under their literals,
    /// each literal once however many cues share it. Whether the cue has any term.
    fn add_terms(&mut self, terms: &[String]) -> bool {
        let cue = self.cues.len();
        let mut has_terms = false;
        for (pattern, stem) in terms.iter().filter_map(|t| term_pattern(t)) {
            let i = *self.term_index.entry(pattern.clone()).or_insert_with(|| {
                self.term_patterns.push(pattern);
                self.term_cues.push(Vec::new());
                self.term_is_stem.push(stem);
                self.term_patterns.len() - 1
            });
            if !self.term_cues[i].contains(&cue) {
                self.term_cues[i].push(cue);
            }
            has_terms = true;
        }
        has_terms
    }

    /// Compiles the cue's regex patterns, each with its index in the shared pattern set.
    fn add_patterns(&mut self, sources: &[String], id: &str) -> Result<Vec<(usize, Regex)>> {
        let mut patterns = Vec::new();
        for p in sources {
            let re = Regex::new(p).map_err(|e| {
                invalid(format!(
                    "the cue \"{id}\" has a pattern that is not a valid regular expression ({p}): {e}"
                ))
            })?;
            self.pattern_sources.push(p.clone());
            patterns.push((self.pattern_sources.len() - 1, re));
        }
        Ok(patterns)
    }

    /// Every cue's terms in one automaton.
    fn term_automaton(&self) -> Result<AhoCorasick> {
        AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&self.term_patterns)
            .map_err(|e| invalid(format!("the codebook's terms cannot be compiled: {e}")))
    }

    /// Every cue's patterns in one set.
    fn pattern_set(&self) -> Result<RegexSet> {
        RegexSet::new(&self.pattern_sources)
            .map_err(|e| invalid(format!("the codebook's patterns cannot be compiled: {e}")))
    }
}

/// What a cue adds weight to: exactly one purpose or topic the codebook defines (or the
/// profession signal, for the cue built from `[profession]`).
fn cue_target(fc: &FileCue, id: &str, codes: &Codes) -> Result<Target> {
    Ok(match (&fc.purpose, &fc.topic) {
        _ if fc.profession => Target::Profession,
        (Some(p), None) => Target::Purpose(codes.purpose(p).ok_or_else(|| {
            invalid(format!(
                "the cue \"{id}\" adds to the purpose \"{p}\", which the codebook does not define"
            ))
        })?),
        (None, Some(t)) => Target::Topic(codes.topic(t).ok_or_else(|| {
            invalid(format!(
                "the cue \"{id}\" adds to the topic \"{t}\", which the codebook does not define"
            ))
        })?),
        _ => {
            return Err(invalid(format!(
                "the cue \"{id}\" must name exactly one of purpose or topic"
            )));
        }
    })
}

/// A cue's weight must be a number and its reason must say something.
fn check_weight_and_reason(fc: &FileCue, id: &str) -> Result<()> {
    if !fc.weight.is_finite() {
        return Err(invalid(format!(
            "the cue \"{id}\" has a weight that is not a number"
        )));
    }
    if fc.reason.trim().is_empty() {
        return Err(invalid(format!(
            "the cue \"{id}\" has no reason; say in plain words what it found"
        )));
    }
    Ok(())
}

/// The signals named in a cue's `field` (`when`, `when_any`, `unless`) as a bit set.
fn flag_bits(names: &[String], field: &str, id: &str) -> Result<u32> {
    let mut bits = 0;
    for n in names {
        let f = Flag::from_name(n.trim()).ok_or_else(|| {
            let known: Vec<&str> = Flag::ALL.iter().map(|(_, n)| *n).collect();
            invalid(format!(
                "the cue \"{id}\" has {field} = \"{n}\", which is not a signal PLN Lens knows (known: {})",
                known.join(", ")
            ))
        })?;
        bits |= f.bit();
    }
    Ok(bits)
}

/// A reason with its `{match}` part left out, for when nothing is there to show.
fn reason_plain(reason: &str) -> String {
    reason
        .replace(" (\"{match}\")", "")
        .replace(" ({match})", "")
        .replace("{match}", "")
        .trim()
        .to_string()
}

/// Whether a domain pattern is `*word*`: a word the site's name contains.
fn is_domain_word(d: &str) -> bool {
    d.len() > 2 && d.starts_with('*') && d.ends_with('*')
}

/// A cue's `domains` sorted by how they match, lowercased: words a site's name contains
/// (`*marathon*`), endings (`.edu`, `*.edu`) and sites with their subdomains (`www.`
/// dropped).
fn split_domains(raw: &[String]) -> (Vec<String>, Vec<String>, HashSet<String>) {
    let words: Vec<String> = raw
        .iter()
        .map(|d| d.trim())
        .filter(|d| is_domain_word(d))
        .map(|d| d.trim_matches('*').to_lowercase())
        .collect();
    let (endings, sites): (Vec<String>, Vec<String>) = raw
        .iter()
        .filter(|d| !is_domain_word(d.trim()))
        .map(|d| {
            d.trim()
                .trim_start_matches('*')
                .trim_start_matches("www.")
                .to_lowercase()
        })
        .filter(|d| !d.is_empty() && d != ".")
        .partition(|d| d.starts_with('.'));
    (words, endings, sites.into_iter().collect())
}

/// `*`-wildcard patterns (hashtags, app names).
fn wilds(raw: &[String]) -> Vec<Wild> {
    raw.iter().map(|w| Wild::new(w)).collect()
}

/// Sites too widely shared to be anyone's own site (and link shorteners), lowercased.
fn shared_hosts(raw: Vec<String>) -> HashSet<String> {
    raw.into_iter().map(|h| h.to_lowercase()).collect()
}

/// Photo and video hosts, lowercased and without `www.`.
fn photo_hosts(raw: &[String]) -> HashSet<String> {
    raw.iter()
        .map(|h| h.trim().trim_start_matches("www.").to_lowercase())
        .filter(|h| !h.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_codebook_parses_and_every_code_is_described() {
        let cb = Codebook::default_codebook();
        let purposes: Vec<&str> = cb.purposes().iter().map(|p| p.code.as_str()).collect();
        assert_eq!(
            purposes,
            [
                "share", "ask", "discuss", "social", "promote", "inform", "personal"
            ]
        );
        let topics: Vec<&str> = cb.topics().iter().map(|t| t.code.as_str()).collect();
        assert_eq!(
            topics,
            [
                "technology",
                "pedagogy",
                "curriculum",
                "assessment",
                "leadership",
                "professional_learning",
                "research",
                "wellbeing_equity",
                "other"
            ]
        );
        assert_eq!(
            cb.precedence(),
            [
                "ask", "promote", "share", "discuss", "social", "inform", "personal"
            ]
        );
        for c in cb.purposes().iter().chain(cb.topics()) {
            assert!(c.description.len() > 20, "{} needs a description", c.code);
            assert!(!c.sources.is_empty(), "{} needs its research", c.code);
            assert!(!c.examples.is_empty(), "{} needs an example", c.code);
        }
        // Every purpose has at least one cue that can give it.
        for p in cb.purposes() {
            assert!(
                cb.cues().iter().any(|c| c.code == p.code),
                "no cue gives {}",
                p.code
            );
        }
        assert_eq!(cb.version(), "1.2");
    }

    #[test]
    fn wildcards_match_at_either_end() {
        assert!(Wild::new("#*chat").matches("ukedchat"));
        assert!(Wild::new("WordPress*").matches("wordpress.com"));
        assert!(!Wild::new("ff").matches("ffs"));
    }

    #[test]
    fn terms_match_whole_words_in_any_script() {
        let cb = Codebook::from_toml_str(
            r#"
[[purposes]]
code = "p"
description = "a purpose"
[[cues]]
id = "c"
purpose = "p"
weight = 1.0
reason = "r"
terms = ["evaluación", "teach*", "e-learning", "thank you"]
"#,
        )
        .unwrap();
        let mut hits = Vec::new();
        let found = |text: &str, hits: &mut Vec<Option<(u32, u32)>>| {
            let words = word_text(text);
            cb.term_hits(&words, hits);
            hits[0].map(|(a, b)| words[a as usize..b as usize].to_string())
        };
        assert_eq!(
            found("la Evaluación formativa", &mut hits).as_deref(),
            Some("evaluación")
        );
        assert_eq!(
            found("teachers rock", &mut hits).as_deref(),
            Some("teachers")
        );
        assert_eq!(
            found("#elearning or e-Learning?", &mut hits).as_deref(),
            Some("e learning")
        );
        assert_eq!(found("Thank you!", &mut hits).as_deref(), Some("thank you"));
        assert_eq!(found("reteach", &mut hits), None);
        assert_eq!(found("thank your", &mut hits), None);
        assert_eq!(word_text("I’m @ the café!"), " i'm the café ");
        assert_eq!(
            word_text("@jo_b: Thanks! mail a@b.c"),
            " thanks mail a b c "
        );
    }

    fn err_of(text: &str) -> Error {
        Codebook::from_toml_str(text).expect_err("should be refused")
    }

    #[test]
    fn bad_codebooks_are_refused_with_a_helpful_message() {
        let e = err_of(
            "extends = \"default\"\n[[cues]]\nid = \"x\"\npurpose = \"gossip\"\nweight = 1.0\nreason = \"r\"\nterms = [\"a\"]\n",
        );
        assert_eq!(e.kind, ErrorKind::Invalid);
        assert!(
            e.message.contains("\"x\"") && e.message.contains("gossip"),
            "{e}"
        );

        let e = err_of(
            "extends = \"default\"\n[[cues]]\nid = \"y\"\npurpose = \"ask\"\nweight = 1.0\nreason = \"r\"\npatterns = [\"(unclosed\"]\n",
        );
        assert!(
            e.message.contains("\"y\"") && e.message.contains("regular expression"),
            "{e}"
        );

        let e = err_of(
            "extends = \"default\"\n[[cues]]\nid = \"z\"\npurpose = \"ask\"\nweight = 1.0\nreason = \"r\"\nwhen = [\"full_moon\"]\n",
        );
        assert!(
            e.message.contains("full_moon") && e.message.contains("known"),
            "{e}"
        );

        let e = err_of("extends = \"mine\"\n");
        assert!(e.message.contains("only \"default\""), "{e}");

        let e = err_of("extends = \"default\"\n[[topics]]\ncode = \"maker\"\n");
        assert!(
            e.message.contains("maker") && e.message.contains("description"),
            "{e}"
        );

        let e = err_of("extends = \"default\"\nweights = 3\n");
        assert!(e.message.contains("weights"), "{e}");

        let e = err_of(
            "[[purposes]]\ncode = \"a\"\ndescription = \"does a\"\n[[purposes]]\ncode = \"b\"\ndescription = \"does b\"\nprecedence = [\"a\"]\n",
        );
        // `precedence` after a table belongs to the table in TOML: refused as unknown.
        assert_eq!(e.kind, ErrorKind::Invalid);

        let e = err_of(
            "precedence = [\"a\"]\n[[purposes]]\ncode = \"a\"\ndescription = \"does a\"\n[[purposes]]\ncode = \"b\"\ndescription = \"does b\"\n",
        );
        assert!(e.message.contains("\"b\""), "{e}");

        let e = Codebook::from_json_str("{\"extends\": \"default\", \"tie_margin\": -1}")
            .expect_err("negative margin");
        assert!(e.message.contains("tie_margin"), "{e}");
        let e = Codebook::from_json_str("{not json").expect_err("bad json");
        assert!(e.message.contains("JSON"), "{e}");
    }
}
