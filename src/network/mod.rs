//! Network: the people, spaces and tools of a person's learning network (Krutka, Carpenter
//! & Trust 2017), how concentrated it is, and how it changed year by year.
//!
//! In: the imported [`Archive`], the purpose of each post (from the classifier, after any
//! re-coding), the chats found, the person's own sites and the time zone years are counted
//! in ([`NetworkInput`]). Out: a [`Network`]:
//! - [`Network::people`]: everyone the person replied to, mentioned, reposted or quoted,
//!   with counts per kind of interaction, first and last contact, tie strength and the ids
//!   of the posts behind each figure; [`Concentration`] (top-5 and top-10 shares, Gini,
//!   HHI); [`YearTies`] (new, kept, returning, lost ties per year);
//! - [`Network::spaces`]: hashtags (chats, events and own series marked as such) with the
//!   same over-time view ([`YearSpaces`]);
//! - [`Network::tools`]: link sites by kind ([`tools::ToolKind`]);
//! - [`Conversation`]: posts that talk with people against posts that only broadcast.
//!
//! Invariants: each (post, person) pair counts once, as the strongest interaction it holds
//! (reply, then quote, then repost, then mention); every count sits next to the list of
//! post ids it counts; the result does not depend on the order of the archive's posts
//! beyond ties in sorting (which fall back to names). Pure: no clock, no printing. The
//! rules are explained for teachers in `docs/network.md`.

pub mod tools;
mod types;

pub use types::*;

use std::collections::{BTreeMap, BTreeSet};

// Fx hashing: keys here are handles, tags and ids from the person's own archive, and the
// default hasher's resistance to chosen keys costs time on every post (issue 13).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;

use crate::chats::ChatReport;
use crate::model::{AccountRef, Archive, Post, PostKind};
use tools::ToolKind;

/// Weight of a reply in a tie's score: answering someone is the strongest act a post holds.
pub const REPLY_WEIGHT: u32 = 3;
/// Weight of a quote (commenting on someone's post).
pub const QUOTE_WEIGHT: u32 = 2;
/// Weight of a repost (passing someone's post on).
pub const REPOST_WEIGHT: u32 = 1;
/// Weight of a mention (naming someone).
pub const MENTION_WEIGHT: u32 = 1;
/// A strong tie has at least this score...
pub const STRONG_MIN_SCORE: u32 = 15;
/// ...spread over at least this many different months (frequency and duration, after
/// Granovetter's "amount of time" in a tie).
pub const STRONG_MIN_MONTHS: u32 = 3;
/// A medium tie has at least this score, or contact in at least two different months.
pub const MEDIUM_MIN_SCORE: u32 = 5;

/// One post's interaction with one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Act {
    Reply,
    Quote,
    Repost,
    Mention,
}

/// Builds the network. People, spaces and tools are read from the posts independently,
/// so natively they are built at once, on every core.
pub fn build(input: &NetworkInput<'_>) -> Network {
    let time_zone = input.time_zone;
    let year_of = move |at: &DateTime<Utc>| at.with_timezone(&time_zone).year();
    let (people, ((spaces, spaces_by_year), tools)) = crate::parallel::both(
        || people_part(input, &year_of),
        || {
            crate::parallel::both(
                || self::spaces(input, &year_of),
                || self::tools(input, &year_of),
            )
        },
    );
    let PeoplePart {
        people,
        apps,
        conversation,
    } = people;
    let (tools, tool_kinds, (link_posts, known_link_posts)) = tools;
    Network {
        concentration: concentration(&people),
        people_by_year: people_by_year(input.archive, &people, input.time_zone),
        people,
        apps,
        spaces,
        spaces_by_year,
        tools,
        tool_kinds,
        link_posts,
        known_link_posts,
        conversation,
    }
}

/// The people the posts name, the apps among them, and how many posts talk with someone.
struct PeoplePart {
    people: Vec<PersonTie>,
    apps: Vec<PersonTie>,
    conversation: Conversation,
}

