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

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};
use crate::import::collect::Collector;
use crate::import::elements::assigned_value;
use crate::import::lenient::{LenientCount, LenientId};
use crate::import::stream::{Tracker, stream_elements};
use crate::import::text::{client_name, hashtags_in, parse_date, status_url, unescape_x};
use crate::model::{
    AccountRef, Archive, Interner, Like, Link, MessageCounts, Origin, Owner, Post, PostKind,
    ReplyRef, SourceRead, Warning,
};
use crate::progress::Progress;
use crate::read::Container;

/// What each data file holds, as the importer uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holds {
    Posts,
    Notes,
    Likes,
    Followers,
    Following,
    Messages,
    GroupMessages,
    Lists,
}

impl Holds {
    fn label(self) -> &'static str {
        match self {
            Holds::Posts => "posts",
            Holds::Notes => "notes",
            Holds::Likes => "likes",
            Holds::Followers => "followers",
            Holds::Following => "following",
            Holds::Messages => "messages",
            Holds::GroupMessages => "group messages",
            Holds::Lists => "lists",
        }
    }

    /// The manifest's `dataTypes` key for this kind of file.
    fn from_manifest_key(key: &str) -> Option<Holds> {
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
    /// `tweets-part2.js`; returns the kind and the part number.
    fn from_file_name(name: &str) -> Option<(Holds, u32)> {
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
}

/// A data file to read.
#[derive(Debug, Clone)]
struct PlannedFile {
    entry: String,
    holds: Holds,
    part: u32,
    size: u64,
    /// The item count the manifest announces for it.
    expected: Option<u64>,
}

/// Reads an X archive found under `root` in `container`.
pub fn import(
    container: &mut dyn Container,
    root: &str,
    progress: &mut dyn Progress,
) -> Result<Archive> {
    let mut warnings = Vec::new();
    let mut sources = Vec::new();
    let manifest_entry = format!("{root}data/manifest.js");
    let manifest = match container.entry(&manifest_entry).map(|e| e.size) {
        Some(size) => match read_json(container, &manifest_entry) {
            Ok(v) => {
                sources.push(source(&manifest_entry, "manifest", 1, 0, size));
                Some(v)
            }
            Err(e) => {
                warnings.push(warning(
                    "unreadable_manifest",
                    format!(
                        "{}; the data files were found by their names instead",
                        e.message
                    ),
                    &manifest_entry,
                ));
                None
            }
        },
        None => None,
    };
    let plan = plan_files(container, root, manifest.as_ref(), &mut warnings);

    let mut owner = read_owner(
        container,
        root,
        manifest.as_ref(),
        &mut sources,
        &mut warnings,
    );
    if owner.handle.is_none() && owner.id.is_none() {
        warnings.push(Warning {
            code: "no_owner",
            message: "the archive does not say whose it is (no account.js); replies to oneself cannot be told from other replies".into(),
            entry: None,
            index: None,
        });
    }

    let total_bytes = plan.iter().map(|f| f.size).sum();
    let mut tracker = Tracker::new(progress, total_bytes, plan.len() as u32);
    let mut archive = Archive::default();
    let mut notes = NoteIndex::default();
    let mut collector = Collector::new();
    let announced: u64 = plan
        .iter()
        .filter(|f| f.holds == Holds::Posts)
        .filter_map(|f| f.expected)
        .sum();
    collector.reserve(announced.min(10_000_000) as usize);
    let mut messages = MessageCounts::default();
    let mut counterparts: Vec<String> = Vec::new();
    let owner_key = OwnerKey::new(&owner);

    // Notes first: posts are joined to them as they stream past.
    let mut ordered = plan.clone();
    ordered.sort_by_key(|f| {
        (
            f.holds != Holds::Notes,
            f.holds != Holds::Posts,
            f.entry.clone(),
        )
    });
    for file in &ordered {
        tracker.check_cancelled()?;
        let entry = file.entry.as_str();
        let mut skipped = 0u64;
        let outcome = match file.holds {
            Holds::Notes => stream_elements(container, entry, &mut tracker, &mut |_, bytes, _| {
                match serde_json::from_slice::<NoteElement>(bytes) {
                    Ok(el) => notes.add(el.note_tweet),
                    Err(_) => skipped += 1,
                }
            }),
            Holds::Posts => {
                stream_elements(container, entry, &mut tracker, &mut |index, bytes, t| {
                    match parse_post(bytes, entry, index, &owner_key, &mut notes) {
                        Ok(post) => {
                            if collector.add(post) {
                                t.add_posts(1);
                            }
                        }
                        Err((reason, detail)) => {
                            skipped += 1;
                            collector.skip(entry, index, reason, &detail);
                        }
                    }
                })
            }
            Holds::Likes => stream_elements(container, entry, &mut tracker, &mut |_, bytes, _| {
                match serde_json::from_slice::<LikeElement>(bytes) {
                    Ok(el) => archive.likes.push(el.like.into_like()),
                    Err(_) => skipped += 1,
                }
            }),
            Holds::Followers | Holds::Following => {
                let list = if file.holds == Holds::Followers {
                    &mut archive.followers
                } else {
                    &mut archive.following
                };
                stream_elements(container, entry, &mut tracker, &mut |_, bytes, _| {
                    match serde_json::from_slice::<FollowElement>(bytes) {
                        Ok(el) => list.push(el.inner().account_id.0.into_owned()),
                        Err(_) => skipped += 1,
                    }
                })
            }
            Holds::Messages | Holds::GroupMessages => {
                let group = file.holds == Holds::GroupMessages;
                stream_elements(container, entry, &mut tracker, &mut |_, bytes, _| {
                    match serde_json::from_slice::<ConversationElement>(bytes) {
                        Ok(el) => {
                            let sent = el
                                .dm_conversation
                                .messages
                                .iter()
                                .filter(|m| m.message_create.is_some())
                                .count() as u32;
                            if group {
                                messages.group_conversations += 1;
                                messages.group_messages += sent;
                            } else {
                                messages.conversations += 1;
                                messages.messages += sent;
                                if let Some(other) =
                                    el.dm_conversation.counterpart(owner.id.as_deref())
                                {
                                    counterparts.push(other);
                                }
                            }
                        }
                        Err(_) => skipped += 1,
                    }
                })
            }
            Holds::Lists => stream_elements(container, entry, &mut tracker, &mut |_, bytes, _| {
                match serde_json::from_slice::<ListElement>(bytes) {
                    Ok(el) => archive.listed_on.push(el.user_list_info.url.into_owned()),
                    Err(_) => skipped += 1,
                }
            }),
        };
        let outcome = match outcome {
            Ok(o) => o,
            Err(e) if e.kind == ErrorKind::Cancelled => return Err(e),
            Err(e) => {
                warnings.push(warning(
                    "unreadable_file",
                    format!("{} could not be read: {}", entry, e.message),
                    entry,
                ));
                tracker.entry_done(file.size);
                continue;
            }
        };
        if let Some(problem) = outcome.problem(entry) {
            warnings.push(warning("damaged_file", problem, entry));
        }
        if file.holds != Holds::Posts && skipped > 0 {
            warnings.push(warning(
                "skipped_items",
                format!(
                    "{skipped} of the {} {} in {entry} could not be read and were skipped",
                    outcome.elements,
                    file.holds.label()
                ),
                entry,
            ));
        }
        if let Some(expected) = file.expected
            && expected != u64::from(outcome.elements)
        {
            warnings.push(warning(
                "count_mismatch",
                format!(
                    "the archive's manifest announces {expected} {} in {entry}, but the file holds {}",
                    file.holds.label(),
                    outcome.elements
                ),
                entry,
            ));
        }
        sources.push(source(
            entry,
            file.holds.label(),
            u64::from(outcome.elements) - skipped,
            skipped,
            outcome.bytes,
        ));
        tracker.entry_done(file.size);
    }

    let unmatched_notes = notes.unmatched();
    if unmatched_notes > 0 {
        warnings.push(Warning {
            code: "unmatched_notes",
            message: format!(
                "{unmatched_notes} long-post notes in note-tweet.js matched no post in the archive (their posts may have been deleted); they were left out"
            ),
            entry: None,
            index: None,
        });
    }
    let (posts, mut totals, post_warnings) = collector.finish();
    totals.notes_joined = notes.joined;
    let post_files: Vec<&PlannedFile> = plan.iter().filter(|f| f.holds == Holds::Posts).collect();
    if post_files.iter().all(|f| f.expected.is_some()) && !post_files.is_empty() {
        totals.expected = Some(post_files.iter().filter_map(|f| f.expected).sum());
    }
    messages.counterpart_ids = counterparts;
    if owner.handle.is_none() {
        owner.handle = owner_key.handle.clone();
    }
    archive.owner = owner;
    archive.posts = posts;
    archive.totals = totals;
    archive.messages = messages;
    archive.sources = sources;
    warnings.extend(post_warnings);
    archive.warnings = warnings;
    Ok(archive)
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

/// Reads a small data file (`window.X = {...}` or `[...]`) as JSON.
fn read_json(container: &mut dyn Container, entry: &str) -> Result<Value> {
    let text = container.read_to_string(entry)?;
    serde_json::from_str(assigned_value(&text)).map_err(|e| {
        Error::new(
            ErrorKind::Malformed,
            format!(
                "{entry} is not valid data (line {}, column {}: {e})",
                e.line(),
                e.column()
            ),
        )
    })
}

/// Decides which files to read: the manifest's list, plus any data file found by name that
/// it does not list.
fn plan_files(
    container: &dyn Container,
    root: &str,
    manifest: Option<&Value>,
    warnings: &mut Vec<Warning>,
) -> Vec<PlannedFile> {
    let mut plan: Vec<PlannedFile> = Vec::new();
    if let Some(types) = manifest
        .and_then(|m| m.get("dataTypes"))
        .and_then(Value::as_object)
    {
        for (key, data_type) in types {
            let Some(holds) = Holds::from_manifest_key(key) else {
                continue;
            };
            let files = data_type
                .get("files")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default();
            for (part, f) in files.iter().enumerate() {
                let Some(name) = f.get("fileName").and_then(Value::as_str) else {
                    continue;
                };
                let expected = f.get("count").and_then(|c| match c {
                    Value::String(s) => s.parse().ok(),
                    other => other.as_u64(),
                });
                let entry = format!("{root}{name}");
                match container.entry(&entry) {
                    Some(info) => plan.push(PlannedFile { entry, holds, part: part as u32, size: info.size, expected }),
                    None if expected.unwrap_or(0) > 0 => warnings.push(warning(
                        "missing_file",
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
    }
    let data_dir = format!("{root}data/");
    for e in container.entries() {
        let Some(name) = e.name.strip_prefix(&data_dir) else {
            continue;
        };
        if name.contains('/') || plan.iter().any(|p| p.entry == e.name) {
            continue;
        }
        if let Some((holds, part)) = Holds::from_file_name(name) {
            plan.push(PlannedFile {
                entry: e.name.clone(),
                holds,
                part,
                size: e.size,
                expected: None,
            });
        }
    }
    plan.sort_by(|a, b| a.entry.cmp(&b.entry).then(a.part.cmp(&b.part)));
    plan
}

/// The owner, from `account.js` and `profile.js`, falling back on the manifest's
/// `userInfo`.
fn read_owner(
    container: &mut dyn Container,
    root: &str,
    manifest: Option<&Value>,
    sources: &mut Vec<SourceRead>,
    warnings: &mut Vec<Warning>,
) -> Owner {
    let mut owner = Owner::default();
    if let Some(info) = manifest.and_then(|m| m.get("userInfo")) {
        owner.id = str_field(info, "accountId");
        owner.handle = str_field(info, "userName");
        owner.display_name = str_field(info, "displayName");
    }
    let mut read = |name: &str, holds: &'static str, key: &str| -> Option<Value> {
        let entry = format!("{root}data/{name}");
        let size = container.entry(&entry)?.size;
        match read_json(container, &entry) {
            Ok(v) => {
                sources.push(source(&entry, holds, 1, 0, size));
                v.get(0).and_then(|el| el.get(key)).cloned()
            }
            Err(e) => {
                warnings.push(warning("unreadable_file", e.message, &entry));
                None
            }
        }
    };
    if let Some(account) = read("account.js", "account", "account") {
        owner.id = str_field(&account, "accountId").or(owner.id);
        owner.handle = str_field(&account, "username").or(owner.handle);
        owner.display_name = str_field(&account, "accountDisplayName").or(owner.display_name);
        owner.created_at = str_field(&account, "createdAt").and_then(|d| parse_date(&d));
    }
    if let Some(profile) = read("profile.js", "profile", "profile") {
        let description = profile.get("description");
        owner.bio = description
            .and_then(|d| str_field(d, "bio"))
            .filter(|s| !s.is_empty());
        owner.website = description
            .and_then(|d| str_field(d, "website"))
            .filter(|s| !s.is_empty());
        owner.location = description
            .and_then(|d| str_field(d, "location"))
            .filter(|s| !s.is_empty());
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

/// Why an element was skipped: a short reason (grouping the totals) and the detail.
type Skip = (&'static str, String);

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
    let tweet = parsed.map_err(|e| {
        let reason = if e.is_data() {
            "a field has the wrong type"
        } else {
            "not valid JSON"
        };
        (reason, e.to_string())
    })?;
    post_from_tweet(tweet, entry, index, owner, Some(notes))
}

/// Builds a [`Post`] from a parsed tweet (shared with the legacy importer, whose JS files
/// hold the same shape).
pub(crate) fn post_from_tweet(
    tweet: RawTweet<'_>,
    entry: &str,
    index: u32,
    owner: &OwnerKey,
    notes: Option<&mut NoteIndex>,
) -> Result<Post, Skip> {
    let id = tweet
        .id_str
        .or(tweet.id)
        .map(|i| i.0)
        .filter(|i| !i.is_empty())
        .ok_or_else(|| {
            (
                "no post id",
                "the element has neither id_str nor id".to_string(),
            )
        })?;
    let raw_date = tweet
        .created_at
        .ok_or_else(|| ("no date", "created_at is missing".to_string()))?;
    let created_at =
        parse_date(&raw_date).ok_or_else(|| ("unreadable date", format!("{raw_date:?}")))?;
    let raw_text = tweet
        .full_text
        .or(tweet.text)
        .ok_or_else(|| ("no text", "full_text is missing".to_string()))?;
    let mut text = unescape_x(&raw_text);
    let entities = tweet.entities.unwrap_or_default();
    // Hashtags, sites and people recur across thousands of posts: one shared copy each.
    let mut hashtags: Vec<Arc<str>> = entities
        .hashtags
        .iter()
        .map(|h| owner.shared(&h.text))
        .collect();
    let mut links: Vec<Link> = entities
        .urls
        .iter()
        .filter_map(|u| u.expanded_url.as_deref().or(u.url.as_deref()))
        .map(|url| owner.link(url))
        .collect();
    let mut mention_list: Vec<AccountRef> = entities
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
        .collect();

    // Long posts: the archive keeps a cut text here and the whole text in a note.
    if let Some(notes) = notes
        && let Some(note) = notes.take(created_at, &text)
    {
        text = note.text;
        for tag in note.hashtags {
            if !hashtags.iter().any(|h| h.eq_ignore_ascii_case(&tag)) {
                hashtags.push(tag);
            }
        }
        for url in note.urls {
            if !links.iter().any(|l| *l.url == *url) {
                links.push(owner.link(&url));
            }
        }
        for handle in note.mentions {
            if !mention_list.iter().any(|m| {
                m.handle
                    .as_deref()
                    .is_some_and(|h| h.eq_ignore_ascii_case(&handle))
            }) {
                mention_list.push(AccountRef::handle(&handle));
            }
        }
    }

    let reply_status = tweet
        .in_reply_to_status_id_str
        .or(tweet.in_reply_to_status_id)
        .map(|i| i.0);
    let reply_user = tweet
        .in_reply_to_user_id_str
        .or(tweet.in_reply_to_user_id)
        .map(|i| i.0);
    let reply_handle = tweet.in_reply_to_screen_name;

    let retweet_of = repost_author(&text);
    let quote_of = links
        .iter()
        .filter_map(|l| status_url(&l.url))
        .find(|(user, _)| !owner.is_owner(None, Some(user)))
        .map(|(user, _)| user.to_string());

    let (kind, reply_to, shared_from) = if let Some(handle) = retweet_of {
        let mut account = mention_list
            .iter()
            .find(|m| {
                m.handle
                    .as_deref()
                    .is_some_and(|h| h.eq_ignore_ascii_case(handle))
            })
            .cloned()
            .unwrap_or_else(|| AccountRef::handle(handle));
        account.handle = Some(owner.shared(handle));
        (PostKind::Repost, None, Some(Box::new(account)))
    } else if reply_status.is_some() || reply_user.is_some() {
        let account = AccountRef {
            handle: reply_handle.as_deref().map(|h| owner.shared(h)),
            id: reply_user.as_deref().map(|i| owner.shared(i)),
            name: None,
        };
        let kind = if owner.is_owner(reply_user.as_deref(), reply_handle.as_deref()) {
            PostKind::Thread
        } else {
            PostKind::Reply
        };
        let reply = ReplyRef {
            post_id: reply_status.as_deref().map(Into::into),
            account,
        };
        (kind, Some(Box::new(reply)), None)
    } else if let Some(handle) = quote_of {
        (
            PostKind::Quote,
            None,
            Some(Box::new(AccountRef::handle(&handle))),
        )
    } else {
        (PostKind::Original, None, None)
    };

    let mentions = mention_list
        .into_iter()
        .filter(|m| !owner.is_owner(m.id.as_deref(), m.handle.as_deref()))
        .collect();
    let media = tweet
        .extended_entities
        .map(|e| e.media.len())
        .filter(|&n| n > 0)
        .unwrap_or(entities.media.len());
    Ok(Post {
        id: id.as_ref().into(),
        created_at,
        text: text.into(),
        kind,
        reply_to,
        shared_from,
        mentions,
        hashtags,
        links,
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
            Holds::from_file_name("tweets-part2.js"),
            Some((Holds::Posts, 2))
        );
        assert_eq!(Holds::from_file_name("tweet.js"), Some((Holds::Posts, 0)));
        assert_eq!(Holds::from_file_name("deleted-tweets.js"), None);
        assert_eq!(
            Holds::from_file_name("direct-messages-group.js"),
            Some((Holds::GroupMessages, 0))
        );
    }
}
