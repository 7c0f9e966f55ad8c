//! Writes an [`ArchiveSpec`] as a zip in X's own layout.
//!
//! In: a spec. Out: a zip with `data/manifest.js`, `account.js`, `profile.js`,
//! `tweet.js` or `tweets.js` (or `tweets-partN.js` parts), `note-tweet.js` for long
//! posts (2024 layout), `like.js`, `follower.js`, `following.js`, `direct-messages.js`
//! and stored media under `data/tweet(s)_media/`. Every field is written the way X
//! writes it: numbers as strings, reply fields omitted on non-replies, `created_at` like
//! `Sat Nov 09 12:14:18 +0000 2024`, each data file a `window.YTD.<name>.partN = [...]`.

use std::io::{self, Seek, Write};

use serde_json::{Value, json};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::{ArchiveSpec, Layout, SynthPost};

/// X's `created_at` format.
pub const X_DATE_FORMAT: &str = "%a %b %d %H:%M:%S %z %Y";

/// The longest text X keeps in `tweets.js` itself; longer posts get a note tweet.
const NOTE_THRESHOLD: usize = 280;

/// Typical size of one media file when the spec gives only a total.
const MEDIA_FILE_BYTES: u64 = 512 * 1024;

/// One data file as the manifest lists it: path, global name, element count.
struct ManifestFile {
    file_name: String,
    global_name: String,
    count: usize,
}

/// The manifest's data types in the order written, each with its files.
type ManifestTypes = Vec<(String, Vec<ManifestFile>)>;

/// The day every synthetic archive says it was made (its manifest's `generationDate`).
pub const GENERATION_DATE: &str = "2024-11-16T10:00:00.000Z";

/// Writes the archive to `out` and returns it: the account, the posts, likes, follows and
/// messages, the manifest, then the media.
pub fn write<W: Write + Seek>(spec: &ArchiveSpec, out: W) -> io::Result<W> {
    let mut w = DataWriter {
        zip: ZipWriter::new(out),
        deflated: SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .large_file(false),
        root: spec
            .top_folder
            .as_ref()
            .map(|t| format!("{}/", t.trim_end_matches('/')))
            .unwrap_or_default(),
        manifest_files: Vec::new(),
    };
    w.zip.start_file(w.path("Your archive.html"), w.deflated)?;
    w.zip.write_all(
        b"<!doctype html><title>Your archive</title><p>Synthetic archive made by pln-lens.</p>",
    )?;
    write_owner(&mut w, spec)?;
    let posts = write_posts(&mut w, spec)?;
    write_likes_and_follows(&mut w, spec)?;
    write_messages(&mut w, spec)?;
    let media_dir = match spec.layout {
        Layout::X2024 => "data/tweets_media",
        Layout::X2021 | Layout::X2019Bare => "data/tweet_media",
    };
    if spec.manifest {
        w.zip.start_file(w.path("data/manifest.js"), w.deflated)?;
        write_manifest(&mut w.zip, spec, &w.manifest_files, media_dir)?;
    }
    write_media(&mut w, spec, &posts, media_dir)?;
    w.zip.finish().map_err(io::Error::other)
}

/// The zip being written, and the manifest's record of the data files in it.
struct DataWriter<W: Write + Seek> {
    zip: ZipWriter<W>,
    deflated: SimpleFileOptions,
    /// The top folder (with its `/`), or empty.
    root: String,
    manifest_files: ManifestTypes,
}

impl<W: Write + Seek> DataWriter<W> {
    /// A path inside the archive, under its top folder.
    fn path(&self, p: &str) -> String {
        format!("{}{p}", self.root)
    }

