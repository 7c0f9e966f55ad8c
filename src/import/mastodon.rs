//! Mastodon account archives ("Request your archive": a zip since Mastodon 4.2, a `.tar.gz`
//! before it; [`crate::read::targz`] opens those).
//!
//! In: a container holding `outbox.json` and `actor.json`, under `root`. Out: an
//! [`Archive`].
//!
//! What it reads, and only that (media are never opened):
//! - `actor.json`: the owner (an ActivityPub `Person`);
//! - `outbox.json`: an ActivityStreams `OrderedCollection` of the owner's activities,
//!   streamed item by item from its last `orderedItems` member ([`super::collection`]);
//! - `likes.json` (status URIs, kept as likes) and `bookmarks.json` (counted only).
//!
//! Each outbox item is a `Create` of a `Note` (a post; `inReplyTo` makes it a reply,
//! `quote` a quote) or an `Announce` (a boost; its `object` is the boosted status's URI).
//! The `content` is HTML, made plain by [`super::html`]; mentions and hashtags come from
//! `tag[]`. Who could see an item comes from its addressing: `as:Public` in `to` (public)
//! or `cc` (unlisted); the owner's followers collection only (followers-only, read and
//! marked in [`Archive::followers_only`]); anyone else (a direct message, Mastodon's "private
//! mention": skipped with its reason and counted as a message, its text never kept).
//! Older archives repeat `@context` and carry signatures on every item: unknown fields are
//! ignored. Mastodon archives hold no follower or following lists: the archive says so in
//! [`Archive::lacking`].
//!
//! Accounts are written `user@server`, from a mention's `name` or a status URI
//! (`https://server/users/user/statuses/1`), so the same person reads the same everywhere.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

use crate::error::Result;
use crate::import::Platform;
use crate::import::collection::ItemsView;
use crate::import::html;
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

/// Paths whose presence identifies a Mastodon archive ([`crate::import::detect`]).
pub(crate) const MARKERS: &[&str] = &["outbox.json", "actor.json"];

/// The public audience, as ActivityStreams writes it (in full or compacted).
fn is_public(address: &str) -> bool {
    matches!(
        address,
        "https://www.w3.org/ns/activitystreams#Public" | "as:Public" | "Public"
    )
}

/// Reads a Mastodon archive.
pub fn import(
    container: &mut dyn Container,
    root: &str,
    progress: &mut dyn Progress,
) -> Result<Archive> {
    let collections = ["outbox.json", "likes.json", "bookmarks.json"]
        .iter()
        .map(|f| format!("{root}{f}"))
        .collect();
    let mut view = ItemsView::new(container, collections);
    let start = MastodonImporter {
        root: root.to_string(),
        owner: Owner::default(),
        actor: String::new(),
        shared: Interner::default(),
        likes: Vec::new(),
        direct: 0,
        followers_only: Default::default(),
    };
    importer::run(start, &mut view, progress)
}

/// The Mastodon importer's state.
struct MastodonImporter {
    root: String,
    owner: Owner,
    /// The owner's actor URI (`https://server/users/name`): their statuses start with it.
    actor: String,
    shared: Interner,
    likes: Vec<Like>,
    /// Direct messages met (skipped; counted).
    direct: u32,
    /// The ids of followers-only posts.
    followers_only: std::collections::BTreeSet<Box<str>>,
}

impl Importer for MastodonImporter {
    fn plan(&mut self, files: &mut SmallFiles<'_>) -> Vec<DataFile> {
        let actor_entry = format!("{}actor.json", self.root);
        if let Some(actor) = files.read_json_or_warn(&actor_entry, Holds::Account) {
            self.owner = owner_of(&actor);
            self.actor = self.owner.id.clone().unwrap_or_default();
        }
        if self.owner.handle.is_none() {
            files.warn(Warning::new(
                WarningCode::NoOwner,
                "the archive does not say whose it is (actor.json is missing or unreadable); replies to oneself cannot be told from other replies",
            ));
        }
        [
            ("outbox.json", Holds::Posts),
            ("likes.json", Holds::Likes),
            ("bookmarks.json", Holds::Bookmarks),
        ]
        .into_iter()
        .filter_map(|(name, holds)| {
            let entry = format!("{}{name}", self.root);
            let size = files.container().entry(&entry)?.size;
            Some(DataFile {
                entry,
                holds,
                layout: Layout::Elements,
                size,
                // `totalItems` counts statuses the server holds, direct ones and those
                // since deleted included: not a count of this file's items.
                expected: None,
                announced_by: "outbox",
            })
        })
        .collect()
    }

