//! X/Twitter archives from 2019 on ("Download an archive of your data").
//!
//! In: a container holding `data/*.js` files, under `root`. Out: an [`Archive`].
//!
//! What it reads, and only that (media are never opened):
//! - the post files: `tweet.js` (2019-2022) or `tweets.js` (2023 on), their
//!   `-partN` splits, and `community-tweet.js`; listed by `manifest.js` when present, found
//!   by name otherwise (and both, so a stale manifest loses nothing);
//! - `note-tweet.js`: the full text of long posts, joined to its post by the creation
//!   second (the note's own id never equals the post's);
//! - `account.js`, `profile.js` (the owner), `like.js`, `follower.js`, `following.js`,
//!   `lists-member.js`, and `direct-messages(-group).js`, of which only counts and
//!   counterpart ids are kept: message text is skipped while parsing.
//!
//! Each element is `{"tweet": {...}}` or (older) a bare tweet object; numbers may be strings;
//! reply fields are omitted on non-replies. Kinds come from structure: a repost starts
//! `RT @user:`; a reply has `in_reply_to_status_id` (a reply to oneself is a thread); a quote
//! links `twitter.com|x.com/<user>/status/<id>` of another account.
//!
//! It fills the importer skeleton (`import::importer`): [`XImporter`]'s `plan` reads the
//! manifest and the owner and lists the data files (notes first, then posts, then the
//! rest), `element` maps one element, `finish` builds the archive.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

use crate::error::Result;
use crate::import::importer::{
    self, DataFile, Imported, Importer, Layout, Mapped, Raw, Skip, SmallFiles, json_skip,
};
use crate::import::lenient::{LenientCount, LenientId};
use crate::import::text::{client_name, hashtags_in, parse_date, unescape_x};
use crate::model::{
    AccountRef, Archive, Holds, Interner, Like, Link, MessageCounts, Origin, Owner, Post, PostKind,
    PostLink, ReplyRef, Warning, WarningCode,
};
use crate::progress::Progress;
use crate::read::Container;

/// Paths whose presence identifies an X archive ([`crate::import::detect`]).
pub(crate) const MARKERS: &[&str] = &[
    "data/manifest.js",
    "data/tweets.js",
    "data/tweet.js",
    "data/tweets-part1.js",
];

/// What the manifest's `dataTypes` key says a file holds.
fn holds_of_manifest_key(key: &str) -> Option<Holds> {
    Some(match key {
        "tweets" | "tweet" | "communityTweet" => Holds::Posts,
        "noteTweet" => Holds::Notes,
        "like" => Holds::Likes,
        "follower" => Holds::Followers,
        "following" => Holds::Following,
        "directMessages" => Holds::Messages,
        "directMessagesGroup" => Holds::GroupMessages,
        "listsMember" => Holds::Lists,
        _ => return None,
    })
}

/// Recognises a data file by its name (without the `data/` folder), such as
/// `tweets-part2.js`; returns what it holds and the part number.
fn holds_of_file_name(name: &str) -> Option<(Holds, u32)> {
    let stem = name.strip_suffix(".js")?;
    let (base, part) = match stem.rsplit_once("-part") {
        Some((b, p)) => (b, p.parse().ok()?),
        None => (stem, 0),
    };
    let holds = match base {
        "tweets" | "tweet" | "community-tweet" => Holds::Posts,
        "note-tweet" => Holds::Notes,
        "like" => Holds::Likes,
        "follower" => Holds::Followers,
        "following" => Holds::Following,
        "direct-messages" | "direct-message" => Holds::Messages,
        "direct-messages-group" | "direct-message-group" => Holds::GroupMessages,
        "lists-member" => Holds::Lists,
        _ => return None,
    };
    Some((holds, part))
}

/// Reads an X archive found under `root` in `container`.
pub fn import(
    container: &mut dyn Container,
    root: &str,
    progress: &mut dyn Progress,
) -> Result<Archive> {
    let start = XImporter {
        root: root.to_string(),
        owner: Owner::default(),
        key: OwnerKey::new(&Owner::default()),
        notes: NoteIndex::default(),
        kept: Archive::default(),
        counterparts: Vec::new(),
        export_date: None,
    };
    importer::run(start, container, progress)
}