    /// Writes `data/<file>.js` holding `items`, and lists it under `data_type`.
    fn add_data(
        &mut self,
        data_type: &str,
        file: &str,
        global: &str,
        items: &mut dyn Iterator<Item = Value>,
    ) -> io::Result<()> {
        self.zip
            .start_file(self.path(&format!("data/{file}.js")), self.deflated)?;
        let count = write_ytd(&mut self.zip, global, items)?;
        let entry = ManifestFile {
            file_name: format!("data/{file}.js"),
            global_name: format!("YTD.{global}"),
            count,
        };
        match self.manifest_files.iter_mut().find(|(t, _)| t == data_type) {
            Some((_, files)) => files.push(entry),
            None => self
                .manifest_files
                .push((data_type.to_string(), vec![entry])),
        }
        Ok(())
    }
}

/// `account.js` and `profile.js`.
fn write_owner<W: Write + Seek>(w: &mut DataWriter<W>, spec: &ArchiveSpec) -> io::Result<()> {
    let a = &spec.account;
    w.add_data(
        "account",
        "account",
        "account.part0",
        &mut std::iter::once(json!({
            "account": {
                "email": "synthetic@example.invalid",
                "createdVia": "web",
                "username": a.handle,
                "accountId": a.id,
                "createdAt": a.created_at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
                "accountDisplayName": a.display_name,
            }
        })),
    )?;
    w.add_data(
        "profile",
        "profile",
        "profile.part0",
        &mut std::iter::once(json!({
            "profile": {
                "description": {
                    "bio": a.bio,
                    "website": a.website.as_ref().map(|_| "https://t.co/site0000").unwrap_or(""),
                    "location": "",
                },
                "avatarMediaUrl": "https://pbs.twimg.com/profile_images/0/avatar.jpg",
            }
        })),
    )
}

/// The posts, split over parts the way X splits big archives, and the notes of long
/// posts; returns the posts newest first, as written.
fn write_posts<'s, W: Write + Seek>(
    w: &mut DataWriter<W>,
    spec: &'s ArchiveSpec,
) -> io::Result<Vec<&'s SynthPost>> {
    let (tweet_file, tweet_global) = match spec.layout {
        Layout::X2024 => ("tweets", "tweets"),
        Layout::X2021 | Layout::X2019Bare => ("tweet", "tweet"),
    };
    let mut posts: Vec<&SynthPost> = spec.posts.iter().collect();
    posts.sort_by_key(|p| std::cmp::Reverse(p.created_at));
    let parts = spec.parts.max(1) as usize;
    let per_part = posts.len().div_ceil(parts).max(1);
    for part in 0..parts {
        let chunk = posts.iter().skip(part * per_part).take(per_part);
        let file = if part == 0 {
            tweet_file.to_string()
        } else {
            format!("{tweet_file}-part{part}")
        };
        let global = format!("{tweet_global}.part{part}");
        w.add_data(
            tweet_global,
            &file,
            &global,
            &mut chunk.map(|p| tweet_json(p, spec.layout, &spec.account.handle)),
        )?;
    }
    if spec.layout == Layout::X2024 {
        let notes = posts
            .iter()
            .filter(|p| p.text.chars().count() > NOTE_THRESHOLD)
            .map(|p| note_json(p));
        w.add_data(
            "noteTweet",
            "note-tweet",
            "note_tweet.part0",
            &mut notes.into_iter(),
        )?;
    }
    Ok(posts)
}

/// `like.js`, `follower.js` and `following.js`.
fn write_likes_and_follows<W: Write + Seek>(
    w: &mut DataWriter<W>,
    spec: &ArchiveSpec,
) -> io::Result<()> {
    w.add_data(
        "like",
        "like",
        "like.part0",
        &mut spec.likes.iter().map(|l| {
            json!({
                "like": {
                    "tweetId": l.tweet_id.to_string(),
                    "fullText": l.text,
                    "expandedUrl": format!("https://twitter.com/i/web/status/{}", l.tweet_id),
                }
            })
        }),
    )?;
    for (kind, ids) in [
        ("follower", &spec.followers),
        ("following", &spec.following),
    ] {
        w.add_data(
            kind,
            kind,
            &format!("{kind}.part0"),
            &mut ids.iter().map(|id| {
                json!({
                    kind: {
                        "accountId": id,
                        "userLink": format!("https://twitter.com/intent/user?user_id={id}"),
                    }
                })
            }),
        )?;
    }
    Ok(())
}