    fn element(&mut self, file: &DataFile, index: u32, raw: Raw<'_>) -> Mapped {
        let Raw::Json(bytes) = raw else {
            return Err(("not a JSON element", String::new()));
        };
        match file.holds {
            Holds::Posts => {
                let item: Activity = serde_json::from_slice(bytes).map_err(json_skip)?;
                self.post(item, &file.entry, index).map(Some)
            }
            Holds::Likes => {
                let uri = item_uri(bytes)?;
                self.likes.push(Like {
                    post_id: uri.into(),
                    text: None,
                    hashtags: Vec::new(),
                });
                Ok(None)
            }
            _ => item_uri(bytes).map(|_| None),
        }
    }

    fn finish(self, imported: Imported) -> Archive {
        let Imported {
            posts,
            totals,
            sources,
            warnings,
            ..
        } = imported;
        let mut archive = Archive {
            owner: self.owner,
            posts,
            likes: self.likes,
            totals,
            sources,
            warnings,
            followers_only: self.followers_only,
            lacking: [Holds::Followers, Holds::Following]
                .into_iter()
                .map(|holds| Lacking {
                    holds,
                    platform: Platform::Mastodon,
                    why: format!(
                        "Mastodon archives hold no list of {}: your server shows them",
                        if holds == Holds::Followers {
                            "your followers"
                        } else {
                            "the accounts you follow"
                        }
                    ),
                })
                .collect(),
            ..Archive::default()
        };
        archive.messages.messages = self.direct;
        archive
    }
}

/// A like or bookmark: a status URI (or, rarely, an object with an `id`).
fn item_uri(bytes: &[u8]) -> std::result::Result<String, (&'static str, String)> {
    match serde_json::from_slice::<Value>(bytes).map_err(json_skip)? {
        Value::String(s) => Ok(s),
        Value::Object(o) => match o.get("id") {
            Some(Value::String(s)) => Ok(s.clone()),
            _ => Err(("an item without an id", String::new())),
        },
        _ => Err(("an item without an id", String::new())),
    }
}

/// The owner, from `actor.json`.
fn owner_of(actor: &Value) -> Owner {
    let s = |k: &str| actor.get(k).and_then(Value::as_str).map(str::to_string);
    let id = s("id");
    let host = id.as_deref().and_then(host_of);
    let handle = match (s("preferredUsername"), host) {
        (Some(user), Some(host)) => Some(format!("{user}@{host}")),
        (user, _) => user,
    };
    let website = actor
        .get("attachment")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| a.get("value").and_then(Value::as_str))
        .flat_map(|v| html::plain(v).links)
        .next();
    Owner {
        id,
        handle,
        display_name: s("name").filter(|n| !n.is_empty()),
        bio: s("summary")
            .map(|h| html::plain(&h).text)
            .filter(|b| !b.is_empty()),
        website,
        location: None,
        created_at: s("published").and_then(|p| parse_time(&p)),
    }
}

/// A host name from a URL.
fn host_of(url: &str) -> Option<String> {
    url::Url::parse(url).ok()?.host_str().map(str::to_lowercase)
}

/// The account a status URI belongs to: `user@server` from Mastodon's
/// `/users/<user>/statuses/<id>` or `/@<user>/<id>`; unknown for other servers' forms.
pub(crate) fn account_of_status(uri: &str) -> AccountRef {
    let Ok(url) = url::Url::parse(uri) else {
        return AccountRef::default();
    };
    let Some(host) = url.host_str() else {
        return AccountRef::default();
    };
    let segments: Vec<&str> = url
        .path_segments()
        .map(Iterator::collect)
        .unwrap_or_default();
    let user = match segments.as_slice() {
        ["users", user, ..] => Some(*user),
        [at, ..] if at.starts_with('@') && at.len() > 1 => Some(&at[1..]),
        _ => None,
    };
    match user {
        Some(user) => AccountRef::handle(&format!("{user}@{}", host.to_lowercase())),
        None => AccountRef::default(),
    }
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// An address list: ActivityStreams allows one string or an array.
#[derive(Debug, Default, Deserialize)]
#[serde(untagged)]
enum Addresses {
    One(String),
    Many(Vec<Value>),
    #[default]
    None,
}

impl Addresses {
    fn iter(&self) -> impl Iterator<Item = &str> {
        let (one, many): (Option<&str>, &[Value]) = match self {
            Addresses::One(s) => (Some(s), &[]),
            Addresses::Many(v) => (None, v),
            Addresses::None => (None, &[]),
        };
        one.into_iter().chain(many.iter().filter_map(Value::as_str))
    }
}

/// Who could see an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visibility {
    Public,
    Unlisted,
    Followers,
    Direct,
}

