//! Bluesky repository exports ("Export my data": one `.car` file).
//!
//! In: a container made by [`crate::read::car`]: `repo/commit.json` (the owner's DID) and
//! one JSON array per record collection, `repo/<collection>.json`, each element
//! `{"uri": "at://<did>/<collection>/<key>", "value": <record>}`. Out: an [`Archive`].
//!
//! What it reads:
//! - `app.bsky.feed.post`: posts. `reply.parent` makes a reply (to oneself: a thread);
//!   an embedded record (`app.bsky.embed.record`, or `recordWithMedia`) of another
//!   account's post makes a quote; `embed.images` and `embed.media` count as media,
//!   `embed.external` is a link. Facets mark byte ranges of the text: `#mention` (a DID,
//!   and the text `@handle` it covers), `#link` and `#tag`; records from before facets
//!   (2022-2023) carry `entities` (`{type: mention|link, index: {start, end}, value}`)
//!   instead. Tags written in the text without a facet count too.
//! - `app.bsky.feed.repost`: reposts (posts of kind repost, naming the reposted account);
//! - `app.bsky.feed.like`: likes (the liked post's at:// URI);
//! - `app.bsky.graph.follow`: accounts followed (DIDs);
//! - `app.bsky.actor.profile` (`self`): the owner's name and bio.
//!
//! Every other collection (retired record types such as `app.bsky.feed.vote`, and other
//! apps' records) is read, counted, and named in one warning; nothing in it is used.
//! Accounts are DIDs in a repository: a person is shown by the handle a mention of them
//! wrote in some post's text, by the DID otherwise. A repository holds no followers and no
//! handle for its owner (the owner is named by the DID and the profile's name).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::error::Result;
use crate::import::Platform;
use crate::import::importer::{
    self, DataFile, Imported, Importer, Layout, Mapped, Raw, SmallFiles, json_skip,
};
use crate::import::text::hashtags_in;
use crate::model::{
    AccountRef, Archive, Holds, Interner, Lacking, Like, Link, Origin, Owner, Post, PostKind,
    ReplyRef, Warning, WarningCode,
};
use crate::progress::Progress;
use crate::read::Container;
use crate::read::car::COMMIT_ENTRY;

/// Paths whose presence identifies a Bluesky repository ([`crate::import::detect`]).
pub(crate) const MARKERS: &[&str] = &[COMMIT_ENTRY];

/// The collections read, and what each holds.
fn holds_of(collection: &str) -> Holds {
    match collection {
        "app.bsky.feed.post" | "app.bsky.feed.repost" => Holds::Posts,
        "app.bsky.feed.like" => Holds::Likes,
        "app.bsky.graph.follow" => Holds::Following,
        "app.bsky.actor.profile" => Holds::Profile,
        _ => Holds::Other,
    }
}

/// Reads a Bluesky repository.
pub fn import(container: &mut dyn Container, progress: &mut dyn Progress) -> Result<Archive> {
    let start = BlueskyImporter {
        did: String::new(),
        owner: Owner::default(),
        shared: Interner::default(),
        kept: Archive::default(),
        handles: HashMap::new(),
    };
    importer::run(start, container, progress)
}

/// The Bluesky importer's state.
struct BlueskyImporter {
    did: String,
    owner: Owner,
    shared: Interner,
    /// Likes and follows as they are read.
    kept: Archive,
    /// DID -> the handle a mention wrote for it.
    handles: HashMap<Arc<str>, Arc<str>>,
}

