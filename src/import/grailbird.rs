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
//!
//! It fills the importer skeleton (`import::importer`) as the X importer does: the monthly
//! files are `Layout::Elements` (mapped through the X importer's `post_from_tweet`), the
//! CSV is `Layout::Rows` (mapped by `post_from_row`), and `finish` settles the owner.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

use crate::error::Result;
use crate::import::importer::{
    self, DataFile, Imported, Importer, Layout, Mapped, Raw, Skip, SmallFiles, json_skip,
};
use crate::import::lenient::LenientId;
use crate::import::text::{client_name, hashtags_in, mentions_in, parse_date, unescape_x};
use crate::import::x::{OwnerKey, RawTweet, lenient_u64, post_from_tweet, repost_author};
use crate::model::{
    AccountRef, Archive, Holds, Link, Origin, Owner, Post, PostKind, PostLink, ReplyRef, Warning,
    WarningCode,
};
use crate::progress::Progress;
use crate::read::Container;

/// Paths whose presence identifies a legacy archive ([`crate::import::detect`]).
pub(crate) const MARKERS: &[&str] = &[
    "data/js/tweet_index.js",
    "tweets.csv",
    "data/js/user_details.js",
];

/// Reads a legacy Twitter archive found under `root` in `container`.
pub fn import(
    container: &mut dyn Container,
    root: &str,
    progress: &mut dyn Progress,
) -> Result<Archive> {
    let importer = LegacyImporter {
        root: root.to_string(),
        owner: Owner::default(),
        key: OwnerKey::new(&Owner::default()),
        expected_total: None,
        columns: None,
        tweet_user: None,
        photo_handles: Votes::default(),
    };
    importer::run(importer, container, progress)
}

/// The legacy importer's state.
struct LegacyImporter {
    root: String,
    owner: Owner,
    /// Known at parse time only from user_details.js; what is learnt later (the `user` of
    /// each tweet, inference) is applied to all posts at the end by [`settle`].
    key: OwnerKey,
    /// The number of tweets `payload_details.js` announces.
    expected_total: Option<u64>,
    /// Where the columns are in this archive's `tweets.csv`.
    columns: Option<Columns>,
    /// The `user` of the JS files' tweets: the owner, on every legacy tweet.
    tweet_user: Option<AccountRef>,
    /// Handles named by the CSV's links to a post's own photo: the owner's.
    photo_handles: Votes,
}

impl Importer for LegacyImporter {
    fn plan(&mut self, files: &mut SmallFiles<'_>) -> Vec<DataFile> {
        self.owner = read_owner(files, &self.root);
        self.key = OwnerKey::new(&self.owner);
        self.expected_total = read_payload(files, &self.root);
        // The JS files first: they are richer (entities, names, retweeted authors). Then
        // the CSV, merged: posts already read from the JS files count as duplicates.
        let mut plan = plan_files(files, &self.root);
        let csv_entry = format!("{}tweets.csv", self.root);
        if let Some(size) = files.container().entry(&csv_entry).map(|e| e.size) {
            plan.push(DataFile {
                entry: csv_entry,
                holds: Holds::Posts,
                layout: Layout::Rows,
                size,
                expected: None,
                announced_by: "tweet index",
            });
        }
        plan
    }

    fn header(&mut self, file: &DataFile, names: &[String]) -> std::result::Result<(), String> {
        let columns = Columns::from_header(names).map_err(|missing| {
            format!(
                "{} has no {missing} column (its first row is {:?}), so it was not read",
                file.entry,
                names.join(",")
            )
        })?;
        self.columns = Some(columns);
        Ok(())
    }

    fn element(&mut self, file: &DataFile, index: u32, raw: Raw<'_>) -> Mapped {
        match raw {
            Raw::Json(bytes) => {
                let (post, user) = parse_js_post(bytes, &file.entry, index, &self.key)?;
                if self.tweet_user.is_none() {
                    self.tweet_user = user;
                }
                Ok(Some(post))
            }
            Raw::Row { fields, line } => {
                let Some(columns) = &self.columns else {
                    return Err(("no header", String::new()));
                };
                let row = Row {
                    fields,
                    columns,
                    line,
                };
                let (post, photo_of) = post_from_row(&row, &file.entry, index, &self.key)?;
                if let Some(handle) = photo_of {
                    self.photo_handles.add(&handle);
                }
                Ok(Some(post))
            }
        }
    }

