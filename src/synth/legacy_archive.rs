//! Writes an [`ArchiveSpec`] as a legacy Twitter archive (the layout before 2019).
//!
//! In: a spec (its account, posts and top folder; likes, follows, messages, layout, parts,
//! media bytes and manifest are not part of this layout and are ignored) and
//! [`LegacyOptions`] saying which files to write. Out: a zip with, as Twitter wrote them:
//! - `tweets.csv`: a header, then one row per post, newest first, every field quoted,
//!   texts HTML-escaped, `expanded_urls` comma-joined (a photo appears as the post's own
//!   `twitter.com/<owner>/status/<id>/photo/<n>` link), in either column order;
//! - `data/js/tweets/YYYY_MM.js`: `Grailbird.data.tweets_YYYY_MM = [ ... ]` per month,
//!   numbers as numbers, `created_at` like `2013-05-20 20:47:50 +0000`, a `user` object on
//!   every tweet and an embedded `retweeted_status` on retweets;
//! - `data/js/tweet_index.js` (the files and their counts), `data/js/user_details.js` (the
//!   owner) and `data/js/payload_details.js` (the number of tweets).
//!
//! A retweet is a post whose text starts `RT @handle: `; its retweeted author is the
//! mentioned person with that handle (or a person made from the handle).

use std::collections::BTreeMap;
use std::io::{self, Seek, Write};

use chrono::{DateTime, Datelike, Duration, Utc};
use serde_json::{Value, json};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::{ArchiveSpec, Person, SynthPost};

/// The legacy `created_at` and `timestamp` format.
pub const LEGACY_DATE_FORMAT: &str = "%Y-%m-%d %H:%M:%S %z";

/// The order of the columns in `tweets.csv` (it changed over the years; importers must
/// read by name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvColumns {
    /// Twitter's later order, ten columns: tweet_id, in_reply_to_status_id,
    /// in_reply_to_user_id, timestamp, source, text, retweeted_status_id,
    /// retweeted_status_user_id, retweeted_status_timestamp, expanded_urls.
    Twitter,
    /// The order of the real 2010-2012 fixture, nine columns: tweet_id,
    /// in_reply_to_status_id, in_reply_to_user_id, retweeted_status_id,
    /// retweeted_status_user_id, timestamp, source, text, expanded_urls.
    Early,
}

impl CsvColumns {
    fn names(self) -> &'static [&'static str] {
        match self {
            CsvColumns::Twitter => &[
                "tweet_id",
                "in_reply_to_status_id",
                "in_reply_to_user_id",
                "timestamp",
                "source",
                "text",
                "retweeted_status_id",
                "retweeted_status_user_id",
                "retweeted_status_timestamp",
                "expanded_urls",
            ],
            CsvColumns::Early => &[
                "tweet_id",
                "in_reply_to_status_id",
                "in_reply_to_user_id",
                "retweeted_status_id",
                "retweeted_status_user_id",
                "timestamp",
                "source",
                "text",
                "expanded_urls",
            ],
        }
    }
}

/// Which files of a legacy archive to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LegacyOptions {
    /// Write `tweets.csv`.
    pub csv: bool,
    /// Write the monthly `data/js/tweets/YYYY_MM.js` files.
    pub js: bool,
    /// Write `data/js/tweet_index.js` (only with `js`).
    pub index: bool,
    /// Write `data/js/user_details.js` and `data/js/payload_details.js`.
    pub details: bool,
    /// The column order of `tweets.csv`.
    pub columns: CsvColumns,
}

impl LegacyOptions {
    /// A whole archive, as Twitter sent it: the CSV, the JS files and their details.
    pub fn both() -> Self {
        LegacyOptions {
            csv: true,
            js: true,
            index: true,
            details: true,
            columns: CsvColumns::Twitter,
        }
    }

    /// `tweets.csv` alone (as people often keep it): no owner, no counts.
    pub fn csv_only() -> Self {
        LegacyOptions {
            js: false,
            index: false,
            details: false,
            ..Self::both()
        }
    }

    /// The Grailbird viewer's files alone, with the index and details.
    pub fn js_only() -> Self {
        LegacyOptions {
            csv: false,
            ..Self::both()
        }
    }
}