/// Everyone the posts name (people and apps apart, strongest tie first) and how many
/// posts talk with someone.
fn people_part(
    input: &NetworkInput<'_>,
    year_of: &(dyn Fn(&DateTime<Utc>) -> i32 + Sync),
) -> PeoplePart {
    let (named, talked_to) = people_named(input.archive, year_of);
    let is_app: Vec<bool> = named.iter().map(|p| p.app).collect();
    let (mut apps, mut people): (Vec<PersonTie>, Vec<PersonTie>) =
        named.into_iter().partition(|p| p.app);
    let conversation = conversation_of(input, year_of, &talked_to, &is_app);
    people.sort_by(by_strength);
    apps.sort_by(by_strength);
    PeoplePart {
        people,
        apps,
        conversation,
    }
}

/// First pass: everyone each post names, and which of them are apps posting for the
/// person rather than people. Each post's acts are kept (as indices of the people) for
/// the second pass ([`conversation_of`]).
fn people_named(
    archive: &Archive,
    year_of: &dyn Fn(&DateTime<Utc>) -> i32,
) -> (Vec<PersonTie>, Vec<Vec<u32>>) {
    let handles = HandleBook::of(archive);
    let mut clients = AppNames::default();
    let mut index: HashMap<String, usize> = HashMap::default();
    let mut people: Vec<(String, PersonAcc)> = Vec::new();
    let mut talked_to: Vec<Vec<u32>> = Vec::with_capacity(archive.posts.len());
    for post in &archive.posts {
        let year = year_of(&post.created_at);
        let sent_from = clients.squashed(post.client.as_deref());
        let mut talks = Vec::new();
        for (key, act, account) in acts_of(post, &handles) {
            let at = *index.entry(key).or_insert_with_key(|key| {
                people.push((key.clone(), PersonAcc::new(post)));
                people.len() - 1
            });
            people[at].1.add(post, act, account, year, sent_from);
            if matches!(act, Act::Reply | Act::Mention | Act::Quote) {
                talks.push(at as u32);
            }
        }
        talked_to.push(talks);
    }
    let named = people
        .into_iter()
        .map(|(key, acc)| acc.finish(key))
        .collect();
    (named, talked_to)
}

/// Second pass: does each post talk with someone (an app is no one), overall and year by
/// year? `talked_to` holds each post's people (indices into `is_app`).
fn conversation_of(
    input: &NetworkInput<'_>,
    year_of: &dyn Fn(&DateTime<Utc>) -> i32,
    talked_to: &[Vec<u32>],
    is_app: &[bool],
) -> Conversation {
    let chat_posts = chat_post_ids(input.chats);
    let mut conversation = Conversation::default();
    let mut conversation_years: BTreeMap<i32, (u32, u32)> = BTreeMap::new();
    for (post, talks) in input.archive.posts.iter().zip(talked_to) {
        let in_year = conversation_years
            .entry(year_of(&post.created_at))
            .or_default();
        let talks = post.kind != PostKind::Repost && talks.iter().any(|&at| !is_app[at as usize]);
        if talks || chat_posts.contains(&*post.id) {
            conversation.conversing += 1;
            in_year.0 += 1;
        } else {
            conversation.broadcasting += 1;
            in_year.1 += 1;
        }
    }
    let total = conversation.conversing + conversation.broadcasting;
    conversation.conversing_share = ratio(conversation.conversing, total);
    conversation.years = conversation_years
        .into_iter()
        .map(|(year, (conversing, broadcasting))| YearConversation {
            year,
            conversing,
            broadcasting,
        })
        .collect();
    conversation
}

/// Strongest tie first, then most posts, then by key.
fn by_strength(a: &PersonTie, b: &PersonTie) -> std::cmp::Ordering {
    b.score
        .cmp(&a.score)
        .then(b.posts.cmp(&a.posts))
        .then(a.key.cmp(&b.key))
}

/// The posting apps' names squashed ([`squash`]) once each, not once per post: an archive
/// has a handful of apps and hundreds of thousands of posts.
#[derive(Default)]
struct AppNames(HashMap<String, String>);

impl AppNames {
    fn squashed(&mut self, client: Option<&str>) -> Option<&str> {
        let client = client?;
        if !self.0.contains_key(client) {
            self.0.insert(client.to_string(), squash(client));
        }
        self.0.get(client).map(String::as_str)
    }
}

