//! Reading one post: the facts the cues look at.
//!
//! In: a [`Post`], the chat session it sits in (if any), what is known of the person
//! ([`OwnSites`], [`ClientCues`]) and the [`Codebook`]. Out: [`Facts`]: the author's own
//! words and the passed-on words (links removed, and in the form terms are matched
//! against), the structural signals ([`Flag`]s), link sites, hashtags, mentions, the chat
//! label, and what a reason's `{match}` may show. Nothing here weighs anything.

use std::borrow::Cow;
use std::sync::LazyLock;

use chrono::{Datelike, Timelike, Weekday};
use regex::Regex;

use super::chat_label;
use super::codebook::{self, Codebook, Flag};
use super::person::Person;
use crate::model::{Post, PostKind};

/// What a post is made of, as the cues see it. Details shown in evidence ("3 words",
/// "Q2") are made only when a cue that shows them fires, so a post costs few allocations.
pub(crate) struct Facts<'a> {
    pub(crate) post: &'a Post,
    /// The author's own words as written, links removed.
    pub(crate) own: String,
    /// The same without @handles, in the form terms are matched against.
    pub(crate) own_lower: String,
    /// Passed-on text (a repost's or quote's), links removed.
    pub(crate) passed: String,
    pub(crate) passed_lower: String,
    pub(crate) flags: u32,
    pub(crate) domains: Vec<&'a str>,
    pub(crate) hashtags: Vec<String>,
    /// The @mentioned handles, lowercased (only when some cue looks at mentions).
    pub(crate) mentions: Vec<String>,
    /// Indices of the cues whose `clients` match the post's app (sorted).
    pub(crate) client_cues: &'a [usize],
    pub(crate) words: usize,
    pub(crate) chat: Option<(char, u8)>,
    /// The chat session the post was counted in (its hashtag), from the chats stage.
    pub(crate) in_chat: Option<&'a str>,
    pub(crate) own_site: Option<String>,
    /// The best rank of the post's sites among those the author links most (1 = most).
    pub(crate) site_rank: Option<u32>,
    pub(crate) topic_labels: Option<String>,
    /// The handle of the account whose words are passed on, lowercased, without `@`.
    pub(crate) account: Option<String>,
    /// The word of the profession found, when no topic was.
    pub(crate) profession_word: Option<String>,
}

impl Facts<'_> {
    pub(crate) fn set(&mut self, flag: Flag) {
        self.flags |= flag.bit();
    }

    pub(crate) fn has(&self, flag: Flag) -> bool {
        self.flags & flag.bit() != 0
    }

    /// What `{match}` says for a cue whose first `when` signal is `flag`.
    pub(crate) fn detail(&self, flag: Flag) -> Cow<'_, str> {
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

/// The text with curly single quotes folded to `'`, so that "don’t" reads as "don't".
/// (HTML entities are already decoded by the importers: decoding again would turn a
/// written "&amp;lt;" into "<".)
pub(crate) fn fold_quotes(text: &str) -> Cow<'_, str> {
    if !text.contains(['’', '‘']) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace(['’', '‘'], "'"))
}

/// The text with links (`http(s)://...`, `www....`, `pic.twitter.com/...`) blanked out.
/// A plain scan rather than a regex: it runs on every post and is the hot path.
#[cfg(test)]
pub(crate) fn strip_links(text: &str) -> String {
    let mut out = String::new();
    strip_links_into(text, &mut out);
    out
}

/// [`strip_links`] into a reused buffer (cleared first).
pub(crate) fn strip_links_into(text: &str, out: &mut String) {
    out.clear();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let end_of = |i: usize| {
        text[i..]
            .find(|c: char| c.is_whitespace())
            .map_or(text.len(), |e| i + e)
    };
    static FINDERS: LazyLock<[memchr::memmem::Finder<'static>; 4]> = LazyLock::new(|| {
        ["://", "www.", "WWW.", "pic.twitter.com/"].map(memchr::memmem::Finder::new)
    });
    let [scheme_sep, www, www_upper, pic] = &*FINDERS;
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
pub(crate) fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|t| !t.starts_with(['@', '＠', '#', '＃']))
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .count()
}

/// (has a real question, ends with one). A `?` glued to a following letter or `@` is not
/// a question: legacy exports turned curly quotes and apostrophes into `?`
/// ("everyone?s", "?@name: ...?").
pub(crate) fn questions(text: &str) -> (bool, bool) {
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
pub(crate) fn split_manual_quote(text: &str) -> Option<(&str, &str, &str)> {
    static CELL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"(?:^|\s)(?:RT|MT|R/T)\s*:?\s*[@＠]\w{1,15}:?|[“"?][@＠]\w{1,15}:"#)
            .expect("a built-in pattern")
    });
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
    let m = CELL.find(text)?;
    let handle = m
        .as_str()
        .split(['@', '＠'])
        .nth(1)
        .unwrap_or("")
        .trim_end_matches(':');
    Some((&text[..m.start()], &text[m.end()..], handle))
}

