//! Demo personas: built-in synthetic archives a teacher-education class can open without
//! an account of its own.
//!
//! In: nothing but a persona's id. Out: an [`ArchiveSpec`] ([`Persona::spec`]) holding a
//! believable, multi-year X history of an invented educator, to write with
//! [`super::x_archive::write`] in X's real layout and read by exactly the same code path as
//! a real export. Four personas, each with a different character for students to discover:
//! - `early-career` ([`early_career`]): asks and shares, answers A1/A2 in weekly chats;
//! - `experienced` ([`experienced`]): replies and argues across a wide network;
//! - `reader` ([`reader`]): mostly likes, rarely posts, reads chats along;
//! - `leader` ([`leader`]): posts mostly about technology and promotes an own blog.
//!
//! Invariants: deterministic (each persona has a fixed seed, no clock is read); every
//! person, handle, school and blog is invented (sites of the people themselves use the
//! reserved `.example` domains; resource links point at real public education sites);
//! chat posts fall at the times `data/chats.csv` gives, converted with the chats stage's own
//! `local_instant`; ids grow with time, as X's do. The texts are written so that a coder
//! following the codebook would code them as the persona intends, but nothing here knows
//! the classifier: the integration tests (`tests/integration/personas.rs`) check what the
//! real import, classify and chats stages find.
//!
//! Each persona is two parts: its words (what it writes, shares and answers, the people
//! around it) in `data/personas/<id>.toml`, read by `words`; and a small module here that
//! says when each kind of post happens. A new persona is a new file of words and a module
//! with its schedule.

mod early_career;
mod experienced;
mod leader;
mod reader;
pub(crate) mod words;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use serde::Serialize;

use super::scenarios::Scenario;
use super::{Account, ArchiveSpec, Person, Rng, SynthLike};
use crate::chats::directory::ChatDirectory;
use crate::chats::sessions::local_instant;

pub use early_career::early_career;
pub use experienced::experienced;
pub use leader::leader;
pub use reader::reader;

/// One demo persona: what a class is told about it, and how to build its archive.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Persona {
    /// Stable id, used on the command line and as the file name (`early-career`).
    pub id: &'static str,
    /// A short title (`Early-career teacher`).
    pub title: &'static str,
    /// One sentence introducing the persona to a class.
    pub description: &'static str,
    /// What a student might look for in the report.
    pub look_for: &'static str,
    #[serde(skip)]
    build: fn() -> ArchiveSpec,
}

impl Persona {
    /// The persona's archive (the same every time).
    pub fn spec(&self) -> ArchiveSpec {
        (self.build)()
    }

    /// The file name the demo is published under (`early-career.zip`).
    pub fn file_name(&self) -> String {
        format!("{}.zip", self.id)
    }

    /// The file name its anonymous summary is published under (`early-career.summary.json`).
    pub fn summary_file_name(&self) -> String {
        format!("{}.summary.json", self.id)
    }
}

/// Every persona, in the order a class meets them.
pub const PERSONAS: [Persona; 4] = [
    Persona {
        id: "early-career",
        title: "Early-career teacher",
        description: "Sam, in her second year of teaching Year 4 in England, asks questions, \
                      gathers resources and answers the questions of weekly chats such as \
                      #UKEdChat.",
        look_for: "How much of her posting asks and shares, which chats she joins and how \
                   regularly, and whether her network grows beyond the chats.",
        build: early_career,
    },
    Persona {
        id: "experienced",
        title: "Experienced teacher",
        description: "Rosa, a high-school history teacher of twenty years in the United \
                      States, replies to and argues with a wide network across many hashtags.",
        look_for: "How many different people she talks with, how much of her posting is \
                   discussion rather than sharing, and how her topics spread.",
        build: experienced,
    },
    Persona {
        id: "reader",
        title: "Quiet reader",
        description: "Priya, a primary teacher in England, reads along: she likes hundreds of \
                      posts, many of them from chats, and posts only now and then.",
        look_for: "What likes reveal that posts do not: which chats she follows without \
                   posting, and what her rare posts are for.",
        build: reader,
    },
    Persona {
        id: "leader",
        title: "School leader",
        description: "Jordan, a middle-school principal in the United States, posts mostly \
                      about technology, promotes his own blog and talks, and once hosts a \
                      chat.",
        look_for: "How much of his posting is about technology, how much promotes his own \
                   work or broadcasts news, and how that differs from the teachers.",
        build: leader,
    },
];

/// The persona with this id.
pub fn find(id: &str) -> Option<&'static Persona> {
    PERSONAS.iter().find(|p| p.id == id)
}