/// `part / whole`, or 0 when `whole` is 0.
fn ratio(part: u32, whole: u32) -> f64 {
    if whole == 0 {
        0.0
    } else {
        f64::from(part) / f64::from(whole)
    }
}

/// Ids of posts the chats stage placed in a session (live or later).
fn chat_post_ids(chats: &ChatReport) -> HashSet<&str> {
    chats
        .chats
        .iter()
        .flat_map(|c| &c.sessions)
        .flat_map(|s| s.live_post_ids.iter().chain(&s.later_post_ids))
        .map(String::as_str)
        .collect()
}

/// Handles known for account ids, so a reply that names only an id joins the same person
/// as the mentions that give both.
struct HandleBook {
    by_id: HashMap<std::sync::Arc<str>, std::sync::Arc<str>>,
}

impl HandleBook {
    fn of(archive: &Archive) -> HandleBook {
        let mut by_id = HashMap::default();
        let mut learn = |a: &AccountRef| {
            if let (Some(id), Some(handle)) = (&a.id, &a.handle) {
                by_id.entry(id.clone()).or_insert_with(|| handle.clone());
            }
        };
        for post in &archive.posts {
            post.mentions.iter().for_each(&mut learn);
            if let Some(r) = &post.reply_to {
                learn(&r.account);
            }
            if let Some(s) = &post.shared_from {
                learn(s);
            }
        }
        HandleBook { by_id }
    }

    /// The grouping key and the best handle for an account.
    fn key<'a>(&'a self, a: &'a AccountRef) -> Option<(String, Option<&'a str>)> {
        let handle = a.handle.as_deref().or_else(|| {
            a.id.as_deref()
                .and_then(|id| self.by_id.get(id).map(|h| &**h))
        });
        match (handle, &a.id) {
            (Some(h), _) => Some((h.to_lowercase(), Some(h))),
            (None, Some(id)) => Some((format!("id:{id}"), None)),
            (None, None) => None,
        }
    }
}

/// The people one post interacts with, each once, with its strongest act.
fn acts_of<'a>(post: &'a Post, handles: &'a HandleBook) -> Vec<(String, Act, &'a AccountRef)> {
    let mut acts: Vec<(String, Act, &AccountRef)> = Vec::new();
    let push =
        |account: &'a AccountRef, act: Act, acts: &mut Vec<(String, Act, &'a AccountRef)>| {
            let Some((key, _)) = handles.key(account) else {
                return;
            };
            match acts.iter_mut().find(|(k, _, _)| *k == key) {
                Some(existing) => {
                    existing.1 = existing.1.min(act);
                    // Keep the fuller reference (a mention names the person; a reply
                    // target may not).
                    if existing.2.name.is_none() && account.name.is_some() {
                        existing.2 = account;
                    }
                }
                None => acts.push((key, act, account)),
            }
        };
    match post.kind {
        PostKind::Reply => {
            if let Some(r) = &post.reply_to {
                push(&r.account, Act::Reply, &mut acts);
            }
        }
        PostKind::Repost => {
            if let Some(s) = &post.shared_from {
                push(s, Act::Repost, &mut acts);
            }
            // The other names in a repost are its author's, not the person's.
            return acts;
        }
        PostKind::Quote => {
            if let Some(s) = &post.shared_from {
                push(s, Act::Quote, &mut acts);
            }
        }
        PostKind::Original | PostKind::Thread => {}
    }
    for m in &post.mentions {
        push(m, Act::Mention, &mut acts);
    }
    acts
}

/// A person's figures as they are added up.
struct PersonAcc {
    handle: Option<String>,
    name: Option<String>,
    counts: [u32; 4],
    first: DateTime<Utc>,
    last: DateTime<Utc>,
    months: BTreeSet<(i32, u32)>,
    years: BTreeMap<i32, u32>,
    post_ids: Vec<(DateTime<Utc>, String)>,
    /// Posts naming them that were sent by an app carrying their handle's name.
    app_posts: u32,
    /// The last handle they were named by, and it [`squash`]ed (a person is nearly always
    /// named the same way, so this is squashed once, not once per post).
    squashed: Option<(std::sync::Arc<str>, String)>,
}

