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

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use chrono::{Datelike, Timelike, Weekday};
use regex::Regex;
use serde::Serialize;

use crate::model::{Archive, Link, Owner, Post, PostKind};

pub use codebook::{CodeInfo, Codebook, CueInfo, FallbackTopic, Scope};
use codebook::{Cue, Flag, Target};

/// Why a code was given: one sentence a teacher can read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

fn re(cell: &'static OnceLock<Regex>, src: &str) -> &'static Regex {
    // The sources are constants of this file, checked by the tests.
    cell.get_or_init(|| Regex::new(src).expect("a built-in pattern"))
}

/// A chat Q/A label at the start of a post (after any @mentions), as the #NGSSchat
/// research reads them (codebook section 4): `Q2: ...` gives `('Q', 2)`, `@mod A1 ...`
/// gives `('A', 1)`. The letter is upper-cased.
pub fn chat_label(text: &str) -> Option<(char, u8)> {
    static CELL: OnceLock<Regex> = OnceLock::new();
    // After the number: an optional `:.)-`, and then no further letter or digit, so
    // "A10" is label 10 but "Q4s" or "A2012" are not labels.
    let caps = re(
        &CELL,
        r"^\s*(?:[@＠]\w+\s+)*([QqAa])\s?(\d{1,2})(?:\s*[:.)\-]|\s|$)",
    )
    .captures(text)?;
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

/// Codes posts one at a time, with what it learnt once from the whole archive (the
/// author's own sites, the cues of each posting app). For a caller that keeps only the
/// codes of many posts and asks for the reasons of a few again when they are shown: coding
/// one post again takes microseconds, and gives the same codes and reasons.
pub struct Classifier {
    own: OwnSites,
    clients: ClientCues,
    scratch: std::cell::RefCell<Scratch>,
}

impl Classifier {
    /// Reads the archive's profile and posting apps for `codebook`.
    pub fn new(archive: &Archive, codebook: &Codebook) -> Classifier {
        Classifier {
            own: OwnSites::of(archive, codebook),
            clients: ClientCues::of(archive, codebook),
            scratch: Default::default(),
        }
    }

    /// Why `link` goes to the author's own site (`"mrsj.blog, the site named in the
    /// profile"`), found exactly as `promote` finds it (the profile's website and bio, blog
    /// tools posted from, the handle or name inside a domain), or `None` when it does not.
    /// For later stages that sort links (the network's "tools").
    pub fn own_site(&self, link: &Link, codebook: &Codebook) -> Option<String> {
        self.own.why(link, &codebook.shared_hosts)
    }

    /// Codes one post of the archive (with the codebook given to [`Classifier::new`]);
    /// `in_chat` is the chat session it was counted in, if any.
    pub fn code(&self, post: &Post, in_chat: Option<&str>, codebook: &Codebook) -> Coding {
        classify_post(
            post,
            in_chat,
            &self.own,
            &self.clients,
            codebook,
            &mut self.scratch.borrow_mut(),
        )
    }
}

/// Which cues each posting app matches, worked out once per distinct app (an archive has
/// a few dozen apps and many thousands of posts).
#[derive(Debug, Default)]
struct ClientCues {
    by_client: HashMap<Box<str>, Vec<usize>>,
}

impl ClientCues {
    fn of(archive: &Archive, cb: &Codebook) -> ClientCues {
        let mut by_client: HashMap<Box<str>, Vec<usize>> = HashMap::new();
        for post in &archive.posts {
            let Some(client) = post.client.as_deref() else {
                continue;
            };
            if by_client.contains_key(client) {
                continue;
            }
            let lower = client.to_lowercase();
            let cues = (0..cb.cues.len())
                .filter(|&i| cb.cues[i].clients.iter().any(|w| w.matches(&lower)))
                .collect();
            by_client.insert(client.into(), cues);
        }
        ClientCues { by_client }
    }

    fn of_post(&self, post: &Post) -> &[usize] {
        post.client
            .as_deref()
            .and_then(|c| self.by_client.get(c))
            .map_or(&[], Vec::as_slice)
    }
}

// ----- the author's own sites -------------------------------------------------------------

/// Sites that are the author's own, each with why we think so.
#[derive(Debug, Default)]
struct OwnSites {
    /// (site key, why) from the profile and blog tools.
    sites: Vec<(String, String)>,
    /// Name fragments (the handle, the joined display name) that make a site "theirs".
    names: Vec<String>,
}

/// The key identifying a site: its domain, or for WordPress short links `wp.me/<blog>`
/// (every wp.me link of one blog shares the blog part). `None` for shared hosts.
fn site_key(link: &Link, shared: &HashSet<String>) -> Option<String> {
    if &*link.domain == "wp.me" {
        let path = link.url.split("wp.me/").nth(1)?;
        let blog = path.split(['-', '/', '?']).next()?;
        return (!blog.is_empty()).then(|| format!("wp.me/{blog}"));
    }
    (!link.domain.is_empty() && !shared.contains(&*link.domain)).then(|| link.domain.to_string())
}

impl OwnSites {
    fn of(archive: &Archive, cb: &Codebook) -> OwnSites {
        let mut own = OwnSites::default();
        let owner: &Owner = &archive.owner;
        let add = |key: String, why: String, own: &mut OwnSites| {
            if !own.sites.iter().any(|(k, _)| *k == key) {
                own.sites.push((key, why));
            }
        };
        if let Some(site) = owner.website.as_deref() {
            let link = Link::new(site.trim());
            if let Some(key) = site_key(&link, &cb.shared_hosts) {
                add(
                    key.clone(),
                    format!("{key}, the site named in the profile"),
                    &mut own,
                );
            }
        }
        if let Some(bio) = owner.bio.as_deref() {
            static CELL: OnceLock<Regex> = OnceLock::new();
            let domains = re(
                &CELL,
                r"(?i)\b(?:https?://)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?:/[^\s]*)?",
            );
            for m in domains.find_iter(bio) {
                let text = m.as_str();
                let url = if text.contains("://") {
                    text.to_string()
                } else {
                    format!("https://{text}")
                };
                let link = Link::new(&url);
                if let Some(key) = site_key(&link, &cb.shared_hosts) {
                    add(
                        key.clone(),
                        format!("{key}, the site named in the profile"),
                        &mut own,
                    );
                }
            }
        }
        for name in [owner.handle.as_deref(), owner.display_name.as_deref()]
            .into_iter()
            .flatten()
        {
            let joined: String = name
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            // Short names ("jo", "msr") would match far too many sites.
            if joined.chars().count() >= 6 {
                own.names.push(joined);
            }
        }
        if !cb.own_site_clients.is_empty() {
            for post in &archive.posts {
                let Some(client) = post.client.as_deref() else {
                    continue;
                };
                let lower = client.to_lowercase();
                if !cb.own_site_clients.iter().any(|w| w.matches(&lower)) {
                    continue;
                }
                for link in &post.links {
                    if let Some(key) = site_key(link, &cb.shared_hosts) {
                        add(
                            key.clone(),
                            format!("{key}, a site the author publishes to from {client}"),
                            &mut own,
                        );
                    }
                }
            }
        }
        own
    }

    fn is_empty(&self) -> bool {
        self.sites.is_empty() && self.names.is_empty()
    }

    /// Why `link` is the author's own site, if it is.
    fn why(&self, link: &Link, shared: &HashSet<String>) -> Option<String> {
        let key = site_key(link, shared)?;
        for (k, why) in &self.sites {
            let subdomain = key.len() > k.len()
                && key.ends_with(k.as_str())
                && key.as_bytes()[key.len() - k.len() - 1] == b'.';
            if key == *k || subdomain {
                return Some(why.clone());
            }
        }
        if link.domain.contains('.') {
            let squashed: String = link.domain.chars().filter(|c| *c != '-').collect();
            if self.names.iter().any(|n| squashed.contains(n.as_str())) {
                return Some(format!(
                    "{}, a site carrying the author's name",
                    link.domain
                ));
            }
        }
        None
    }
}

// ----- reading one post ---------------------------------------------------------------------

/// What a post is made of, as the cues see it. Details shown in evidence ("3 words",
/// "Q2") are made only when a cue that shows them fires, so a post costs few allocations.
struct Facts<'a> {
    post: &'a Post,
    /// The author's own words as written, links removed.
    own: String,
    /// The same without @handles, in the form terms are matched against.
    own_lower: String,
    /// Passed-on text (a repost's or quote's), links removed.
    passed: String,
    passed_lower: String,
    flags: u32,
    domains: Vec<&'a str>,
    hashtags: Vec<String>,
    /// The @mentioned handles, lowercased (only when some cue looks at mentions).
    mentions: Vec<String>,
    /// Indices of the cues whose `clients` match the post's app (sorted).
    client_cues: &'a [usize],
    words: usize,
    chat: Option<(char, u8)>,
    /// The chat session the post was counted in (its hashtag), from the chats stage.
    in_chat: Option<&'a str>,
    own_site: Option<String>,
    topic_labels: Option<String>,
    /// The handle of the account whose words are passed on, lowercased, without `@`.
    account: Option<String>,
    /// The word of the profession found, when no topic was.
    profession_word: Option<String>,
}

impl Facts<'_> {
    fn set(&mut self, flag: Flag) {
        self.flags |= flag.bit();
    }

    fn has(&self, flag: Flag) -> bool {
        self.flags & flag.bit() != 0
    }

    /// What `{match}` says for a cue whose first `when` signal is `flag`.
    fn detail(&self, flag: Flag) -> Cow<'_, str> {
        let words = || match self.words {
            1 => Cow::Borrowed("1 word"),
            n => Cow::Owned(format!("{n} words")),
        };
        match flag {
            Flag::Link => self
                .domains
                .first()
                .map_or(Cow::Borrowed(""), |d| Cow::Borrowed(*d)),
            Flag::OwnSite => Cow::Borrowed(self.own_site.as_deref().unwrap_or("")),
            Flag::Media => Cow::Owned(format!("{} photo(s) or video(s)", self.post.media)),
            Flag::ManyMentions => Cow::Owned(format!("{} people", self.post.mentions.len())),
            Flag::ChatQ | Flag::ChatA => self
                .chat
                .map_or(Cow::Borrowed(""), |(l, n)| Cow::Owned(format!("{l}{n}"))),
            Flag::InChat => self
                .in_chat
                .map_or(Cow::Borrowed(""), |t| Cow::Owned(format!("#{t}"))),
            Flag::Question => Cow::Borrowed("?"),
            Flag::Short | Flag::LittleComment => words(),
            Flag::PassesOn => self
                .post
                .shared_from
                .as_ref()
                .and_then(|a| a.handle.as_deref())
                .map_or(Cow::Borrowed(""), |h| Cow::Owned(format!("@{h}"))),
            Flag::Topic => Cow::Borrowed(self.topic_labels.as_deref().unwrap_or("")),
            Flag::Professional => Cow::Borrowed(
                self.topic_labels
                    .as_deref()
                    .or(self.profession_word.as_deref())
                    .unwrap_or(""),
            ),
            Flag::Mentions => match self.post.mentions.len() {
                1 => Cow::Borrowed("1 person"),
                n => Cow::Owned(format!("{n} people")),
            },
            Flag::Photo => self
                .domains
                .first()
                .map_or(Cow::Borrowed("a photo or video"), |d| Cow::Borrowed(*d)),
            _ => Cow::Borrowed(""),
        }
    }
}