/// One outbox item.
#[derive(Debug, Deserialize)]
struct Activity {
    #[serde(rename = "type")]
    kind: String,
    id: Option<String>,
    published: Option<String>,
    #[serde(default)]
    to: Addresses,
    #[serde(default)]
    cc: Addresses,
    object: Option<Object>,
}

/// An activity's object: a URI (what an `Announce` boosts) or an object (the `Note` a
/// `Create` makes).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Object {
    Uri(String),
    Note(Box<Note>),
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Note {
    id: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    published: Option<String>,
    summary: Option<String>,
    content: Option<String>,
    content_map: Option<serde_json::Map<String, Value>>,
    in_reply_to: Option<Value>,
    #[serde(default)]
    tag: Vec<Value>,
    #[serde(default)]
    attachment: Vec<Value>,
    /// A quote post (Mastodon 4.4+, FEP-044f), or the older forms other servers write.
    quote: Option<Value>,
    quote_uri: Option<String>,
    quote_url: Option<String>,
    #[serde(rename = "_misskey_quote")]
    misskey_quote: Option<String>,
}

impl Note {
    fn quoted(&self) -> Option<&str> {
        let quote = match &self.quote {
            Some(Value::String(s)) => Some(s.as_str()),
            Some(Value::Object(o)) => o.get("id").and_then(Value::as_str),
            _ => None,
        };
        quote
            .or(self.quote_uri.as_deref())
            .or(self.quote_url.as_deref())
            .or(self.misskey_quote.as_deref())
    }
}

/// The id, if any, of what `value` names (a URI string, or an object with an `id`).
fn id_of(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s),
        Value::Object(o) => o.get("id").and_then(Value::as_str),
        _ => None,
    }
}