/// Letters and digits only, lowercased: how handles and app names are compared.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a post sent from `client` was the app `handle` posting for the person (the
/// rule as the tests state it; the network itself squashes each name once).
#[cfg(test)]
fn sent_by_app(client: Option<&str>, handle: Option<&str>) -> bool {
    let handle = handle.map(squash);
    sent_by_squashed(client.map(squash).as_deref(), handle.as_deref())
}

/// [`sent_by_app`] with both names [`squash`]ed already.
fn sent_by_squashed(client: Option<&str>, handle: Option<&str>) -> bool {
    let (Some(client), Some(handle)) = (client, handle) else {
        return false;
    };
    // Short names ("web", "me") would match far too much.
    handle.len() >= 4 && client.len() >= 4 && (client.contains(handle) || handle.contains(client))
}

impl PersonAcc {
    fn new(post: &Post) -> PersonAcc {
        PersonAcc {
            handle: None,
            name: None,
            counts: [0; 4],
            first: post.created_at,
            last: post.created_at,
            months: BTreeSet::new(),
            years: BTreeMap::new(),
            post_ids: Vec::new(),
            app_posts: 0,
            squashed: None,
        }
    }

    /// `account`'s handle [`squash`]ed, if it names one.
    fn squashed(&mut self, account: &AccountRef) -> Option<&str> {
        let handle = account.handle.as_ref()?;
        if self.squashed.as_ref().is_none_or(|(h, _)| h != handle) {
            self.squashed = Some((handle.clone(), squash(handle)));
        }
        self.squashed.as_ref().map(|(_, s)| s.as_str())
    }

    fn add(
        &mut self,
        post: &Post,
        act: Act,
        account: &AccountRef,
        year: i32,
        sent_from: Option<&str>,
    ) {
        if sent_from.is_some() && sent_by_squashed(sent_from, self.squashed(account)) {
            self.app_posts += 1;
        }
        if self.handle.is_none() {
            self.handle = account.handle.as_deref().map(str::to_string);
        }
        if self.name.is_none() {
            self.name = account.name.as_deref().map(str::to_string);
        }
        self.counts[act as usize] += 1;
        self.first = self.first.min(post.created_at);
        self.last = self.last.max(post.created_at);
        self.months
            .insert((post.created_at.year(), post.created_at.month()));
        *self.years.entry(year).or_default() += 1;
        self.post_ids.push((post.created_at, post.id.to_string()));
    }

    fn finish(mut self, key: String) -> PersonTie {
        let [replies, quotes, reposts, mentions] = self.counts;
        let score = replies * REPLY_WEIGHT
            + quotes * QUOTE_WEIGHT
            + reposts * REPOST_WEIGHT
            + mentions * MENTION_WEIGHT;
        let months_active = self.months.len() as u32;
        let strength = if score >= STRONG_MIN_SCORE && months_active >= STRONG_MIN_MONTHS {
            TieStrength::Strong
        } else if score >= MEDIUM_MIN_SCORE || months_active >= 2 {
            TieStrength::Medium
        } else {
            TieStrength::Weak
        };
        self.post_ids.sort();
        PersonTie {
            key,
            handle: self.handle,
            name: self.name,
            replies,
            mentions,
            reposts,
            quotes,
            posts: replies + mentions + reposts + quotes,
            score,
            strength,
            first_contact: self.first,
            last_contact: self.last,
            months_active,
            years: year_counts(&self.years),
            post_ids: self.post_ids.into_iter().map(|(_, id)| id).collect(),
            // Half or more of the posts naming them, and at least three.
            app: self.app_posts >= 3 && 2 * self.app_posts >= replies + mentions + reposts + quotes,
        }
    }
}

fn year_counts(years: &BTreeMap<i32, u32>) -> Vec<YearCount> {
    years
        .iter()
        .map(|(&year, &count)| YearCount { year, count })
        .collect()
}

