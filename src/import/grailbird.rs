//! Legacy Twitter archives, made before 2019 (the "Grailbird" viewer and `tweets.csv`).
//!
//! In: a container holding, under `root`, a `tweets.csv`, the `data/js/` files, or both.
//! Out: an [`Archive`] (posts and owner only: these archives hold no likes, follows or
//! messages).
//!
//! What it reads, and only that:
//! - `data/js/tweets/YYYY_MM.js`: `Grailbird.data.tweets_YYYY_MM = [ {...}, ... ]`, one file
//!   per month, listed by `data/js/tweet_index.js` (with a `tweet_count` per file, checked)
//!   and found by name too, so a stale index loses nothing. Elements have X's tweet shape
//!   (numbers as numbers, `created_at` like `2013-05-20 20:47:50 +0000`, a `user` object, an
//!   embedded `retweeted_status` on retweets) and go through the X importer's
//!   `post_from_tweet`.
//! - `tweets.csv`: a header row, then one row per tweet, read record by record and by
//!   column name (the column order changed over the years). It has no entities: hashtags
//!   and mentions come from the text, links from `expanded_urls` and the text.
//! - `data/js/user_details.js` (the owner) and `data/js/payload_details.js` (the number of
//!   tweets announced).
//!
//! When both the JS files and the CSV are present the richer JS files are read first and
//! the CSV second; every post id counts once (repeats are counted as duplicates), so a
//! CSV-only, a JS-only and a full archive give the same posts.
//!
//! Kinds, as the codebook says, from the fields: a repost starts `RT @user:` or names a
//! retweeted status; a reply has an `in_reply_to_status_id` (an `@user` message with only an
//! `in_reply_to_user_id` answers no post: it stays an original with a mention); a reply to
//! one of the archive's own posts, or to the owner's id, is a thread; a quote links
//! `twitter.com|x.com/<user>/status/<id>` of someone else. A CSV-only archive does not say
//! whose it is: the owner's id is inferred from the replies that answer the archive's own
//! posts, and the handle from links to the archive's own posts (such as its photo links).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::Read;

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};
use crate::import::collect::Collector;
use crate::import::elements::assigned_value;
use crate::import::lenient::LenientId;
use crate::import::stream::{Tracker, stream_elements};
use crate::import::text::{
    client_name, hashtags_in, mentions_in, parse_date, status_url, unescape_x,
};
use crate::import::x::{OwnerKey, RawTweet, post_from_tweet, repost_author};
use crate::model::{
    AccountRef, Archive, Link, Origin, Owner, Post, PostKind, ReplyRef, SourceRead, Warning,
};
use crate::progress::Progress;
use crate::read::{Container, entry_error};

/// How often (in CSV rows) progress is reported and cancelling checked.
const CHECK_EVERY: u32 = 512;