type Skip = (&'static str, String);

impl Importer for BlueskyImporter {
    fn plan(&mut self, files: &mut SmallFiles<'_>) -> Vec<DataFile> {
        if let Some(commit) = files.read_json_or_warn(COMMIT_ENTRY, Holds::Manifest) {
            self.did = commit["did"].as_str().unwrap_or_default().to_string();
            if commit["cut_short"].as_bool() == Some(true) {
                files.warn(Warning::about(
                    WarningCode::DamagedFile,
                    "the repository file ends early (it looks cut off): the records before the cut were read",
                    COMMIT_ENTRY,
                ));
            }
            if let Some(n) = commit["history_blocks"].as_u64().filter(|&n| n > 0) {
                files.warn(Warning::about(
                    WarningCode::SkippedItems,
                    format!(
                        "the repository file also holds {n} blocks of its history (earlier versions, and records since deleted or of kinds Bluesky has retired); only the current records were read"
                    ),
                    COMMIT_ENTRY,
                ));
            }
        }
        self.owner.id = (!self.did.is_empty()).then(|| self.did.clone());
        let mut plan: Vec<DataFile> = files
            .container()
            .entries()
            .iter()
            .filter_map(|e| {
                let collection = e.name.strip_prefix("repo/")?.strip_suffix(".json")?;
                (e.name != COMMIT_ENTRY).then(|| DataFile {
                    entry: e.name.clone(),
                    holds: holds_of(collection),
                    layout: Layout::Elements,
                    size: e.size,
                    expected: None,
                    announced_by: "repository",
                })
            })
            .collect();
        // The profile first (the owner's name), then posts before the rest.
        plan.sort_by_key(|f| {
            (
                f.holds != Holds::Profile,
                f.holds != Holds::Posts,
                f.entry.clone(),
            )
        });
        plan
    }

    fn element(&mut self, file: &DataFile, index: u32, raw: Raw<'_>) -> Mapped {
        let Raw::Json(bytes) = raw else {
            return Err(("not a JSON element", String::new()));
        };
        let record: Value = serde_json::from_slice(bytes).map_err(json_skip)?;
        if let Some(why) = record["unreadable"].as_str() {
            return Err(("a record that cannot be read", why.to_string()));
        }
        let uri = record["uri"].as_str().unwrap_or_default();
        let value = &record["value"];
        match file.holds {
            Holds::Posts => {
                let mut post = if uri.contains("/app.bsky.feed.repost/") {
                    self.repost(uri, value)?
                } else {
                    self.post(uri, value)?
                };
                post.origin = Origin {
                    entry: self.shared.get(&file.entry),
                    index,
                };
                return Ok(Some(post));
            }
            Holds::Likes => {
                let subject = value["subject"]["uri"]
                    .as_str()
                    .ok_or(("a like without the post it likes", String::new()))?;
                self.kept.likes.push(Like {
                    post_id: subject.into(),
                    text: None,
                    hashtags: Vec::new(),
                });
            }
            Holds::Following => {
                let subject = value["subject"]
                    .as_str()
                    .ok_or(("a follow without the account it follows", String::new()))?;
                self.kept.following.push(subject.to_string());
            }
            Holds::Profile => {
                let s = |k: &str| {
                    value[k]
                        .as_str()
                        .map(str::to_string)
                        .filter(|s| !s.is_empty())
                };
                self.owner.display_name = s("displayName");
                self.owner.bio = s("description");
                self.owner.created_at = value["createdAt"].as_str().and_then(parse_time);
            }
            _ => {}
        }
        Ok(None)
    }

    fn finish(self, imported: Imported) -> Archive {
        let Imported {
            mut posts,
            totals,
            sources,
            mut warnings,
            ..
        } = imported;
        for post in &mut posts {
            self.name_accounts(post);
        }
        let other: Vec<String> = sources
            .iter()
            .filter(|s| s.holds == Holds::Other)
            .map(|s| {
                let name = s
                    .entry
                    .trim_start_matches("repo/")
                    .trim_end_matches(".json");
                format!("{name} ({})", s.items)
            })
            .collect();
        if !other.is_empty() {
            warnings.push(Warning::new(
                WarningCode::SkippedItems,
                format!(
                    "records of kinds PLN Lens does not use (retired Bluesky types or other apps' records) were counted and left out: {}",
                    other.join(", ")
                ),
            ));
        }
        Archive {
            owner: self.owner,
            posts,
            totals,
            sources,
            warnings,
            lacking: vec![Lacking {
                holds: Holds::Followers,
                platform: Platform::Bluesky,
                why: "a Bluesky repository holds whom you follow, not who follows you".into(),
            }],
            ..self.kept
        }
    }
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The DID and collection an at:// URI names (`at://<did>/<collection>/<key>`).
fn parts_of(uri: &str) -> Option<(&str, &str)> {
    let mut parts = uri.strip_prefix("at://")?.split('/');
    Some((parts.next()?, parts.next().unwrap_or("")))
}

impl BlueskyImporter {
    fn account(&mut self, did: &str) -> AccountRef {
        AccountRef {
            handle: None,
            id: Some(self.shared.get(did)),
            name: None,
        }
    }

    /// A repost record.
    fn repost(&mut self, uri: &str, value: &Value) -> std::result::Result<Post, Skip> {
        let time = value["createdAt"].as_str().and_then(parse_time);
        let subject = value["subject"]["uri"].as_str();
        let (Some(time), Some(subject)) = (time, subject) else {
            return Err((
                "a repost without a date or the post it reposts",
                String::new(),
            ));
        };
        let mut post = Post::new(uri, time, "");
        post.kind = PostKind::Repost;
        let did = parts_of(subject).map_or("", |(did, _)| did);
        // A repost of one's own post names nobody else.
        if did != self.did {
            post.shared_from = Some(Box::new(self.account(did)));
        }
        Ok(post)
    }

    /// A post record.
    fn post(&mut self, uri: &str, value: &Value) -> std::result::Result<Post, Skip> {
        let text = value["text"].as_str().unwrap_or_default();
        let Some(time) = value["createdAt"].as_str().and_then(parse_time) else {
            return Err(("a post without a date", String::new()));
        };
        let mut post = Post::new(uri, time, text);
        self.facets(&mut post, value);
        for tag in hashtags_in(text).into_iter().chain(
            value["tags"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(Arc::from),
        ) {
            if !post.hashtags.iter().any(|h| h.eq_ignore_ascii_case(&tag)) {
                post.hashtags.push(self.shared.get(&tag));
            }
        }
        post.lang = value["langs"][0].as_str().map(|l| self.shared.get(l));
        let embed = &value["embed"];
        if let Some(external) = embed["external"]["uri"].as_str()
            && !post.links.iter().any(|l| &*l.url == external)
        {
            post.links.push(Link::shared(external, &mut self.shared));
        }
        let media = |m: &Value| {
            m["images"].as_array().map_or(0, Vec::len) + usize::from(m["video"].is_object())
        };
        post.media = (media(embed) + media(&embed["media"])).min(usize::from(u16::MAX)) as u16;
        if let Some(parent) = value["reply"]["parent"]["uri"].as_str() {
            let did = parts_of(parent).map_or("", |(d, _)| d);
            post.kind = if did == self.did {
                PostKind::Thread
            } else {
                PostKind::Reply
            };
            post.reply_to = Some(Box::new(ReplyRef {
                post_id: Some(parent.into()),
                account: self.account(did),
            }));
        } else {
            let quoted = embed["record"]["uri"]
                .as_str()
                .or(embed["record"]["record"]["uri"].as_str());
            if let Some((did, collection)) = quoted.and_then(parts_of)
                && collection == "app.bsky.feed.post"
                && did != self.did
            {
                post.kind = PostKind::Quote;
                post.shared_from = Some(Box::new(self.account(did)));
            }
        }
        Ok(post)
    }

    /// Mentions, links and tags from facets (or the older `entities`).
    fn facets(&mut self, post: &mut Post, value: &Value) {
        let text = post.text.clone();
        let covered = |start: &Value, end: &Value| {
            let (a, b) = (start.as_u64()? as usize, end.as_u64()? as usize);
            text.get(a..b)
        };
        let mut mentions: Vec<(String, Option<String>)> = Vec::new();
        let mut links: Vec<String> = Vec::new();
        let mut tags: Vec<String> = Vec::new();
        for facet in value["facets"].as_array().into_iter().flatten() {
            let slice = covered(&facet["index"]["byteStart"], &facet["index"]["byteEnd"]);
            for feature in facet["features"].as_array().into_iter().flatten() {
                match feature["$type"].as_str().unwrap_or_default() {
                    "app.bsky.richtext.facet#mention" => {
                        if let Some(did) = feature["did"].as_str() {
                            let handle = slice.map(|s| s.trim_start_matches('@').to_string());
                            mentions.push((did.to_string(), handle));
                        }
                    }
                    "app.bsky.richtext.facet#link" => {
                        links.extend(feature["uri"].as_str().map(str::to_string));
                    }
                    "app.bsky.richtext.facet#tag" => {
                        tags.extend(feature["tag"].as_str().map(str::to_string));
                    }
                    _ => {}
                }
            }
        }
        for entity in value["entities"].as_array().into_iter().flatten() {
            let Some(v) = entity["value"].as_str() else {
                continue;
            };
            match entity["type"].as_str() {
                Some("mention") => {
                    let slice = covered(&entity["index"]["start"], &entity["index"]["end"]);
                    mentions.push((
                        v.to_string(),
                        slice.map(|s| s.trim_start_matches('@').to_string()),
                    ));
                }
                Some("link") => links.push(v.to_string()),
                _ => {}
            }
        }
        for (did, handle) in mentions {
            if did == self.did {
                continue;
            }
            let id = self.shared.get(&did);
            let handle = handle
                .filter(|h| !h.is_empty())
                .map(|h| self.shared.get(&h));
            if let Some(h) = &handle {
                self.handles.insert(id.clone(), h.clone());
            }
            let account = AccountRef {
                handle,
                id: Some(id),
                name: None,
            };
            if !post.mentions.iter().any(|m| m.id == account.id) {
                post.mentions.push(account);
            }
        }
        for url in links {
            if !post.links.iter().any(|l| *l.url == *url) {
                post.links.push(Link::shared(&url, &mut self.shared));
            }
        }
        for tag in tags {
            if !post.hashtags.iter().any(|h| h.eq_ignore_ascii_case(&tag)) {
                post.hashtags.push(self.shared.get(&tag));
            }
        }
    }

    /// Gives accounts known by DID the handle some mention wrote for them.
    fn name_accounts(&self, post: &mut Post) {
        let name = |a: &mut AccountRef| {
            if a.handle.is_none()
                && let Some(h) = a.id.as_ref().and_then(|id| self.handles.get(id))
            {
                a.handle = Some(h.clone());
            }
        };
        if let Some(r) = post.reply_to.as_mut() {
            name(&mut r.account);
        }
        if let Some(s) = post.shared_from.as_mut() {
            name(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn importer() -> BlueskyImporter {
        BlueskyImporter {
            did: "did:plc:me".into(),
            owner: Owner::default(),
            shared: Interner::default(),
            kept: Archive::default(),
            handles: HashMap::new(),
        }
    }

    #[test]
    fn facets_give_mentions_links_and_tags_by_byte_range() {
        let text = "héllo @ann.bsky.social see example.org #EduSky";
        let at = |s: &str| text.find(s).unwrap();
        let value = json!({
            "text": text, "createdAt": "2024-02-03T04:05:06.789Z", "langs": ["en"],
            "facets": [
                {"index": {"byteStart": at("@ann"), "byteEnd": at(" see")},
                 "features": [{"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:ann"}]},
                {"index": {"byteStart": at("example"), "byteEnd": at(" #")},
                 "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://example.org/"}]},
                {"index": {"byteStart": at("#Edu"), "byteEnd": text.len()},
                 "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "EduSky"}]}
            ]
        });
        let p = importer()
            .post("at://did:plc:me/app.bsky.feed.post/1", &value)
            .unwrap();
        assert_eq!(p.kind, PostKind::Original);
        assert_eq!(p.mentions[0].handle.as_deref(), Some("ann.bsky.social"));
        assert_eq!(p.mentions[0].id.as_deref(), Some("did:plc:ann"));
        assert_eq!(&*p.links[0].url, "https://example.org/");
        assert_eq!(p.hashtags.len(), 1);
        assert_eq!(p.lang.as_deref(), Some("en"));
    }

    #[test]
    fn replies_threads_and_quotes() {
        let mut i = importer();
        let reply = json!({"text": "yes", "createdAt": "2024-02-03T04:05:06Z",
            "reply": {"root": {"uri": "at://did:plc:ann/app.bsky.feed.post/0"},
                      "parent": {"uri": "at://did:plc:ann/app.bsky.feed.post/0"}}});
        assert_eq!(
            i.post("at://did:plc:me/app.bsky.feed.post/2", &reply)
                .unwrap()
                .kind,
            PostKind::Reply
        );
        let thread = json!({"text": "2/2", "createdAt": "2024-02-03T04:05:06Z",
            "reply": {"parent": {"uri": "at://did:plc:me/app.bsky.feed.post/1"}}});
        assert_eq!(
            i.post("at://did:plc:me/app.bsky.feed.post/3", &thread)
                .unwrap()
                .kind,
            PostKind::Thread
        );
        let quote = json!({"text": "this", "createdAt": "2024-02-03T04:05:06Z",
            "embed": {"$type": "app.bsky.embed.recordWithMedia",
                      "record": {"record": {"uri": "at://did:plc:bob/app.bsky.feed.post/9"}},
                      "media": {"images": [{}, {}]}}});
        let q = i
            .post("at://did:plc:me/app.bsky.feed.post/4", &quote)
            .unwrap();
        assert_eq!(q.kind, PostKind::Quote);
        assert_eq!(q.media, 2);
        assert_eq!(q.shared_from.unwrap().id.as_deref(), Some("did:plc:bob"));
    }

    #[test]
    fn legacy_entities_and_a_dateless_post() {
        let text = "hi @paul.test https://a.example";
        let value = json!({"text": text, "createdAt": "2022-10-01T00:00:00.000Z", "entities": [
            {"type": "mention", "index": {"start": 3, "end": 13}, "value": "did:plc:paul"},
            {"type": "link", "index": {"start": 14, "end": text.len()}, "value": "https://a.example"}]});
        let p = importer()
            .post("at://did:plc:me/app.bsky.feed.post/5", &value)
            .unwrap();
        assert_eq!(p.mentions[0].handle.as_deref(), Some("paul.test"));
        assert_eq!(p.links.len(), 1);
        assert!(
            importer()
                .post("at://x/app.bsky.feed.post/6", &json!({"text": "x"}))
                .is_err()
        );
    }
}