// One function on purpose: the legacy layout file by file, in the order the real
// archives hold them (monthly files, index, CSV), which the options switch on and off.
/// Writes the archive to `out` and returns it.
pub fn write<W: Write + Seek>(
    spec: &ArchiveSpec,
    options: &LegacyOptions,
    out: W,
) -> io::Result<W> {
    let mut zip = ZipWriter::new(out);
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .large_file(false);
    let root = spec
        .top_folder
        .as_ref()
        .map(|t| format!("{}/", t.trim_end_matches('/')))
        .unwrap_or_default();
    let path = |p: &str| format!("{root}{p}");

    let mut posts: Vec<&SynthPost> = spec.posts.iter().collect();
    posts.sort_by_key(|p| std::cmp::Reverse((p.created_at, p.id)));
    let owner = &spec.account;

    zip.start_file(path("index.html"), deflated)?;
    zip.write_all(
        b"<!doctype html><title>Your Twitter archive</title><p>Synthetic legacy archive made by pln-lens.</p>",
    )?;

    if options.csv {
        zip.start_file(path("tweets.csv"), deflated)?;
        write_csv(&mut zip, &posts, &owner.handle, options.columns)?;
    }

    if options.js {
        // Months newest first, as the archive's own index lists them.
        let mut months: BTreeMap<std::cmp::Reverse<(i32, u32)>, Vec<&SynthPost>> = BTreeMap::new();
        for p in &posts {
            let key = (p.created_at.year(), p.created_at.month());
            months.entry(std::cmp::Reverse(key)).or_default().push(p);
        }
        let mut index = Vec::new();
        for (std::cmp::Reverse((year, month)), month_posts) in &months {
            let name = format!("{year}_{month:02}");
            let file_name = format!("data/js/tweets/{name}.js");
            zip.start_file(path(&file_name), deflated)?;
            write!(zip, "Grailbird.data.tweets_{name} = \n [ ")?;
            for (i, p) in month_posts.iter().enumerate() {
                if i > 0 {
                    zip.write_all(b", ")?;
                }
                serde_json::to_writer_pretty(&mut zip, &tweet_json(p, spec))?;
            }
            zip.write_all(b" ]")?;
            index.push(json!({
                "file_name": file_name,
                "year": year,
                "var_name": format!("tweets_{name}"),
                "tweet_count": month_posts.len(),
                "month": month,
            }));
        }
        if options.index {
            zip.start_file(path("data/js/tweet_index.js"), deflated)?;
            zip.write_all(b"var tweet_index =  ")?;
            serde_json::to_writer_pretty(&mut zip, &index)?;
        }
    }

    if options.details {
        zip.start_file(path("data/js/user_details.js"), deflated)?;
        zip.write_all(b"var user_details =  ")?;
        serde_json::to_writer_pretty(
            &mut zip,
            &json!({
                "screen_name": owner.handle,
                "location": "",
                "full_name": owner.display_name,
                "bio": owner.bio,
                "id": owner.id,
                "created_at": owner.created_at.format(LEGACY_DATE_FORMAT).to_string(),
            }),
        )?;
        zip.start_file(path("data/js/payload_details.js"), deflated)?;
        zip.write_all(b"var payload_details =  ")?;
        serde_json::to_writer_pretty(
            &mut zip,
            &json!({
                "tweets": posts.len(),
                "created_at": "2018-06-01 10:00:00 +0000",
                "lang": "en",
            }),
        )?;
    }
    zip.finish().map_err(io::Error::other)
}

/// Twitter escaped `&`, `<` and `>` in legacy texts, in the CSV and the JS alike.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The text as posted: the spec's text, then a t.co link per URL and one for the photos.
fn full_text(post: &SynthPost) -> String {
    let mut text = escape(&post.text);
    for i in 0..post.urls.len() {
        text.push_str(&format!(" http://t.co/l{:08}{i}", post.id % 100_000_000));
    }
    if post.media > 0 {
        text.push_str(&format!(" http://t.co/m{:08}", post.id % 100_000_000));
    }
    text
}