fn unescape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '’', '‘']) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.replace(['’', '‘'], "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    )
}

/// The text with links (`http(s)://...`, `www....`, `pic.twitter.com/...`) blanked out.
/// A plain scan rather than a regex: it runs on every post and is the hot path.
#[cfg(test)]
fn strip_links(text: &str) -> String {
    let mut out = String::new();
    strip_links_into(text, &mut out);
    out
}

/// [`strip_links`] into a reused buffer (cleared first).
fn strip_links_into(text: &str, out: &mut String) {
    out.clear();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let end_of = |i: usize| {
        text[i..]
            .find(|c: char| c.is_whitespace())
            .map_or(text.len(), |e| i + e)
    };
    static FINDERS: OnceLock<[memchr::memmem::Finder<'static>; 4]> = OnceLock::new();
    let [scheme_sep, www, www_upper, pic] = FINDERS.get_or_init(|| {
        ["://", "www.", "WWW.", "pic.twitter.com/"].map(memchr::memmem::Finder::new)
    });
    for i in scheme_sep.find_iter(text.as_bytes()) {
        // Back over the scheme ("http"), which may be glued to a word ("see:http://").
        let scheme = text[..i]
            .bytes()
            .rev()
            .take_while(u8::is_ascii_alphabetic)
            .count();
        spans.push((i - scheme, end_of(i)));
    }
    for finder in [www, www_upper, pic] {
        for i in finder.find_iter(text.as_bytes()) {
            let starts_word = text[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric() && c != '/' && c != '.');
            if starts_word && !spans.iter().any(|&(a, b)| a <= i && i < b) {
                spans.push((i, end_of(i)));
            }
        }
    }
    if spans.is_empty() {
        out.push_str(text);
        return;
    }
    spans.sort_unstable();
    let mut at = 0;
    for (a, b) in spans {
        if a >= at {
            out.push_str(&text[at..a]);
            out.push(' ');
            at = b;
        } else {
            at = at.max(b);
        }
    }
    out.push_str(&text[at..]);
}

/// Words of one's own: tokens with a letter or digit that are not @handles or #tags.
fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|t| !t.starts_with(['@', '＠', '#', '＃']))
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .count()
}