/// The X importer's state: the owner, and what it keeps from files other than posts.
struct XImporter {
    root: String,
    owner: Owner,
    key: OwnerKey,
    /// Long-post notes, read first and joined to their posts as these stream past.
    notes: NoteIndex,
    /// Likes, follows, lists and message counts as they are read.
    kept: Archive,
    /// The other person of each one-to-one conversation.
    counterparts: Vec<String>,
    /// When the archive was made (the manifest's `generationDate`).
    export_date: Option<chrono::DateTime<chrono::Utc>>,
}

impl Importer for XImporter {
    fn plan(&mut self, files: &mut SmallFiles<'_>) -> Vec<DataFile> {
        let manifest_entry = format!("{}data/manifest.js", self.root);
        let manifest = match files.read_json(&manifest_entry, Holds::Manifest) {
            Ok(v) => v,
            Err(e) => {
                files.warn(Warning::about(
                    WarningCode::UnreadableManifest,
                    format!(
                        "{}; the data files were found by their names instead",
                        e.message
                    ),
                    &manifest_entry,
                ));
                None
            }
        };
        self.export_date = manifest
            .as_ref()
            .and_then(|m| m.pointer("/archiveInfo/generationDate"))
            .and_then(Value::as_str)
            .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
            .map(|d| d.to_utc());
        let mut plan = plan_files(files, &self.root, manifest.as_ref());
        self.owner = read_owner(files, &self.root, manifest.as_ref());
        if self.owner.handle.is_none() && self.owner.id.is_none() {
            files.warn(Warning::new(
                WarningCode::NoOwner,
                "the archive does not say whose it is (no account.js); replies to oneself cannot be told from other replies",
            ));
        }
        self.key = OwnerKey::new(&self.owner);
        // Notes first: posts are joined to them as they stream past.
        plan.sort_by_key(|f| {
            (
                f.holds != Holds::Notes,
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
        let parse_err = |_| ("unreadable item", String::new());
        match file.holds {
            Holds::Posts => {
                return parse_post(bytes, &file.entry, index, &self.key, &mut self.notes).map(Some);
            }
            Holds::Notes => {
                let el: NoteElement = serde_json::from_slice(bytes).map_err(parse_err)?;
                self.notes.add(el.note_tweet);
            }
            Holds::Likes => {
                let el: LikeElement = serde_json::from_slice(bytes).map_err(parse_err)?;
                self.kept.likes.push(el.like.into_like());
            }
            Holds::Followers | Holds::Following => {
                let el: FollowElement = serde_json::from_slice(bytes).map_err(parse_err)?;
                let id = el.inner().account_id.0.into_owned();
                if file.holds == Holds::Followers {
                    self.kept.followers.push(id);
                } else {
                    self.kept.following.push(id);
                }
            }
            Holds::Messages | Holds::GroupMessages => {
                let el: ConversationElement = serde_json::from_slice(bytes).map_err(parse_err)?;
                self.count_messages(&el.dm_conversation, file.holds == Holds::GroupMessages);
            }
            Holds::Lists => {
                let el: ListElement = serde_json::from_slice(bytes).map_err(parse_err)?;
                self.kept.listed_on.push(el.user_list_info.url.into_owned());
            }
            Holds::Account | Holds::Profile | Holds::Manifest | Holds::Bookmarks | Holds::Other => {
            }
        }
        Ok(None)
    }

    fn export_date(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.export_date
    }

    fn finish(self, imported: Imported) -> Archive {
        let XImporter {
            mut owner,
            key,
            notes,
            kept,
            counterparts,
            ..
        } = self;
        let expected = imported.expected_posts();
        let Imported {
            posts,
            mut totals,
            sources,
            mut warnings,
            ..
        } = imported;
        let unmatched_notes = notes.unmatched();
        if unmatched_notes > 0 {
            warnings.push(Warning::new(
                WarningCode::UnmatchedNotes,
                format!(
                    "{unmatched_notes} long-post notes in note-tweet.js matched no post in the archive (their posts may have been deleted); they were left out"
                ),
            ));
        }
        totals.notes_joined = notes.joined;
        totals.expected = expected;
        if owner.handle.is_none() {
            owner.handle = key.handle.clone();
        }
        Archive {
            owner,
            posts,
            totals,
            messages: MessageCounts {
                counterpart_ids: counterparts,
                ..kept.messages
            },
            sources,
            warnings,
            ..kept
        }
    }
}

impl XImporter {
    /// Counts one conversation's sent messages (their text is never kept).
    fn count_messages(&mut self, conversation: &RawConversation<'_>, group: bool) {
        let sent = conversation
            .messages
            .iter()
            .filter(|m| m.message_create.is_some())
            .count() as u32;
        let counts = &mut self.kept.messages;
        if group {
            counts.group_conversations += 1;
            counts.group_messages += sent;
        } else {
            counts.conversations += 1;
            counts.messages += sent;
            if let Some(other) = conversation.counterpart(self.owner.id.as_deref()) {
                self.counterparts.push(other);
            }
        }
    }
}

/// Decides which files to read: the manifest's list, plus any data file found by name that
/// it does not list.
fn plan_files(files: &mut SmallFiles<'_>, root: &str, manifest: Option<&Value>) -> Vec<DataFile> {
    let mut plan: Vec<DataFile> = Vec::new();
    let data_file = |entry: String, holds, size, expected| DataFile {
        entry,
        holds,
        layout: Layout::Elements,
        size,
        expected,
        announced_by: "manifest",
    };
    let types = manifest
        .and_then(|m| m.get("dataTypes"))
        .and_then(Value::as_object);
    for (key, data_type) in types.into_iter().flatten() {
        let Some(holds) = holds_of_manifest_key(key) else {
            continue;
        };
        let listed = data_type
            .get("files")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for f in listed {
            let Some(name) = f.get("fileName").and_then(Value::as_str) else {
                continue;
            };
            let expected = f.get("count").and_then(lenient_u64);
            let entry = format!("{root}{name}");
            match files.container().entry(&entry).map(|e| e.size) {
                Some(size) => plan.push(data_file(entry, holds, size, expected)),
                None if expected.unwrap_or(0) > 0 => files.warn(Warning::about(
                    WarningCode::MissingFile,
                    format!(
                        "the archive's manifest lists {name} with {} {}, but the archive does not contain it",
                        expected.unwrap_or(0),
                        holds.label()
                    ),
                    &entry,
                )),
                None => {}
            }
        }
    }
    let data_dir = format!("{root}data/");
    let planned: std::collections::HashSet<String> = plan.iter().map(|p| p.entry.clone()).collect();
    for e in files.container().entries() {
        let Some(name) = e.name.strip_prefix(&data_dir) else {
            continue;
        };
        if name.contains('/') || planned.contains(&e.name) {
            continue;
        }
        if let Some((holds, _part)) = holds_of_file_name(name) {
            plan.push(data_file(e.name.clone(), holds, e.size, None));
        }
    }
    plan
}

/// A count written as a number or as a string of digits.
pub(crate) fn lenient_u64(v: &Value) -> Option<u64> {
    match v {
        Value::String(s) => s.trim().parse().ok(),
        other => other.as_u64(),
    }
}

/// The owner, from `account.js` and `profile.js`, falling back on the manifest's
/// `userInfo`.
fn read_owner(files: &mut SmallFiles<'_>, root: &str, manifest: Option<&Value>) -> Owner {
    let mut owner = Owner::default();
    if let Some(info) = manifest.and_then(|m| m.get("userInfo")) {
        owner.id = str_field(info, "accountId");
        owner.handle = str_field(info, "userName");
        owner.display_name = str_field(info, "displayName");
    }
    let mut read = |name: &str, holds: Holds, key: &str| -> Option<Value> {
        let v = files.read_json_or_warn(&format!("{root}data/{name}"), holds)?;
        v.get(0).and_then(|el| el.get(key)).cloned()
    };
    if let Some(account) = read("account.js", Holds::Account, "account") {
        owner.id = str_field(&account, "accountId").or(owner.id);
        owner.handle = str_field(&account, "username").or(owner.handle);
        owner.display_name = str_field(&account, "accountDisplayName").or(owner.display_name);
        owner.created_at = str_field(&account, "createdAt").and_then(|d| parse_date(&d));
    }
    if let Some(profile) = read("profile.js", Holds::Profile, "profile") {
        let description = profile.get("description");
        let field = |key| {
            description
                .and_then(|d| str_field(d, key))
                .filter(|s| !s.is_empty())
        };
        owner.bio = field("bio");
        owner.website = field("website");
        owner.location = field("location");
    }
    owner
}

fn str_field(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

/// What every post of one import is read against: the owner's id and handle (to tell
/// thread continuations and quotes of oneself) and the import's shared strings (language
/// codes, app names, entry names: one copy each, not one per post).
pub(crate) struct OwnerKey {
    id: Option<String>,
    handle: Option<String>,
    shared: RefCell<Interner>,
}

impl OwnerKey {
    pub(crate) fn new(owner: &Owner) -> Self {
        OwnerKey {
            id: owner.id.clone(),
            handle: owner.handle.as_ref().map(|h| h.to_lowercase()),
            shared: RefCell::default(),
        }
    }

    /// The shared copy of a short, often repeated string.
    pub(crate) fn shared(&self, s: &str) -> Arc<str> {
        self.shared.borrow_mut().get(s)
    }

    /// A link whose domain is a shared copy.
    pub(crate) fn link(&self, url: &str) -> Link {
        Link::shared(url, &mut self.shared.borrow_mut())
    }

    pub(crate) fn is_owner(&self, id: Option<&str>, handle: Option<&str>) -> bool {
        matches!((id, &self.id), (Some(a), Some(b)) if a == b)
            || matches!((handle, &self.handle), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b))
    }
}

// ---- Element shapes (only the fields used; everything else is skipped while parsing) ----

#[derive(Deserialize)]
struct TweetElement<'a> {
    #[serde(borrow)]
    tweet: RawTweet<'a>,
}

/// A tweet as X's archive writes it.
#[derive(Deserialize)]
pub(crate) struct RawTweet<'a> {
    #[serde(borrow, default)]
    pub id_str: Option<LenientId<'a>>,
    #[serde(borrow, default)]
    pub id: Option<LenientId<'a>>,
    #[serde(borrow, default)]
    pub created_at: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub full_text: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub text: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub in_reply_to_status_id_str: Option<LenientId<'a>>,
    #[serde(borrow, default)]
    pub in_reply_to_status_id: Option<LenientId<'a>>,
    #[serde(borrow, default)]
    pub in_reply_to_user_id_str: Option<LenientId<'a>>,
    #[serde(borrow, default)]
    pub in_reply_to_user_id: Option<LenientId<'a>>,
    #[serde(borrow, default)]
    pub in_reply_to_screen_name: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub entities: Option<RawEntities<'a>>,
    #[serde(borrow, default)]
    pub extended_entities: Option<RawExtended<'a>>,
    #[serde(borrow, default)]
    pub lang: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub source: Option<Cow<'a, str>>,
    #[serde(default)]
    pub favorite_count: Option<LenientCount>,
    #[serde(default)]
    pub retweet_count: Option<LenientCount>,
}

#[derive(Deserialize, Default)]
pub(crate) struct RawEntities<'a> {
    #[serde(borrow, default)]
    pub hashtags: Vec<RawHashtag<'a>>,
    #[serde(borrow, default)]
    pub user_mentions: Vec<RawMention<'a>>,
    #[serde(borrow, default)]
    pub urls: Vec<RawUrl<'a>>,
    #[serde(borrow, default)]
    pub media: Vec<RawMedia<'a>>,
}