/// The links to a post's own photos, as `expanded_urls` and media entities name them.
fn photo_links(post: &SynthPost, owner: &str) -> Vec<String> {
    (1..=post.media)
        .map(|n| format!("http://twitter.com/{owner}/status/{}/photo/{n}", post.id))
        .collect()
}

/// The author of a retweet (`RT @handle: ...`), if the post is one.
fn retweeted_author(post: &SynthPost) -> Option<Person> {
    let rest = post.text.strip_prefix("RT @")?;
    let handle = &rest[..rest.find(':')?];
    Some(
        post.mentions
            .iter()
            .find(|p| p.handle.eq_ignore_ascii_case(handle))
            .cloned()
            .unwrap_or_else(|| Person::new(handle, handle)),
    )
}

/// The id of the status a retweet repeats: outside the range of the spec's own ids.
fn retweeted_id(post: &SynthPost) -> u64 {
    post.id ^ (1 << 62)
}

fn date(at: DateTime<Utc>) -> String {
    at.format(LEGACY_DATE_FORMAT).to_string()
}

fn number(id: &str) -> Value {
    id.parse::<u64>().map_or_else(|_| json!(id), |n| json!(n))
}

fn write_csv<W: Write>(
    out: &mut W,
    posts: &[&SynthPost],
    owner: &str,
    columns: CsvColumns,
) -> io::Result<()> {
    let mut csv = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(out);
    csv.write_record(columns.names())?;
    for post in posts {
        let retweet = retweeted_author(post);
        let (reply_status, reply_user) = post
            .reply_to
            .as_ref()
            .map(|r| (r.status_id.to_string(), r.user.id.clone()))
            .unwrap_or_default();
        let (rt_status, rt_user, rt_time) = retweet
            .as_ref()
            .map(|who| {
                (
                    retweeted_id(post).to_string(),
                    who.id.clone(),
                    date(post.created_at - Duration::hours(1)),
                )
            })
            .unwrap_or_default();
        let mut urls = post.urls.clone();
        urls.extend(photo_links(post, owner));
        let row: Vec<String> = columns
            .names()
            .iter()
            .map(|name| match *name {
                "tweet_id" => post.id.to_string(),
                "in_reply_to_status_id" => reply_status.clone(),
                "in_reply_to_user_id" => reply_user.clone(),
                "timestamp" => date(post.created_at),
                "source" => {
                    "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>"
                        .to_string()
                }
                "text" => full_text(post),
                "retweeted_status_id" => rt_status.clone(),
                "retweeted_status_user_id" => rt_user.clone(),
                "retweeted_status_timestamp" => rt_time.clone(),
                "expanded_urls" => urls.join(","),
                _ => String::new(),
            })
            .collect();
        csv.write_record(&row)?;
    }
    csv.flush()
}

/// One user object, as legacy tweets embed them.
fn user_json(handle: &str, name: &str, id: &str) -> Value {
    json!({
        "name": name,
        "screen_name": handle,
        "protected": false,
        "id_str": id,
        "profile_image_url_https": "https://si0.twimg.com/profile_images/0/synthetic_normal.png",
        "id": number(id),
        "verified": false,
    })
}

/// Character offsets of `needle` in `text`, as legacy `indices` (numbers).
fn indices(text: &str, needle: &str) -> Value {
    match text.find(needle) {
        Some(byte) => {
            let start = text[..byte].chars().count();
            json!([start, start + needle.chars().count()])
        }
        None => json!([0, 0]),
    }
}