/// Reads `post` into [`Facts`], one kind of fact at a time. The text buffers are taken
/// from `buffers`; the caller hands them back when it is done with the facts.
pub(crate) fn read_post<'a>(
    post: &'a Post,
    in_chat: Option<&'a str>,
    person: &'a Person,
    cb: &Codebook,
    buffers: &mut Buffers,
) -> Facts<'a> {
    let text = fold_quotes(&post.text);
    let mut facts = blank_facts(post, in_chat, person, cb, buffers);
    read_words(&mut facts, &text);
    read_links(&mut facts, person, cb);
    read_marks(&mut facts, cb);
    read_chat_and_questions(&mut facts);
    read_length_and_time(&mut facts, cb);
    facts
}

/// Facts with the text buffers taken from `buffers`, the lowercased hashtags and
/// mentions, the app's cues and the flag of the post's kind; everything else empty.
fn blank_facts<'a>(
    post: &'a Post,
    in_chat: Option<&'a str>,
    person: &'a Person,
    cb: &Codebook,
    buffers: &mut Buffers,
) -> Facts<'a> {
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
        client_cues: person.clients.of_post(post),
        site_rank: None,
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
    facts
}

/// The own and passed-on words of `text` (the post's text, quotes folded), links
/// removed, in both forms; the account passed on; and who the words are addressed to.
fn read_words(facts: &mut Facts<'_>, text: &str) {
    let post = facts.post;
    let (own, passed) = split_passed_on(facts, text);
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
}

/// (own words, passed-on words) of `text`: a repost's `RT @name:` prefix or a manual
/// quote in the text; notes the handle passed on and the manual quote in `facts`.
fn split_passed_on<'t>(facts: &mut Facts<'_>, text: &'t str) -> (&'t str, &'t str) {
    static RT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*RT\s*[@＠](\w+)\s*:?\s*").expect("a built-in pattern"));
    match facts.post.kind {
        PostKind::Repost => {
            let found = RT.captures(text);
            let start = found.as_ref().and_then(|c| c.get(0)).map_or(0, |m| m.end());
            facts.account = found
                .and_then(|c| c.get(1))
                .map(|h| h.as_str().to_lowercase());
            ("", &text[start..])
        }
        _ => match split_manual_quote(text) {
            Some((own, passed, handle)) => {
                facts.set(Flag::ManualQuote);
                if !handle.is_empty() {
                    facts.account = Some(handle.to_lowercase());
                }
                (own, passed)
            }
            None => (text, ""),
        },
    }
}

/// The sites the post links to, whether one is the author's own, how high they rank
/// among the author's usual sites, and whether the post repeats an earlier one.
fn read_links<'a>(facts: &mut Facts<'a>, person: &'a Person, cb: &Codebook) {
    let post = facts.post;
    // Links: a quote's link to the post it quotes is structure, not a link passed on.
    for link in &post.links {
        if !link.is_post_link() && !link.domain.is_empty() {
            facts.domains.push(&link.domain);
        }
    }
    if !facts.domains.is_empty() {
        facts.set(Flag::Link);
    }
    let own = &person.own;
    if !own.is_empty() {
        facts.own_site = post.links.iter().find_map(|l| own.why(l, &cb.shared_hosts));
    }
    if facts.own_site.is_none()
        && post.kind != PostKind::Repost
        && let Some(why) = post.client.as_deref().and_then(|c| own.app_why(c))
    {
        facts.own_site = Some(why.to_string());
    }
    if facts.own_site.is_some() {
        facts.set(Flag::OwnSite);
    }
    facts.site_rank = person.habits.best_site_rank(post, &cb.shared_hosts);
    if person.habits.is_repeated(post) {
        facts.set(Flag::Repeated);
    }
}

/// Media, photos (attached or on a photo host), hashtags and mentions.
fn read_marks(facts: &mut Facts<'_>, cb: &Codebook) {
    let post = facts.post;
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
}

/// A chat label (Q1, A2) in the own words, the chat session the post sits in, and
/// whether the own words ask (or end with) a question.
fn read_chat_and_questions(facts: &mut Facts<'_>) {
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
}

/// How many own words (and so short or little comment), and whether the post was
/// written at the weekend or in the evening.
fn read_length_and_time(facts: &mut Facts<'_>, cb: &Codebook) {
    let post = facts.post;
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
}

/// Text buffers reused from post to post.
#[derive(Default)]
pub(crate) struct Buffers {
    pub(crate) own: String,
    pub(crate) own_lower: String,
    pub(crate) passed: String,
    pub(crate) passed_lower: String,
}