/// Why an element was skipped: a short reason (grouping the totals) and the detail.
type Skip = (&'static str, String);

/// A monthly JS post file to read.
#[derive(Debug, Clone)]
struct PlannedFile {
    entry: String,
    size: u64,
    /// The `tweet_count` that `tweet_index.js` announces for it.
    expected: Option<u64>,
}

/// Reads a legacy Twitter archive found under `root` in `container`.
pub fn import(
    container: &mut dyn Container,
    root: &str,
    progress: &mut dyn Progress,
) -> Result<Archive> {
    let mut warnings = Vec::new();
    let mut sources = Vec::new();

    let mut owner = read_owner(container, root, &mut sources, &mut warnings);
    let expected_total = read_payload(container, root, &mut sources, &mut warnings);
    let plan = plan_files(container, root, &mut sources, &mut warnings);
    let csv_entry = format!("{root}tweets.csv");
    let csv_size = container.entry(&csv_entry).map(|e| e.size);

    let total_bytes = plan.iter().map(|f| f.size).sum::<u64>() + csv_size.unwrap_or(0);
    let entries_total = plan.len() as u32 + u32::from(csv_size.is_some());
    let mut tracker = Tracker::new(progress, total_bytes, entries_total);
    let mut collector = Collector::new();
    // Known at parse time only from user_details.js; what is learnt later (the `user` of
    // each tweet, inference) is applied to all posts at the end by `settle`.
    let owner_key = OwnerKey::new(&owner);
    let mut tweet_user: Option<AccountRef> = None;
    // Handles named by the CSV's links to a post's own photo: the owner's.
    let mut photo_handles = Votes::default();

    // The JS files first: they are richer (entities, names, retweeted authors).
    for file in &plan {
        tracker.check_cancelled()?;
        let entry = file.entry.as_str();
        let mut skipped = 0u64;
        let outcome = stream_elements(container, entry, &mut tracker, &mut |index, bytes, t| {
            match parse_js_post(bytes, entry, index, &owner_key) {
                Ok((post, user)) => {
                    if tweet_user.is_none() {
                        tweet_user = user;
                    }
                    if collector.add(post) {
                        t.add_posts(1);
                    }
                }
                Err((reason, detail)) => {
                    skipped += 1;
                    collector.skip(entry, index, reason, &detail);
                }
            }
        });
        let outcome = match outcome {
            Ok(o) => o,
            Err(e) if e.kind == ErrorKind::Cancelled => return Err(e),
            Err(e) => {
                warnings.push(warning(
                    "unreadable_file",
                    format!("{entry} could not be read: {}", e.message),
                    entry,
                ));
                tracker.entry_done(file.size);
                continue;
            }
        };
        if let Some(problem) = outcome.problem(entry) {
            warnings.push(warning("damaged_file", problem, entry));
        }
        if let Some(expected) = file.expected
            && expected != u64::from(outcome.elements)
        {
            warnings.push(warning(
                "count_mismatch",
                format!(
                    "the archive's tweet index announces {expected} posts in {entry}, but the file holds {}",
                    outcome.elements
                ),
                entry,
            ));
        }
        sources.push(source(
            entry,
            "posts",
            u64::from(outcome.elements) - skipped,
            skipped,
            outcome.bytes,
        ));
        tracker.entry_done(file.size);
    }

    // Then the CSV, merged: posts already read from the JS files count as duplicates.
    if let Some(size) = csv_size {
        tracker.check_cancelled()?;
        let read = read_csv(
            container,
            &csv_entry,
            &owner_key,
            &mut collector,
            &mut tracker,
            &mut photo_handles,
        )?;
        warnings.extend(read.warnings);
        if let Some(counts) = read.counts {
            sources.push(source(
                &csv_entry,
                "posts",
                counts.rows - counts.skipped,
                counts.skipped,
                counts.bytes,
            ));
        }
        tracker.entry_done(size);
    }

    let (mut posts, mut totals, post_warnings) = collector.finish();
    if owner.id.is_none()
        && owner.handle.is_none()
        && let Some(user) = tweet_user
    {
        owner.id = user.id.map(|s| s.to_string());
        owner.handle = user.handle.map(|s| s.to_string());
        owner.display_name = user.name.map(|s| s.to_string());
    }
    settle(&mut posts, &mut owner, photo_handles);
    if owner.id.is_none() && owner.handle.is_none() {
        warnings.push(Warning {
            code: "no_owner",
            message: "the archive does not say whose it is (no user_details.js) and no reply to one of its own posts shows it; replies to oneself cannot be told from other replies".into(),
            entry: None,
            index: None,
        });
    }
    totals.expected = expected_total.or_else(|| {
        (!plan.is_empty() && plan.iter().all(|f| f.expected.is_some()))
            .then(|| plan.iter().filter_map(|f| f.expected).sum())
    });
    warnings.extend(post_warnings);
    Ok(Archive {
        owner,
        posts,
        totals,
        sources,
        warnings,
        ..Archive::default()
    })
}

fn warning(code: &'static str, message: String, entry: &str) -> Warning {
    Warning {
        code,
        message,
        entry: Some(entry.to_string()),
        index: None,
    }
}

fn source(entry: &str, holds: &'static str, items: u64, skipped: u64, bytes: u64) -> SourceRead {
    SourceRead {
        entry: entry.to_string(),
        holds,
        items,
        skipped,
        bytes,
    }
}

/// Reads a small `var x = {...}` file as JSON, if the archive has it. An unreadable one is
/// a warning, not an error: the posts do not depend on it.
fn read_small(
    container: &mut dyn Container,
    entry: &str,
    holds: &'static str,
    sources: &mut Vec<SourceRead>,
    warnings: &mut Vec<Warning>,
) -> Option<Value> {
    let size = container.entry(entry)?.size;
    let parsed = container.read_to_string(entry).and_then(|text| {
        serde_json::from_str::<Value>(assigned_value(&text)).map_err(|e| {
            Error::new(
                ErrorKind::Malformed,
                format!(
                    "{entry} is not valid data (line {}, column {}: {e})",
                    e.line(),
                    e.column()
                ),
            )
        })
    });
    match parsed {
        Ok(v) => {
            sources.push(source(entry, holds, 1, 0, size));
            Some(v)
        }
        Err(e) => {
            warnings.push(warning("unreadable_file", e.message, entry));
            None
        }
    }
}

/// A text field, or a number written where text is expected (ids); `None` when empty.
fn text_field(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The owner, from `data/js/user_details.js`.
fn read_owner(
    container: &mut dyn Container,
    root: &str,
    sources: &mut Vec<SourceRead>,
    warnings: &mut Vec<Warning>,
) -> Owner {
    let entry = format!("{root}data/js/user_details.js");
    let Some(details) = read_small(container, &entry, "account", sources, warnings) else {
        return Owner::default();
    };
    Owner {
        id: text_field(&details, "id"),
        handle: text_field(&details, "screen_name"),
        display_name: text_field(&details, "full_name"),
        bio: text_field(&details, "bio"),
        // `url` is X's t.co short link; `expanded_url` is the site itself, when given.
        website: text_field(&details, "expanded_url").or_else(|| text_field(&details, "url")),
        location: text_field(&details, "location"),
        created_at: text_field(&details, "created_at").and_then(|d| parse_date(&d)),
    }
}

/// The number of tweets `data/js/payload_details.js` announces.
fn read_payload(
    container: &mut dyn Container,
    root: &str,
    sources: &mut Vec<SourceRead>,
    warnings: &mut Vec<Warning>,
) -> Option<u64> {
    let entry = format!("{root}data/js/payload_details.js");
    let payload = read_small(container, &entry, "manifest", sources, warnings)?;
    match payload.get("tweets")? {
        Value::String(s) => s.trim().parse().ok(),
        other => other.as_u64(),
    }
}

/// The monthly JS files to read: those `tweet_index.js` lists, plus any file in
/// `data/js/tweets/` it does not list, in name (so date) order.
fn plan_files(
    container: &mut dyn Container,
    root: &str,
    sources: &mut Vec<SourceRead>,
    warnings: &mut Vec<Warning>,
) -> Vec<PlannedFile> {
    let mut plan: Vec<PlannedFile> = Vec::new();
    let index_entry = format!("{root}data/js/tweet_index.js");
    let index = read_small(container, &index_entry, "manifest", sources, warnings);
    for item in index
        .as_ref()
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(name) = item.get("file_name").and_then(Value::as_str) else {
            continue;
        };
        let expected = match item.get("tweet_count") {
            Some(Value::String(s)) => s.trim().parse().ok(),
            Some(other) => other.as_u64(),
            None => None,
        };
        let entry = format!("{root}{}", name.trim_start_matches("./"));
        if plan.iter().any(|p| p.entry == entry) {
            continue;
        }
        match container.entry(&entry) {
            Some(info) => plan.push(PlannedFile {
                size: info.size,
                entry,
                expected,
            }),
            None if expected.unwrap_or(0) > 0 => warnings.push(warning(
                "missing_file",
                format!(
                    "the archive's tweet index lists {name} with {} posts, but the archive does not contain it",
                    expected.unwrap_or(0)
                ),
                &entry,
            )),
            None => {}
        }
    }
    let dir = format!("{root}data/js/tweets/");
    for e in container.entries() {
        let Some(name) = e.name.strip_prefix(&dir) else {
            continue;
        };
        if name.contains('/') || !name.ends_with(".js") || plan.iter().any(|p| p.entry == e.name) {
            continue;
        }
        plan.push(PlannedFile {
            entry: e.name.clone(),
            size: e.size,
            expected: None,
        });
    }
    plan.sort_by(|a, b| a.entry.cmp(&b.entry));
    plan
}

// ---- The JS files ----

/// What a legacy element has beyond X's tweet shape (read in a second, cheap pass over
/// the same bytes, so `RawTweet` and the X importer stay as they are).
#[derive(Deserialize)]
struct LegacyExtras<'a> {
    #[serde(borrow, default)]
    retweeted_status: Option<RetweetedStatus<'a>>,
    #[serde(borrow, default)]
    user: Option<RawUser<'a>>,
}