/// Share of the `n` largest of `counts` (sorted largest first) in their sum.
fn top_share(sorted_desc: &[u32], n: usize) -> f64 {
    let total: u32 = sorted_desc.iter().sum();
    ratio(sorted_desc.iter().take(n).sum(), total)
}

/// The Gini coefficient of `counts` (0 when fewer than two).
pub fn gini(counts: &[u32]) -> f64 {
    let n = counts.len();
    let total: f64 = counts.iter().map(|&c| f64::from(c)).sum();
    if n < 2 || total == 0.0 {
        return 0.0;
    }
    let mut sorted: Vec<u32> = counts.to_vec();
    sorted.sort_unstable();
    let weighted: f64 = sorted
        .iter()
        .enumerate()
        .map(|(i, &c)| (i as f64 + 1.0) * f64::from(c))
        .sum();
    let n = n as f64;
    (2.0 * weighted) / (n * total) - (n + 1.0) / n
}

/// The Herfindahl-Hirschman index of `counts`: the sum of squared shares.
pub fn hhi(counts: &[u32]) -> f64 {
    let total: f64 = counts.iter().map(|&c| f64::from(c)).sum();
    if total == 0.0 {
        return 0.0;
    }
    counts.iter().map(|&c| (f64::from(c) / total).powi(2)).sum()
}

fn concentration(people: &[PersonTie]) -> Concentration {
    let mut counts: Vec<u32> = people.iter().map(|p| p.posts).collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let mut replies: Vec<u32> = people
        .iter()
        .map(|p| p.replies)
        .filter(|&r| r > 0)
        .collect();
    replies.sort_unstable_by(|a, b| b.cmp(a));
    let hhi = hhi(&counts);
    Concentration {
        people: people.len() as u32,
        interactions: counts.iter().sum(),
        top5_share: top_share(&counts, 5),
        top10_share: top_share(&counts, 10),
        gini: gini(&counts),
        hhi,
        effective_people: if hhi > 0.0 { 1.0 / hhi } else { 0.0 },
        replies: replies.iter().sum(),
        replied_people: replies.len() as u32,
        replies_top5_share: top_share(&replies, 5),
        one_off_people: counts.iter().filter(|&&c| c == 1).count() as u32,
    }
}

/// The years from the first to the last post, in the report's time zone.
fn years_spanned(archive: &Archive, year_of: &dyn Fn(&DateTime<Utc>) -> i32) -> Vec<i32> {
    let years: BTreeSet<i32> = archive
        .posts
        .iter()
        .map(|p| year_of(&p.created_at))
        .collect();
    match (years.first(), years.last()) {
        (Some(&a), Some(&b)) => (a..=b).collect(),
        _ => Vec::new(),
    }
}

fn people_by_year(archive: &Archive, people: &[PersonTie], tz: Tz) -> Vec<YearTies> {
    let year_of = |at: &DateTime<Utc>| at.with_timezone(&tz).year();
    let month_of = |at: &DateTime<Utc>| {
        let local = at.with_timezone(&tz);
        (local.year(), local.month())
    };
    let first = archive.posts.iter().map(|p| month_of(&p.created_at)).min();
    let last = archive.posts.iter().map(|p| month_of(&p.created_at)).max();
    let months_in = |year: i32| -> u32 {
        match (first, last) {
            (Some((fy, fm)), Some((ly, lm))) => {
                let from = if year == fy { fm } else { 1 };
                let to = if year == ly { lm } else { 12 };
                to.saturating_sub(from) + 1
            }
            _ => 0,
        }
    };
    let mut posts_per_year: BTreeMap<i32, u32> = BTreeMap::new();
    for p in &archive.posts {
        *posts_per_year.entry(year_of(&p.created_at)).or_default() += 1;
    }
    // year -> (key -> interactions)
    let mut by_year: BTreeMap<i32, Vec<(&str, u32)>> = BTreeMap::new();
    for person in people {
        for y in &person.years {
            by_year
                .entry(y.year)
                .or_default()
                .push((&person.key, y.count));
        }
    }
    let mut seen: HashSet<&str> = HashSet::default();
    let mut previous: HashSet<&str> = HashSet::default();
    let mut out = Vec::new();
    for year in years_spanned(archive, &year_of) {
        let mut this: Vec<(&str, u32)> = by_year.remove(&year).unwrap_or_default();
        this.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let keys: HashSet<&str> = this.iter().map(|(k, _)| *k).collect();
        let new = keys.iter().filter(|k| !seen.contains(*k)).count() as u32;
        let kept = keys.iter().filter(|k| previous.contains(*k)).count() as u32;
        let returning = keys
            .iter()
            .filter(|k| seen.contains(*k) && !previous.contains(*k))
            .count() as u32;
        let lost = previous.iter().filter(|k| !keys.contains(*k)).count() as u32;
        let counts: Vec<u32> = this.iter().map(|(_, c)| *c).collect();
        out.push(YearTies {
            year,
            months: months_in(year),
            posts: posts_per_year.get(&year).copied().unwrap_or(0),
            people: keys.len() as u32,
            interactions: counts.iter().sum(),
            new,
            kept,
            returning,
            lost,
            top5_share: top_share(&counts, 5),
            top: this.iter().take(5).map(|(k, _)| k.to_string()).collect(),
        });
        seen.extend(keys.iter().copied());
        previous = keys;
    }
    out
}

