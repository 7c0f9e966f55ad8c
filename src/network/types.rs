//! The network stage's types: what it reads ([`NetworkInput`]) and the report section it
//! fills ([`Network`] and its parts). The rules that fill them are in the parent module.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::tools::{SiteKinds, ToolKind};
use crate::chats::ChatReport;
use crate::model::{Archive, Link};

/// Everything the network stage reads.
pub struct NetworkInput<'a> {
    /// The imported archive.
    pub archive: &'a Archive,
    /// The purpose code of each `archive.posts[i]`, same order.
    pub purposes: &'a [&'a str],
    /// What the chats stage found (to mark chat hashtags, events and series, and to count
    /// chat posts as conversation).
    pub chats: &'a ChatReport,
    /// Whether a link goes to the person's own site (the classifier's
    /// [`crate::classify::Classifier::own_site`]).
    pub is_own_site: &'a (dyn Fn(&Link) -> bool + Sync),
    /// Link site kinds.
    pub sites: &'a SiteKinds,
    /// The time zone years are counted in.
    pub time_zone: Tz,
}

/// The learning network.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Network {
    /// People, strongest tie first.
    pub people: Vec<PersonTie>,
    /// Accounts of apps that posted for the person ("I just finished a run with
    /// @runkeeper"): most posts naming them were sent by an app of that name. They are not
    /// counted as people, in concentration or in conversation.
    pub apps: Vec<PersonTie>,
    /// How concentrated the interactions are on a few people.
    pub concentration: Concentration,
    /// How the set of people changed, year by year.
    pub people_by_year: Vec<YearTies>,
    /// Hashtags used, most used first.
    pub spaces: Vec<Space>,
    /// How the set of hashtags changed, year by year.
    pub spaces_by_year: Vec<YearSpaces>,
    /// Link sites shared, most shared first; link shorteners (whose site is unknown) come
    /// after every known site, whatever their count, so one never leads.
    pub tools: Vec<Tool>,
    /// Links by kind of site, in [`ToolKind::ALL`] order (kinds with no link left out).
    /// Shares are of [`Self::known_link_posts`] (the shortener kind's of `link_posts`): a
    /// link whose site is unknown counts neither for nor against any kind.
    pub tool_kinds: Vec<ToolKindCount>,
    /// Own posts with at least one link to a site (links to posts on X left out).
    pub link_posts: u32,
    /// Own posts with at least one link whose site is known (not only shortened links,
    /// such as `t.co` when the export gives no expanded address).
    pub known_link_posts: u32,
    /// Talking with people against broadcasting.
    pub conversation: Conversation,
}

impl Network {
    /// The links by kind of site in words, such as "resources 40%, blogs 25%": the one
    /// phrasing the prompts and the CLI share.
    pub fn tool_kinds_in_words(&self) -> String {
        self.tool_kinds
            .iter()
            .map(|k| format!("{} {}", k.label, crate::report::percent(k.share)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// How strong a tie is (see [`STRONG_MIN_SCORE`](super::STRONG_MIN_SCORE) and
/// [`MEDIUM_MIN_SCORE`](super::MEDIUM_MIN_SCORE)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TieStrength {
    /// Frequent contact over months.
    Strong,
    /// Repeated contact.
    Medium,
    /// One or a few contacts.
    Weak,
}

/// One person the archive's owner interacted with.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PersonTie {
    /// The key people are grouped by: the lowercased handle, else `id:<id>`.
    pub key: String,
    /// The handle as written, without `@`, when known.
    pub handle: Option<String>,
    /// Display name, when the export gives one.
    pub name: Option<String>,
    /// Posts that reply to them.
    pub replies: u32,
    /// Posts that mention them (not counting replies to them, or reposts of their posts).
    pub mentions: u32,
    /// Reposts of their posts.
    pub reposts: u32,
    /// Quotes of their posts.
    pub quotes: u32,
    /// Posts involving them in any way (the sum of the four above).
    pub posts: u32,
    /// The tie's score: replies x3 + quotes x2 + reposts + mentions.
    pub score: u32,
    /// Strong, medium or weak.
    pub strength: TieStrength,
    /// The first post involving them.
    pub first_contact: DateTime<Utc>,
    /// The last post involving them.
    pub last_contact: DateTime<Utc>,
    /// Different calendar months with contact.
    pub months_active: u32,
    /// Posts involving them per year.
    pub years: Vec<YearCount>,
    /// The posts involving them, oldest first.
    pub post_ids: Vec<String>,
    /// Whether this is an app's account rather than a person (see [`Network::apps`]).
    pub app: bool,
}

/// A count for one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct YearCount {
    /// The year (in the report's time zone).
    pub year: i32,
    /// How many.
    pub count: u32,
}

/// How concentrated the person's interactions are.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Concentration {
    /// Different people interacted with.
    pub people: u32,
    /// (post, person) interactions in all.
    pub interactions: u32,
    /// Share of interactions with the five most frequent people (0 to 1).
    pub top5_share: f64,
    /// Share of interactions with the ten most frequent people.
    pub top10_share: f64,
    /// Gini coefficient of interactions across people (0: even; towards 1: a few people
    /// take almost all).
    pub gini: f64,
    /// Herfindahl-Hirschman index: the sum of squared shares (1/people when even, 1 when
    /// one person takes all).
    pub hhi: f64,
    /// 1 / HHI: "as if you talked evenly with this many people".
    pub effective_people: f64,
    /// Posts replying to other people.
    pub replies: u32,
    /// Different people replied to.
    pub replied_people: u32,
    /// Share of replies that go to the five most replied-to people.
    pub replies_top5_share: f64,
    /// People with one single interaction.
    pub one_off_people: u32,
}