#[derive(Deserialize)]
struct RetweetedStatus<'a> {
    #[serde(borrow, default)]
    user: Option<RawUser<'a>>,
}

#[derive(Deserialize)]
struct RawUser<'a> {
    #[serde(borrow, default)]
    screen_name: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    id_str: Option<LenientId<'a>>,
    #[serde(borrow, default)]
    id: Option<LenientId<'a>>,
}

impl RawUser<'_> {
    fn account(&self) -> AccountRef {
        let non_empty = |s: &str| (!s.is_empty()).then(|| s.into());
        AccountRef {
            handle: self.screen_name.as_deref().and_then(non_empty),
            id: self
                .id_str
                .as_ref()
                .or(self.id.as_ref())
                .and_then(|i| non_empty(&i.0)),
            name: self.name.as_deref().and_then(non_empty),
        }
    }
}

fn json_skip(e: serde_json::Error) -> Skip {
    let reason = if e.is_data() {
        "a field has the wrong type"
    } else {
        "not valid JSON"
    };
    (reason, e.to_string())
}

/// Parses one element of a monthly JS file; returns the post and the tweet's `user` (the
/// owner, on every legacy tweet).
fn parse_js_post(
    bytes: &[u8],
    entry: &str,
    index: u32,
    owner: &OwnerKey,
) -> std::result::Result<(Post, Option<AccountRef>), Skip> {
    let mut tweet: RawTweet = serde_json::from_slice(bytes).map_err(json_skip)?;
    let extras: LegacyExtras = serde_json::from_slice(bytes).map_err(json_skip)?;
    let present = |i: &Option<LenientId>| i.as_ref().is_some_and(|i| !i.0.trim().is_empty());
    if !present(&tweet.in_reply_to_status_id_str) && !present(&tweet.in_reply_to_status_id) {
        // An `@user` message without a status id answers no post (see the module notes).
        tweet.in_reply_to_status_id_str = None;
        tweet.in_reply_to_status_id = None;
        tweet.in_reply_to_user_id_str = None;
        tweet.in_reply_to_user_id = None;
        tweet.in_reply_to_screen_name = None;
    }
    let mut post = post_from_tweet(tweet, entry, index, owner, None)?;
    if let Some(retweeted) = extras.retweeted_status {
        let author = retweeted.user.as_ref().map(RawUser::account);
        if post.kind != PostKind::Repost {
            // A retweet whose text lost its `RT @user:` prefix is still a retweet.
            post.kind = PostKind::Repost;
            post.reply_to = None;
            post.shared_from = author.map(Box::new);
        } else if let (Some(shared), Some(author)) = (post.shared_from.as_deref_mut(), author) {
            let same = match (&shared.handle, &author.handle) {
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                _ => true,
            };
            if same {
                shared.id = shared.id.take().or(author.id);
                shared.name = shared.name.take().or(author.name);
            }
        }
    }
    Ok((post, extras.user.as_ref().map(RawUser::account)))
}

// ---- tweets.csv ----

/// Where each column is in this archive's `tweets.csv` (found by header name).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Columns {
    /// How many columns the header names.
    count: usize,
    tweet_id: usize,
    timestamp: usize,
    text: usize,
    in_reply_to_status_id: Option<usize>,
    in_reply_to_user_id: Option<usize>,
    retweeted_status_id: Option<usize>,
    retweeted_status_user_id: Option<usize>,
    source: Option<usize>,
    expanded_urls: Option<usize>,
}

impl Columns {
    /// Finds the columns by name; the error names the required columns that are missing.
    fn from_header<S: AsRef<str>>(names: &[S]) -> std::result::Result<Self, String> {
        let find = |want: &str| {
            names.iter().position(|n| {
                n.as_ref()
                    .trim_start_matches('\u{feff}')
                    .trim()
                    .eq_ignore_ascii_case(want)
            })
        };
        let (tweet_id, timestamp, text) = (find("tweet_id"), find("timestamp"), find("text"));
        match (tweet_id, timestamp, text) {
            (Some(tweet_id), Some(timestamp), Some(text)) => Ok(Columns {
                count: names.len(),
                tweet_id,
                timestamp,
                text,
                in_reply_to_status_id: find("in_reply_to_status_id"),
                in_reply_to_user_id: find("in_reply_to_user_id"),
                retweeted_status_id: find("retweeted_status_id"),
                retweeted_status_user_id: find("retweeted_status_user_id"),
                source: find("source"),
                expanded_urls: find("expanded_urls"),
            }),
            _ => Err([
                ("tweet_id", tweet_id),
                ("timestamp", timestamp),
                ("text", text),
            ]
            .iter()
            .filter(|(_, at)| at.is_none())
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join(", ")),
        }
    }
}

/// The fields of one row, with what a column absent from the row or the header reads as
/// (empty).
struct Row<'r> {
    fields: &'r [Cow<'r, str>],
}