/// A hashtag's figures as they are added up.
struct SpaceAcc {
    spellings: HashMap<String, u32>,
    first: DateTime<Utc>,
    last: DateTime<Utc>,
    years: BTreeMap<i32, u32>,
    purposes: BTreeMap<String, u32>,
    post_ids: Vec<(DateTime<Utc>, String)>,
}

/// The hashtags used, and how the set changed year by year.
fn spaces(
    input: &NetworkInput<'_>,
    year_of: &dyn Fn(&DateTime<Utc>) -> i32,
) -> (Vec<Space>, Vec<YearSpaces>) {
    let tally = SpaceTally::of(input, year_of);
    let by_year = spaces_by_year(input, year_of, &tally);
    let kind_of = space_kinds(input.chats);
    let accs = &tally.accs;
    let mut spaces: Vec<Space> = accs
        .iter()
        .map(|(key, acc)| {
            let mut ids = acc.post_ids.clone();
            ids.sort();
            Space {
                tag: spelling(key, accs),
                kind: kind_of.get(key).copied().unwrap_or(SpaceKind::Hashtag),
                posts: ids.len() as u32,
                first: acc.first,
                last: acc.last,
                years: year_counts(&acc.years),
                purposes: acc.purposes.clone(),
                post_ids: ids.into_iter().map(|(_, id)| id).collect(),
            }
        })
        .collect();
    spaces.sort_by(|a, b| {
        b.posts
            .cmp(&a.posts)
            .then(a.tag.to_lowercase().cmp(&b.tag.to_lowercase()))
    });
    (spaces, by_year)
}

/// What each chat, event and own series hashtag is (lowercased); the rest are hashtags.
fn space_kinds(chats: &ChatReport) -> HashMap<String, SpaceKind> {
    let chat_tags = chats
        .chats
        .iter()
        .filter(|c| !c.sessions.is_empty())
        .map(|c| (c.tag.to_lowercase(), SpaceKind::Chat));
    let events = chats
        .events
        .iter()
        .map(|e| (e.tag.to_lowercase(), SpaceKind::Event));
    let series = chats
        .series
        .iter()
        .map(|s| (s.tag.to_lowercase(), SpaceKind::Series));
    chat_tags.chain(events).chain(series).collect()
}

/// Every hashtag's uses, by lowercased tag, and the tags of each year.
struct SpaceTally {
    accs: HashMap<String, SpaceAcc>,
    /// Uses of each tag, per year.
    year_tags: BTreeMap<i32, HashMap<String, u32>>,
    /// Posts with a hashtag, per year.
    tagged_posts: BTreeMap<i32, u32>,
}

