//! The hand-coded classifier fixture, shared by `benches/classifier.rs` and the integration
//! test `tests/integration/classify.rs` (both include this file with `#[path]`).
//!
//! In: the fixtures folder (`../shared/fixtures`, read in place, never copied):
//! `twitter-legacy-csv-2010-2012/tweets.csv` (5,317 posts of one education researcher) and
//! `labeled/dev-coded.csv` (200 of them coded by a person with CODEBOOK.md). Out: an
//! [`Archive`] of all 5,317 posts (so archive-wide signals, such as the sites the author
//! posts to from a blog tool, see what they would in real use), and the 200 human codes,
//! each with its index in `archive.posts` and whether it is in the held-out half.
//!
//! This reads the CSV itself (the `csv` crate) rather than through a legacy importer, so
//! the measurement does not move when that importer changes.
//!
//! The held-out half was fixed before any tuning: a row is held out when the FNV-1a 64-bit
//! hash of its tweet_id string is even (102 rows held out, 98 to tune on).

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, NaiveDateTime, Utc};
use pln_lens::import::text::{client_name, hashtags_in, mentions_in, status_url, unescape_x};
use pln_lens::model::{AccountRef, Archive, Link, Post, PostKind, ReplyRef};

/// One hand-coded row.
pub struct Coded {
    pub tweet_id: String,
    /// Index of the post in the archive.
    pub index: usize,
    pub purpose: String,
    pub topics: Vec<String>,
    /// In the held-out half (never looked at while tuning).
    pub held_out: bool,
}

