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
    if let Some(hosts) = ext.shared_hosts {
        base.shared_hosts.get_or_insert_with(Vec::new).extend(hosts);
    }
    if let Some(clients) = ext.own_site_clients {
        base.own_site_clients
            .get_or_insert_with(Vec::new)
            .extend(clients);
    }
    if let Some(hosts) = ext.photo_hosts {
        base.photo_hosts.get_or_insert_with(Vec::new).extend(hosts);
    }
    if let Some(words) = ext.profession {
        let into = base.profession.get_or_insert_with(FileProfession::default);
        into.terms.extend(words.terms);
        into.hashtags.extend(words.hashtags);
        if words.reason.is_some() {
            into.reason = words.reason;
        }
    }
    for (into, from) in [
        (&mut base.purposes, ext.purposes),
        (&mut base.topics, ext.topics),
    ] {
        for code in from {
            match into.iter_mut().find(|c| c.code == code.code) {
                Some(old) => {
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
                None => into.push(code),
            }
        }
    }
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

fn compile(file: FileCodebook) -> Result<Codebook> {
    match file.format {
        None | Some(FORMAT) => {}
        Some(other) => {
            return Err(invalid(format!(
                "the codebook has format = {other}, but this version of PLN Lens reads format = {FORMAT}"
            )));
        }
    }
    let infos = |codes: &[FileCode], what: &str| -> Result<Vec<CodeInfo>> {
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
    };
    let purposes = infos(&file.purposes, "purpose")?;
    let topics = infos(&file.topics, "topic")?;
    if purposes.is_empty() {
        return Err(invalid("the codebook defines no purposes"));
    }
    let purpose_index = |code: &str| purposes.iter().position(|p| p.code == code);
    let topic_index = |code: &str| topics.iter().position(|t| t.code == code);

    let precedence_names = file
        .precedence
        .clone()
        .unwrap_or_else(|| purposes.iter().map(|p| p.code.clone()).collect());
    let mut precedence = Vec::new();
    for name in &precedence_names {
        let i = purpose_index(name).ok_or_else(|| {
            invalid(format!(
                "precedence names \"{name}\", which is not a purpose in the codebook"
            ))
        })?;
        if precedence.contains(&i) {
            return Err(invalid(format!("precedence names \"{name}\" twice")));
        }
        precedence.push(i);
    }
    if let Some(missing) = purposes
        .iter()
        .enumerate()
        .find(|(i, _)| !precedence.contains(i))
    {
        return Err(invalid(format!(
            "precedence does not say where the purpose \"{}\" stands",
            missing.1.code
        )));
    }

    let check_number = |name: &str, v: f64| -> Result<f64> {
        if v.is_finite() && v >= 0.0 {
            Ok(v)
        } else {
            Err(invalid(format!(
                "{name} must be a number of zero or more, not {v}"
            )))
        }
    };
    let tie_margin = check_number("tie_margin", file.tie_margin.unwrap_or(0.0))?;
    let topic_threshold = check_number("topic_threshold", file.topic_threshold.unwrap_or(1.0))?;

    let fallback_topic = match &file.fallback_topic {
        None => None,
        Some(f) => {
            let t = topic_index(&f.code).ok_or_else(|| {
                invalid(format!(
                    "fallback_topic names \"{}\", which is not a topic in the codebook",
                    f.code
                ))
            })?;
            let ps = f
                .when_purpose
                .iter()
                .map(|p| {
                    purpose_index(p).ok_or_else(|| {
                        invalid(format!(
                            "fallback_topic.when_purpose names \"{p}\", which is not a purpose"
                        ))
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            Some((t, ps, f.reason.clone()))
        }
    };

    // Topics' own lexicons become cues `topic:<code>`, placed before the file's cues.
    let mut file_cues: Vec<FileCue> = file
        .topics
        .iter()
        .filter(|t| {
            !(t.terms.is_empty()
                && t.patterns.is_empty()
                && t.hashtags.is_empty()
                && t.domains.is_empty()
                && t.mentions.is_empty())
        })
        .map(|t| FileCue {
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
        })
        .collect();
    if let Some(words) = &file.profession {
        file_cues.push(FileCue {
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
        });
    }
    file_cues.extend(file.cues.iter().cloned());

    let mut seen = HashSet::new();
    let mut cues = Vec::new();
    let mut term_patterns: Vec<String> = Vec::new();
    let mut term_index: HashMap<String, usize> = HashMap::new();
    let mut term_cues: Vec<Vec<usize>> = Vec::new();
    let mut term_is_stem: Vec<bool> = Vec::new();
    let mut pattern_sources = Vec::new();
    for fc in file_cues {
        let id = fc.id.trim().to_string();
        if id.is_empty() {
            return Err(invalid("a cue in the codebook has an empty id"));
        }
        if !seen.insert(id.clone()) {
            return Err(invalid(format!("the cue \"{id}\" is defined twice")));
        }
        let target = match (&fc.purpose, &fc.topic) {
            _ if fc.profession => Target::Profession,
            (Some(p), None) => Target::Purpose(purpose_index(p).ok_or_else(|| {
                invalid(format!(
                    "the cue \"{id}\" adds to the purpose \"{p}\", which the codebook does not define"
                ))
            })?),
            (None, Some(t)) => Target::Topic(topic_index(t).ok_or_else(|| {
                invalid(format!(
                    "the cue \"{id}\" adds to the topic \"{t}\", which the codebook does not define"
                ))
            })?),
            _ => {
                return Err(invalid(format!(
                    "the cue \"{id}\" must name exactly one of purpose or topic"
                )));
            }
        };
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
        let flags = |names: &[String], field: &str| -> Result<u32> {
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
        };
        let when = flags(&fc.when, "when")?;
        let when_any = flags(&fc.when_any, "when_any")?;
        let unless = flags(&fc.unless, "unless")?;
        let when_flags = fc
            .when
            .iter()
            .filter_map(|n| Flag::from_name(n.trim()))
            .collect();

        let mut has_terms = false;
        for (pattern, stem) in fc.terms.iter().filter_map(|t| term_pattern(t)) {
            let i = *term_index.entry(pattern.clone()).or_insert_with(|| {
                term_patterns.push(pattern);
                term_cues.push(Vec::new());
                term_is_stem.push(stem);
                term_patterns.len() - 1
            });
            if !term_cues[i].contains(&cues.len()) {
                term_cues[i].push(cues.len());
            }
            has_terms = true;
        }
        let mut patterns = Vec::new();
        for p in &fc.patterns {
            let re = Regex::new(p).map_err(|e| {
                invalid(format!(
                    "the cue \"{id}\" has a pattern that is not a valid regular expression ({p}): {e}"
                ))
            })?;
            pattern_sources.push(p.clone());
            patterns.push((pattern_sources.len() - 1, re));
        }
        let domain_words: Vec<String> = fc
            .domains
            .iter()
            .map(|d| d.trim())
            .filter(|d| d.len() > 2 && d.starts_with('*') && d.ends_with('*'))
            .map(|d| d.trim_matches('*').to_lowercase())
            .collect();
        let (endings, domains): (Vec<String>, Vec<String>) = fc
            .domains
            .iter()
            .filter(|d| {
                let d = d.trim();
                !(d.len() > 2 && d.starts_with('*') && d.ends_with('*'))
            })
            .map(|d| {
                d.trim()
                    .trim_start_matches('*')
                    .trim_start_matches("www.")
                    .to_lowercase()
            })
            .filter(|d| !d.is_empty() && d != ".")
            .partition(|d| d.starts_with('.'));
        let cue = Cue {
            id,
            target,
            weight: fc.weight,
            reason_parts: fc
                .reason
                .split_once("{match}")
                .map(|(a, b)| (a.to_string(), b.to_string())),
            reason_plain: fc
                .reason
                .replace(" (\"{match}\")", "")
                .replace(" ({match})", "")
                .replace("{match}", "")
                .trim()
                .to_string(),
            reason: fc.reason,
            when,
            when_any,
            unless,
            when_flags,
            scope: fc.scope,
            has_terms,
            patterns,
            hashtags: fc.hashtags.iter().map(|h| Wild::new(h)).collect(),
            domains: domains.into_iter().collect(),
            domain_endings: endings,
            domain_words,
            clients: fc.clients.iter().map(|c| Wild::new(c)).collect(),
            accounts: handles(&fc.accounts),
            mentions: handles(&fc.mentions),
        };
        if !cue.has_matchers() && cue.when == 0 && cue.when_any == 0 && cue.unless == 0 {
            return Err(invalid(format!(
                "the cue \"{}\" looks for nothing: give it terms, patterns, hashtags, domains, clients, accounts, mentions or a when signal",
                cue.id
            )));
        }
        cues.push(cue);
    }
    let terms = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&term_patterns)
        .map_err(|e| invalid(format!("the codebook's terms cannot be compiled: {e}")))?;
    let pattern_set = RegexSet::new(&pattern_sources)
        .map_err(|e| invalid(format!("the codebook's patterns cannot be compiled: {e}")))?;

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
        shared_hosts: file
            .shared_hosts
            .unwrap_or_default()
            .into_iter()
            .map(|h| h.to_lowercase())
            .collect(),
        own_site_clients: file
            .own_site_clients
            .unwrap_or_default()
            .iter()
            .map(|c| Wild::new(c))
            .collect(),
        photo_hosts: file
            .photo_hosts
            .unwrap_or_default()
            .iter()
            .map(|h| h.trim().trim_start_matches("www.").to_lowercase())
            .filter(|h| !h.is_empty())
            .collect(),
        any_mentions: cues.iter().any(|c| !c.mentions.is_empty()),
        cues,
        terms,
        term_cues,
        term_is_stem,
        pattern_set,
    })
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