/// `direct-messages.js`: conversations of placeholder messages (their text is never read).
fn write_messages<W: Write + Seek>(w: &mut DataWriter<W>, spec: &ArchiveSpec) -> io::Result<()> {
    let owner = spec.account.id.clone();
    w.add_data(
        "directMessages",
        "direct-messages",
        "direct_messages.part0",
        &mut spec.dm_conversations.iter().map(|(other, n)| {
            let messages: Vec<Value> = (0..*n)
                .map(|i| {
                    let (from, to) = if i % 2 == 0 { (&owner, other) } else { (other, &owner) };
                    json!({ "messageCreate": {
                        "recipientId": to, "reactions": [], "urls": [],
                        "text": "(synthetic message)", "mediaUrls": [], "senderId": from,
                        "id": (9_000_000 + i).to_string(), "createdAt": "2021-01-01T10:00:00.000Z",
                    }})
                })
                .collect();
            json!({ "dmConversation": { "conversationId": format!("{owner}-{other}"), "messages": messages } })
        }),
    )
}

/// Media last, stored (as X stores photos and videos): the bulk of a real archive.
fn write_media<W: Write + Seek>(
    w: &mut DataWriter<W>,
    spec: &ArchiveSpec,
    posts: &[&SynthPost],
    media_dir: &str,
) -> io::Result<()> {
    if spec.media_bytes == 0 {
        return Ok(());
    }
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .large_file(false);
    let attachments: Vec<String> = posts
        .iter()
        .flat_map(|p| (0..p.media).map(move |m| format!("{}-m{m}.jpg", p.id)))
        .collect();
    let files = (spec.media_bytes.div_ceil(MEDIA_FILE_BYTES) as usize).max(attachments.len());
    let size = spec.media_bytes / files as u64;
    let zeros = vec![0u8; 1 << 20];
    for i in 0..files {
        let name = attachments
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("{}-orphan{i}.jpg", 100_000 + i));
        w.zip
            .start_file(w.path(&format!("{media_dir}/{name}")), stored)?;
        let mut left = size;
        while left > 0 {
            let n = left.min(zeros.len() as u64) as usize;
            w.zip.write_all(&zeros[..n])?;
            left -= n as u64;
        }
    }
    Ok(())
}

/// Writes `window.YTD.<global> = [ ... ]`, one element at a time; returns the count.
fn write_ytd<W: Write>(
    out: &mut W,
    global: &str,
    items: &mut dyn Iterator<Item = Value>,
) -> io::Result<usize> {
    write!(out, "window.YTD.{global} = [ ")?;
    let mut n = 0;
    for item in items {
        if n > 0 {
            out.write_all(b", ")?;
        }
        serde_json::to_writer_pretty(&mut *out, &item)?;
        n += 1;
    }
    out.write_all(b" ]")?;
    Ok(n)
}

fn write_manifest<W: Write>(
    out: &mut W,
    spec: &ArchiveSpec,
    files: &ManifestTypes,
    media_dir: &str,
) -> io::Result<()> {
    let mut data_types = serde_json::Map::new();
    for (data_type, entries) in files {
        let list: Vec<Value> = entries
            .iter()
            .map(|f| {
                json!({ "fileName": f.file_name, "globalName": f.global_name, "count": f.count.to_string() })
            })
            .collect();
        let mut t = json!({ "files": list });
        if data_type == "tweets" || data_type == "tweet" {
            t["mediaDirectory"] = json!(media_dir);
        }
        data_types.insert(data_type.clone(), t);
    }
    let config = json!({
        "userInfo": {
            "accountId": spec.account.id,
            "userName": spec.account.handle,
            "displayName": spec.account.display_name,
        },
        "archiveInfo": {
            "sizeBytes": spec.media_bytes.to_string(),
            "generationDate": GENERATION_DATE,
            "isPartialArchive": false,
            "maxPartSizeBytes": "53687091200",
        },
        "readmeInfo": { "fileName": "data/README.txt", "directory": "data/", "name": "README.txt" },
        "dataTypes": data_types,
    });
    out.write_all(b"window.__THAR_CONFIG = ")?;
    serde_json::to_writer_pretty(&mut *out, &config)?;
    Ok(())
}