/// FNV-1a, 64 bits: a tiny, stable hash (std's hasher is not stable across versions).
pub fn fnv1a64(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Whether a tweet id is in the held-out half.
pub fn held_out(tweet_id: &str) -> bool {
    fnv1a64(tweet_id).is_multiple_of(2)
}

fn parse_time(s: &str) -> DateTime<Utc> {
    NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S %z")
        .map(|n| n.and_utc())
        .or_else(|_| DateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S %z").map(|d| d.to_utc()))
        .unwrap_or_default()
}

fn urls_in(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|t| t.starts_with("http://") || t.starts_with("https://"))
        .map(|t| t.trim_end_matches(['.', ',', ')', '"']).to_string())
        .collect()
}

/// Reads the legacy `tweets.csv` into an archive, oldest first, as a legacy importer
/// would: kinds from the reply and retweet columns, links from `expanded_urls`.
pub fn legacy_archive(fixtures: &Path) -> Archive {
    let path = fixtures.join("twitter-legacy-csv-2010-2012/tweets.csv");
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let columns = Columns::of(reader.headers().expect("a header row"));
    let mut posts: Vec<Post> = reader
        .records()
        .enumerate()
        .map(|(n, record)| post_of(&record.expect("a CSV record"), n, &columns))
        .collect();
    posts.sort_by_key(|p| p.created_at);
    Archive {
        posts,
        ..Default::default()
    }
}

/// Where the columns the fixture reads are in `tweets.csv`.
struct Columns {
    id: usize,
    reply_id: usize,
    reply_user: usize,
    rt_id: usize,
    ts: usize,
    source: usize,
    text: usize,
    urls: usize,
}

impl Columns {
    fn of(headers: &csv::StringRecord) -> Columns {
        let col = |name: &str| headers.iter().position(|h| h == name).expect(name);
        Columns {
            id: col("tweet_id"),
            reply_id: col("in_reply_to_status_id"),
            reply_user: col("in_reply_to_user_id"),
            rt_id: col("retweeted_status_id"),
            ts: col("timestamp"),
            source: col("source"),
            text: col("text"),
            urls: col("expanded_urls"),
        }
    }
}

/// One CSV row (the `n`th) to a post.
fn post_of(r: &csv::StringRecord, n: usize, c: &Columns) -> Post {
    let get = |i: usize| r.get(i).unwrap_or("").trim();
    let body = unescape_x(get(c.text));
    let (links, media) = links_and_media(get(c.urls), &body, get(c.id));
    let (kind, reply_to, shared_from) = kind_of(r, c, &body, &links);
    let mut post = Post::new(get(c.id), parse_time(get(c.ts)), &body);
    post.mentions = mentions_in(&body)
        .into_iter()
        .map(AccountRef::handle)
        .collect();
    post.hashtags = hashtags_in(&body);
    post.kind = kind;
    post.reply_to = reply_to;
    post.shared_from = shared_from;
    post.links = links;
    post.media = media;
    post.client = client_name(get(c.source)).map(Into::into);
    post.origin.entry = "tweets.csv".into();
    post.origin.index = n as u32;
    post
}

/// The post's links (from `expanded_urls`, else from its text) and how many photos it
/// has. A status link to the post itself (`id`) is its own photo, as the legacy importer
/// reads it (src/import/grailbird.rs): media, not a link or a quote.
fn links_and_media(urls: &str, body: &str, id: &str) -> (Vec<Link>, u16) {
    let mut links: Vec<Link> = urls
        .split(',')
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(Link::new)
        .collect();
    if links.is_empty() {
        links = urls_in(body).iter().map(|u| Link::new(u)).collect();
    }
    let before = links.len();
    links.retain(|l| status_url(&l.url).is_none_or(|(_, status)| status != *id));
    let media = (before - links.len()) as u16;
    (links, media)
}

/// The post's kind, with what it replies to or passes on: a retweet (by column or by an
/// `RT @` prefix), a reply, a quote (a link to someone's status), else an original post.
fn kind_of(
    r: &csv::StringRecord,
    c: &Columns,
    body: &str,
    links: &[Link],
) -> (PostKind, Option<Box<ReplyRef>>, Option<Box<AccountRef>>) {
    let get = |i: usize| r.get(i).unwrap_or("").trim();
    let rt_handle = body.strip_prefix("RT @").map(|rest| {
        rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("")
    });
    let quoted = links
        .iter()
        .find_map(|l| status_url(&l.url).map(|(user, _)| user));
    if !get(c.rt_id).is_empty() || rt_handle.is_some() {
        let account = AccountRef::handle(rt_handle.unwrap_or(""));
        (PostKind::Repost, None, Some(Box::new(account)))
    } else if !get(c.reply_id).is_empty() {
        let reply = ReplyRef {
            post_id: Some(get(c.reply_id).into()),
            account: AccountRef {
                id: Some(get(c.reply_user).into()),
                ..Default::default()
            },
        };
        (PostKind::Reply, Some(Box::new(reply)), None)
    } else if let Some(user) = quoted {
        (
            PostKind::Quote,
            None,
            Some(Box::new(AccountRef::handle(&user))),
        )
    } else {
        (PostKind::Original, None, None)
    }
}

/// The 200 hand-coded rows, joined to `archive` by tweet id.
pub fn coded_rows(fixtures: &Path, archive: &Archive) -> Vec<Coded> {
    let index: HashMap<&str, usize> = archive
        .posts
        .iter()
        .enumerate()
        .map(|(i, p)| (&*p.id, i))
        .collect();
    let path = fixtures.join("labeled/dev-coded.csv");
    let mut reader = csv::Reader::from_path(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let headers = reader.headers().expect("a header row").clone();
    let col = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let (id, purpose, topics) = (col("tweet_id"), col("purpose"), col("topics"));
    reader
        .records()
        .map(|r| {
            let r = r.expect("a CSV record");
            let tweet_id = r.get(id).unwrap_or("").trim().to_string();
            let index = *index
                .get(tweet_id.as_str())
                .unwrap_or_else(|| panic!("coded tweet {tweet_id} is not in tweets.csv"));
            Coded {
                held_out: held_out(&tweet_id),
                tweet_id,
                index,
                purpose: r.get(purpose).unwrap_or("").trim().to_string(),
                topics: r
                    .get(topics)
                    .unwrap_or("")
                    .split('|')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(String::from)
                    .collect(),
            }
        })
        .collect()
}