/// (has a real question, ends with one). A `?` glued to a following letter or `@` is not
/// a question: legacy exports turned curly quotes and apostrophes into `?`
/// ("everyone?s", "?@name: ...?").
fn questions(text: &str) -> (bool, bool) {
    let mut any = text.contains('¿');
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' || c == '？' {
            let next = chars.peek().copied();
            let glued = next.is_some_and(|n| n.is_alphanumeric() || n == '@' || n == '#');
            let opens =
                prev.is_none_or(char::is_whitespace) && next.is_some_and(|n| !n.is_whitespace());
            if !glued && !opens {
                any = true;
            }
        }
        prev = Some(c);
    }
    if !any {
        return (false, false);
    }
    // The last token that is not a #tag, an @name or bare punctuation ends with "?".
    let end = text
        .split_whitespace()
        .rev()
        .find(|t| {
            let is_tag = t.starts_with(['#', '@', '＃', '＠']);
            let no_word = !t
                .chars()
                .any(|c| c.is_alphanumeric() || c == '?' || c == '？');
            !(is_tag || no_word)
        })
        .is_some_and(|t| {
            t.trim_end_matches(['!', ')', '"', '\'', '”', '»', '.'])
                .ends_with(['?', '？'])
        });
    (any, end)
}

/// Splits text into (own words, passed-on words, handle passed on) for posts that pass
/// something on in the text itself: `comment RT @name: passed`, `comment MT @name ...`,
/// `comment “@name: passed”`.
fn split_manual_quote(text: &str) -> Option<(&str, &str, &str)> {
    static CELL: OnceLock<Regex> = OnceLock::new();
    // Every form has "RT", "MT" or "R/T" (then maybe ":" and spaces), or a quote mark or
    // "?", just before an "@": look there first, the regex only when one is found.
    let bytes = text.as_bytes();
    let maybe = memchr::memchr_iter(b'@', bytes).any(|at| {
        let before = text[..at].trim_end_matches([' ', ':']);
        before.ends_with("RT")
            || before.ends_with("MT")
            || before.ends_with("R/T")
            || text[..at].ends_with(['"', '“', '?'])
    }) || text.contains('＠');
    if !maybe {
        return None;
    }
    let m = re(
        &CELL,
        r#"(?:^|\s)(?:RT|MT|R/T)\s*:?\s*[@＠]\w{1,15}:?|[“"?][@＠]\w{1,15}:"#,
    )
    .find(text)?;
    let handle = m
        .as_str()
        .split(['@', '＠'])
        .nth(1)
        .unwrap_or("")
        .trim_end_matches(':');
    Some((&text[..m.start()], &text[m.end()..], handle))
}