    fn finish(self, imported: Imported) -> Archive {
        let LegacyImporter {
            mut owner,
            expected_total,
            tweet_user,
            photo_handles,
            ..
        } = self;
        let js_files: Vec<&DataFile> = imported
            .plan
            .iter()
            .filter(|f| f.layout == Layout::Elements)
            .collect();
        let js_expected = (!js_files.is_empty() && js_files.iter().all(|f| f.expected.is_some()))
            .then(|| js_files.iter().filter_map(|f| f.expected).sum());
        let Imported {
            mut posts,
            mut totals,
            sources,
            mut warnings,
            ..
        } = imported;
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
            warnings.push(Warning::new(
                WarningCode::NoOwner,
                "the archive does not say whose it is (no user_details.js) and no reply to one of its own posts shows it; replies to oneself cannot be told from other replies",
            ));
        }
        totals.expected = expected_total.or(js_expected);
        Archive {
            owner,
            posts,
            totals,
            sources,
            warnings,
            ..Archive::default()
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
fn read_owner(files: &mut SmallFiles<'_>, root: &str) -> Owner {
    let entry = format!("{root}data/js/user_details.js");
    let Some(details) = files.read_json_or_warn(&entry, Holds::Account) else {
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
fn read_payload(files: &mut SmallFiles<'_>, root: &str) -> Option<u64> {
    let entry = format!("{root}data/js/payload_details.js");
    let payload = files.read_json_or_warn(&entry, Holds::Manifest)?;
    lenient_u64(payload.get("tweets")?)
}

/// The monthly JS files to read: those `tweet_index.js` lists, plus any file in
/// `data/js/tweets/` it does not list, in name (so date) order.
fn plan_files(files: &mut SmallFiles<'_>, root: &str) -> Vec<DataFile> {
    let mut plan: Vec<DataFile> = Vec::new();
    let data_file = |entry: String, size, expected| DataFile {
        entry,
        holds: Holds::Posts,
        layout: Layout::Elements,
        size,
        expected,
        announced_by: "tweet index",
    };
    let index_entry = format!("{root}data/js/tweet_index.js");
    let index = files.read_json_or_warn(&index_entry, Holds::Manifest);
    for item in index
        .as_ref()
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(name) = item.get("file_name").and_then(Value::as_str) else {
            continue;
        };
        let expected = item.get("tweet_count").and_then(lenient_u64);
        let entry = format!("{root}{}", name.trim_start_matches("./"));
        if plan.iter().any(|p| p.entry == entry) {
            continue;
        }
        match files.container().entry(&entry).map(|e| e.size) {
            Some(size) => plan.push(data_file(entry, size, expected)),
            None if expected.unwrap_or(0) > 0 => files.warn(Warning::about(
                WarningCode::MissingFile,
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
    for e in files.container().entries() {
        let Some(name) = e.name.strip_prefix(&dir) else {
            continue;
        };
        if name.contains('/') || !name.ends_with(".js") || plan.iter().any(|p| p.entry == e.name) {
            continue;
        }
        plan.push(data_file(e.name.clone(), e.size, None));
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

/// One row of `tweets.csv`: its fields, where its columns are, and the line it starts on
/// (for the person who wants to look at it).
struct Row<'r> {
    fields: &'r [Cow<'r, str>],
    columns: &'r Columns,
    line: u64,
}

impl Row<'_> {
    /// A column's field, trimmed; empty when the row or the header lacks it.
    fn get(&self, column: Option<usize>) -> &str {
        column
            .and_then(|c| self.fields.get(c))
            .map_or("", |f| f.trim())
    }

    /// Fields after the header's last column.
    fn extras(&self) -> &[Cow<'_, str>] {
        self.fields.get(self.columns.count..).unwrap_or_default()
    }

    /// Whether the row lines up with the header. Some exports leave out an empty last
    /// column, and some write each expanded URL as a field of its own after the last
    /// column: both are read. Anything else is misaligned.
    fn aligned(&self) -> std::result::Result<(), Skip> {
        let c = self.columns;
        let needed = c.tweet_id.max(c.timestamp).max(c.text) + 1;
        let urls_last = c.expanded_urls == Some(c.count.saturating_sub(1));
        let extras = self.extras();
        let extras_are_urls = extras
            .iter()
            .all(|f| f.trim().is_empty() || f.contains("://"));
        if self.fields.len() >= needed && (extras.is_empty() || (urls_last && extras_are_urls)) {
            return Ok(());
        }
        Err((
            "wrong number of fields",
            format!(
                "line {}: {} fields where the header names {}",
                self.line,
                self.fields.len(),
                c.count
            ),
        ))
    }

    /// The post id and time every row must have.
    fn id_and_date(&self) -> std::result::Result<(&str, DateTime<Utc>), Skip> {
        let line = self.line;
        let id = self.get(Some(self.columns.tweet_id));
        if id.is_empty() {
            return Err(("no post id", format!("line {line}: tweet_id is empty")));
        }
        if !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(("unreadable post id", format!("line {line}: {id:?}")));
        }
        let raw_date = self.get(Some(self.columns.timestamp));
        if raw_date.is_empty() {
            return Err(("no date", format!("line {line}: timestamp is empty")));
        }
        let created_at = parse_date(raw_date)
            .ok_or_else(|| ("unreadable date", format!("line {line}: {raw_date:?}")))?;
        Ok((id, created_at))
    }

    /// The row's links: the expanded URLs, then full URLs written in the text (tweets from
    /// before t.co have no expanded URLs). A status link to the post itself is its own
    /// photo: counted as media, with the handle it names (the owner's).
    fn links(&self, id: &str, text: &str) -> (Vec<Link>, u16, Option<String>) {
        let mut urls: Vec<&str> = self
            .get(self.columns.expanded_urls)
            .split(',')
            .chain(self.extras().iter().map(|f| f.as_ref()))
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .collect();
        for u in urls_in(text) {
            if !urls.contains(&u) {
                urls.push(u);
            }
        }
        let mut media = 0u16;
        let mut photo_of = None;
        let mut links = Vec::with_capacity(urls.len());
        for u in urls {
            match PostLink::parse(u) {
                Some(PostLink {
                    author: Some(user),
                    id: status,
                }) if status == id => {
                    media = media.saturating_add(1);
                    photo_of.get_or_insert(user);
                }
                _ => links.push(Link::new(u)),
            }
        }
        (links, media, photo_of)
    }

    /// The kind, from the columns: a repost by its text or its retweeted status, a reply
    /// by the status it answers (a thread when it answers the owner), a quote by a link.
    fn kind(&self, id: &str, text: &str, links: &[Link], owner: &OwnerKey) -> KindOf {
        let non_empty = |s: &str| (!s.is_empty()).then(|| std::sync::Arc::<str>::from(s));
        let reply_status = self.get(self.columns.in_reply_to_status_id);
        let reply_user = self.get(self.columns.in_reply_to_user_id);
        let retweeted_user = non_empty(self.get(self.columns.retweeted_status_user_id));
        if let Some(handle) = repost_author(text) {
            let account = AccountRef {
                handle: Some(handle.into()),
                id: retweeted_user,
                name: None,
            };
            return (PostKind::Repost, None, Some(Box::new(account)));
        }
        if !self.get(self.columns.retweeted_status_id).is_empty() {
            let account = AccountRef {
                id: retweeted_user,
                ..AccountRef::default()
            };
            return (PostKind::Repost, None, Some(Box::new(account)));
        }
        if !reply_status.is_empty() {
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
            return (kind, Some(Box::new(reply)), None);
        }
        match quote_target(links, id, None, owner) {
            Some(handle) => (
                PostKind::Quote,
                None,
                Some(Box::new(AccountRef::handle(&handle))),
            ),
            None => (PostKind::Original, None, None),
        }
    }
}

/// A post's kind, with the post it answers or the account it shares.
type KindOf = (PostKind, Option<Box<ReplyRef>>, Option<Box<AccountRef>>);

/// Builds a [`Post`] from one row of `tweets.csv`, with the handle its links to its own
/// photos name (the owner's).
fn post_from_row(
    row: &Row<'_>,
    entry: &str,
    index: u32,
    owner: &OwnerKey,
) -> std::result::Result<(Post, Option<String>), Skip> {
    row.aligned()?;
    let (id, created_at) = row.id_and_date()?;
    let text = unescape_x(&row.fields[row.columns.text]);
    let (links, media, photo_of) = row.links(id, &text);
    let (kind, reply_to, shared_from) = row.kind(id, &text, &links, owner);
    let mentions: Vec<AccountRef> = mentions_in(&text)
        .into_iter()
        .filter(|h| !owner.is_owner(None, Some(h)))
        .map(AccountRef::handle)
        .collect();
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
        client: client_name(row.get(row.columns.source)).map(Into::into),
        like_count: 0,
        repost_count: 0,
        origin: Origin {
            entry: entry.into(),
            index,
        },
    };
    Ok((post, photo_of))
}

/// Full `http(s)://` URLs written in a post's text (found by `linkify`, which keeps the
/// closing bracket of a Wikipedia-style link and leaves trailing punctuation out); t.co
/// short links are left out (the expanded URL stands for them).
fn urls_in(text: &str) -> Vec<&str> {
    let mut finder = linkify::LinkFinder::new();
    finder.kinds(&[linkify::LinkKind::Url]);
    finder
        .links(text)
        .map(|l| l.as_str())
        .filter(|url| {
            let Some((scheme, rest)) = url.split_once("://") else {
                return false;
            };
            let is_tco = rest
                .get(..5)
                .is_some_and(|p| p.eq_ignore_ascii_case("t.co/"));
            matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https")
                && !rest.is_empty()
                && !is_tco
        })
        .collect()
}

/// The author of the first post of someone else that `links` point to: not the post
/// itself, not one of the archive's own posts, not the owner.
fn quote_target(
    links: &[Link],
    post_id: &str,
    own: Option<&HashSet<Box<str>>>,
    owner: &OwnerKey,
) -> Option<String> {
    links
        .iter()
        .filter_map(|l| PostLink::parse(&l.url))
        .filter_map(|link| Some((link.author?, link.id)))
        .find(|(user, status)| {
            status != post_id
                && !own.is_some_and(|o| o.contains(status.as_str()))
                && !owner.is_owner(None, Some(user))
        })
        .map(|(user, _)| user)
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
            for link in post.links.iter().filter_map(|l| PostLink::parse(&l.url)) {
                if let Some(user) = link.author
                    && own.contains(link.id.as_str())
                {
                    handles.add(&user);
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
                    let same = post.shared_from.as_ref().and_then(|s| s.handle.as_deref())
                        == Some(handle.as_str());
                    if !same {
                        post.shared_from = Some(Box::new(AccountRef::handle(&handle)));
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
    use crate::model::SourceRead;
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
            SourceRead {
                entry: "tweets.csv".into(),
                holds: Holds::Posts,
                items: 2,
                skipped: 4,
                bytes: csv.len() as u64
            }
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
            .map(|s| (s.entry.as_str(), s.holds.code(), s.items, s.skipped))
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
        assert_eq!(e.kind, crate::error::ErrorKind::Cancelled);
    }

    #[test]
    fn text_urls_leave_out_short_links_and_punctuation() {
        assert_eq!(
            urls_in("see http://yfrog.com/1yn, and (https://a.example/b?c=1). http://t.co/x httpx"),
            vec!["http://yfrog.com/1yn", "https://a.example/b?c=1"]
        );
    }

    /// A link cut short by an ellipsis in an old retweet ("http://t.co…") panicked: the
    /// test for t.co sliced inside the three-byte '…'.
    #[test]
    fn text_urls_cut_by_an_ellipsis_do_not_panic() {
        let _ = urls_in("RT @a: great read http://t.co\u{2026}");
        let found = urls_in("http://t.co/abc and https://example.org/a\u{2026} http://t\u{2026}");
        assert!(found.iter().all(|u| !u.contains("t.co/")), "{found:?}");
    }

    /// Issue 9: the hand-written finder cut the closing bracket off Wikipedia-style links.
    #[test]
    fn text_urls_keep_the_brackets_of_wikipedia_links() {
        assert_eq!(
            urls_in(
                "Bloom (https://en.wikipedia.org/wiki/Taxonomy_(education)) and https://a.example/x."
            ),
            vec![
                "https://en.wikipedia.org/wiki/Taxonomy_(education)",
                "https://a.example/x"
            ]
        );
    }

    #[test]
    fn a_header_without_the_needed_columns_is_named() {
        let csv = "id,when,what\n1,2,3\n";
        // No post could be read: an error naming why (issue #11).
        let e = import(&mut zip_of(&[("tweets.csv", csv)]), "", &mut NoProgress)
            .err()
            .unwrap();
        assert!(
            e.message.contains("no tweet_id, timestamp, text column"),
            "{}",
            e.message
        );
    }
}