/// Character offsets of `needle` in `text`, as X's string `indices` pair.
fn indices(text: &str, needle: &str) -> Value {
    match text.find(needle) {
        Some(byte) => {
            let start = text[..byte].chars().count();
            json!([
                start.to_string(),
                (start + needle.chars().count()).to_string()
            ])
        }
        None => json!(["0", "0"]),
    }
}

/// `#tags` in the text, in order.
fn hashtags(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace())
        .filter_map(|w| w.strip_prefix('#'))
        .map(|t| t.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

// One function on purpose: one tweet object, field by field, in the order and shape X
// writes it, so it can be compared with a real archive line by line.
/// One element of `tweet(s).js` for `post`.
pub fn tweet_json(post: &SynthPost, layout: Layout, owner: &str) -> Value {
    let long = layout == Layout::X2024 && post.text.chars().count() > NOTE_THRESHOLD;
    let mut text = if long {
        let cut: String = post.text.chars().take(NOTE_THRESHOLD - 10).collect();
        format!("{cut}…")
    } else {
        post.text.clone()
    };
    let mut urls = Vec::new();
    for (i, u) in post.urls.iter().enumerate() {
        let short = format!("https://t.co/l{:08}{i}", post.id % 100_000_000);
        text.push(' ');
        text.push_str(&short);
        urls.push(json!({
            "url": short,
            "expanded_url": u,
            "display_url": u.trim_start_matches("https://").trim_start_matches("http://"),
            "indices": indices(&text, &short),
        }));
    }
    let mut media = Vec::new();
    if post.media > 0 {
        let short = format!("https://t.co/m{:08}", post.id % 100_000_000);
        text.push(' ');
        text.push_str(&short);
        for m in 0..post.media {
            media.push(json!({
                "expanded_url": format!("https://twitter.com/{owner}/status/{}/photo/{}", post.id, m + 1),
                "indices": indices(&text, &short),
                "url": short,
                "media_url_https": format!("https://pbs.twimg.com/media/{}-m{m}.jpg", post.id),
                "id_str": (post.id + 1 + u64::from(m)).to_string(),
                "type": "photo",
                "display_url": "pic.twitter.com/synthetic",
            }));
        }
    }
    let mentions: Vec<Value> = post
        .mentions
        .iter()
        .map(|p| {
            json!({
                "name": p.name, "screen_name": p.handle,
                "indices": indices(&text, &format!("@{}", p.handle)),
                "id_str": p.id, "id": p.id,
            })
        })
        .collect();
    let tags: Vec<Value> = hashtags(&text)
        .into_iter()
        .map(|t| json!({ "text": t, "indices": indices(&text, &format!("#{t}")) }))
        .collect();
    let mut entities = json!({
        "hashtags": tags, "symbols": [], "user_mentions": mentions, "urls": urls,
    });
    if !media.is_empty() {
        entities["media"] = json!(media);
    }
    let id = post.id.to_string();
    let mut tweet = json!({
        "retweeted": false,
        "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
        "entities": entities,
        "display_text_range": ["0", text.chars().count().to_string()],
        "favorite_count": "0",
        "id_str": id,
        "truncated": false,
        "retweet_count": "0",
        "id": id,
        "created_at": post.created_at.format(X_DATE_FORMAT).to_string(),
        "favorited": false,
        "full_text": text,
        "lang": post.lang,
    });
    if !media.is_empty() {
        tweet["extended_entities"] = json!({ "media": media });
    }
    if let Some(r) = &post.reply_to {
        let s = r.status_id.to_string();
        tweet["in_reply_to_status_id_str"] = json!(s);
        tweet["in_reply_to_status_id"] = json!(s);
        tweet["in_reply_to_user_id"] = json!(r.user.id);
        tweet["in_reply_to_user_id_str"] = json!(r.user.id);
        if r.with_screen_name {
            tweet["in_reply_to_screen_name"] = json!(r.user.handle);
        }
    }
    match layout {
        Layout::X2024 => {
            tweet["edit_info"] = json!({ "initial": {
                "editTweetIds": [id], "editableUntil": "2024-01-01T00:00:00.000Z",
                "editsRemaining": "5", "isEditEligible": false,
            }});
            json!({ "tweet": tweet })
        }
        Layout::X2021 => json!({ "tweet": tweet }),
        Layout::X2019Bare => tweet,
    }
}

/// One element of `note-tweet.js` for a long post: the full text, matched to its tweet
/// by the creation second (its own id differs from the tweet's, as in real archives).
fn note_json(post: &SynthPost) -> Value {
    let at = post.created_at.format("%Y-%m-%dT%H:%M:%S.000Z").to_string();
    json!({ "noteTweet": {
        "noteTweetId": (post.id + 7).to_string(),
        "updatedAt": at,
        "lifecycle": { "value": "1", "name": "Active", "originalName": "Active", "annotations": {} },
        "createdAt": at,
        "core": {
            "styletags": [], "urls": [], "text": post.text, "mentions": [], "cashtags": [],
            "hashtags": hashtags(&post.text).into_iter().map(|t| json!({ "text": t })).collect::<Vec<_>>(),
        },
    }})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::{Container, ZipContainer};
    use crate::synth::{ArchiveSpec, bulk_posts, teacher_account};
    use chrono::{TimeZone, Utc};
    use std::io::Cursor;

    #[test]
    fn writes_the_x_layout_with_parts_and_media() {
        let mut spec = ArchiveSpec::new(teacher_account());
        spec.posts = bulk_posts(50, 7, Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap());
        spec.parts = 3;
        spec.media_bytes = 3 * MEDIA_FILE_BYTES;
        let bytes = write(&spec, Cursor::new(Vec::new())).unwrap().into_inner();
        let mut zip = ZipContainer::open(Cursor::new(bytes)).unwrap();
        let names: Vec<String> = zip.entries().iter().map(|e| e.name.clone()).collect();
        for want in [
            "data/tweets.js",
            "data/tweets-part1.js",
            "data/tweets-part2.js",
            "data/manifest.js",
        ] {
            assert!(
                names.iter().any(|n| n == want),
                "{want} missing from {names:?}"
            );
        }
        assert!(
            names
                .iter()
                .filter(|n| n.starts_with("data/tweets_media/"))
                .count()
                >= 3
        );
        let first = zip.read_to_string("data/tweets.js").unwrap();
        assert!(first.starts_with("window.YTD.tweets.part0 = [ {"));
        let manifest = zip.read_to_string("data/manifest.js").unwrap();
        assert!(manifest.contains("\"fileName\": \"data/tweets-part2.js\""));
    }

    #[test]
    fn a_long_post_gets_a_note_tweet_with_the_same_second() {
        let mut post =
            bulk_posts(1, 1, Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap()).remove(0);
        post.text = "word ".repeat(100);
        let tweet = tweet_json(&post, Layout::X2024, "me");
        let note = note_json(&post);
        let full = tweet["tweet"]["full_text"].as_str().unwrap();
        assert!(full.chars().count() < 300 && full.contains('…'));
        assert_eq!(note["noteTweet"]["core"]["text"], post.text);
        assert_ne!(note["noteTweet"]["noteTweetId"], tweet["tweet"]["id_str"]);
    }
}