/// One line of the published demos' index (`demos/index.json`): what the page shows to
/// let a class choose a persona, and the file to fetch.
#[derive(Debug, Clone, Serialize)]
pub struct IndexEntry {
    /// The persona's id.
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// Its one-sentence introduction.
    pub description: &'static str,
    /// What a student might look for.
    pub look_for: &'static str,
    /// The archive's file name, next to the index (`early-career.zip`).
    pub file: String,
    /// Its anonymous summary's file name, next to the index (`early-career.summary.json`),
    /// for the page's demo class view.
    pub summary: String,
}

/// The index of every persona, in [`PERSONAS`] order.
pub fn index() -> Vec<IndexEntry> {
    PERSONAS
        .iter()
        .map(|p| IndexEntry {
            id: p.id,
            title: p.title,
            description: p.description,
            look_for: p.look_for,
            file: p.file_name(),
            summary: p.summary_file_name(),
        })
        .collect()
}

// ----- building blocks shared by the personas -------------------------------------------

/// X's snowflake epoch (2010-11-04), in milliseconds.
const SNOWFLAKE_EPOCH_MS: i64 = 1_288_834_974_657;

/// Other people's statuses get sequence numbers from here, above any own post's, so their
/// ids never meet the owner's.
const OTHERS_SEQUENCE: u64 = 0x20_0000;

/// A persona's history being written: the scenario (which numbers the owner's posts), a
/// seeded random sequence and the owner's time zone.
pub(crate) struct Life {
    /// The posts and likes so far.
    pub s: Scenario,
    /// The persona's random sequence.
    pub rng: Rng,
    /// Where the owner lives: local times of day are read in this zone.
    pub tz: Tz,
    handle: String,
    others: u64,
}

impl Life {
    pub fn new(account: Account, seed: u64, tz: Tz) -> Self {
        Life {
            handle: account.handle.clone(),
            s: Scenario::new(account),
            rng: Rng::new(seed),
            tz,
            others: 0,
        }
    }

    /// The UTC instant of `h:m` local time on `date`.
    pub fn local(&self, date: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
        let t = NaiveTime::from_hms_opt(h.min(23), m.min(59), 0).unwrap_or_default();
        local_instant(self.tz, date.and_time(t))
    }

    /// A random local time on `date` between the hours `from` and `to` (exclusive).
    pub fn time_between(&mut self, date: NaiveDate, from: u32, to: u32) -> DateTime<Utc> {
        let span = u64::from(to.saturating_sub(from).max(1)) * 60;
        let m = self.rng.below(span) as u32;
        self.local(date, from + m / 60, m % 60)
    }

    /// The id of someone else's status posted at `at`.
    pub fn other_id(&mut self, at: DateTime<Utc>) -> u64 {
        self.others += 1;
        let ms = (at.timestamp_millis() - SNOWFLAKE_EPOCH_MS).max(0) as u64;
        (ms << 22) | ((OTHERS_SEQUENCE + self.others) & 0x3F_FFFF)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.rng.chance(p)
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        self.rng.pick::<&str>(items)
    }

    /// A number in `from..=to`.
    pub fn between(&mut self, from: u64, to: u64) -> u64 {
        from + self.rng.below(to.saturating_sub(from) + 1)
    }