#[derive(Deserialize)]
pub(crate) struct RawExtended<'a> {
    #[serde(borrow, default)]
    pub media: Vec<RawMedia<'a>>,
}

#[derive(Deserialize)]
pub(crate) struct RawHashtag<'a> {
    #[serde(borrow)]
    pub text: Cow<'a, str>,
}

#[derive(Deserialize)]
pub(crate) struct RawMention<'a> {
    #[serde(borrow, default)]
    pub screen_name: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub name: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub id_str: Option<LenientId<'a>>,
    #[serde(borrow, default)]
    pub id: Option<LenientId<'a>>,
}

#[derive(Deserialize)]
pub(crate) struct RawUrl<'a> {
    #[serde(borrow, default)]
    pub expanded_url: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub url: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
pub(crate) struct RawMedia<'a> {
    #[serde(borrow, default, rename = "type")]
    pub _kind: Option<Cow<'a, str>>,
}

/// Whether an element is `{"tweet": {...}}` rather than a bare tweet object.
fn is_wrapped(bytes: &[u8]) -> bool {
    let rest = bytes
        .iter()
        .position(|&b| b == b'{')
        .map(|i| &bytes[i + 1..])
        .unwrap_or_default();
    let rest = rest.trim_ascii_start();
    rest.starts_with(b"\"tweet\"") && rest[7..].trim_ascii_start().starts_with(b":")
}