impl Row<'_> {
    fn get(&self, column: Option<usize>) -> &str {
        column
            .and_then(|c| self.fields.get(c))
            .map_or("", |f| f.trim())
    }
}

/// Builds a [`Post`] from one row of `tweets.csv`, with the handle its links to its own
/// photos name (the owner's). `line` is where the row starts in the file, for the person
/// who wants to look at it.
fn post_from_row(
    fields: &[Cow<'_, str>],
    columns: &Columns,
    entry: &str,
    index: u32,
    line: u64,
    owner: &OwnerKey,
) -> std::result::Result<(Post, Option<String>), Skip> {
    let wrong_count = || {
        (
            "wrong number of fields",
            format!(
                "line {line}: {} fields where the header names {}",
                fields.len(),
                columns.count
            ),
        )
    };
    // Some exports leave out an empty last column, and some write each expanded URL as a
    // field of its own after the last column: both are read. Anything else is misaligned.
    let needed = columns.tweet_id.max(columns.timestamp).max(columns.text) + 1;
    if fields.len() < needed {
        return Err(wrong_count());
    }
    let extras = fields.get(columns.count..).unwrap_or_default();
    let urls_last = columns.expanded_urls == Some(columns.count.saturating_sub(1));
    let extras_are_urls = extras
        .iter()
        .all(|f| f.trim().is_empty() || f.contains("://"));
    if !extras.is_empty() && (!urls_last || !extras_are_urls) {
        return Err(wrong_count());
    }
    let row = Row { fields };

    let id = row.get(Some(columns.tweet_id));
    if id.is_empty() {
        return Err(("no post id", format!("line {line}: tweet_id is empty")));
    }
    if !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(("unreadable post id", format!("line {line}: {id:?}")));
    }
    let raw_date = row.get(Some(columns.timestamp));
    if raw_date.is_empty() {
        return Err(("no date", format!("line {line}: timestamp is empty")));
    }
    let created_at = parse_date(raw_date)
        .ok_or_else(|| ("unreadable date", format!("line {line}: {raw_date:?}")))?;
    let text = unescape_x(&fields[columns.text]);

    // Links: the expanded URLs, then full URLs written in the text (tweets from before
    // t.co have no expanded URLs). A status link to the post itself is its own photo.
    let mut urls: Vec<&str> = row
        .get(columns.expanded_urls)
        .split(',')
        .chain(extras.iter().map(|f| f.as_ref()))
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .collect();
    for u in urls_in(&text) {
        if !urls.contains(&u) {
            urls.push(u);
        }
    }
    let mut media = 0u16;
    let mut photo_of = None;
    let mut links = Vec::with_capacity(urls.len());
    for u in urls {
        match status_url(u) {
            Some((user, status)) if status == id => {
                media = media.saturating_add(1);
                photo_of.get_or_insert_with(|| user.to_string());
            }
            _ => links.push(Link::new(u)),
        }
    }

    let mentions: Vec<AccountRef> = mentions_in(&text)
        .into_iter()
        .filter(|h| !owner.is_owner(None, Some(h)))
        .map(AccountRef::handle)
        .collect();
    let non_empty = |s: &str| (!s.is_empty()).then(|| std::sync::Arc::<str>::from(s));
    let reply_status = row.get(columns.in_reply_to_status_id);
    let reply_user = row.get(columns.in_reply_to_user_id);
    let retweeted_status = row.get(columns.retweeted_status_id);
    let retweeted_user = row.get(columns.retweeted_status_user_id);

    let (kind, reply_to, shared_from) = if let Some(handle) = repost_author(&text) {
        let account = AccountRef {
            handle: Some(handle.into()),
            id: non_empty(retweeted_user),
            name: None,
        };
        (PostKind::Repost, None, Some(Box::new(account)))
    } else if !retweeted_status.is_empty() {
        let account = AccountRef {
            id: non_empty(retweeted_user),
            ..AccountRef::default()
        };
        (PostKind::Repost, None, Some(Box::new(account)))
    } else if !reply_status.is_empty() {
        let kind = if owner.is_owner(Some(reply_user), None) {
            PostKind::Thread
        } else {
            PostKind::Reply
        };
        let reply = ReplyRef {
            post_id: Some(reply_status.into()),
            account: AccountRef {
                id: non_empty(reply_user),
                ..AccountRef::default()
            },
        };
        (kind, Some(Box::new(reply)), None)
    } else if let Some(handle) = quote_target(&links, id, None, owner) {
        (
            PostKind::Quote,
            None,
            Some(Box::new(AccountRef::handle(handle))),
        )
    } else {
        (PostKind::Original, None, None)
    };

    let post = Post {
        id: id.into(),
        created_at,
        hashtags: hashtags_in(&text),
        text: text.into(),
        kind,
        reply_to,
        shared_from,
        mentions,
        links,
        media,
        lang: None,
        client: client_name(row.get(columns.source)).map(Into::into),
        like_count: 0,
        repost_count: 0,
        origin: Origin {
            entry: entry.into(),
            index,
        },
    };
    Ok((post, photo_of))
}

/// Full `http(s)://` URLs written in a post's text, trailing punctuation removed; t.co
/// short links are left out (the expanded URL stands for them).
fn urls_in(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = text[at..].find("http") {
        let start = at + found;
        let rest = &text[start..];
        if !(rest.starts_with("http://") || rest.starts_with("https://")) {
            at = start + 4;
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let url = rest[..end]
            .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '}', '\'', '"', '…']);
        let after_scheme = url.split_once("://").map_or("", |(_, r)| r);
        let is_tco = after_scheme.len() >= 5 && after_scheme[..5].eq_ignore_ascii_case("t.co/");
        if !after_scheme.is_empty() && !is_tco {
            out.push(url);
        }
        at = start + end.max(1);
    }
    out
}