    /// Fills `{slot}` markers in `template` from `slots` (a slot's name and its choices).
    pub fn fill(&mut self, template: &str, slots: &[(&str, &[&str])]) -> String {
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    let name = &after[..close];
                    match slots.iter().find(|(n, _)| *n == name) {
                        Some((_, choices)) if !choices.is_empty() => {
                            out.push_str(self.rng.pick::<&str>(choices))
                        }
                        _ => {
                            out.push('{');
                            out.push_str(name);
                            out.push('}');
                        }
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// An original post.
    pub fn post(&mut self, at: DateTime<Utc>, text: &str) -> u64 {
        self.s.post(at, text)
    }

    /// An original post linking to `url`.
    pub fn link(&mut self, at: DateTime<Utc>, text: &str, url: &str) -> u64 {
        let id = self.s.post(at, text);
        self.last_urls(url);
        id
    }

    /// A reply to a post `who` made a little before `at`; `text` follows `@handle `.
    pub fn reply(&mut self, at: DateTime<Utc>, who: &Person, text: &str) -> u64 {
        let minutes = self.between(3, 240) as i64;
        let parent = self.other_id(at - Duration::minutes(minutes));
        self.reply_to(at, who, parent, text)
    }

    /// A reply to the status `parent` by `who`; `text` follows `@handle `.
    pub fn reply_to(&mut self, at: DateTime<Utc>, who: &Person, parent: u64, text: &str) -> u64 {
        let text = format!("@{} {text}", who.handle);
        self.s.reply(at, &text, who, parent)
    }

    /// A reply with a link.
    pub fn reply_link(&mut self, at: DateTime<Utc>, who: &Person, text: &str, url: &str) -> u64 {
        let id = self.reply(at, who, text);
        self.last_urls(url);
        id
    }

    /// A retweet of `who`'s post `text` (with its link, if any).
    pub fn repost(&mut self, at: DateTime<Utc>, who: &Person, text: &str, url: Option<&str>) {
        let rt = format!("RT @{}: {text}", who.handle);
        self.s.post(at, &rt);
        if let Some(post) = self.s.posts.last_mut() {
            post.mentions.push(who.clone());
        }
        if let Some(url) = url {
            self.last_urls(url);
        }
    }

    /// A quote of a recent post by `who`, with a comment.
    pub fn quote(&mut self, at: DateTime<Utc>, who: &Person, comment: &str) -> u64 {
        let minutes = self.between(10, 600) as i64;
        let quoted = self.other_id(at - Duration::minutes(minutes));
        let id = self.s.post(at, comment);
        self.last_urls(&format!(
            "https://twitter.com/{}/status/{quoted}",
            who.handle
        ));
        id
    }

    /// A continuation of the owner's own post `own`.
    pub fn thread(&mut self, at: DateTime<Utc>, own: u64, text: &str) -> u64 {
        self.s.continue_thread(at, text, own)
    }

    /// Attaches a photo to the last post.
    pub fn photo(&mut self) {
        if let Some(post) = self.s.posts.last_mut() {
            post.media = 1;
        }
    }

    fn last_urls(&mut self, url: &str) {
        if let Some(post) = self.s.posts.last_mut() {
            post.urls.push(url.to_string());
        }
    }

    /// A like of someone else's post with this text, posted at `at` (X keeps only the id,
    /// which still tells the time, and the text).
    pub fn like(&mut self, at: DateTime<Utc>, text: &str) {
        let id = self.other_id(at);
        self.s.likes.push(SynthLike {
            tweet_id: id,
            text: text.to_string(),
        });
    }

    /// The archive, with `followers` and `following` accounts (ids), newest likes first as
    /// X lists them.
    pub fn into_spec(mut self, followers: usize, following: usize) -> ArchiveSpec {
        self.s.likes.sort_by_key(|l| std::cmp::Reverse(l.tweet_id));
        let handle = self.handle.clone();
        let mut spec = self.s.into_spec();
        spec.followers = account_ids(&handle, "follower", followers);
        // Most people one follows are followed back; keep an overlap.
        spec.following = account_ids(&handle, "follower", following.min(followers) * 2 / 3)
            .into_iter()
            .chain(account_ids(
                &handle,
                "following",
                following.saturating_sub(following.min(followers) * 2 / 3),
            ))
            .collect();
        spec
    }
}

/// `n` stable account ids for a list of the persona's.
fn account_ids(salt: &str, list: &str, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| Person::new(&format!("{salt}-{list}-{i}"), "").id)
        .collect()
}

/// Days from `from` up to and including `to`.
pub(crate) fn days(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |d| *d <= to)
}

/// A chat's scheduled weekday, time and zone from the built-in directory: the row for
/// `tag` whose name contains `session` (any row when `session` is empty).
pub(crate) fn schedule(tag: &str, session: &str) -> (Weekday, NaiveTime, Tz) {
    ChatDirectory::builtin()
        .lookup(tag)
        .into_iter()
        .filter(|e| e.name.contains(session))
        .find_map(|e| e.schedule())
        .unwrap_or_else(|| panic!("data/chats.csv has no schedule for #{tag} {session}"))
}

/// The dates of a weekly chat on `weekday` from `from` to `to`.
pub(crate) fn chat_dates(weekday: Weekday, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let first = super::scenarios::first_weekday(from, weekday);
    first
        .iter_weeks()
        .take_while(|d| *d <= to)
        .collect::<Vec<_>>()
}

/// Whether `date` falls in an English school holiday (roughly: summer, Christmas, Easter
/// and the three half-terms).
pub(crate) fn uk_holiday(date: NaiveDate) -> bool {
    let (m, d) = (date.month(), date.day());
    matches!(
        (m, d),
        (7, 22..)
            | (8, _)
            | (9, ..=3)
            | (12, 20..)
            | (1, ..=3)
            | (4, ..=14)
            | (10, 24..)
            | (2, 13..=19)
            | (5, 27..)
            | (6, ..=2)
    )
}