/// Parses one element of a post file into a [`Post`].
fn parse_post(
    bytes: &[u8],
    entry: &str,
    index: u32,
    owner: &OwnerKey,
    notes: &mut NoteIndex,
) -> Result<Post, Skip> {
    let parsed = if is_wrapped(bytes) {
        serde_json::from_slice::<TweetElement>(bytes).map(|w| w.tweet)
    } else {
        serde_json::from_slice::<RawTweet>(bytes)
    };
    let tweet = parsed.map_err(json_skip)?;
    post_from_tweet(tweet, entry, index, owner, Some(notes))
}

/// Builds a [`Post`] from a parsed tweet (shared with the legacy importer, whose JS files
/// hold the same shape): the required fields, the entities (joined with a long post's
/// note), the kind, then the rest.
pub(crate) fn post_from_tweet(
    tweet: RawTweet<'_>,
    entry: &str,
    index: u32,
    owner: &OwnerKey,
    notes: Option<&mut NoteIndex>,
) -> Result<Post, Skip> {
    let (id, created_at, raw_text) = required_fields(&tweet)?;
    let id: Box<str> = id.into();
    let mut text = unescape_x(raw_text);
    let mut people = TweetPeople::of(tweet.entities.as_ref(), owner);
    // Long posts: the archive keeps a cut text here and the whole text in a note.
    if let Some(notes) = notes
        && let Some(note) = notes.take(created_at, &text)
    {
        people.join_note(&note, owner);
        text = note.text;
    }
    let (kind, reply_to, shared_from) = tweet_kind(&tweet, &text, &people, owner);
    let media = tweet
        .extended_entities
        .as_ref()
        .map(|e| e.media.len())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| tweet.entities.as_ref().map_or(0, |e| e.media.len()));
    Ok(Post {
        id,
        created_at,
        text: text.into(),
        kind,
        reply_to,
        shared_from,
        mentions: people
            .mentions
            .into_iter()
            .filter(|m| !owner.is_owner(m.id.as_deref(), m.handle.as_deref()))
            .collect(),
        hashtags: people.hashtags,
        links: people.links,
        media: media.min(u16::MAX as usize) as u16,
        lang: tweet
            .lang
            .as_deref()
            .filter(|l| !l.is_empty() && *l != "und")
            .map(|l| owner.shared(l)),
        client: tweet
            .source
            .as_deref()
            .and_then(client_name)
            .map(|c| owner.shared(c)),
        like_count: tweet.favorite_count.map_or(0, |c| c.0),
        repost_count: tweet.retweet_count.map_or(0, |c| c.0),
        origin: Origin {
            entry: owner.shared(entry),
            index,
        },
    })
}