/// The author of the first post of someone else that `links` point to: not the post
/// itself, not one of the archive's own posts, not the owner.
fn quote_target<'l>(
    links: &'l [Link],
    post_id: &str,
    own: Option<&HashSet<Box<str>>>,
    owner: &OwnerKey,
) -> Option<&'l str> {
    links
        .iter()
        .filter_map(|l| status_url(&l.url))
        .find(|(user, status)| {
            *status != post_id
                && !own.is_some_and(|o| o.contains(*status))
                && !owner.is_owner(None, Some(user))
        })
        .map(|(user, _)| user)
}

/// How reading `tweets.csv` went.
struct CsvRead {
    /// Rows, skipped rows and bytes read, or `None` when the file could not be read at all.
    counts: Option<CsvCounts>,
    warnings: Vec<Warning>,
}

struct CsvCounts {
    rows: u64,
    skipped: u64,
    bytes: u64,
}

/// Remembers the last byte read, to tell a file cut short from one ending on a line break.
struct LastByte<R> {
    inner: R,
    last: Option<u8>,
}

impl<R: Read> Read for LastByte<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            self.last = Some(buf[n - 1]);
        }
        Ok(n)
    }
}

/// Streams `tweets.csv` record by record into `collector`. Fails only when the person
/// cancels; everything else is a warning.
fn read_csv(
    container: &mut dyn Container,
    entry: &str,
    owner: &OwnerKey,
    collector: &mut Collector,
    tracker: &mut Tracker<'_>,
    photo_handles: &mut Votes,
) -> Result<CsvRead> {
    let mut warnings = Vec::new();
    let reader = match container.open(entry) {
        Ok(r) => r,
        Err(e) => {
            warnings.push(warning(
                "unreadable_file",
                format!("{entry} could not be read: {}", e.message),
                entry,
            ));
            return Ok(CsvRead {
                counts: None,
                warnings,
            });
        }
    };
    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(LastByte {
            inner: reader,
            last: None,
        });
    let header: Vec<String> = match csv.byte_headers() {
        Ok(h) => h
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect(),
        Err(e) => {
            warnings.push(warning(
                "unreadable_file",
                format!("{entry} could not be read: {}", csv_error(entry, e).message),
                entry,
            ));
            return Ok(CsvRead {
                counts: None,
                warnings,
            });
        }
    };
    let columns = match Columns::from_header(&header) {
        Ok(c) => c,
        Err(missing) => {
            warnings.push(warning(
                "unreadable_file",
                format!(
                    "{entry} has no {missing} column (its first row is {:?}), so it was not read",
                    header.join(",")
                ),
                entry,
            ));
            return Ok(CsvRead {
                counts: None,
                warnings,
            });
        }
    };

    let mut record = csv::ByteRecord::new();
    let mut rows = 0u32;
    let mut skipped = 0u64;
    let stopped = loop {
        match csv.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break None,
            Err(e) => break Some(csv_error(entry, e)),
        }
        let index = rows;
        rows += 1;
        let line = record.position().map_or(0, |p| p.line());
        let fields: Vec<Cow<str>> = record.iter().map(String::from_utf8_lossy).collect();
        match post_from_row(&fields, &columns, entry, index, line, owner) {
            Ok((post, photo_of)) => {
                if let Some(handle) = photo_of {
                    photo_handles.add(&handle);
                }
                if collector.add(post) {
                    tracker.add_posts(1);
                }
            }
            Err((reason, detail)) => {
                skipped += 1;
                collector.skip(entry, index, reason, &detail);
            }
        }
        if rows.is_multiple_of(CHECK_EVERY) {
            tracker.check_cancelled()?;
            tracker.report_in_entry(csv.position().byte());
        }
    };
    if let Some(e) = stopped {
        warnings.push(warning(
            "damaged_file",
            format!(
                "{entry} could not be read to the end ({}); the {rows} rows before the damage were read",
                e.message
            ),
            entry,
        ));
    } else if csv.get_ref().last.is_some_and(|b| b != b'\n' && b != b'\r') {
        warnings.push(warning(
            "damaged_file",
            format!(
                "{entry} does not end with a line break: it may be cut short; its {rows} rows were read, the last one as it stands"
            ),
            entry,
        ));
    }
    Ok(CsvRead {
        counts: Some(CsvCounts {
            rows: u64::from(rows),
            skipped,
            bytes: csv.position().byte(),
        }),
        warnings,
    })
}

/// Turns a CSV failure into an [`Error`] naming the entry.
fn csv_error(entry: &str, e: csv::Error) -> Error {
    let at = e.position().map(|p| p.line());
    match e.into_kind() {
        csv::ErrorKind::Io(io) => entry_error(entry, io),
        other => Error::new(
            ErrorKind::Malformed,
            match at {
                Some(line) => format!("{entry} is damaged at line {line} ({other:?})"),
                None => format!("{entry} is damaged ({other:?})"),
            },
        ),
    }
}

// ---- The owner, and what it decides ----

