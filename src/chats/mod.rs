//! Chats: which education chats the person took part in, session by session (codebook
//! section 4), and which of their hashtags are events or their own series instead.
//!
//! In: an imported [`Archive`] (own posts with UTC times, hashtags, reply targets; likes)
//! and a [`ChatDirectory`] of known chats (`data/chats.csv`, sources in
//! `data/chats-SOURCES.md`). Out: a [`ChatReport`] with
//! - [`ChatReport::chats`]: each chat with its sessions (date, UTC and local times, the
//!   ids of the posts counted live and later), role, typical weekday and hour in the
//!   chat's own time zone, and the likes of its posts (reading along, "lurking");
//! - [`ChatReport::events`]: conference and event hashtags (a burst on a few days, or a
//!   year in the name), reported as events, never as chats;
//! - [`ChatReport::series`]: the person's own numbered series (`52/100 #100DaysOfCode`).
//!
//! Invariants: every count is the length of a list of post ids next to it, so every figure
//! traces back to posts; a post is counted at most once per chat (live or later, in one
//! session); a hashtag is a chat, an event or a series, never two of them; the result does
//! not depend on the order of the archive's posts; posts dated before 1990 or after 2200
//! (damaged dates) are ignored. Pure: no clock, no printing. How each
//! rule decides, in words for teachers and researchers, is in `docs/chats.md`; every
//! threshold is a constant below.

pub mod directory;
pub(crate) mod labels;
pub(crate) mod sessions;
pub(crate) mod tags;
pub mod zone;

use rustc_hash::FxHashMap as HashMap;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc, Weekday};
use serde::Serialize;

use crate::model::{Archive, Post, PostKind};

pub use directory::{ChatDirectory, ChatEntry, Format, Frequency};
pub use labels::{qa_label, series_counter};

// ---- Sessions of a chat with a known schedule ----

/// A live chat is an hour long; the directory gives its start.
pub const SESSION_LENGTH_MINUTES: i64 = 60;
/// Posts this many minutes before the start count as live: hosts welcome people and
/// participants say hello before the first question.
pub const EARLY_MARGIN_MINUTES: i64 = 15;
/// Posts this many minutes after the hour count as live: closing thanks and the last
/// answers run over.
pub const LATE_MARGIN_MINUTES: i64 = 15;
/// A post after a session, on its hashtag or continuing its thread, counts as "later"
/// (asynchronous participation) up to this many hours after the session's end.
pub const LATER_WINDOW_HOURS: i64 = 48;

// ---- Sessions found from the person's own bursts of posts ----

/// A burst is the person's posts on one hashtag within this many minutes of the first.
pub const BURST_WINDOW_MINUTES: i64 = 90;
/// ...and it takes at least this many posts ("several posts within about 90 minutes").
pub const BURST_MIN_POSTS: usize = 3;
/// Two bursts are at "the same weekday and hour" when their starts, as times of the week,
/// are at most this far apart: wide enough for a late arrival and for a daylight-saving
/// shift seen in UTC, narrow enough to keep a morning and an evening slot apart.
pub const SLOT_TOLERANCE_MINUTES: i64 = 120;
/// A hashtag not in the directory is a chat only when its bursts recur in the same slot
/// in at least this many different weeks...
pub const UNKNOWN_MIN_WEEKS: usize = 3;
/// ...and those bursts hold at least this many Q/A-labelled posts...
pub const UNKNOWN_MIN_LABELS: usize = 2;
/// ...or replies to at least this many different people.
pub const UNKNOWN_MIN_PEOPLE: usize = 3;
/// For a directory chat, a burst outside its listed schedule (schedules moved) is a session
/// when its slot recurs in at least this many different weeks...
pub const KNOWN_MIN_WEEKS: usize = 2;
/// ...or when the burst itself holds at least this many Q/A-labelled posts...
pub const KNOWN_BURST_MIN_LABELS: usize = 1;
/// ...or replies to at least this many different people.
pub const KNOWN_BURST_MIN_PEOPLE: usize = 2;

// ---- Roles ----