/// The id, the time and the text every post must have.
fn required_fields<'t>(tweet: &'t RawTweet<'_>) -> Result<(&'t str, DateTime<Utc>, &'t str), Skip> {
    let id = tweet
        .id_str
        .as_ref()
        .or(tweet.id.as_ref())
        .map(|i| i.0.as_ref())
        .filter(|i| !i.is_empty())
        .ok_or_else(|| {
            (
                "no post id",
                "the element has neither id_str nor id".to_string(),
            )
        })?;
    let raw_date = tweet
        .created_at
        .as_deref()
        .ok_or_else(|| ("no date", "created_at is missing".to_string()))?;
    let created_at =
        parse_date(raw_date).ok_or_else(|| ("unreadable date", format!("{raw_date:?}")))?;
    let text = tweet
        .full_text
        .as_deref()
        .or(tweet.text.as_deref())
        .ok_or_else(|| ("no text", "full_text is missing".to_string()))?;
    Ok((id, created_at, text))
}

/// The hashtags, links and people a tweet's entities name. Hashtags, sites and people
/// recur across thousands of posts: one shared copy each.
struct TweetPeople {
    hashtags: Vec<Arc<str>>,
    links: Vec<Link>,
    mentions: Vec<AccountRef>,
}

impl TweetPeople {
    fn of(entities: Option<&RawEntities<'_>>, owner: &OwnerKey) -> TweetPeople {
        let Some(entities) = entities else {
            return TweetPeople {
                hashtags: Vec::new(),
                links: Vec::new(),
                mentions: Vec::new(),
            };
        };
        TweetPeople {
            hashtags: entities
                .hashtags
                .iter()
                .map(|h| owner.shared(&h.text))
                .collect(),
            links: entities
                .urls
                .iter()
                .filter_map(|u| u.expanded_url.as_deref().or(u.url.as_deref()))
                .map(|url| owner.link(url))
                .collect(),
            mentions: entities
                .user_mentions
                .iter()
                .map(|m| AccountRef {
                    handle: m.screen_name.as_deref().map(|h| owner.shared(h)),
                    id: m
                        .id_str
                        .as_ref()
                        .or(m.id.as_ref())
                        .map(|i| owner.shared(&i.0)),
                    name: m.name.as_deref().map(|n| owner.shared(n)),
                })
                .collect(),
        }
    }