/// Fills in the owner's id and handle when the archive does not give them, then decides
/// the kinds that depend on who the owner is: replies to oneself become threads, links to
/// one's own posts are not quotes, and the owner is not among the people mentioned.
///
/// The id comes from the replies that answer one of the archive's own posts (their
/// `in_reply_to_user_id` can only be the owner's); the handle from links to the archive's
/// own posts (self-quotes, and the CSV's photo links, counted in `handles` as they were
/// read). The most frequent wins, so one odd row cannot decide.
fn settle(posts: &mut [Post], owner: &mut Owner, mut handles: Votes) {
    let own: HashSet<Box<str>> = posts.iter().map(|p| Box::<str>::from(&*p.id)).collect();
    let answers_own = |p: &Post| {
        p.reply_to
            .as_deref()
            .filter(|r| r.post_id.as_deref().is_some_and(|id| own.contains(id)))
            .map(|r| r.account.clone())
    };
    if owner.id.is_none() {
        let mut ids = Votes::default();
        for account in posts.iter().filter_map(answers_own) {
            if let Some(id) = account.id.as_deref() {
                ids.add(id);
            }
        }
        owner.id = ids.best();
    }
    if owner.handle.is_none() {
        for post in posts.iter() {
            for (user, status) in post.links.iter().filter_map(|l| status_url(&l.url)) {
                if own.contains(status) {
                    handles.add(user);
                }
            }
            if let Some(handle) = answers_own(post).and_then(|a| a.handle) {
                handles.add(&handle);
            }
        }
        owner.handle = handles.best();
    }
    let key = OwnerKey::new(owner);
    for post in posts.iter_mut() {
        match post.kind {
            PostKind::Reply => {
                if let Some(reply) = post.reply_to.as_deref()
                    && (reply.post_id.as_deref().is_some_and(|id| own.contains(id))
                        || key
                            .is_owner(reply.account.id.as_deref(), reply.account.handle.as_deref()))
                {
                    post.kind = PostKind::Thread;
                }
            }
            PostKind::Quote => match quote_target(&post.links, &post.id, Some(&own), &key) {
                Some(handle) => {
                    let same =
                        post.shared_from.as_ref().and_then(|s| s.handle.as_deref()) == Some(handle);
                    if !same {
                        post.shared_from = Some(Box::new(AccountRef::handle(handle)));
                    }
                }
                None => {
                    post.kind = PostKind::Original;
                    post.shared_from = None;
                }
            },
            PostKind::Original | PostKind::Thread | PostKind::Repost => {}
        }
        post.mentions
            .retain(|m| !key.is_owner(m.id.as_deref(), m.handle.as_deref()));
    }
}

/// Candidate values with how often each was seen, compared case-insensitively.
#[derive(Debug, Default)]
struct Votes(HashMap<String, (u32, String)>);

impl Votes {
    fn add(&mut self, value: &str) {
        self.0
            .entry(value.to_lowercase())
            .or_insert_with(|| (0, value.to_string()))
            .0 += 1;
    }

    /// The value seen most often, as first written (ties go to the smallest, so the
    /// result never depends on the order of the archive).
    fn best(self) -> Option<String> {
        self.0
            .into_iter()
            .max_by(|a, b| a.1.0.cmp(&b.1.0).then_with(|| b.0.cmp(&a.0)))
            .map(|(_, (_, first))| first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::NoProgress;
    use crate::read::ZipContainer;
    use std::io::{Cursor, Write};

    fn zip_of(files: &[(&str, &str)]) -> ZipContainer<Cursor<Vec<u8>>> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, body) in files {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(body.as_bytes()).unwrap();
        }
        ZipContainer::open(Cursor::new(w.finish().unwrap().into_inner())).unwrap()
    }

    fn read(files: &[(&str, &str)]) -> Archive {
        import(&mut zip_of(files), "", &mut NoProgress).unwrap()
    }

    fn kinds(a: &Archive) -> Vec<(&str, PostKind)> {
        a.posts.iter().map(|p| (&*p.id, p.kind)).collect()
    }

    /// The column order of the real 2010-2012 fixture.
    const FIXTURE_HEADER: &str = "\"tweet_id\",\"in_reply_to_status_id\",\"in_reply_to_user_id\",\"retweeted_status_id\",\"retweeted_status_user_id\",\"timestamp\",\"source\",\"text\",\"expanded_urls\"\n";
    /// The column order the project's issue lists (Twitter's own, later).
    const ISSUE_HEADER: &str = "tweet_id,in_reply_to_status_id,in_reply_to_user_id,timestamp,source,text,retweeted_status_id,retweeted_status_user_id,retweeted_status_timestamp,expanded_urls\n";

    #[test]
    fn csv_texts_keep_newlines_and_doubled_quotes() {
        let csv = format!(
            "{FIXTURE_HEADER}\"11\",\"\",\"\",\"\",\"\",\"2010-01-02 18:36:39 +0000\",\"<a href=\"\"http://ubertwitter.com\"\" rel=\"\"nofollow\"\">UberTwitter</a>\",\"Line one\nline \"\"two\"\" &amp; #edchat @Jo_Sci\",\"\"\n"
        );
        let a = read(&[("tweets.csv", &csv)]);
        assert_eq!(a.posts.len(), 1);
        let p = &a.posts[0];
        assert_eq!(&*p.text, "Line one\nline \"two\" & #edchat @Jo_Sci");
        assert_eq!(p.client.as_deref(), Some("UberTwitter"));
        assert_eq!(p.hashtags, vec![std::sync::Arc::<str>::from("edchat")]);
        assert_eq!(p.mentions, vec![AccountRef::handle("Jo_Sci")]);
        assert_eq!(p.kind, PostKind::Original);
        assert_eq!(a.sources[0].items, 1);
    }

    #[test]
    fn both_column_orders_read_the_same() {
        let fixture_order = format!(
            "{FIXTURE_HEADER}1,,,,,2012-05-01 10:00:00 +0000,web,plain post,http://a.example/x\n2,,,9,77,2012-05-01 11:00:00 +0000,web,RT @jo: shared,\n3,8,55,,,2012-05-01 12:00:00 +0000,web,@jo answer,\n"
        );
        let issue_order = format!(
            "{ISSUE_HEADER}1,,,2012-05-01 10:00:00 +0000,web,plain post,,,,http://a.example/x\n2,,,2012-05-01 11:00:00 +0000,web,RT @jo: shared,9,77,2012-04-30 10:00:00 +0000,\n3,8,55,2012-05-01 12:00:00 +0000,web,@jo answer,,,,\n"
        );
        let a = read(&[("tweets.csv", &fixture_order)]);
        let b = read(&[("tweets.csv", &issue_order)]);
        let want = vec![
            ("1", PostKind::Original),
            ("2", PostKind::Repost),
            ("3", PostKind::Reply),
        ];
        assert_eq!(kinds(&a), want);
        assert_eq!(kinds(&b), want);
        for arch in [&a, &b] {
            assert_eq!(&*arch.posts[0].links[0].domain, "a.example");
            let from = arch.posts[1].shared_from.as_deref().unwrap();
            assert_eq!(
                (from.handle.as_deref(), from.id.as_deref()),
                (Some("jo"), Some("77"))
            );
            let reply = arch.posts[2].reply_to.as_deref().unwrap();
            assert_eq!(reply.post_id.as_deref(), Some("8"));
            assert_eq!(reply.account.id.as_deref(), Some("55"));
        }
    }