/// Whether `date` falls in a United States school break (roughly: summer, winter break,
/// spring break and Thanksgiving week).
pub(crate) fn us_holiday(date: NaiveDate) -> bool {
    let (m, d) = (date.month(), date.day());
    matches!(
        (m, d),
        (6, 18..) | (7, _) | (8, ..=22) | (12, 22..) | (1, ..=2) | (3, 14..=21) | (11, 23..=28)
    )
}

/// One chat session's subject: the moderator's questions and answers a participant might
/// give to each (without labels).
pub(crate) struct Theme {
    /// What the session is about, as a phrase ("feedback that students act on").
    pub topic: &'static str,
    /// The moderator's questions Q1 to Q5 (without labels or hashtag).
    pub questions: [&'static str; 5],
    /// Answers, any of which fits any question of the theme.
    pub answers: &'static [&'static str],
}

/// How a persona takes part in one session.
pub(crate) struct Voice<'a> {
    /// Hellos before the first question (`{tag}` and `{topic}` are filled in).
    pub hello: &'a [&'a str],
    /// Thanks at the end.
    pub thanks: &'a [&'a str],
    /// Next-day thoughts (`{tag}`, `{topic}`).
    pub later: &'a [&'a str],
    /// Follow-ups continuing one's own answer, without the hashtag.
    pub follow_up: &'a [&'a str],
    /// Replies to another participant's answer (after `@handle`), with the hashtag added.
    pub to_peer: &'a [&'a str],
}

/// One session on a theme of the persona's own, hosted by one of `hosts`: the theme, the
/// host and how many answers (`answers`, from..=to) are drawn in that order, then
/// [`take_part`].
pub(crate) fn join_session(
    life: &mut Life,
    words: &words::Words,
    tag: &str,
    start: DateTime<Utc>,
    hosts: &[Person],
    peers: &[Person],
    answers: (u64, u64),
) {
    let theme = &words.themes[life.rng.below(words.themes.len() as u64) as usize];
    let host = life.rng.pick(hosts).clone();
    let n = life.between(answers.0, answers.1) as usize;
    take_part(life, tag, start, theme, &host, peers, &words.voice, n);
}

/// One session of the chat `#tag` that starts at `start`: a hello, `answers` labelled
/// answers (some as replies to the host's question, some to other participants), maybe a
/// follow-up in a thread, thanks, and maybe a thought the next day.
#[allow(clippy::too_many_arguments)]
pub(crate) fn take_part(
    life: &mut Life,
    tag: &str,
    start: DateTime<Utc>,
    theme: &Theme,
    host: &Person,
    peers: &[Person],
    voice: &Voice,
    answers: usize,
) {
    let slots: [(&str, &[&str]); 2] = [("tag", &[tag]), ("topic", &[theme.topic])];
    if life.chance(0.7) {
        let at = start - Duration::minutes(life.between(1, 8) as i64);
        let hello = life.pick(voice.hello);
        let text = life.fill(hello, &slots);
        life.post(at, &text);
    }
    // Which questions to answer, in order.
    let mut numbers: Vec<usize> = (1..=5).collect();
    while numbers.len() > answers.clamp(1, 5) {
        let drop = life.rng.below(numbers.len() as u64) as usize;
        numbers.remove(drop);
    }
    let mut last_answer = None;
    for n in numbers {
        let at = start + Duration::minutes((n as i64 - 1) * 11 + life.between(2, 9) as i64);
        let answer = life.pick(theme.answers);
        let roll = life.rng.below(10);
        let id = if roll < 3 {
            // Answering under the host's question.
            let q = life.other_id(at - Duration::minutes(4));
            life.reply_to(at, host, q, &format!("A{n}: {answer} #{tag}"))
        } else {
            life.post(at, &format!("A{n}: {answer} #{tag}"))
        };
        last_answer = Some(id);
        if !peers.is_empty() && life.chance(0.35) {
            let peer = life.rng.pick(peers).clone();
            let at = at + Duration::minutes(life.between(2, 5) as i64);
            let text = format!("{} #{tag}", life.pick(voice.to_peer));
            life.reply(at, &peer, &text);
        }
    }
    if let Some(own) = last_answer
        && life.chance(0.3)
    {
        let at = start + Duration::minutes(life.between(52, 58) as i64);
        let text = life.pick(voice.follow_up).to_string();
        life.thread(at, own, &text);
    }
    if life.chance(0.6) {
        let at = start + Duration::minutes(life.between(58, 66) as i64);
        let thanks = life.pick(voice.thanks);
        let text = life.fill(thanks, &slots);
        life.post(at, &text);
    }
    if life.chance(0.25) {
        let at = start + Duration::hours(life.between(13, 20) as i64);
        let later = life.pick(voice.later);
        let text = life.fill(later, &slots);
        life.post(at, &text);
    }
}