    /// Adds what a long post's note names beyond the cut text.
    fn join_note(&mut self, note: &Note, owner: &OwnerKey) {
        for tag in &note.hashtags {
            if !self.hashtags.iter().any(|h| h.eq_ignore_ascii_case(tag)) {
                self.hashtags.push(tag.clone());
            }
        }
        for url in &note.urls {
            if !self.links.iter().any(|l| *l.url == **url) {
                self.links.push(owner.link(url));
            }
        }
        for handle in &note.mentions {
            if self.mentioned(handle).is_none() {
                self.mentions.push(AccountRef::handle(handle));
            }
        }
    }

    /// The mention of this handle, if the post names it.
    fn mentioned(&self, handle: &str) -> Option<&AccountRef> {
        self.mentions.iter().find(|m| {
            m.handle
                .as_deref()
                .is_some_and(|h| h.eq_ignore_ascii_case(handle))
        })
    }
}

/// A post's kind, with the post it answers or the account it shares.
type KindOf = (PostKind, Option<Box<ReplyRef>>, Option<Box<AccountRef>>);

/// The kind, from structure: `RT @user:` is a repost; a reply has a status or user it
/// answers (a thread when that is the owner); a link to someone else's post is a quote.
fn tweet_kind(tweet: &RawTweet<'_>, text: &str, people: &TweetPeople, owner: &OwnerKey) -> KindOf {
    let id_of = |a: &Option<LenientId<'_>>, b: &Option<LenientId<'_>>| {
        a.as_ref().or(b.as_ref()).map(|i| i.0.to_string())
    };
    let reply_status = id_of(
        &tweet.in_reply_to_status_id_str,
        &tweet.in_reply_to_status_id,
    );
    let reply_user = id_of(&tweet.in_reply_to_user_id_str, &tweet.in_reply_to_user_id);
    let reply_handle = tweet.in_reply_to_screen_name.as_deref();
    if let Some(handle) = repost_author(text) {
        let mut account = people
            .mentioned(handle)
            .cloned()
            .unwrap_or_else(|| AccountRef::handle(handle));
        account.handle = Some(owner.shared(handle));
        return (PostKind::Repost, None, Some(Box::new(account)));
    }
    if reply_status.is_some() || reply_user.is_some() {
        let kind = if owner.is_owner(reply_user.as_deref(), reply_handle) {
            PostKind::Thread
        } else {
            PostKind::Reply
        };
        let reply = ReplyRef {
            post_id: reply_status.as_deref().map(Into::into),
            account: AccountRef {
                handle: reply_handle.map(|h| owner.shared(h)),
                id: reply_user.as_deref().map(|i| owner.shared(i)),
                name: None,
            },
        };
        return (kind, Some(Box::new(reply)), None);
    }
    let quote_of = people
        .links
        .iter()
        .filter_map(|l| PostLink::parse(&l.url)?.author)
        .find(|user| !owner.is_owner(None, Some(user)));
    match quote_of {
        Some(handle) => (
            PostKind::Quote,
            None,
            Some(Box::new(AccountRef::handle(&handle))),
        ),
        None => (PostKind::Original, None, None),
    }
}

/// The handle in `RT @handle: ...`, the only mark X leaves on a retweet.
pub(crate) fn repost_author(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("RT @")?;
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    (end > 0 && rest[end..].starts_with(':')).then(|| &rest[..end])
}

// ---- Long-post notes ----

#[derive(Deserialize)]
struct NoteElement {
    #[serde(rename = "noteTweet")]
    note_tweet: RawNote,
}

#[derive(Deserialize)]
struct RawNote {
    #[serde(rename = "createdAt")]
    created_at: String,
    core: RawNoteCore,
}

#[derive(Deserialize)]
struct RawNoteCore {
    text: String,
    #[serde(default)]
    urls: Vec<RawNoteUrl>,
    #[serde(default)]
    mentions: Vec<RawNoteMention>,
    #[serde(default)]
    hashtags: Vec<RawNoteHashtag>,
}

#[derive(Deserialize)]
struct RawNoteUrl {
    #[serde(rename = "expandedUrl", default)]
    expanded_url: Option<String>,
}

#[derive(Deserialize)]
struct RawNoteMention {
    #[serde(rename = "screenName", default)]
    screen_name: Option<String>,
}

#[derive(Deserialize)]
struct RawNoteHashtag {
    text: String,
}