impl SpaceTally {
    fn of(input: &NetworkInput<'_>, year_of: &dyn Fn(&DateTime<Utc>) -> i32) -> SpaceTally {
        let mut tally = SpaceTally {
            accs: HashMap::default(),
            year_tags: BTreeMap::new(),
            tagged_posts: BTreeMap::new(),
        };
        for (i, post) in input.archive.posts.iter().enumerate() {
            let year = year_of(&post.created_at);
            let mut once: HashSet<String> = HashSet::default();
            for tag in &post.hashtags {
                let key = tag.to_lowercase();
                if !once.insert(key.clone()) {
                    continue;
                }
                let acc = tally.accs.entry(key.clone()).or_insert_with(|| SpaceAcc {
                    spellings: HashMap::default(),
                    first: post.created_at,
                    last: post.created_at,
                    years: BTreeMap::new(),
                    purposes: BTreeMap::new(),
                    post_ids: Vec::new(),
                });
                *acc.spellings.entry(tag.to_string()).or_default() += 1;
                acc.first = acc.first.min(post.created_at);
                acc.last = acc.last.max(post.created_at);
                *acc.years.entry(year).or_default() += 1;
                if let Some(purpose) = input.purposes.get(i) {
                    *acc.purposes.entry(purpose.to_string()).or_default() += 1;
                }
                acc.post_ids.push((post.created_at, post.id.to_string()));
                *tally
                    .year_tags
                    .entry(year)
                    .or_default()
                    .entry(key)
                    .or_default() += 1;
            }
            if !once.is_empty() {
                *tally.tagged_posts.entry(year).or_default() += 1;
            }
        }
        tally
    }
}

/// A tag as most often written.
fn spelling(key: &str, accs: &HashMap<String, SpaceAcc>) -> String {
    accs.get(key)
        .and_then(|a| {
            a.spellings
                .iter()
                .max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0)))
                .map(|(s, _)| s.clone())
        })
        .unwrap_or_else(|| key.to_string())
}

/// New, kept and lost hashtags, year by year.
fn spaces_by_year(
    input: &NetworkInput<'_>,
    year_of: &dyn Fn(&DateTime<Utc>) -> i32,
    tally: &SpaceTally,
) -> Vec<YearSpaces> {
    let mut by_year = Vec::new();
    let mut previous: HashSet<String> = HashSet::default();
    let mut seen: HashSet<String> = HashSet::default();
    let no_tags = HashMap::default();
    for year in years_spanned(input.archive, year_of) {
        let tags = tally.year_tags.get(&year).unwrap_or(&no_tags);
        let keys: HashSet<String> = tags.keys().cloned().collect();
        let mut ranked: Vec<(&String, &u32)> = tags.iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let chats: Vec<String> = input
            .chats
            .chats
            .iter()
            .filter(|c| c.sessions.iter().any(|s| year_of(&s.start_utc) == year))
            .map(|c| c.tag.clone())
            .collect();
        by_year.push(YearSpaces {
            year,
            hashtags: keys.len() as u32,
            posts_with_hashtags: tally.tagged_posts.get(&year).copied().unwrap_or(0),
            new: keys.iter().filter(|k| !seen.contains(*k)).count() as u32,
            kept: keys.iter().filter(|k| previous.contains(*k)).count() as u32,
            lost: previous.iter().filter(|k| !keys.contains(*k)).count() as u32,
            chats,
            top: ranked
                .iter()
                .take(5)
                .map(|(k, _)| spelling(k, &tally.accs))
                .collect(),
        });
        seen.extend(keys.iter().cloned());
        previous = keys;
    }
    by_year
}

/// The link sites the posts point to (most linked first, shorteners last), the posts and
/// sites of each kind, and (posts with a link, posts with a link to a known site).
fn tools(
    input: &NetworkInput<'_>,
    year_of: &dyn Fn(&DateTime<Utc>) -> i32,
) -> (Vec<Tool>, Vec<ToolKindCount>, (u32, u32)) {
    let ToolTally {
        accs,
        kind_posts,
        linking_posts,
        known_posts,
    } = ToolTally::of(input, year_of);
    let (tools, site_count) = tool_rows(accs);
    let kinds = ToolKind::ALL
        .iter()
        .filter_map(|&kind| {
            let posts = kind_posts.get(&kind).map_or(0, |s| s.len() as u32);
            (posts > 0).then(|| ToolKindCount {
                kind,
                label: kind.label().to_string(),
                posts,
                sites: site_count.get(&kind).copied().unwrap_or(0),
                share: match kind {
                    ToolKind::Shortener => ratio(posts, linking_posts),
                    _ => ratio(posts, known_posts),
                },
            })
        })
        .collect();
    (tools, kinds, (linking_posts, known_posts))
}