/// Hosting one session of `#tag` at `start`: a welcome, questions Q1 to Q5 ten minutes
/// apart, replies to a few participants' answers, and thanks.
pub(crate) fn host(
    life: &mut Life,
    tag: &str,
    start: DateTime<Utc>,
    theme: &Theme,
    welcome: &str,
    peers: &[Person],
    peer_replies: &[&str],
) {
    life.post(start - Duration::minutes(5), welcome);
    for (i, q) in theme.questions.iter().enumerate() {
        let at = start + Duration::minutes(10 * i as i64);
        life.post(at, &format!("Q{}: {q} #{tag}", i + 1));
        if !peers.is_empty() {
            let peer = life.rng.pick(peers).clone();
            let text = format!("{} #{tag}", life.pick(peer_replies));
            let at = at + Duration::minutes(life.between(3, 8) as i64);
            life.reply(at, &peer, &text);
        }
    }
}

/// Builds a cast of invented colleagues: `n` distinct people from first names and
/// surnames, with handles in the styles teachers use (at most 15 characters).
pub(crate) fn cast(
    seed: u64,
    n: usize,
    firsts: &[&str],
    lasts: &[&str],
    roles: &[&str],
) -> Vec<Person> {
    let mut rng = Rng::new(seed);
    let mut people: Vec<Person> = Vec::with_capacity(n);
    let mut tries = 0;
    while people.len() < n && tries < n * 50 {
        tries += 1;
        let first = *rng.pick(firsts);
        let last = *rng.pick(lasts);
        let role = *rng.pick(roles);
        let f = first.to_lowercase();
        let l = last.to_lowercase();
        let handle = match rng.below(7) {
            0 => format!("{f}_{role}"),
            1 => format!("mr{l}{role}"),
            2 => format!("ms{l}_{role}"),
            3 => format!("{f}{l}"),
            4 => format!("{role}with{f}"),
            5 => format!("{f}_{l}_ed"),
            _ => format!("{}{l}", &f[..1]),
        };
        let handle: String = handle.chars().take(15).collect();
        let handle = handle.trim_end_matches('_').to_string();
        let name = match handle.as_bytes().get(1) {
            Some(b'r') if handle.starts_with("mr") => format!("Mr {last}"),
            Some(b's') if handle.starts_with("ms") => format!("Ms {last}"),
            _ => format!("{first} {last}"),
        };
        if people.iter().any(|p| p.handle == handle || p.name == name) {
            continue;
        }
        people.push(Person::new(&handle, &name));
    }
    people
}

/// Picks a person with a long tail: the first few of `people` come up often, the rest now
/// and then (as in a real network, a few close colleagues and many occasional ones).
pub(crate) fn someone<'a>(rng: &mut Rng, people: &'a [Person]) -> &'a Person {
    let n = people.len().max(1) as u64;
    // The smaller of two draws leans towards the front of the list.
    let a = rng.below(n);
    let b = rng.below(n);
    let i = if rng.chance(0.6) { a.min(b) } else { a };
    &people[i as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_personas_are_deterministic() {
        let mut ids: Vec<&str> = PERSONAS.iter().map(|p| p.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), PERSONAS.len());
        for p in &PERSONAS {
            assert_eq!(find(p.id).map(|f| f.id), Some(p.id));
            let (a, b) = (p.spec(), p.spec());
            assert_eq!(a.posts.len(), b.posts.len(), "{}", p.id);
            assert!(
                a.posts
                    .iter()
                    .zip(&b.posts)
                    .all(|(x, y)| x.id == y.id && x.text == y.text),
                "{}",
                p.id
            );
        }
        assert!(find("nobody").is_none());
    }

    #[test]
    fn fill_replaces_known_slots_and_keeps_unknown_ones() {
        let mut life = Life::new(crate::synth::teacher_account(), 1, chrono_tz::UTC);
        let text = life.fill("A {x} and {y}", &[("x", &["cat"])]);
        assert_eq!(text, "A cat and {y}");
    }

    #[test]
    fn cast_handles_are_distinct_and_short() {
        let people = cast(
            3,
            40,
            &["Ana", "Ben", "Cleo", "Dev"],
            &["Ashdown", "Brackley", "Carrow", "Dunmore", "Elsworth"],
            &["maths", "sci"],
        );
        assert!(people.len() >= 20);
        for p in &people {
            assert!(p.handle.len() <= 15 && !p.handle.is_empty(), "{}", p.handle);
        }
    }
}