/// A long post's full text and entities.
struct Note {
    text: String,
    urls: Vec<String>,
    mentions: Vec<String>,
    hashtags: Vec<Arc<str>>,
}

/// Notes waiting for their posts, by creation second.
#[derive(Default)]
pub(crate) struct NoteIndex {
    by_second: HashMap<i64, Vec<Note>>,
    joined: u64,
}

impl NoteIndex {
    fn add(&mut self, raw: RawNote) {
        let Some(at) = parse_date(&raw.created_at) else {
            return;
        };
        let text = unescape_x(&raw.core.text);
        let mut hashtags: Vec<Arc<str>> = raw
            .core
            .hashtags
            .into_iter()
            .map(|h| h.text.into())
            .collect();
        if hashtags.is_empty() {
            hashtags = hashtags_in(&text);
        }
        self.by_second
            .entry(at.timestamp())
            .or_default()
            .push(Note {
                text,
                urls: raw
                    .core
                    .urls
                    .into_iter()
                    .filter_map(|u| u.expanded_url)
                    .collect(),
                mentions: raw
                    .core
                    .mentions
                    .into_iter()
                    .filter_map(|m| m.screen_name)
                    .collect(),
                hashtags,
            });
    }

    /// The note for a post made at `at` whose (cut) text is `text`: of the notes made that
    /// second, the one whose text starts like the post's.
    fn take(&mut self, at: DateTime<Utc>, text: &str) -> Option<Note> {
        let candidates = self.by_second.get_mut(&at.timestamp())?;
        let head: String = text.chars().take(40).collect();
        let head = head.trim_end_matches('…');
        let pos = candidates
            .iter()
            .position(|n| n.text.starts_with(head))
            .or((candidates.len() == 1).then_some(0))?;
        let note = candidates.swap_remove(pos);
        if candidates.is_empty() {
            self.by_second.remove(&at.timestamp());
        }
        self.joined += 1;
        Some(note)
    }

    fn unmatched(&self) -> usize {
        self.by_second.values().map(Vec::len).sum()
    }
}

// ---- Other files ----

#[derive(Deserialize)]
struct LikeElement<'a> {
    #[serde(borrow)]
    like: RawLike<'a>,
}

#[derive(Deserialize)]
struct RawLike<'a> {
    #[serde(rename = "tweetId", borrow)]
    tweet_id: LenientId<'a>,
    #[serde(rename = "fullText", borrow, default)]
    full_text: Option<Cow<'a, str>>,
}

impl RawLike<'_> {
    fn into_like(self) -> Like {
        let text = self.full_text.map(|t| unescape_x(&t));
        Like {
            post_id: self.tweet_id.0.as_ref().into(),
            hashtags: text.as_deref().map(hashtags_in).unwrap_or_default(),
            text: text.map(Into::into),
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum FollowElement<'a> {
    Follower {
        #[serde(borrow)]
        follower: RawFollow<'a>,
    },
    Following {
        #[serde(borrow)]
        following: RawFollow<'a>,
    },
}

impl<'a> FollowElement<'a> {
    fn inner(self) -> RawFollow<'a> {
        match self {
            FollowElement::Follower { follower } => follower,
            FollowElement::Following { following } => following,
        }
    }
}

#[derive(Deserialize)]
struct RawFollow<'a> {
    #[serde(rename = "accountId", borrow)]
    account_id: LenientId<'a>,
}

#[derive(Deserialize)]
struct ConversationElement<'a> {
    #[serde(rename = "dmConversation", borrow)]
    dm_conversation: RawConversation<'a>,
}

#[derive(Deserialize)]
struct RawConversation<'a> {
    #[serde(rename = "conversationId", borrow, default)]
    conversation_id: Option<Cow<'a, str>>,
    #[serde(default)]
    messages: Vec<RawMessage<'a>>,
}

impl RawConversation<'_> {
    /// The other person in a one-to-one conversation (ids joined as `a-b`).
    fn counterpart(&self, owner: Option<&str>) -> Option<String> {
        let (a, b) = self.conversation_id.as_deref()?.split_once('-')?;
        match owner {
            Some(o) if a == o => Some(b.to_string()),
            Some(o) if b == o => Some(a.to_string()),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
struct RawMessage<'a> {
    /// Only its presence matters: the text inside is never kept.
    #[serde(rename = "messageCreate", borrow, default)]
    message_create: Option<RawMessageCreate<'a>>,
}

#[derive(Deserialize)]
struct RawMessageCreate<'a> {
    #[serde(rename = "senderId", borrow, default)]
    _sender_id: Option<LenientId<'a>>,
}