/// Moderator: in at least one session, questions with at least this many different
/// numbers (Q1, Q2...). One "Q3:" can be a participant quoting the question.
pub const MODERATOR_MIN_QUESTIONS: usize = 2;
/// Participant: at least this many answer-labelled posts (A1, A2...) in sessions...
pub const PARTICIPANT_MIN_ANSWERS: usize = 1;
/// ...or posts in at least this many sessions. Fewer, unlabelled: occasional.
pub const PARTICIPANT_MIN_SESSIONS: usize = 3;

// ---- Events and series ----

/// An event's burst: its posts fall within this many consecutive days (a conference)...
pub const EVENT_SPAN_DAYS: i64 = 4;
/// ...at least this many posts...
pub const EVENT_MIN_POSTS: usize = 3;
/// ...making up at least this share (percent) of the hashtag's posts, so a hashtag used
/// all year round is not an event because of one busy day.
pub const EVENT_MIN_SHARE_PERCENT: usize = 50;
/// A hashtag ending in a year (`RTI2021`, `ISTE2019`) used in at least this many posts is
/// an event (or a programme's cohort) even without a burst.
pub const EVENT_NAMED_MIN_POSTS: usize = 2;
/// A series: at least this many own posts (not reposts) on the hashtag...
pub const SERIES_MIN_POSTS: usize = 3;
/// ...on at least this many different days...
pub const SERIES_MIN_DAYS: usize = 3;
/// ...with at least this share (percent) carrying a counter (`52/100`, `Day 3`) that
/// never goes down and takes at least [`SERIES_MIN_POSTS`] different values, and none of
/// them a reply to someone else.
pub const SERIES_MIN_COUNTED_PERCENT: usize = 67;

/// Everything the chats stage finds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ChatReport {
    /// Chats the person took part in (posted in at least one session, or liked posts of a
    /// directory chat), most sessions first.
    pub chats: Vec<ChatParticipation>,
    /// Conference and event hashtags, oldest first.
    pub events: Vec<EventTag>,
    /// The person's own numbered series, oldest first.
    pub series: Vec<OwnSeries>,
}

/// The person's part in one chat.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChatParticipation {
    /// The hashtag without `#`: as the directory spells it, else as the person most often
    /// wrote it.
    pub tag: String,
    /// The chat's name, from the directory.
    pub name: Option<String>,
    /// What it is about, from the directory.
    pub subject: Option<String>,
    /// In the directory (`true`), or detected from the person's recurring bursts (`false`).
    pub known: bool,
    /// Live hour or slow chat (detected chats are live).
    pub format: Format,
    /// The directory's schedules (`Tue 19:00 America/New_York`), one per session it lists.
    pub schedules: Vec<String>,
    /// The pages the directory's facts come from.
    pub sources: Vec<String>,
    /// The time zone local times are given in: the chat's own, or for a chat outside the
    /// directory the person's own (see `zone`).
    pub time_zone: String,
    /// Sessions the person posted in, oldest first.
    pub sessions: Vec<Session>,
    /// Own posts inside sessions, in all.
    pub live_posts: u32,
    /// Own posts after sessions (asynchronous participation), in all.
    pub later_posts: u32,
    /// Question-labelled posts (Q1, Q2...) among them.
    pub questions: u32,
    /// Answer-labelled posts (A1, A2...) among them.
    pub answers: u32,
    /// Moderator, participant, occasional, or lurker (see [`Role`]).
    pub role: Role,
    /// Local date of the first session.
    pub first_session: Option<NaiveDate>,
    /// Local date of the last session.
    pub last_session: Option<NaiveDate>,
    /// The weekday most of the person's live posts fall on, in [`Self::time_zone`].
    pub typical_weekday: Option<Weekday>,
    /// The hour (0-23) most of the person's live posts fall in, on that weekday, in
    /// [`Self::time_zone`].
    pub typical_hour: Option<u8>,
    /// Likes of posts carrying the chat's hashtag: reading along.
    pub lurking: Lurking,
}