    #[test]
    fn a_bad_row_is_skipped_and_named_and_the_rest_read() {
        let csv = format!(
            "{FIXTURE_HEADER}1,,,,,2012-05-01 10:00:00 +0000,web,fine,\n2,,,,,yesterday,web,bad date,\n3,,,,,2012-05-01 12:00:00 +0000\n,,,,,2012-05-01 13:00:00 +0000,web,no id,\n5,,,,,2012-05-01 14:00:00 +0000,web,two urls,http://a.example,http://b.example\n6,,,,,2012-05-01 15:00:00 +0000,web,misaligned,http://a.example,not a url\n"
        );
        let a = read(&[("tweets.csv", &csv)]);
        assert_eq!(kinds(&a).len(), 2);
        assert_eq!(a.posts[1].links.len(), 2);
        assert_eq!(a.totals.found, 6);
        assert_eq!(a.totals.skipped, 4);
        assert_eq!(
            a.totals.skipped_reasons,
            vec![
                ("wrong number of fields".to_string(), 2),
                ("no post id".to_string(), 1),
                ("unreadable date".to_string(), 1),
            ]
        );
        let named: Vec<_> = a
            .warnings
            .iter()
            .filter(|w| w.code == "skipped_post")
            .map(|w| (w.index, w.message.as_str()))
            .collect();
        assert_eq!(named.len(), 4);
        assert_eq!(
            named[0],
            (
                Some(1),
                "post 2 in tweets.csv was skipped: unreadable date (line 3: \"yesterday\")"
            )
        );
        assert_eq!(
            a.sources[0],
            source("tweets.csv", "posts", 2, 4, csv.len() as u64)
        );
    }

    #[test]
    fn the_owner_of_a_csv_only_archive_is_inferred_from_its_own_threads() {
        // 2 answers 1 (an own post): so user 100 is the owner, and 4, which answers a post
        // not in the archive but by user 100, is a thread too. 3 answers someone else. 5
        // links its own photo (not a quote, and it names the owner's handle); 6 quotes
        // post 1 (a self-quote); 7 quotes someone else.
        let csv = format!(
            "{FIXTURE_HEADER}1,,,,,2012-05-01 10:00:00 +0000,web,first,\n2,1,100,,,2012-05-01 10:01:00 +0000,web,second,\n3,50,200,,,2012-05-01 10:02:00 +0000,web,@jo hi,\n4,99,100,,,2012-05-01 10:03:00 +0000,web,more,\n5,,,,,2012-05-01 10:04:00 +0000,web,photo,http://twitter.com/Me_Teach/status/5/photo/1\n6,,,,,2012-05-01 10:05:00 +0000,web,see @me_teach,https://twitter.com/me_teach/status/1\n7,,,,,2012-05-01 10:06:00 +0000,web,look,https://twitter.com/jo/status/42\n"
        );
        let a = read(&[("tweets.csv", &csv)]);
        assert_eq!(a.owner.id.as_deref(), Some("100"));
        // As first written (the photo link, read with its row).
        assert_eq!(a.owner.handle.as_deref(), Some("Me_Teach"));
        assert_eq!(
            kinds(&a),
            vec![
                ("1", PostKind::Original),
                ("2", PostKind::Thread),
                ("3", PostKind::Reply),
                ("4", PostKind::Thread),
                ("5", PostKind::Original),
                ("6", PostKind::Original),
                ("7", PostKind::Quote),
            ]
        );
        assert_eq!(a.posts[4].media, 1);
        assert!(a.posts[4].links.is_empty());
        assert!(a.posts[5].mentions.is_empty(), "the owner is not a mention");
        assert!(!a.warnings.iter().any(|w| w.code == "no_owner"));
    }