#[derive(Deserialize)]
struct ListElement<'a> {
    #[serde(rename = "userListInfo", borrow)]
    user_list_info: RawListInfo<'a>,
}

#[derive(Deserialize)]
struct RawListInfo<'a> {
    #[serde(borrow)]
    url: Cow<'a, str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner() -> OwnerKey {
        OwnerKey {
            id: Some("100".into()),
            handle: Some("me".into()),
            shared: RefCell::default(),
        }
    }

    fn post(json: &str) -> Result<Post, Skip> {
        parse_post(
            json.as_bytes(),
            "data/tweets.js",
            0,
            &owner(),
            &mut NoteIndex::default(),
        )
    }

    const DATE: &str = r#""created_at" : "Wed Feb 10 18:00:00 +0000 2021""#;

    #[test]
    fn kinds_come_from_structure() {
        let rt = post(&format!(
            r#"{{"tweet":{{"id_str":"1",{DATE},"full_text":"RT @jo_sci: great idea"}}}}"#
        ))
        .unwrap();
        assert_eq!(rt.kind, PostKind::Repost);
        assert_eq!(rt.shared_from.unwrap().handle.as_deref(), Some("jo_sci"));

        let reply = post(&format!(
            r#"{{"id":"2",{DATE},"full_text":"@jo thanks","in_reply_to_status_id":"9","in_reply_to_user_id":"55","in_reply_to_screen_name":"jo"}}"#
        ))
        .unwrap();
        assert_eq!(reply.kind, PostKind::Reply);
        assert_eq!(
            reply.reply_to.unwrap().account.handle.as_deref(),
            Some("jo")
        );

        let thread = post(&format!(r#"{{"id":"3",{DATE},"full_text":"2/2","in_reply_to_status_id_str":"2","in_reply_to_user_id_str":"100"}}"#)).unwrap();
        assert_eq!(thread.kind, PostKind::Thread);

        let quote = post(&format!(
            r#"{{"id":"4",{DATE},"full_text":"So true https://t.co/x","entities":{{"urls":[{{"url":"https://t.co/x","expanded_url":"https://twitter.com/Edutopia/status/77"}}]}}}}"#
        ))
        .unwrap();
        assert_eq!(quote.kind, PostKind::Quote);
        let self_quote = post(&format!(
            r#"{{"id":"5",{DATE},"full_text":"me again","entities":{{"urls":[{{"expanded_url":"https://x.com/ME/status/3"}}]}}}}"#
        ))
        .unwrap();
        assert_eq!(self_quote.kind, PostKind::Original);
        // "RT @x" without the colon is an old manual retweet, written as an original.
        assert_eq!(repost_author("RT @jo great"), None);
    }

    #[test]
    fn numbers_may_be_strings_or_numbers_and_text_is_unescaped() {
        let p = post(&format!(r#"{{"id":12,{DATE},"full_text":"a &amp; b","favorite_count":"5","retweet_count":2,"source":"<a href=\"x\">TweetDeck</a>"}}"#)).unwrap();
        assert_eq!(&*p.id, "12");
        assert_eq!((p.like_count, p.repost_count), (5, 2));
        assert_eq!(&*p.text, "a & b");
        assert_eq!(p.client.as_deref(), Some("TweetDeck"));
    }

    #[test]
    fn broken_posts_say_why() {
        assert_eq!(
            post(r#"{"id":"1","created_at":"soon","full_text":"x"}"#)
                .unwrap_err()
                .0,
            "unreadable date"
        );
        assert_eq!(
            post(&format!(r#"{{"id":"1",{DATE},"full_text":5}}"#))
                .unwrap_err()
                .0,
            "a field has the wrong type"
        );
        assert_eq!(post(r#"{"id":"1", oops}"#).unwrap_err().0, "not valid JSON");
        assert_eq!(
            post(&format!(r#"{{{DATE},"full_text":"x"}}"#))
                .unwrap_err()
                .0,
            "no post id"
        );
    }

    #[test]
    fn data_files_are_recognised_by_name() {
        assert_eq!(
            holds_of_file_name("tweets-part2.js"),
            Some((Holds::Posts, 2))
        );
        assert_eq!(holds_of_file_name("tweet.js"), Some((Holds::Posts, 0)));
        assert_eq!(holds_of_file_name("deleted-tweets.js"), None);
        assert_eq!(
            holds_of_file_name("direct-messages-group.js"),
            Some((Holds::GroupMessages, 0))
        );
    }
}