/// How the person took part in a chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Posted numbered questions (at least [`MODERATOR_MIN_QUESTIONS`] different ones in
    /// a session).
    Moderator,
    /// Answered numbered questions, or posted in at least [`PARTICIPANT_MIN_SESSIONS`]
    /// sessions.
    Participant,
    /// Posted in one or two sessions without answer labels.
    Occasional,
    /// Never posted in a session but liked the chat's posts: reading along.
    Lurker,
}

impl Role {
    /// Every role, strongest part first.
    pub const ALL: [Role; 4] = [
        Role::Moderator,
        Role::Participant,
        Role::Occasional,
        Role::Lurker,
    ];

    /// The code as written in reports (`lurker`).
    pub fn code(self) -> &'static str {
        match self {
            Role::Moderator => "moderator",
            Role::Participant => "participant",
            Role::Occasional => "occasional",
            Role::Lurker => "lurker",
        }
    }

    /// The name people read, in the page, the prompts and the CLI ("Reading along"; lower
    /// it inside a sentence). `www/view/dom.js` (`ROLE_LABELS`) shows the same words; a
    /// test keeps them in step.
    pub fn label(self) -> &'static str {
        match self {
            Role::Moderator => "Moderator",
            Role::Participant => "Participant",
            Role::Occasional => "Occasional",
            Role::Lurker => "Reading along",
        }
    }
}

/// How a session was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SessionSource {
    /// On the directory's schedule.
    Schedule,
    /// From a burst of the person's own posts (a chat not in the directory, or one that
    /// met at another time).
    Burst,
    /// A week of a slow chat.
    SlowWeek,
}

/// One session the person took part in.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Session {
    /// The session's date in the chat's time zone.
    pub date: NaiveDate,
    /// Start (UTC): the scheduled start; for a burst, the first post; for a slow chat,
    /// the start of the week.
    pub start_utc: DateTime<Utc>,
    /// End (UTC): the scheduled hour's end; for a burst, [`BURST_WINDOW_MINUTES`] after
    /// its first post; for a slow chat, a week after the start.
    pub end_utc: DateTime<Utc>,
    /// The start in the chat's time zone.
    pub local_start: NaiveDateTime,
    /// That time zone (IANA name, or `UTC`).
    pub time_zone: String,
    /// How it was found.
    pub found_by: SessionSource,
    /// The directory row it follows (`#edchat (evening session)`), for scheduled sessions.
    pub schedule: Option<String>,
    /// Own posts in the session (see [`Session::live_post_ids`]).
    pub live_posts: u32,
    /// Own posts after it (see [`Session::later_post_ids`]).
    pub later_posts: u32,
    /// Question-labelled posts among them.
    pub questions: u32,
    /// Answer-labelled posts among them.
    pub answers: u32,
    /// The posts counted live, oldest first.
    pub live_post_ids: Vec<String>,
    /// The posts counted later, oldest first.
    pub later_post_ids: Vec<String>,
}

/// Likes of posts carrying a hashtag (X keeps no date for a like, so they are not placed in
/// sessions).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Lurking {
    /// How many liked posts carry the hashtag.
    pub likes: u32,
    /// Their ids, in the export's order.
    pub liked_post_ids: Vec<String>,
}

/// A conference or event hashtag.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EventTag {
    /// The hashtag without `#`, as most often written.
    pub tag: String,
    /// Own posts carrying it (reposts included).
    pub posts: u32,
    /// Their ids, oldest first.
    pub post_ids: Vec<String>,
    /// First day used (UTC).
    pub first_day: NaiveDate,
    /// Last day used (UTC).
    pub last_day: NaiveDate,
    /// Different days used.
    pub days: u32,
    /// The densest run of [`EVENT_SPAN_DAYS`] days, when it makes the hashtag an event.
    pub burst: Option<DayBurst>,
    /// The year its name ends with, when that makes it an event.
    pub year_in_name: Option<u16>,
    /// Likes of posts carrying it.
    pub lurking: Lurking,
}

/// A run of consecutive days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DayBurst {
    /// First day with a post in the run (UTC).
    pub from: NaiveDate,
    /// Last day with a post in the run (UTC).
    pub to: NaiveDate,
    /// Posts in the run.
    pub posts: u32,
}