fn read_post<'a>(
    post: &'a Post,
    in_chat: Option<&'a str>,
    own_sites: &OwnSites,
    clients: &'a ClientCues,
    cb: &Codebook,
    buffers: &mut Buffers,
) -> Facts<'a> {
    static RT: OnceLock<Regex> = OnceLock::new();
    let text = unescape(&post.text);
    let mut facts = Facts {
        post,
        own: std::mem::take(&mut buffers.own),
        own_lower: std::mem::take(&mut buffers.own_lower),
        passed: std::mem::take(&mut buffers.passed),
        passed_lower: std::mem::take(&mut buffers.passed_lower),
        flags: 0,
        domains: Vec::new(),
        hashtags: post.hashtags.iter().map(|h| h.to_lowercase()).collect(),
        mentions: if cb.any_mentions {
            post.mentions
                .iter()
                .filter_map(|m| m.handle.as_deref())
                .map(str::to_lowercase)
                .collect()
        } else {
            Vec::new()
        },
        client_cues: clients.of_post(post),
        words: 0,
        chat: None,
        in_chat,
        own_site: None,
        topic_labels: None,
        account: None,
        profession_word: None,
    };
    facts.set(match post.kind {
        PostKind::Original => Flag::Original,
        PostKind::Reply => Flag::Reply,
        PostKind::Thread => Flag::Thread,
        PostKind::Repost => Flag::Repost,
        PostKind::Quote => Flag::Quote,
    });

    let (own, passed): (&str, &str) = match post.kind {
        PostKind::Repost => {
            let found = re(&RT, r"^\s*RT\s*[@＠](\w+)\s*:?\s*").captures(&text);
            let start = found.as_ref().and_then(|c| c.get(0)).map_or(0, |m| m.end());
            facts.account = found
                .and_then(|c| c.get(1))
                .map(|h| h.as_str().to_lowercase());
            ("", &text[start..])
        }
        _ => match split_manual_quote(&text) {
            Some((own, passed, handle)) => {
                facts.set(Flag::ManualQuote);
                if !handle.is_empty() {
                    facts.account = Some(handle.to_lowercase());
                }
                (own, passed)
            }
            None => (&text, ""),
        },
    };
    if let Some(handle) = post.shared_from.as_ref().and_then(|a| a.handle.as_deref())
        && !handle.is_empty()
    {
        facts.account = Some(handle.trim_start_matches(['@', '＠']).to_lowercase());
    }
    if matches!(post.kind, PostKind::Repost | PostKind::Quote) || facts.has(Flag::ManualQuote) {
        facts.set(Flag::PassesOn);
    }
    strip_links_into(own, &mut facts.own);
    codebook::word_text_into(&facts.own, &mut facts.own_lower);
    facts.passed.clear();
    facts.passed_lower.clear();
    if !passed.is_empty() {
        strip_links_into(passed, &mut facts.passed);
        codebook::word_text_into(&facts.passed, &mut facts.passed_lower);
    }

    if post.kind != PostKind::Repost && facts.own.trim_start().starts_with(['@', '＠']) {
        facts.set(Flag::Addressed);
    }
    if post.kind == PostKind::Reply || facts.has(Flag::Addressed) {
        facts.set(Flag::Conversation);
    }

    // Links: a quote's link to the post it quotes is structure, not a link passed on.
    for link in &post.links {
        let is_status = matches!(
            &*link.domain,
            "twitter.com" | "x.com" | "mobile.twitter.com"
        ) && link.url.contains("/status");
        if !is_status && !link.domain.is_empty() {
            facts.domains.push(&link.domain);
        }
    }
    if !facts.domains.is_empty() {
        facts.set(Flag::Link);
    }
    if !own_sites.is_empty() {
        facts.own_site = post
            .links
            .iter()
            .find_map(|l| own_sites.why(l, &cb.shared_hosts));
        if facts.own_site.is_some() {
            facts.set(Flag::OwnSite);
        }
    }
    if post.media > 0 {
        facts.set(Flag::Media);
        facts.set(Flag::Photo);
    }
    if facts.domains.iter().any(|d| cb.is_photo_host(d)) {
        facts.set(Flag::Photo);
    }
    if !post.hashtags.is_empty() {
        facts.set(Flag::Hashtags);
    }
    if !post.mentions.is_empty() {
        facts.set(Flag::Mentions);
    }
    if post.mentions.len() >= 3 {
        facts.set(Flag::ManyMentions);
    }

    // A label needs a digit: most posts skip the regex.
    if facts.own.bytes().any(|b| b.is_ascii_digit()) {
        facts.chat = chat_label(&facts.own);
    }
    match facts.chat {
        Some(('Q', _)) => facts.set(Flag::ChatQ),
        Some(_) => facts.set(Flag::ChatA),
        None => {}
    }
    if facts.in_chat.is_some() {
        facts.set(Flag::InChat);
    }
    let (any, end) = questions(&facts.own);
    if any {
        facts.set(Flag::Question);
    }
    if end {
        facts.set(Flag::QuestionEnd);
    }
    facts.words = count_words(&facts.own);
    if facts.words > 0 {
        facts.set(Flag::HasOwnWords);
    }
    if facts.words <= cb.short_words && post.kind != PostKind::Repost {
        facts.set(Flag::Short);
    }
    if facts.words <= cb.little_comment_words {
        facts.set(Flag::LittleComment);
    }
    let at = post.created_at;
    if matches!(at.weekday(), Weekday::Sat | Weekday::Sun) {
        facts.set(Flag::Weekend);
    }
    if at.hour() >= 18 {
        facts.set(Flag::Evening);
    }
    facts
}