type Skip = (&'static str, String);

impl MastodonImporter {
    /// Who could see an item addressed so.
    fn visibility(&self, to: &Addresses, cc: &Addresses) -> Visibility {
        if to.iter().any(is_public) {
            Visibility::Public
        } else if cc.iter().any(is_public) {
            Visibility::Unlisted
        } else if to.iter().chain(cc.iter()).any(|a| {
            a.ends_with("/followers") && (self.actor.is_empty() || a.starts_with(&self.actor))
        }) {
            Visibility::Followers
        } else {
            Visibility::Direct
        }
    }

    /// One outbox item to a post.
    fn post(&mut self, item: Activity, entry: &str, index: u32) -> std::result::Result<Post, Skip> {
        let visibility = self.visibility(&item.to, &item.cc);
        if visibility == Visibility::Direct {
            self.direct += 1;
            return Err((
                "a direct message (a private mention), left out on purpose",
                "only the people it mentions could see it".into(),
            ));
        }
        let mut post = match (item.kind.as_str(), item.object) {
            ("Create", Some(Object::Note(note))) => self.note(*note)?,
            ("Announce", Some(object)) => {
                let uri = match &object {
                    Object::Uri(u) => u.clone(),
                    Object::Note(n) => n.id.clone().unwrap_or_default(),
                };
                let time = item.published.as_deref().and_then(parse_time);
                let (Some(id), Some(time)) = (item.id, time) else {
                    return Err(("a boost without an id or a date", String::new()));
                };
                let mut post = Post::new(&id, time, "");
                post.kind = PostKind::Repost;
                post.shared_from = Some(Box::new(self.shared_account(account_of_status(&uri))));
                post
            }
            (kind, _) => {
                return Err((
                    "not a post or a boost",
                    format!("an activity of type {kind}"),
                ));
            }
        };
        if visibility == Visibility::Followers {
            self.followers_only.insert(post.id.clone());
        }
        post.origin = Origin {
            entry: self.shared.get(entry),
            index,
        };
        Ok(post)
    }

    /// Shares the strings of an account reference.
    fn shared_account(&mut self, a: AccountRef) -> AccountRef {
        AccountRef {
            handle: a.handle.map(|h| self.shared.get(&h)),
            id: a.id.map(|i| self.shared.get(&i)),
            name: a.name,
        }
    }

    /// Whether a handle is the owner's.
    fn is_owner(&self, account: &AccountRef) -> bool {
        match (&account.handle, &self.owner.handle) {
            (Some(a), Some(o)) => a.eq_ignore_ascii_case(o),
            _ => false,
        }
    }

    /// A `Note` (or a `Question`, a poll) to a post.
    fn note(&mut self, note: Note) -> std::result::Result<Post, Skip> {
        if !matches!(
            note.kind.as_deref(),
            Some("Note" | "Question" | "Article" | "Page")
        ) {
            return Err((
                "not a post or a boost",
                format!(
                    "an object of type {}",
                    note.kind.as_deref().unwrap_or("unknown")
                ),
            ));
        }
        let time = note.published.as_deref().and_then(parse_time);
        let (Some(id), Some(time)) = (note.id.clone(), time) else {
            return Err(("a post without an id or a date", String::new()));
        };
        let plain = html::plain(note.content.as_deref().unwrap_or(""));
        let text = match note.summary.as_deref().map(str::trim) {
            // A content warning is the first thing readers see: it leads the text.
            Some(cw) if !cw.is_empty() => format!("{cw}\n\n{}", plain.text),
            _ => plain.text,
        };
        let mut post = Post::new(&id, time, &text);
        self.add_tags(&mut post, &note.tag);
        if post.hashtags.is_empty() {
            // Some servers send no `tag[]`; the text still shows the tags.
            post.hashtags = hashtags_in(&post.text);
        }
        post.links = plain
            .links
            .iter()
            .map(|u| Link::shared(u, &mut self.shared))
            .collect();
        post.media = note.attachment.len().min(u16::MAX as usize) as u16;
        post.lang = note
            .content_map
            .as_ref()
            .and_then(|m| m.keys().next())
            .map(|l| self.shared.get(l));
        self.place_in_conversation(&mut post, &note);
        Ok(post)
    }

    /// The note's `tag[]` to the post's hashtags and mentions (each once, the owner not
    /// mentioned).
    fn add_tags(&mut self, post: &mut Post, tags: &[Value]) {
        for tag in tags {
            let name = tag.get("name").and_then(Value::as_str).unwrap_or("");
            match tag.get("type").and_then(Value::as_str) {
                Some("Hashtag") => {
                    let tag = name.trim_start_matches('#');
                    if !tag.is_empty() && !post.hashtags.iter().any(|h| h.eq_ignore_ascii_case(tag))
                    {
                        post.hashtags.push(self.shared.get(tag));
                    }
                }
                Some("Mention") => {
                    let handle = name.trim_start_matches('@');
                    let account = AccountRef {
                        handle: (!handle.is_empty()).then(|| self.shared.get(handle)),
                        id: tag
                            .get("href")
                            .and_then(Value::as_str)
                            .map(|h| self.shared.get(h)),
                        name: None,
                    };
                    if !self.is_owner(&account) && !post.mentions.contains(&account) {
                        post.mentions.push(account);
                    }
                }
                _ => {}
            }
        }
    }

    /// A reply (a thread when to the owner's own post) or a quote of someone else's post.
    fn place_in_conversation(&mut self, post: &mut Post, note: &Note) {
        if let Some(parent) = note.in_reply_to.as_ref().and_then(id_of) {
            let own = !self.actor.is_empty() && parent.starts_with(&format!("{}/", self.actor));
            let account = self.shared_account(account_of_status(parent));
            post.kind = if own || self.is_owner(&account) {
                PostKind::Thread
            } else {
                PostKind::Reply
            };
            post.reply_to = Some(Box::new(ReplyRef {
                post_id: Some(parent.into()),
                account,
            }));
        } else if let Some(quoted) = note.quoted() {
            let account = self.shared_account(account_of_status(quoted));
            if !self.is_owner(&account) {
                post.kind = PostKind::Quote;
                post.shared_from = Some(Box::new(account));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn importer() -> MastodonImporter {
        MastodonImporter {
            root: String::new(),
            owner: Owner {
                handle: Some("me@example.social".into()),
                id: Some("https://example.social/users/me".into()),
                ..Owner::default()
            },
            actor: "https://example.social/users/me".into(),
            shared: Interner::default(),
            likes: Vec::new(),
            direct: 0,
            followers_only: Default::default(),
        }
    }

    fn read(json: &str) -> std::result::Result<Post, Skip> {
        let item: Activity = serde_json::from_str(json).unwrap();
        importer().post(item, "outbox.json", 0)
    }

    const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

    fn create(note: &str, to: &str, cc: &str) -> String {
        format!(
            r#"{{"type":"Create","id":"https://example.social/users/me/statuses/1/activity","published":"2023-01-02T03:04:05Z","to":[{to}],"cc":[{cc}],"object":{{"id":"https://example.social/users/me/statuses/1","type":"Note","published":"2023-01-02T03:04:05Z","to":[{to}],"cc":[{cc}],{note}}}}}"#
        )
    }

    #[test]
    fn a_note_with_tags_mentions_and_a_link() {
        let note = r##""content":"<p><span class=\"h-card\"><a href=\"https://x.org/@jo\" class=\"u-url mention\">@<span>jo</span></a></span> try <a href=\"https://edu.example/a\">edu.example/a</a> <a href=\"https://example.social/tags/EduSky\" class=\"mention hashtag\" rel=\"tag\">#<span>EduSky</span></a></p>","contentMap":{"en":"x"},"tag":[{"type":"Mention","href":"https://x.org/users/jo","name":"@jo@x.org"},{"type":"Hashtag","href":"https://example.social/tags/edusky","name":"#edusky"}],"attachment":[{"type":"Document"}]"##;
        let p = read(&create(note, &format!("\"{PUBLIC}\""), "")).unwrap();
        assert_eq!(p.kind, PostKind::Original);
        assert_eq!(&*p.text, "@jo try edu.example/a #EduSky");
        assert_eq!(p.mentions[0].handle.as_deref(), Some("jo@x.org"));
        assert_eq!(&*p.hashtags[0], "edusky");
        assert_eq!(&*p.links[0].domain, "edu.example");
        assert_eq!(p.media, 1);
        assert_eq!(p.lang.as_deref(), Some("en"));
    }

    #[test]
    fn replies_to_others_and_to_oneself() {
        let reply = r#""content":"<p>yes</p>","inReplyTo":"https://x.org/users/jo/statuses/9""#;
        let p = read(&create(reply, &format!("\"{PUBLIC}\""), "")).unwrap();
        assert_eq!(p.kind, PostKind::Reply);
        let to = &p.reply_to.unwrap().account;
        assert_eq!(to.handle.as_deref(), Some("jo@x.org"));
        let own =
            r#""content":"<p>2/2</p>","inReplyTo":"https://example.social/users/me/statuses/0""#;
        assert_eq!(
            read(&create(own, &format!("\"{PUBLIC}\""), ""))
                .unwrap()
                .kind,
            PostKind::Thread
        );
    }

    #[test]
    fn audiences_from_addressing() {
        let note = r#""content":"<p>hi</p>""#;
        let followers = "\"https://example.social/users/me/followers\"";
        let read_all = |json: &str| {
            let mut i = importer();
            let p = i.post(serde_json::from_str(json).unwrap(), "outbox.json", 0);
            (p, i.followers_only.len())
        };
        let (unlisted, marked) = read_all(&create(note, followers, &format!("\"{PUBLIC}\"")));
        assert!(unlisted.is_ok() && marked == 0);
        let (only, marked) = read_all(&create(note, followers, ""));
        assert!(only.is_ok() && marked == 1);
        let direct = read(&create(note, "\"https://x.org/users/jo\"", "")).unwrap_err();
        assert!(direct.0.contains("direct message"));
    }

    #[test]
    fn a_boost_names_the_boosted_account() {
        let boost = format!(
            r#"{{"type":"Announce","id":"https://example.social/users/me/statuses/2/activity","published":"2023-01-02T03:04:05Z","to":["{PUBLIC}"],"object":"https://mastodon.social/users/Ann/statuses/5","signature":{{"type":"RsaSignature2017"}},"@context":"https://www.w3.org/ns/activitystreams"}}"#
        );
        let p = read(&boost).unwrap();
        assert_eq!(p.kind, PostKind::Repost);
        assert_eq!(
            p.shared_from.unwrap().handle.as_deref(),
            Some("ann@mastodon.social").map(|_| "Ann@mastodon.social")
        );
        assert_eq!(
            account_of_status("https://a.b/@jo/1").handle.as_deref(),
            Some("jo@a.b")
        );
        assert_eq!(account_of_status("https://a.b/objects/xyz").handle, None);
    }

    #[test]
    fn other_activities_are_skipped_with_a_reason() {
        let like = format!(r#"{{"type":"Like","to":["{PUBLIC}"],"object":"https://a.b/1"}}"#);
        assert_eq!(read(&like).unwrap_err().0, "not a post or a boost");
    }
}