// One function on purpose: one legacy tweet object, field by field, as Grailbird wrote
// it, so it can be compared with a real archive line by line.
/// One element of a monthly JS file for `post`.
fn tweet_json(post: &SynthPost, spec: &ArchiveSpec) -> Value {
    let owner = &spec.account;
    let text = full_text(post);
    let urls: Vec<Value> = post
        .urls
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let short = format!("http://t.co/l{:08}{i}", post.id % 100_000_000);
            json!({
                "indices": indices(&text, &short),
                "url": short,
                "expanded_url": u,
                "display_url": u.trim_start_matches("https://").trim_start_matches("http://"),
            })
        })
        .collect();
    let media: Vec<Value> = photo_links(post, &owner.handle)
        .into_iter()
        .enumerate()
        .map(|(m, link)| {
            let short = format!("http://t.co/m{:08}", post.id % 100_000_000);
            json!({
                "expanded_url": link,
                "indices": indices(&text, &short),
                "url": short,
                "media_url_https": format!("https://pbs.twimg.com/media/{}-m{m}.jpg", post.id),
                "id_str": (post.id + 1 + m as u64).to_string(),
                "id": post.id + 1 + m as u64,
                "type": "photo",
                "display_url": "pic.twitter.com/synthetic",
            })
        })
        .collect();
    let mentions: Vec<Value> = post
        .mentions
        .iter()
        .map(|p| {
            json!({
                "name": p.name,
                "screen_name": p.handle,
                "indices": indices(&text, &format!("@{}", p.handle)),
                "id_str": p.id,
                "id": number(&p.id),
            })
        })
        .collect();
    let hashtags: Vec<Value> = crate::import::text::hashtags_in(&post.text)
        .iter()
        .map(|t| json!({ "text": t.as_ref(), "indices": indices(&text, &format!("#{t}")) }))
        .collect();
    let mut tweet = json!({
        "source": "<a href=\"http://twitter.com/download/iphone\" rel=\"nofollow\">Twitter for iPhone</a>",
        "entities": {
            "user_mentions": mentions,
            "media": media,
            "hashtags": hashtags,
            "urls": urls,
        },
        "geo": {},
        "id_str": post.id.to_string(),
        "text": text,
        "id": post.id,
        "created_at": date(post.created_at),
        "user": user_json(&owner.handle, &owner.display_name, &owner.id),
    });
    if let Some(r) = &post.reply_to {
        tweet["in_reply_to_status_id_str"] = json!(r.status_id.to_string());
        tweet["in_reply_to_status_id"] = json!(r.status_id);
        tweet["in_reply_to_user_id"] = number(&r.user.id);
        tweet["in_reply_to_user_id_str"] = json!(r.user.id);
        if r.with_screen_name {
            tweet["in_reply_to_screen_name"] = json!(r.user.handle);
        }
    }
    if let Some(who) = retweeted_author(post) {
        let body = post
            .text
            .split_once(": ")
            .map_or(post.text.as_str(), |(_, b)| b);
        tweet["retweeted_status"] = json!({
            "source": "web",
            "entities": { "user_mentions": [], "media": [], "hashtags": [], "urls": [] },
            "geo": {},
            "id_str": retweeted_id(post).to_string(),
            "text": escape(body),
            "id": retweeted_id(post),
            "created_at": date(post.created_at - Duration::hours(1)),
            "user": user_json(&who.handle, &who.name, &who.id),
        });
    }
    tweet
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Container, ZipContainer};
    use crate::synth::{bulk_posts, teacher_account};
    use chrono::TimeZone;
    use std::io::Cursor;

    #[test]
    fn writes_the_legacy_layout_by_month_with_an_index() {
        let mut spec = ArchiveSpec::new(teacher_account());
        spec.posts = bulk_posts(40, 5, Utc.with_ymd_and_hms(2013, 4, 25, 0, 0, 0).unwrap());
        let bytes = write(&spec, &LegacyOptions::both(), Cursor::new(Vec::new()))
            .unwrap()
            .into_inner();
        let mut zip = ZipContainer::open(Cursor::new(bytes)).unwrap();
        let months: Vec<String> = zip
            .entries()
            .iter()
            .filter_map(|e| e.name.strip_prefix("data/js/tweets/"))
            .map(str::to_string)
            .collect();
        assert_eq!(months, ["2013_05.js", "2013_04.js"]);
        let may = zip.read_to_string("data/js/tweets/2013_05.js").unwrap();
        assert!(may.starts_with("Grailbird.data.tweets_2013_05 = \n [ {"));
        let index = zip.read_to_string("data/js/tweet_index.js").unwrap();
        assert!(index.contains("\"var_name\": \"tweets_2013_04\""));
        let csv = zip.read_to_string("tweets.csv").unwrap();
        assert!(csv.starts_with("\"tweet_id\",\"in_reply_to_status_id\""));
        assert_eq!(csv.lines().count(), 41);
    }
}