/// Term and pattern hits of a post, per text.
struct Hits {
    /// Per cue: the span of its first term in the own / passed-on words.
    own_terms: Vec<Option<(u32, u32)>>,
    passed_terms: Vec<Option<(u32, u32)>>,
    own_patterns: regex::SetMatches,
    passed_patterns: Option<regex::SetMatches>,
}

/// Where a cue found what it found; the text is read out only for evidence shown.
#[derive(Debug, Clone, Copy)]
enum Found {
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
fn fires(ci: usize, cue: &Cue, facts: &Facts, hits: &Hits) -> Option<Found> {
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
fn found_text<'f>(
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
fn reason(code: &str, cue: &Cue, found: &str) -> String {
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

/// Text buffers reused from post to post.
#[derive(Default)]
struct Buffers {
    own: String,
    own_lower: String,
    passed: String,
    passed_lower: String,
}

/// Buffers reused from post to post, so classifying costs few allocations.
#[derive(Default)]
struct Scratch {
    text: Buffers,
    own_terms: Vec<Option<(u32, u32)>>,
    passed_terms: Vec<Option<(u32, u32)>>,
    topic_scores: Vec<f64>,
    scores: Vec<f64>,
    fired: Vec<(usize, Found)>,
}

fn classify_post(
    post: &Post,
    in_chat: Option<&str>,
    own_sites: &OwnSites,
    clients: &ClientCues,
    cb: &Codebook,
    scratch: &mut Scratch,
) -> Coding {
    let mut facts = read_post(post, in_chat, own_sites, clients, cb, &mut scratch.text);
    let passed = !facts.passed_lower.trim().is_empty();
    // A repost has no words of its own: its empty text needs no scan.
    let own = if facts.own.trim().is_empty() {
        ""
    } else {
        facts.own.as_str()
    };
    let own_lower = if own.is_empty() {
        ""
    } else {
        facts.own_lower.as_str()
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

    // Topics first: purpose cues may ask whether the post is about anything professional.
    let mut topic_scores = std::mem::take(&mut scratch.topic_scores);
    topic_scores.clear();
    topic_scores.resize(cb.topics.len(), 0.0);
    // (cue index, where it found its match).
    let mut fired = std::mem::take(&mut scratch.fired);
    fired.clear();
    let mut profession = None;
    for (ci, cue) in cb.cues.iter().enumerate() {
        match cue.target {
            Target::Topic(t) => {
                if let Some(found) = fires(ci, cue, &facts, &hits) {
                    topic_scores[t] += cue.weight;
                    fired.push((ci, found));
                }
            }
            Target::Profession => {
                if let Some(found) = fires(ci, cue, &facts, &hits) {
                    profession = Some((ci, found));
                }
            }
            Target::Purpose(_) => {}
        }
    }
    let mut topics: Vec<usize> = (0..cb.topics.len())
        .filter(|&t| topic_scores[t] >= cb.topic_threshold && topic_scores[t] > 0.0)
        .collect();
    topics.sort_by(|a, b| topic_scores[*b].total_cmp(&topic_scores[*a]));
    topics.truncate(cb.max_topics);
    if topics.is_empty() {
        facts.set(Flag::NoTopic);
    } else {
        let labels: Vec<String> = topics
            .iter()
            .map(|&t| cb.topics[t].label.to_lowercase())
            .collect();
        facts.set(Flag::Topic);
        facts.set(Flag::Professional);
        facts.topic_labels = Some(labels.join(" and "));
    }
    if let Some((ci, found)) = profession {
        facts.set(Flag::Professional);
        if facts.topic_labels.is_none() {
            let word = found_text(ci, &cb.cues[ci], found, &facts, &hits).into_owned();
            facts.profession_word = Some(word);
        }
    }

    let mut scores = std::mem::take(&mut scratch.scores);
    scores.clear();
    scores.resize(cb.purposes.len(), 0.0);
    for (ci, cue) in cb.cues.iter().enumerate() {
        if let Target::Purpose(p) = cue.target
            && let Some(found) = fires(ci, cue, &facts, &hits)
        {
            scores[p] += cue.weight;
            fired.push((ci, found));
        }
    }

    let best = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut why = Vec::new();
    let purpose = if best > 0.0 {
        let chosen = cb
            .precedence
            .iter()
            .copied()
            .find(|&p| scores[p] > 0.0 && scores[p] >= best - cb.tie_margin)
            .unwrap_or(cb.precedence[0]);
        let mut mine: Vec<&(usize, Found)> = fired
            .iter()
            .filter(|(ci, _)| cb.cues[*ci].target == Target::Purpose(chosen))
            .collect();
        mine.sort_by(|a, b| cb.cues[b.0].weight.total_cmp(&cb.cues[a.0].weight));
        let code = &cb.purposes[chosen].code;
        for &(ci, found) in mine {
            let cue = &cb.cues[ci];
            why.push(Evidence {
                code: code.clone(),
                reason: reason(code, cue, &found_text(ci, cue, found, &facts, &hits)),
            });
        }
        // Say when the codebook's order of preference, not the weights, decided.
        let rivals: Vec<&str> = cb
            .precedence
            .iter()
            .filter(|&&p| p != chosen && scores[p] > 0.0 && scores[p] >= best - cb.tie_margin)
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
        chosen
    } else {
        let last = *cb.precedence.last().unwrap_or(&0);
        let code = &cb.purposes[last].code;
        why.push(Evidence {
            code: code.clone(),
            reason: format!("{code}: no sign of any other purpose, so the codebook's last choice"),
        });
        last
    };

    let mut topic_codes = Vec::new();
    for &t in &topics {
        let code = &cb.topics[t].code;
        topic_codes.push(code.clone());
        for &(ci, found) in &fired {
            let cue = &cb.cues[ci];
            if cue.target == Target::Topic(t) {
                why.push(Evidence {
                    code: code.clone(),
                    reason: reason(code, cue, &found_text(ci, cue, found, &facts, &hits)),
                });
            }
        }
    }
    if let Some((t, when, text)) = &cb.fallback_topic
        && topics.is_empty()
        && when.contains(&purpose)
    {
        let code = &cb.topics[*t].code;
        topic_codes.push(code.clone());
        why.push(Evidence {
            code: code.clone(),
            reason: format!("{code}: {text}"),
        });
    }
    let coding = Coding {
        purpose: cb.purposes[purpose].code.clone(),
        topics: topic_codes,
        why,
    };
    scratch.text = Buffers {
        own: facts.own,
        own_lower: facts.own_lower,
        passed: facts.passed,
        passed_lower: facts.passed_lower,
    };
    scratch.own_terms = hits.own_terms;
    scratch.passed_terms = hits.passed_terms;
    scratch.topic_scores = topic_scores;
    scratch.scores = scores;
    scratch.fired = fired;
    coding
}

/// Every signal name a codebook's `when`/`unless` may use, for documentation and tools.
pub fn signal_names() -> Vec<&'static str> {
    Flag::ALL.iter().map(|(_, n)| *n).collect()
}

#[cfg(test)]
mod tests;