/// How the set of people changed in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct YearTies {
    /// The year.
    pub year: i32,
    /// Calendar months of that year the archive covers (1 to 12): the first and last
    /// years of an archive are often partial, so "lost" ties there mean little.
    pub months: u32,
    /// Own posts that year.
    pub posts: u32,
    /// People interacted with that year.
    pub people: u32,
    /// Interactions that year.
    pub interactions: u32,
    /// People met for the first time that year.
    pub new: u32,
    /// People also met the year before.
    pub kept: u32,
    /// People met in an earlier year, but not the year before.
    pub returning: u32,
    /// People met the year before, but not this year.
    pub lost: u32,
    /// Share of that year's interactions with its five most frequent people.
    pub top5_share: f64,
    /// That year's most frequent people (keys), up to five.
    pub top: Vec<String>,
}

/// What kind of space a hashtag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SpaceKind {
    /// An education chat (see the report's `chats`).
    Chat,
    /// A conference or event.
    Event,
    /// The person's own numbered series.
    Series,
    /// Any other hashtag.
    Hashtag,
}

impl SpaceKind {
    /// A name for people (`chat`, `own series`).
    pub fn label(self) -> &'static str {
        match self {
            SpaceKind::Chat => "chat",
            SpaceKind::Event => "event",
            SpaceKind::Series => "own series",
            SpaceKind::Hashtag => "hashtag",
        }
    }
}

/// One hashtag the person posted with.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Space {
    /// The hashtag without `#`, as most often written.
    pub tag: String,
    /// Chat, event, own series or hashtag.
    pub kind: SpaceKind,
    /// Own posts carrying it.
    pub posts: u32,
    /// The first of them.
    pub first: DateTime<Utc>,
    /// The last of them.
    pub last: DateTime<Utc>,
    /// Posts per year.
    pub years: Vec<YearCount>,
    /// Posts per purpose code.
    pub purposes: BTreeMap<String, u32>,
    /// The posts, oldest first.
    pub post_ids: Vec<String>,
}

/// How the set of hashtags changed in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct YearSpaces {
    /// The year.
    pub year: i32,
    /// Different hashtags used that year.
    pub hashtags: u32,
    /// Posts carrying at least one hashtag that year.
    pub posts_with_hashtags: u32,
    /// Hashtags used for the first time.
    pub new: u32,
    /// Hashtags also used the year before.
    pub kept: u32,
    /// Hashtags used the year before but not this year.
    pub lost: u32,
    /// Chats with a session that year.
    pub chats: Vec<String>,
    /// That year's most used hashtags, up to five.
    pub top: Vec<String>,
}

/// One site the person linked to.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Tool {
    /// The site's domain (lowercase, without `www.`).
    pub domain: String,
    /// What kind of site it is.
    pub kind: ToolKind,
    /// Own posts linking to it.
    pub posts: u32,
    /// The first of them.
    pub first: DateTime<Utc>,
    /// The last of them.
    pub last: DateTime<Utc>,
    /// Posts per year.
    pub years: Vec<YearCount>,
    /// The posts, oldest first.
    pub post_ids: Vec<String>,
}

/// Links of one kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ToolKindCount {
    /// The kind.
    pub kind: ToolKind,
    /// The kind, for people.
    pub label: String,
    /// Posts linking to a site of this kind.
    pub posts: u32,
    /// Different sites.
    pub sites: u32,
    /// Share of all posts with a link (0 to 1).
    pub share: f64,
}

/// Talking with people against broadcasting to them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Conversation {
    /// Posts that talk with someone: a reply to another person, a post naming someone in
    /// the author's own words, or a post in a chat session.
    pub conversing: u32,
    /// Every other post: announcements, shared links, reposts, thread continuations that
    /// name no one.
    pub broadcasting: u32,
    /// `conversing` / all posts (0 when there are none).
    pub conversing_share: f64,
    /// The same, year by year.
    pub years: Vec<YearConversation>,
}

/// Talking against broadcasting in one year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct YearConversation {
    /// The year.
    pub year: i32,
    /// Posts that talk with someone.
    pub conversing: u32,
    /// Posts that broadcast.
    pub broadcasting: u32,
}