/// One link site while the posts are read.
struct ToolAcc {
    kind: ToolKind,
    first: DateTime<Utc>,
    last: DateTime<Utc>,
    years: BTreeMap<i32, u32>,
    post_ids: Vec<(DateTime<Utc>, String)>,
}

/// The links of all posts, counted per site and per kind of site.
struct ToolTally<'a> {
    accs: HashMap<String, ToolAcc>,
    /// The posts linking to each kind of site (their ids).
    kind_posts: HashMap<ToolKind, HashSet<&'a str>>,
    /// Posts with a link.
    linking_posts: u32,
    /// Posts with a link to a site that is not a shortener.
    known_posts: u32,
}

impl<'a> ToolTally<'a> {
    fn of(input: &NetworkInput<'a>, year_of: &dyn Fn(&DateTime<Utc>) -> i32) -> ToolTally<'a> {
        let mut tally = ToolTally {
            accs: HashMap::default(),
            kind_posts: HashMap::default(),
            linking_posts: 0,
            known_posts: 0,
        };
        for post in &input.archive.posts {
            let mut once: HashSet<&str> = HashSet::default();
            let mut known = false;
            for link in &post.links {
                if link.domain.is_empty() || link.is_post_link() || !once.insert(&link.domain) {
                    continue;
                }
                let kind = input.sites.kind_of(&link.domain, (input.is_own_site)(link));
                known |= kind != ToolKind::Shortener;
                tally.add(post, &link.domain, kind, year_of);
            }
            if !once.is_empty() {
                tally.linking_posts += 1;
            }
            if known {
                tally.known_posts += 1;
            }
        }
        tally
    }

    /// Counts `post`'s link to `domain`, a site of `kind`.
    fn add(
        &mut self,
        post: &'a Post,
        domain: &str,
        kind: ToolKind,
        year_of: &dyn Fn(&DateTime<Utc>) -> i32,
    ) {
        self.kind_posts.entry(kind).or_default().insert(&post.id);
        let acc = self
            .accs
            .entry(domain.to_string())
            .or_insert_with(|| ToolAcc {
                kind,
                first: post.created_at,
                last: post.created_at,
                years: BTreeMap::new(),
                post_ids: Vec::new(),
            });
        // A site is the person's own when any of its links is (one wp.me blog).
        if kind == ToolKind::OwnSite {
            acc.kind = kind;
        }
        acc.first = acc.first.min(post.created_at);
        acc.last = acc.last.max(post.created_at);
        *acc.years.entry(year_of(&post.created_at)).or_default() += 1;
        acc.post_ids.push((post.created_at, post.id.to_string()));
    }
}

/// One row per site, most linked first (shorteners last), and how many sites of each kind.
fn tool_rows(accs: HashMap<String, ToolAcc>) -> (Vec<Tool>, HashMap<ToolKind, u32>) {
    let mut site_count: HashMap<ToolKind, u32> = HashMap::default();
    let mut tools: Vec<Tool> = accs
        .into_iter()
        .map(|(domain, mut acc)| {
            *site_count.entry(acc.kind).or_default() += 1;
            acc.post_ids.sort();
            Tool {
                domain,
                kind: acc.kind,
                posts: acc.post_ids.len() as u32,
                first: acc.first,
                last: acc.last,
                years: year_counts(&acc.years),
                post_ids: acc.post_ids.into_iter().map(|(_, id)| id).collect(),
            }
        })
        .collect();
    // A shortener hides the site behind it (issue #11): it never leads the sites.
    tools.sort_by(|a, b| {
        let unknown = |t: &Tool| t.kind == ToolKind::Shortener;
        unknown(a)
            .cmp(&unknown(b))
            .then(b.posts.cmp(&a.posts))
            .then(a.domain.cmp(&b.domain))
    });
    (tools, site_count)
}

#[cfg(test)]
mod tests;