/// The person's own numbered series on a hashtag (self-promotion, not a conversation).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OwnSeries {
    /// The hashtag without `#`, as most often written.
    pub tag: String,
    /// Own posts carrying it.
    pub posts: u32,
    /// Their ids, oldest first.
    pub post_ids: Vec<String>,
    /// First day (UTC).
    pub first_day: NaiveDate,
    /// Last day (UTC).
    pub last_day: NaiveDate,
    /// Different days with a post.
    pub days: u32,
    /// Posts carrying a counter.
    pub counted: u32,
    /// The first counter (52 in `52/100`).
    pub counter_from: u32,
    /// The last counter.
    pub counter_to: u32,
}

/// Posts dated outside these years (a damaged or forged date) are left out of chat
/// finding, so no date arithmetic can overflow.
const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1990..=2200;

/// One own post as the chats stage sees it.
pub(crate) struct Item<'a> {
    pub post: &'a Post,
    /// Lowercased hashtags, each once.
    pub tags: Vec<String>,
    /// Its Q/A label (never for reposts: the label is someone else's).
    pub label: Option<(char, u8)>,
    /// Who it replies to, when that is someone else (lowercased handle or `id:...`).
    pub replied_person: Option<String>,
    /// The post it replies to, if named.
    pub parent: Option<&'a str>,
}

impl Item<'_> {
    pub fn at(&self) -> DateTime<Utc> {
        self.post.created_at
    }
}

/// The own posts, oldest first (ties by id), with what the rules need from each.
pub(crate) fn items(archive: &Archive) -> Vec<Item<'_>> {
    let mut items: Vec<Item> = archive
        .posts
        .iter()
        .filter(|post| PLAUSIBLE_YEARS.contains(&post.created_at.year()))
        // A post without its time of day cannot be live or later (issue #11).
        .filter(|post| !post.time_unknown())
        .map(|post| {
            let mut tags: Vec<String> = Vec::with_capacity(post.hashtags.len());
            for t in &post.hashtags {
                let t = t.to_lowercase();
                if !t.is_empty() && !tags.contains(&t) {
                    tags.push(t);
                }
            }
            let label = match post.kind {
                PostKind::Repost => None,
                _ => qa_label(&post.text),
            };
            let replied_person = match post.kind {
                PostKind::Reply => post.reply_to.as_ref().and_then(|r| r.account.key()),
                _ => None,
            };
            Item {
                post,
                tags,
                label,
                replied_person,
                parent: post.reply_to.as_ref().and_then(|r| r.post_id.as_deref()),
            }
        })
        .collect();
    items.sort_by(|a, b| (a.post.created_at, &a.post.id).cmp(&(b.post.created_at, &b.post.id)));
    items
}

/// Each lowercased hashtag's most frequent spelling (ties: the first written).
pub(crate) fn spellings(archive: &Archive) -> HashMap<String, String> {
    let mut counts: HashMap<String, Vec<(String, usize)>> = HashMap::default();
    for post in &archive.posts {
        for t in &post.hashtags {
            let forms = counts.entry(t.to_lowercase()).or_default();
            match forms.iter_mut().find(|(f, _)| **f == **t) {
                Some((_, n)) => *n += 1,
                None => forms.push((t.to_string(), 1)),
            }
        }
    }
    counts
        .into_iter()
        .map(|(k, forms)| {
            let best = forms
                .iter()
                .enumerate()
                .max_by_key(|(i, (_, n))| (*n, std::cmp::Reverse(*i)))
                .map(|(_, (f, _))| f.clone())
                .unwrap_or_else(|| k.clone());
            (k, best)
        })
        .collect()
}

/// The likes carrying a hashtag (lowercased), as a [`Lurking`] trace.
pub(crate) fn lurking(archive: &Archive, key: &str) -> Lurking {
    let ids: Vec<String> = archive
        .likes
        .iter()
        .filter(|l| l.hashtags.iter().any(|h| h.to_lowercase() == key))
        .map(|l| l.post_id.to_string())
        .collect();
    Lurking {
        likes: ids.len() as u32,
        liked_post_ids: ids,
    }
}