    const JS_ELEMENT: &str = r#"{
  "source" : "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
  "entities" : {
    "user_mentions" : [ { "name" : "Jo Park", "screen_name" : "jo_sci", "indices" : [ 3, 10 ], "id_str" : "77", "id" : 77 } ],
    "media" : [ ], "hashtags" : [ { "text" : "scichat", "indices" : [ 30, 38 ] } ], "urls" : [ ]
  },
  "geo" : { },
  "id_str" : "336594880924090369",
  "retweeted_status" : {
    "id_str" : "336590000000000000", "id" : 336590000000000000, "text" : "great lab idea #scichat",
    "created_at" : "2013-05-20 20:00:00 +0000",
    "user" : { "name" : "Jo Park", "screen_name" : "jo_sci", "id_str" : "77", "id" : 77 }
  },
  "text" : "RT @jo_sci: great lab idea #scichat",
  "id" : 336594880924090369,
  "created_at" : "2013-05-20 20:47:50 +0000",
  "user" : { "name" : "Ana Rivera", "screen_name" : "ms_rivera", "protected" : false, "id_str" : "100", "id" : 100, "verified" : false }
}"#;

    #[test]
    fn a_js_element_with_numbers_and_a_retweeted_status() {
        let (post, user) = parse_js_post(
            JS_ELEMENT.as_bytes(),
            "data/js/tweets/2013_05.js",
            0,
            &OwnerKey::new(&Owner::default()),
        )
        .unwrap();
        assert_eq!(&*post.id, "336594880924090369");
        assert_eq!(post.created_at.to_rfc3339(), "2013-05-20T20:47:50+00:00");
        assert_eq!(post.kind, PostKind::Repost);
        let from = post.shared_from.as_deref().unwrap();
        assert_eq!(
            (
                from.handle.as_deref(),
                from.id.as_deref(),
                from.name.as_deref()
            ),
            (Some("jo_sci"), Some("77"), Some("Jo Park"))
        );
        assert_eq!(post.client.as_deref(), Some("Twitter for iPhone"));
        let user = user.unwrap();
        assert_eq!(
            (user.handle.as_deref(), user.id.as_deref()),
            (Some("ms_rivera"), Some("100"))
        );

        // A retweet whose text lost its prefix is a repost through retweeted_status alone.
        let bare = JS_ELEMENT.replace("RT @jo_sci: great", "great");
        let (post, _) = parse_js_post(
            bare.as_bytes(),
            "x.js",
            0,
            &OwnerKey::new(&Owner::default()),
        )
        .unwrap();
        assert_eq!(post.kind, PostKind::Repost);
        assert_eq!(post.shared_from.unwrap().handle.as_deref(), Some("jo_sci"));
    }

    #[test]
    fn an_at_message_without_a_status_id_is_not_a_reply() {
        let el = r#"{"id":5,"created_at":"2011-02-01 10:00:00 +0000","text":"@jo follow me!","in_reply_to_user_id":77,"in_reply_to_screen_name":"jo"}"#;
        let (post, _) =
            parse_js_post(el.as_bytes(), "x.js", 0, &OwnerKey::new(&Owner::default())).unwrap();
        assert_eq!(post.kind, PostKind::Original);
        let csv = format!("{FIXTURE_HEADER}5,,77,,,2011-02-01 10:00:00 +0000,web,@jo follow me!\n");
        assert_eq!(
            kinds(&read(&[("tweets.csv", &csv)])),
            vec![("5", PostKind::Original)]
        );
    }

    #[test]
    fn js_files_the_index_and_the_csv_merge_counting_each_post_once() {
        let js = format!(
            "Grailbird.data.tweets_2013_05 = \n [ {JS_ELEMENT}, {{\"id\":7,\"text\":\"oops\"}} ]"
        );
        let index = r#"var tweet_index =  [ { "file_name" : "data\/js\/tweets\/2013_05.js", "year" : 2013, "var_name" : "tweets_2013_05", "tweet_count" : 3, "month" : 5 } ]"#;
        let csv = format!(
            "{ISSUE_HEADER}336594880924090369,,,2013-05-20 20:47:50 +0000,web,RT @jo_sci: great lab idea #scichat,336590000000000000,77,,\n8,,,2013-05-21 10:00:00 +0000,web,only in the csv,,,,\n"
        );
        let a = read(&[
            ("data/js/tweet_index.js", index),
            ("data/js/tweets/2013_05.js", &js),
            (
                "data/js/payload_details.js",
                r#"var payload_details = { "tweets" : 2, "lang" : "en" }"#,
            ),
            ("tweets.csv", &csv),
        ]);
        assert_eq!(a.totals.posts, 2);
        assert_eq!(a.totals.found, 4);
        assert_eq!(a.totals.duplicates, 1);
        assert_eq!(a.totals.skipped, 1);
        assert_eq!(a.totals.expected, Some(2));
        assert_eq!(
            a.owner.handle.as_deref(),
            Some("ms_rivera"),
            "from the tweets' user"
        );
        let mismatch: Vec<_> = a
            .warnings
            .iter()
            .filter(|w| w.code == "count_mismatch")
            .collect();
        assert_eq!(mismatch.len(), 1);
        assert_eq!(
            mismatch[0].message,
            "the archive's tweet index announces 3 posts in data/js/tweets/2013_05.js, but the file holds 2"
        );
        let holds: Vec<_> = a
            .sources
            .iter()
            .map(|s| (s.entry.as_str(), s.holds, s.items, s.skipped))
            .collect();
        assert_eq!(
            holds,
            vec![
                ("data/js/payload_details.js", "manifest", 1, 0),
                ("data/js/tweet_index.js", "manifest", 1, 0),
                ("data/js/tweets/2013_05.js", "posts", 1, 1),
                ("tweets.csv", "posts", 2, 0),
            ]
        );
    }

    #[test]
    fn cut_short_files_keep_what_was_read() {
        let js = format!("Grailbird.data.tweets_2013_05 = [ {JS_ELEMENT}, {{\"id\":7,\"tex");
        let csv = format!(
            "{FIXTURE_HEADER}1,,,,,2012-05-01 10:00:00 +0000,web,fine,\n2,,,,,2012-05-01 11:00:00 +0000,web,\"cut he"
        );
        let a = read(&[("data/js/tweets/2013_05.js", &js), ("tweets.csv", &csv)]);
        assert_eq!(a.totals.posts, 3);
        let damaged: Vec<_> = a
            .warnings
            .iter()
            .filter(|w| w.code == "damaged_file")
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(
            damaged,
            vec![
                "data/js/tweets/2013_05.js ends in the middle of item 2: the file is cut short; the 1 items before it were read",
                "tweets.csv does not end with a line break: it may be cut short; its 2 rows were read, the last one as it stands",
            ]
        );
    }

    #[test]
    fn cancelling_stops_the_import() {
        struct Stop;
        impl Progress for Stop {
            fn update(&mut self, _: &crate::progress::Update) {}
            fn cancelled(&self) -> bool {
                true
            }
        }
        let csv = format!("{FIXTURE_HEADER}1,,,,,2012-05-01 10:00:00 +0000,web,fine,\n");
        let e = import(&mut zip_of(&[("tweets.csv", &csv)]), "", &mut Stop).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Cancelled);
    }

    #[test]
    fn text_urls_leave_out_short_links_and_punctuation() {
        assert_eq!(
            urls_in("see http://yfrog.com/1yn, and (https://a.example/b?c=1). http://t.co/x httpx"),
            vec!["http://yfrog.com/1yn", "https://a.example/b?c=1"]
        );
    }

    #[test]
    fn a_header_without_the_needed_columns_is_a_warning() {
        let a = read(&[("tweets.csv", "id,when,what\n1,2,3\n")]);
        assert!(a.posts.is_empty());
        assert_eq!(a.warnings[0].code, "unreadable_file");
        assert!(
            a.warnings[0]
                .message
                .contains("no tweet_id, timestamp, text column"),
            "{}",
            a.warnings[0].message
        );
    }
}