/// Finds the person's chats, events and series (see the module docs and `docs/chats.md`).
pub fn find_chats(archive: &Archive, directory: &ChatDirectory) -> ChatReport {
    let (items, spellings) = crate::parallel::both(|| items(archive), || spellings(archive));
    let chats = sessions::find(archive, &items, directory, &spellings);
    let taken: rustc_hash::FxHashSet<String> = chats.iter().map(|c| c.tag.to_lowercase()).collect();
    let (series, events) = tags::find(archive, &items, directory, &taken, &spellings);
    ChatReport {
        chats,
        events,
        series,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::*;

    /// The page names every role as the core does (issue 9: the mentor prompt said
    /// "lurker" where the page said "Reading along").
    #[test]
    fn the_page_labels_roles_as_the_core_does() {
        let js = include_str!("../../www/view/dom.js");
        for role in Role::ALL {
            let entry = format!("{}: '{}'", role.code(), role.label());
            assert!(js.contains(&entry), "www/view/dom.js lacks {entry}");
            assert_eq!(serde_json::to_value(role).unwrap(), role.code());
        }
    }

    #[test]
    fn a_hashtag_is_a_chat_an_event_or_a_series_never_two() {
        let dir = ChatDirectory::builtin();
        let mut posts = Vec::new();
        // #edchat in its Tuesday 19:00 New York hour (EDT: 23:00 UTC), three times:
        // a conference-like burst, but a directory chat stays a chat.
        for (i, m) in [5, 20, 40].into_iter().enumerate() {
            posts.push(post(
                &format!("e{i}"),
                utc(2021, 6, 1, 23, m),
                "Formative feedback #edchat",
            ));
        }
        // #edchat2021 has a year and a burst: an event.
        for i in 0..3 {
            posts.push(post(
                &format!("c{i}"),
                utc(2021, 6, 10, 9 + i, 0),
                "Live from #edchat2021",
            ));
        }
        let report = find_chats(&archive(posts, Vec::new()), &dir);
        assert_eq!(report.chats.len(), 1);
        assert_eq!(report.chats[0].tag, "edchat");
        assert_eq!(report.chats[0].role, Role::Occasional);
        assert_eq!(report.events.len(), 1);
        assert_eq!(report.events[0].tag, "edchat2021");
        assert!(report.series.is_empty());
    }

    #[test]
    fn the_result_does_not_depend_on_post_order() {
        let dir = ChatDirectory::builtin();
        let mut posts = vec![
            post("1", utc(2021, 6, 1, 23, 5), "A1: quizzes #edchat"),
            reply("2", utc(2021, 6, 1, 23, 10), "A2 more", "me", "1"),
            post("3", utc(2021, 6, 2, 9, 0), "Still thinking #edchat"),
        ];
        let a = serde_json::to_string(&find_chats(&archive(posts.clone(), vec![]), &dir)).unwrap();
        posts.reverse();
        let b = serde_json::to_string(&find_chats(&archive(posts, vec![]), &dir)).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn impossible_dates_are_ignored_not_a_panic() {
        let far = chrono::DateTime::<Utc>::MAX_UTC;
        let posts = vec![
            post("1", far, "A1: #DisruptTexts"),
            post("2", far, "A2: #ukedchat"),
            post("3", far, "Day 1 #x"),
        ];
        let r = find_chats(&archive(posts, vec![]), &ChatDirectory::builtin());
        assert!(r.chats.is_empty() && r.events.is_empty() && r.series.is_empty());
    }

    #[test]
    fn spellings_follow_the_most_frequent_form() {
        let posts = vec![
            post("1", utc(2021, 1, 1, 0, 0), "#MyTag"),
            post("2", utc(2021, 1, 2, 0, 0), "#mytag"),
            post("3", utc(2021, 1, 3, 0, 0), "#mytag"),
        ];
        assert_eq!(spellings(&archive(posts, vec![]))["mytag"], "mytag");
    }
}
