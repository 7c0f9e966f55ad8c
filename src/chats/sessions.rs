//! Finding chat sessions in the person's own posts, and counting each post live or later.
//!
//! In: the own posts (oldest first, with their lowercased hashtags and Q/A labels), the
//! directory, the likes.
//! Out: one [`ChatParticipation`] per chat with at least one session, or with liked posts
//! when the chat is in the directory.
//!
//! Two passes:
//! 1. **Where the sessions are**, per hashtag, from the posts carrying it:
//!    - a directory chat with a weekday, time and zone: every scheduled hour (with
//!      [`EARLY_MARGIN_MINUTES`] before and [`LATE_MARGIN_MINUTES`] after) holding one of
//!      its posts is a session; a slow chat: every week holding one;
//!    - the posts left over are grouped in bursts ([`BURST_MIN_POSTS`] within
//!      [`BURST_WINDOW_MINUTES`]); a burst is a session when its slot of the week recurs
//!      and it looks like a chat (thresholds differ for directory and unknown hashtags);
//!    - a directory chat's Q/A-labelled post within [`LATER_WINDOW_HOURS`] after a
//!      scheduled hour the person did not post in is an asynchronous session of that hour.
//! 2. **Which posts count**, oldest first: a post carrying the hashtag inside a session is
//!    live; after it (up to [`LATER_WINDOW_HOURS`]), later. A post without the hashtag
//!    counts when it continues a chat thread (it replies to one of the person's own posts
//!    already counted: live inside the session, later after it) or when it is a reply with
//!    a Q/A label inside a session (to the session whose hashtag the person used last).
//!
//! Invariants: a post counts at most once per chat; every session has at least one post.

use std::collections::BTreeSet;

// Fx hashing: the keys are the person's own tags and ids (see `network`).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use super::directory::{ChatDirectory, ChatEntry, Format};
use super::{
    BURST_MIN_POSTS, BURST_WINDOW_MINUTES, ChatParticipation, EARLY_MARGIN_MINUTES, Item,
    KNOWN_BURST_MIN_LABELS, KNOWN_BURST_MIN_PEOPLE, KNOWN_MIN_WEEKS, LATE_MARGIN_MINUTES,
    LATER_WINDOW_HOURS, MODERATOR_MIN_QUESTIONS, PARTICIPANT_MIN_ANSWERS, PARTICIPANT_MIN_SESSIONS,
    Role, SESSION_LENGTH_MINUTES, SLOT_TOLERANCE_MINUTES, Session, SessionSource,
    UNKNOWN_MIN_LABELS, UNKNOWN_MIN_PEOPLE, UNKNOWN_MIN_WEEKS, lurking,
};
use crate::model::Archive;

/// The UTC instant of a local date and time in `tz`. An ambiguous time (the hour repeated
/// when clocks go back) is its first occurrence; a time that does not exist (skipped when
/// clocks go forward) is read an hour later, as a clock on the wall would show it.
pub fn local_instant(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    tz.from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(local + Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&local))
}

fn minutes(m: i64) -> Duration {
    Duration::minutes(m)
}

/// The scheduled start (UTC) of the session on `weekday` at `time` in `tz` whose live
/// window (with margins) holds `at`, if any.
pub fn scheduled_start(
    at: DateTime<Utc>,
    weekday: chrono::Weekday,
    time: chrono::NaiveTime,
    tz: Tz,
) -> Option<DateTime<Utc>> {
    let day = at.with_timezone(&tz).date_naive();
    [day.pred_opt(), Some(day), day.succ_opt()]
        .into_iter()
        .flatten()
        .filter(|d| d.weekday() == weekday)
        .map(|d| local_instant(tz, d.and_time(time)))
        .find(|&start| {
            at >= start - minutes(EARLY_MARGIN_MINUTES)
                && at < start + minutes(SESSION_LENGTH_MINUTES + LATE_MARGIN_MINUTES)
        })
}

/// The latest scheduled start whose live window ended at or before `at`.
fn previous_start(
    at: DateTime<Utc>,
    weekday: chrono::Weekday,
    time: chrono::NaiveTime,
    tz: Tz,
) -> Option<DateTime<Utc>> {
    let day = at.with_timezone(&tz).date_naive();
    (0..9)
        .filter_map(|back| day.checked_sub_days(chrono::Days::new(back)))
        .filter(|d| d.weekday() == weekday)
        .map(|d| local_instant(tz, d.and_time(time)))
        .find(|&start| start + minutes(SESSION_LENGTH_MINUTES + LATE_MARGIN_MINUTES) <= at)
}

/// The start of the slow-chat week holding `at`: the last scheduled start at or before it
/// when the entry has one, else Monday 00:00 in the zone.
fn slow_week_start(at: DateTime<Utc>, entry: &ChatEntry, zone: Tz) -> DateTime<Utc> {
    let local = at.with_timezone(&zone);
    if let Some((weekday, time, tz)) = entry.schedule() {
        let day = at.with_timezone(&tz).date_naive();
        if let Some(start) = (0..8)
            .filter_map(|back| day.checked_sub_days(chrono::Days::new(back)))
            .filter(|d| d.weekday() == weekday)
            .map(|d| local_instant(tz, d.and_time(time)))
            .find(|&s| s <= at)
        {
            return start;
        }
    }
    let monday =
        local.date_naive() - chrono::Days::new(u64::from(local.weekday().num_days_from_monday()));
    local_instant(zone, monday.and_time(chrono::NaiveTime::MIN))
}

/// A chat being looked for: a hashtag and its directory rows (none for an unknown one).
struct Plan<'d> {
    key: String,
    entries: Vec<&'d ChatEntry>,
    /// The zone for bursts and slow weeks: the first directory zone, else UTC.
    zone: Tz,
}

impl<'d> Plan<'d> {
    /// The plan for hashtag `key`: its directory rows, in the first of their zones, else
    /// in the person's own (`own_zone`).
    fn for_tag(key: &str, directory: &'d ChatDirectory, own_zone: Tz) -> Plan<'d> {
        let entries = directory.lookup(key);
        let zone = entries.iter().find_map(|e| e.tz).unwrap_or(own_zone);
        Plan {
            key: key.to_string(),
            entries,
            zone,
        }
    }
}

/// A session being filled.
struct Draft {
    chat: usize,
    found_by: SessionSource,
    /// Index into the plan's entries.
    entry: Option<usize>,
    zone: Tz,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    /// The live window.
    open: DateTime<Utc>,
    close: DateTime<Utc>,
    live: Vec<usize>,
    later: Vec<usize>,
    last_tagged: Option<DateTime<Utc>>,
}

impl Draft {
    fn scheduled(chat: usize, entry: usize, zone: Tz, start: DateTime<Utc>) -> Self {
        Draft {
            chat,
            found_by: SessionSource::Schedule,
            entry: Some(entry),
            zone,
            start,
            end: start + minutes(SESSION_LENGTH_MINUTES),
            open: start - minutes(EARLY_MARGIN_MINUTES),
            close: start + minutes(SESSION_LENGTH_MINUTES + LATE_MARGIN_MINUTES),
            live: Vec::new(),
            later: Vec::new(),
            last_tagged: None,
        }
    }

    fn window(
        chat: usize,
        found_by: SessionSource,
        entry: Option<usize>,
        zone: Tz,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Self {
        Draft {
            chat,
            found_by,
            entry,
            zone,
            start,
            end,
            open: start,
            close: end,
            live: Vec::new(),
            later: Vec::new(),
            last_tagged: None,
        }
    }

    fn holds(&self, at: DateTime<Utc>) -> bool {
        at >= self.open && at < self.close
    }

    fn is_later(&self, at: DateTime<Utc>) -> bool {
        at >= self.close && at < self.close + Duration::hours(LATER_WINDOW_HOURS)
    }
}

/// Minutes since Monday 00:00, in `zone`.
fn minute_of_week(at: DateTime<Utc>, zone: Tz) -> i64 {
    let l = at.with_timezone(&zone);
    i64::from(l.weekday().num_days_from_monday()) * 1440
        + i64::from(l.hour()) * 60
        + i64::from(l.minute())
}

fn slot_distance(a: i64, b: i64) -> i64 {
    let d = (a - b).rem_euclid(7 * 1440);
    d.min(7 * 1440 - d)
}

/// The ISO week (year, number) of `at` in `zone`.
fn week_of(at: DateTime<Utc>, zone: Tz) -> (i32, u32) {
    let w = at.with_timezone(&zone).date_naive().iso_week();
    (w.year(), w.week())
}

/// Groups posts (indices into `items`, oldest first) into bursts: each starts at the
/// first post not yet taken and holds every post within [`BURST_WINDOW_MINUTES`] of it.
/// Only bursts of at least [`BURST_MIN_POSTS`] are returned.
fn bursts(items: &[Item], posts: &[usize]) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < posts.len() {
        let first = items[posts[i]].at();
        let mut j = i;
        while j < posts.len() && items[posts[j]].at() < first + minutes(BURST_WINDOW_MINUTES) {
            j += 1;
        }
        if j - i >= BURST_MIN_POSTS {
            out.push(posts[i..j].to_vec());
        }
        i = j;
    }
    out
}

/// Q/A-labelled posts and the different people replied to, in a set of posts.
fn evidence<'a>(items: &'a [Item], posts: impl Iterator<Item = &'a usize>) -> (usize, usize) {
    let mut labels = 0;
    let mut people = HashSet::default();
    for &p in posts {
        if items[p].label.is_some() {
            labels += 1;
        }
        if let Some(who) = &items[p].replied_person {
            people.insert(who.as_str());
        }
    }
    (labels, people.len())
}

/// Of `bursts`, those that are sessions, with the rules for a directory chat (`known`) or
/// an unknown hashtag.
fn sessions_from_bursts(
    items: &[Item],
    bursts: Vec<Vec<usize>>,
    zone: Tz,
    known: bool,
) -> Vec<Vec<usize>> {
    let slots: Vec<i64> = bursts
        .iter()
        .map(|b| minute_of_week(items[b[0]].at(), zone))
        .collect();
    let weeks: Vec<(i32, u32)> = bursts
        .iter()
        .map(|b| week_of(items[b[0]].at(), zone))
        .collect();
    let members = |center: usize, alive: &[bool]| -> Vec<usize> {
        (0..bursts.len())
            .filter(|&j| {
                alive[j] && slot_distance(slots[center], slots[j]) <= SLOT_TOLERANCE_MINUTES
            })
            .collect()
    };
    let distinct_weeks =
        |m: &[usize]| -> usize { m.iter().map(|&j| weeks[j]).collect::<BTreeSet<_>>().len() };

    if known {
        let all = vec![true; bursts.len()];
        return (0..bursts.len())
            .filter(|&i| {
                let (labels, people) = evidence(items, bursts[i].iter());
                labels >= KNOWN_BURST_MIN_LABELS
                    || people >= KNOWN_BURST_MIN_PEOPLE
                    || distinct_weeks(&members(i, &all)) >= KNOWN_MIN_WEEKS
            })
            .map(|i| bursts[i].clone())
            .collect();
    }

    // Unknown hashtag: take the slot recurring in the most weeks, keep it if it is a chat,
    // and repeat on the bursts left (a chat may meet twice a week).
    let mut alive = vec![true; bursts.len()];
    let mut kept = Vec::new();
    loop {
        let best = (0..bursts.len())
            .filter(|&i| alive[i])
            .map(|i| {
                let m = members(i, &alive);
                (distinct_weeks(&m), m.len(), std::cmp::Reverse(i), m)
            })
            .max_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
        let Some((weeks_n, _, _, m)) = best else {
            break;
        };
        if weeks_n < UNKNOWN_MIN_WEEKS {
            break;
        }
        let (labels, people) = evidence(items, m.iter().flat_map(|&j| bursts[j].iter()));
        if labels >= UNKNOWN_MIN_LABELS || people >= UNKNOWN_MIN_PEOPLE {
            kept.extend(m.iter().map(|&j| bursts[j].clone()));
        }
        for &j in &m {
            alive[j] = false;
        }
    }
    kept.sort_by_key(|b| b[0]);
    kept
}

// One function on purpose: one pass of the session rule of docs/chats.md, kept whole so
// it reads against that page step by step.
/// Pass 1 for one hashtag: the sessions its posts (`tagged`, oldest first) reveal.
fn plan_sessions(items: &[Item], tagged: &[usize], plan: &Plan, chat: usize) -> Vec<Draft> {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut covered = vec![false; tagged.len()];
    let find = |drafts: &[Draft], entry: usize, start: DateTime<Utc>| {
        drafts
            .iter()
            .any(|d| d.entry == Some(entry) && d.start == start)
    };

    // Scheduled hours and slow weeks.
    for (k, &p) in tagged.iter().enumerate() {
        let at = items[p].at();
        for (e, entry) in plan.entries.iter().enumerate() {
            match (entry.format, entry.schedule()) {
                (Format::Live, Some((weekday, time, tz))) => {
                    if let Some(start) = scheduled_start(at, weekday, time, tz) {
                        covered[k] = true;
                        if !find(&drafts, e, start) {
                            drafts.push(Draft::scheduled(chat, e, tz, start));
                        }
                    }
                }
                (Format::Slow, _) => {
                    let zone = entry.tz.unwrap_or(plan.zone);
                    let start = slow_week_start(at, entry, zone);
                    covered[k] = true;
                    if !find(&drafts, e, start) {
                        drafts.push(Draft::window(
                            chat,
                            SessionSource::SlowWeek,
                            Some(e),
                            zone,
                            start,
                            start + Duration::days(7),
                        ));
                    }
                }
                _ => {}
            }
        }
    }

    // Bursts among the posts left (an unknown chat, or a directory chat at another time).
    let rest: Vec<usize> = tagged
        .iter()
        .zip(&covered)
        .filter(|(_, c)| !**c)
        .map(|(&p, _)| p)
        .collect();
    let known = !plan.entries.is_empty();
    let mut in_burst = HashSet::default();
    for b in sessions_from_bursts(items, bursts(items, &rest), plan.zone, known) {
        let start = items[b[0]].at();
        in_burst.extend(b.iter().copied());
        drafts.push(Draft::window(
            chat,
            SessionSource::Burst,
            None,
            plan.zone,
            start,
            start + minutes(BURST_WINDOW_MINUTES),
        ));
    }

    // Answers posted after a scheduled hour the person did not post in.
    for &p in rest.iter().filter(|p| !in_burst.contains(*p)) {
        if items[p].label.is_none() {
            continue;
        }
        let at = items[p].at();
        if drafts.iter().any(|d| d.holds(at) || d.is_later(at)) {
            continue;
        }
        let previous = plan
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.format == Format::Live)
            .filter_map(|(e, entry)| {
                let (weekday, time, tz) = entry.schedule()?;
                Some((e, tz, previous_start(at, weekday, time, tz)?))
            })
            .map(|(e, tz, start)| Draft::scheduled(chat, e, tz, start))
            .filter(|d| d.is_later(at))
            .max_by_key(|d| d.start);
        if let Some(d) = previous {
            drafts.push(d);
        }
    }
    drafts
}

/// Pass 2: places every post, oldest first, in the sessions (see the module docs).
fn assign(items: &[Item], plans: &[Plan], drafts: &mut [Draft]) {
    let chat_of: HashMap<&str, usize> = plans
        .iter()
        .enumerate()
        .map(|(i, p)| (p.key.as_str(), i))
        .collect();
    let mut by_chat: Vec<Vec<usize>> = vec![Vec::new(); plans.len()];
    let mut order: Vec<usize> = (0..drafts.len()).collect();
    order.sort_by_key(|&d| drafts[d].start);
    for d in order {
        by_chat[drafts[d].chat].push(d);
    }
    // Where each post was counted: its sessions.
    let mut placed_in: HashMap<&str, Vec<usize>> = HashMap::default();

    for (i, item) in items.iter().enumerate() {
        let at = item.at();
        let mut placed: Vec<usize> = Vec::new();
        let mut chats_done: HashSet<usize> = HashSet::default();

        // On the hashtag: live inside a session, else later after the latest one.
        for tag in &item.tags {
            let Some(&c) = chat_of.get(tag.as_str()) else {
                continue;
            };
            if !chats_done.insert(c) {
                continue;
            }
            if let Some(&d) = by_chat[c].iter().find(|&&d| drafts[d].holds(at)) {
                drafts[d].live.push(i);
                drafts[d].last_tagged = Some(at);
                placed.push(d);
            } else if let Some(&d) = by_chat[c].iter().rev().find(|&&d| drafts[d].is_later(at)) {
                drafts[d].later.push(i);
                placed.push(d);
            }
        }

        // Continuing a chat thread: a reply to one of the person's own counted posts.
        if let Some(parent) = item.parent
            && let Some(sessions) = placed_in.get(parent).cloned()
        {
            for d in sessions {
                if !chats_done.insert(drafts[d].chat) {
                    continue;
                }
                if drafts[d].holds(at) {
                    drafts[d].live.push(i);
                    placed.push(d);
                } else if drafts[d].is_later(at) {
                    drafts[d].later.push(i);
                    placed.push(d);
                }
            }
        }

        // A labelled reply without the hashtag, inside a session the person is posting in:
        // to the chat whose hashtag they used last.
        if placed.is_empty() && item.label.is_some() && item.post.reply_to.is_some() {
            let best = drafts
                .iter()
                .enumerate()
                .filter(|(_, d)| d.holds(at) && d.last_tagged.is_some())
                .max_by_key(|(k, d)| (d.last_tagged, std::cmp::Reverse(*k)))
                .map(|(k, _)| k);
            if let Some(d) = best {
                drafts[d].live.push(i);
                placed.push(d);
            }
        }

        if !placed.is_empty() {
            placed_in.insert(&item.post.id, placed);
        }
    }
}

/// The weekday and hour (in `zone`) most of `posts` fall in; ties go to the earliest in
/// the week.
fn typical_time(items: &[Item], posts: &[usize], zone: Tz) -> Option<(chrono::Weekday, u8)> {
    let mut counts: HashMap<(u32, u32), usize> = HashMap::default();
    for &p in posts {
        let l = items[p].at().with_timezone(&zone);
        *counts
            .entry((l.weekday().num_days_from_monday(), l.hour()))
            .or_default() += 1;
    }
    let ((day, hour), _) = counts
        .into_iter()
        .max_by_key(|&(slot, n)| (n, std::cmp::Reverse(slot)))?;
    let weekday = chrono::Weekday::try_from(day as u8).ok()?;
    Some((weekday, hour as u8))
}

/// The ids of `posts` (positions in `items`), as the report lists them.
pub(super) fn ids(items: &[Item], posts: &[usize]) -> Vec<String> {
    posts
        .iter()
        .map(|&p| items[p].post.id.to_string())
        .collect()
}

/// The chat's name without a session suffix: `#edchat (evening session)` -> `#edchat`.
fn chat_name(entries: &[&ChatEntry]) -> Option<String> {
    let first = entries.first()?;
    if entries.len() > 1
        && let Some(open) = first.name.rfind(" (")
        && first.name[open..].contains("session")
    {
        return Some(first.name[..open].to_string());
    }
    Some(first.name.clone())
}

/// One chat's row of the report, from its sessions' drafts.
fn build(
    items: &[Item],
    archive: &Archive,
    plan: &Plan,
    drafts: Vec<Draft>,
    spellings: &HashMap<String, String>,
) -> ChatParticipation {
    let mut drafts: Vec<Draft> = drafts
        .into_iter()
        .filter(|d| !d.live.is_empty() || !d.later.is_empty())
        .collect();
    drafts.sort_by_key(|d| d.start);
    let zone = chat_zone(&drafts, plan);
    let took = Sessions::of(items, plan, &drafts);
    let role = took.role();
    let typical = typical_time(
        items,
        if took.live.is_empty() {
            &took.all
        } else {
            &took.live
        },
        zone,
    );
    let mut sources: Vec<String> = Vec::new();
    for s in plan.entries.iter().flat_map(|e| &e.sources) {
        if !sources.contains(s) {
            sources.push(s.clone());
        }
    }
    let sessions = took.sessions;
    ChatParticipation {
        tag: plan
            .entries
            .first()
            .map(|e| e.hashtag.clone())
            .or_else(|| spellings.get(&plan.key).cloned())
            .unwrap_or_else(|| plan.key.clone()),
        name: chat_name(&plan.entries),
        subject: plan.entries.first().map(|e| e.subject.clone()),
        known: !plan.entries.is_empty(),
        format: plan.entries.first().map_or(Format::Live, |e| e.format),
        schedules: plan.entries.iter().map(|e| e.schedule_label()).collect(),
        sources,
        time_zone: zone.name().to_string(),
        live_posts: took.live.len() as u32,
        later_posts: took.later.len() as u32,
        questions: took.questions,
        answers: took.answers,
        role,
        first_session: sessions.first().map(|s| s.date),
        last_session: sessions.last().map(|s| s.date),
        typical_weekday: typical.map(|t| t.0),
        typical_hour: typical.map(|t| t.1),
        sessions,
        lurking: lurking(archive, &plan.key),
    }
}

/// The chat's zone: that of the directory row most sessions follow.
fn chat_zone(drafts: &[Draft], plan: &Plan) -> Tz {
    let mut per_entry: HashMap<usize, usize> = HashMap::default();
    for d in drafts {
        if let Some(e) = d.entry {
            *per_entry.entry(e).or_default() += 1;
        }
    }
    per_entry
        .into_iter()
        .max_by_key(|&(e, n)| (n, std::cmp::Reverse(e)))
        .and_then(|(e, _)| plan.entries[e].tz)
        .unwrap_or(plan.zone)
}

/// The sessions of one chat, with the posts and labels they hold in all.
struct Sessions {
    sessions: Vec<Session>,
    /// Posts live, later, and both (positions in `items`).
    live: Vec<usize>,
    later: Vec<usize>,
    all: Vec<usize>,
    questions: u32,
    answers: u32,
    /// Whether a session had enough different questions of the person's to moderate.
    moderated: bool,
}

impl Sessions {
    fn of(items: &[Item], plan: &Plan, drafts: &[Draft]) -> Sessions {
        let mut took = Sessions {
            sessions: Vec::new(),
            live: Vec::new(),
            later: Vec::new(),
            all: Vec::new(),
            questions: 0,
            answers: 0,
            moderated: false,
        };
        for d in drafts {
            let mut live = d.live.clone();
            let mut later = d.later.clone();
            live.sort_unstable();
            later.sort_unstable();
            let labels: Vec<(char, u8)> = live
                .iter()
                .chain(&later)
                .filter_map(|&p| items[p].label)
                .collect();
            let q = labels.iter().filter(|l| l.0 == 'Q').count() as u32;
            let a = labels.iter().filter(|l| l.0 == 'A').count() as u32;
            let distinct_q: BTreeSet<u8> =
                labels.iter().filter(|l| l.0 == 'Q').map(|l| l.1).collect();
            took.moderated |= distinct_q.len() >= MODERATOR_MIN_QUESTIONS;
            took.questions += q;
            took.answers += a;
            let local = d.start.with_timezone(&d.zone);
            took.sessions.push(Session {
                date: local.date_naive(),
                start_utc: d.start,
                end_utc: d.end,
                local_start: local.naive_local(),
                time_zone: d.zone.name().to_string(),
                found_by: d.found_by,
                schedule: d.entry.map(|e| plan.entries[e].name.clone()),
                live_posts: live.len() as u32,
                later_posts: later.len() as u32,
                questions: q,
                answers: a,
                live_post_ids: ids(items, &live),
                later_post_ids: ids(items, &later),
            });
            took.all.extend(live.iter().chain(&later).copied());
            took.live.extend(live);
            took.later.extend(later);
        }
        took
    }

    /// The person's role in the chat.
    fn role(&self) -> Role {
        if self.sessions.is_empty() {
            Role::Lurker
        } else if self.moderated {
            Role::Moderator
        } else if self.answers as usize >= PARTICIPANT_MIN_ANSWERS
            || self.sessions.len() >= PARTICIPANT_MIN_SESSIONS
        {
            Role::Participant
        } else {
            Role::Occasional
        }
    }
}

/// Finds the chats (both passes, then the report rows), most sessions first.
pub(crate) fn find(
    archive: &Archive,
    items: &[Item],
    directory: &ChatDirectory,
    spellings: &HashMap<String, String>,
) -> Vec<ChatParticipation> {
    // A chat the directory does not know is counted in the person's own zone: they met
    // at an hour of their day, through its clock changes.
    let own_zone = super::zone::person_zone(archive);
    let (plans, mut drafts) = plan_chats(items, directory, own_zone);
    assign(items, &plans, &mut drafts);
    let mut chats = chats_with_sessions(items, archive, &plans, drafts, spellings);
    chats.extend(chats_only_liked(
        items, archive, directory, &plans, own_zone, spellings,
    ));
    sort_most_active_first(&mut chats);
    chats
}

/// Pass 1 for every hashtag the person used: the chats with at least one session (their
/// plans, numbered in the order of the sorted hashtags) and those sessions.
fn plan_chats<'d>(
    items: &[Item],
    directory: &'d ChatDirectory,
    own_zone: Tz,
) -> (Vec<Plan<'d>>, Vec<Draft>) {
    let tagged = posts_by_tag(items);
    let mut keys: Vec<&str> = tagged.keys().copied().collect();
    keys.sort_unstable();

    // Each hashtag's sessions are found on their own, on every core; the chats are then
    // numbered in the order of the sorted hashtags, as if found one after another.
    let planned = crate::parallel::map(&keys, |&key| {
        let plan = Plan::for_tag(key, directory, own_zone);
        // A hashtag outside the directory named for a dated event or course (#nyr12,
        // #PLENK2010) is a conference or a MOOC, not a weekly chat, however busy it was.
        let first_used = items[tagged[key][0]].at().year();
        if plan.entries.is_empty() && super::tags::named_as_event(key, first_used) {
            return None;
        }
        let found = plan_sessions(items, &tagged[key], &plan, 0);
        (!found.is_empty()).then_some((plan, found))
    });
    let mut plans: Vec<Plan> = Vec::new();
    let mut drafts: Vec<Draft> = Vec::new();
    for (plan, found) in planned.into_iter().flatten() {
        let chat = plans.len();
        drafts.extend(found.into_iter().map(|d| Draft { chat, ..d }));
        plans.push(plan);
    }
    (plans, drafts)
}

/// Every hashtag the person used, with its posts oldest first.
pub(super) fn posts_by_tag<'i>(items: &'i [Item]) -> HashMap<&'i str, Vec<usize>> {
    let mut tagged: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, item) in items.iter().enumerate() {
        for t in &item.tags {
            tagged.entry(t.as_str()).or_default().push(i);
        }
    }
    tagged
}

/// One report row per planned chat from its sessions (`drafts`, after pass 2), keeping
/// those with a session or a liked post.
fn chats_with_sessions(
    items: &[Item],
    archive: &Archive,
    plans: &[Plan],
    drafts: Vec<Draft>,
    spellings: &HashMap<String, String>,
) -> Vec<ChatParticipation> {
    let mut per_chat: Vec<Vec<Draft>> = (0..plans.len()).map(|_| Vec::new()).collect();
    for d in drafts {
        per_chat[d.chat].push(d);
    }
    plans
        .iter()
        .zip(per_chat)
        .map(|(plan, drafts)| build(items, archive, plan, drafts, spellings))
        .filter(|c| !c.sessions.is_empty() || c.lurking.likes > 0)
        .collect()
}

/// Directory chats the person only read: liked posts, no session (hashtags no plan has).
fn chats_only_liked(
    items: &[Item],
    archive: &Archive,
    directory: &ChatDirectory,
    plans: &[Plan],
    own_zone: Tz,
    spellings: &HashMap<String, String>,
) -> Vec<ChatParticipation> {
    let mut seen: HashSet<String> = plans.iter().map(|p| p.key.clone()).collect();
    let mut liked: Vec<String> = archive
        .likes
        .iter()
        .flat_map(|l| l.hashtags.iter().map(|h| h.to_lowercase()))
        .filter(|h| directory.contains(h))
        .collect();
    liked.sort_unstable();
    liked.dedup();
    let mut chats = Vec::new();
    for key in liked {
        if seen.insert(key.clone()) {
            let plan = Plan::for_tag(&key, directory, own_zone);
            chats.push(build(items, archive, &plan, Vec::new(), spellings));
        }
    }
    chats
}

/// Most sessions first, then most posts, then most likes, then by hashtag.
fn sort_most_active_first(chats: &mut [ChatParticipation]) {
    chats.sort_by(|a, b| {
        (
            b.sessions.len(),
            b.live_posts + b.later_posts,
            b.lurking.likes,
        )
            .cmp(&(
                a.sessions.len(),
                a.live_posts + a.later_posts,
                a.lurking.likes,
            ))
            .then_with(|| a.tag.to_lowercase().cmp(&b.tag.to_lowercase()))
    });
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime, Weekday};

    use super::*;
    use crate::chats::{ChatReport, find_chats};
    use crate::fixture::*;
    use crate::model::Post;

    fn run(posts: Vec<Post>) -> ChatReport {
        find_chats(&archive(posts, Vec::new()), &ChatDirectory::builtin())
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_scheduled_window_has_fifteen_minutes_either_side() {
        let eight = NaiveTime::from_hms_opt(20, 0, 0).unwrap();
        let london = chrono_tz::Europe::London;
        let start = utc(2021, 3, 4, 20, 0); // Thursday, GMT
        let at = |h, m| scheduled_start(utc(2021, 3, 4, h, m), Weekday::Thu, eight, london);
        assert_eq!(at(19, 44), None);
        assert_eq!(at(19, 45), Some(start));
        assert_eq!(at(21, 14), Some(start));
        assert_eq!(at(21, 15), None);
        // A Wednesday at the same time is not a Thursday chat.
        assert_eq!(
            scheduled_start(utc(2021, 3, 3, 20, 10), Weekday::Thu, eight, london),
            None
        );
        // After the clocks go forward, 20:00 in London is 19:00 UTC.
        assert_eq!(
            scheduled_start(utc(2021, 4, 1, 19, 10), Weekday::Thu, eight, london),
            Some(utc(2021, 4, 1, 19, 0))
        );
    }

    #[test]
    fn a_tagged_post_outside_every_session_is_not_chat_participation() {
        // #ukedchat meets Thursday 20:00 London; a Saturday post is ordinary hashtag use.
        let r = run(vec![post(
            "1",
            utc(2021, 3, 6, 11, 0),
            "Good read #ukedchat",
        )]);
        assert!(r.chats.is_empty());
    }

    #[test]
    fn later_means_within_two_days_after_the_session() {
        let r = run(vec![
            post("1", utc(2021, 3, 4, 20, 10), "Hello #ukedchat"),
            // 30 hours after the end (21:15): later.
            post("2", utc(2021, 3, 6, 3, 15), "Still thinking #ukedchat"),
            // 49 hours after the end: not counted.
            post("3", utc(2021, 3, 6, 22, 15), "Another thought #ukedchat"),
        ]);
        let c = &r.chats[0];
        assert_eq!(c.sessions.len(), 1);
        assert_eq!(c.sessions[0].live_post_ids, ["1"]);
        assert_eq!(c.sessions[0].later_post_ids, ["2"]);
        assert_eq!((c.live_posts, c.later_posts), (1, 1));
        assert_eq!(c.role, Role::Occasional);
    }

    #[test]
    fn threads_and_labelled_replies_count_without_the_hashtag() {
        let r = run(vec![
            post("1", utc(2021, 3, 4, 20, 5), "A1: quizzes #ukedchat"),
            // Continues its own chat post inside the hour: live.
            reply(
                "2",
                utc(2021, 3, 4, 20, 12),
                "and hinge questions",
                "me",
                "1",
            ),
            // A labelled answer to the host, hashtag forgotten: live.
            reply("3", utc(2021, 3, 4, 20, 30), "@host A3 yes", "host", "q3"),
            // An unlabelled reply to someone else: not chat participation.
            reply("4", utc(2021, 3, 4, 20, 40), "@jo nice one", "jo", "x"),
            // Continues the thread the next morning: later.
            reply("5", utc(2021, 3, 5, 8, 0), "one more", "me", "2"),
        ]);
        let s = &r.chats[0].sessions[0];
        assert_eq!(s.live_post_ids, ["1", "2", "3"]);
        assert_eq!(s.later_post_ids, ["5"]);
        assert_eq!((s.questions, s.answers), (0, 2));
        assert_eq!(r.chats[0].role, Role::Participant);
    }

    #[test]
    fn two_question_numbers_in_a_session_make_a_moderator() {
        let one_q = run(vec![post(
            "1",
            utc(2021, 3, 4, 20, 0),
            "Q1: what works? #ukedchat",
        )]);
        assert_eq!(one_q.chats[0].role, Role::Occasional);
        let two_q = run(vec![
            post("1", utc(2021, 3, 4, 20, 0), "Q1: what works? #ukedchat"),
            post("2", utc(2021, 3, 4, 20, 10), "Q2: and why? #ukedchat"),
        ]);
        assert_eq!(two_q.chats[0].role, Role::Moderator);
        assert_eq!(two_q.chats[0].questions, 2);
    }

    #[test]
    fn three_sessions_make_a_participant_without_labels() {
        let posts = (0..3)
            .map(|w| {
                post(
                    &w.to_string(),
                    utc(2021, 3, 4 + 7 * w, 20, 10),
                    "Hi #ukedchat",
                )
            })
            .collect();
        let r = run(posts);
        assert_eq!(r.chats[0].sessions.len(), 3);
        assert_eq!(r.chats[0].role, Role::Participant);
        assert_eq!(r.chats[0].typical_weekday, Some(Weekday::Thu));
        assert_eq!(r.chats[0].typical_hour, Some(20));
    }

    #[test]
    fn a_directory_chat_meeting_at_another_time_is_found_from_bursts() {
        // #ukedchat posts on Tuesdays 21:00 London, two weeks running: the schedule moved.
        let mut posts = Vec::new();
        for w in 0..2u32 {
            for k in 0..3u32 {
                posts.push(post(
                    &format!("{w}{k}"),
                    utc(2021, 3, 2 + 7 * w, 21, 10 * k),
                    "Thoughts #ukedchat",
                ));
            }
        }
        let r = run(posts);
        let c = &r.chats[0];
        assert_eq!(c.sessions.len(), 2);
        assert!(
            c.sessions
                .iter()
                .all(|s| s.found_by == SessionSource::Burst)
        );
        assert_eq!(c.sessions[0].date, day("2021-03-02"));
        assert_eq!(c.sessions[0].live_posts, 3);
        assert_eq!(
            (c.typical_weekday, c.typical_hour),
            (Some(Weekday::Tue), Some(21))
        );
        // One such burst alone, without labels or replies, is not enough.
        let single = run(vec![
            post("1", utc(2021, 3, 2, 21, 0), "x #ukedchat"),
            post("2", utc(2021, 3, 2, 21, 10), "y #ukedchat"),
            post("3", utc(2021, 3, 2, 21, 20), "z #ukedchat"),
        ]);
        assert!(single.chats.is_empty());
    }

    /// Weekly bursts of `tag` on Wednesdays 19:00 UTC; `labelled` puts A1.. on them.
    fn weekly(tag: &str, weeks: u32, labelled: bool) -> Vec<Post> {
        let mut posts = Vec::new();
        for w in 0..weeks {
            for k in 0..3u32 {
                let text = if labelled {
                    format!("A{}: yes #{tag}", k + 1)
                } else {
                    format!("a thought #{tag}")
                };
                posts.push(post(
                    &format!("{w}{k}"),
                    utc(2021, 4, 7 + 7 * w, 19, 20 * k),
                    &text,
                ));
            }
        }
        posts
    }

    #[test]
    fn an_unknown_chat_needs_three_weeks_and_chat_evidence() {
        let r = run(weekly("sciteachchat", 3, true));
        assert_eq!(r.chats.len(), 1);
        let c = &r.chats[0];
        assert!(!c.known);
        assert_eq!(c.time_zone, "UTC");
        assert_eq!(c.sessions.len(), 3);
        assert_eq!(c.role, Role::Participant);
        assert_eq!(c.sessions[2].date, day("2021-04-21"));
        // Two weeks: not yet a chat.
        assert!(run(weekly("sciteachchat", 2, true)).chats.is_empty());
        // Three weeks of bursts with neither labels nor replies: a habit, not a chat.
        assert!(run(weekly("sciteachchat", 3, false)).chats.is_empty());
    }

    #[test]
    fn a_labelled_answer_after_a_missed_hour_is_an_asynchronous_session() {
        // Thursday's #ukedchat hour passed without a post; Friday morning an answer.
        let r = run(vec![post(
            "1",
            utc(2021, 3, 5, 9, 0),
            "A2: late but here #ukedchat",
        )]);
        let s = &r.chats[0].sessions[0];
        assert_eq!(s.date, day("2021-03-04"));
        assert_eq!((s.live_posts, s.later_posts), (0, 1));
        assert_eq!(s.found_by, SessionSource::Schedule);
    }

    #[test]
    fn a_slow_chat_counts_weeks() {
        // #DisruptTexts: questions Monday 08:00 New York, answered through the week.
        let r = run(vec![
            post("1", utc(2021, 3, 2, 15, 0), "My answer #DisruptTexts"),
            post("2", utc(2021, 3, 5, 15, 0), "Another #DisruptTexts"),
            post("3", utc(2021, 3, 10, 15, 0), "Next week #DisruptTexts"),
        ]);
        let c = &r.chats[0];
        assert_eq!(c.format, Format::Slow);
        assert_eq!(c.sessions.len(), 2);
        assert!(
            c.sessions
                .iter()
                .all(|s| s.found_by == SessionSource::SlowWeek)
        );
        assert_eq!(c.sessions[0].date, day("2021-03-01"));
        assert_eq!(c.sessions[0].live_post_ids, ["1", "2"]);
        assert_eq!(c.sessions[0].start_utc, utc(2021, 3, 1, 13, 0));
    }

    #[test]
    fn edchat_has_two_sessions_on_tuesdays() {
        let r = run(vec![
            post("1", utc(2021, 3, 2, 17, 10), "Noon #edchat"),
            post("2", utc(2021, 3, 3, 0, 10), "Evening #edchat"),
        ]);
        let c = &r.chats[0];
        assert_eq!(c.name.as_deref(), Some("#edchat"));
        assert_eq!(
            c.schedules,
            ["Tue 12:00 America/New_York", "Tue 19:00 America/New_York"]
        );
        let names: Vec<_> = c
            .sessions
            .iter()
            .map(|s| s.schedule.clone().unwrap())
            .collect();
        assert_eq!(
            names,
            ["#edchat (afternoon session)", "#edchat (evening session)"]
        );
        // The evening session is on Tuesday in New York, Wednesday in UTC.
        assert_eq!(c.sessions[1].date, day("2021-03-02"));
        assert_eq!(c.sessions[1].start_utc, utc(2021, 3, 3, 0, 0));
    }

    #[test]
    fn likes_alone_make_a_lurker() {
        let r = find_chats(
            &archive(
                Vec::new(),
                vec![like("9", "A1: yes #ELTchat"), like("8", "#other")],
            ),
            &ChatDirectory::builtin(),
        );
        assert_eq!(r.chats.len(), 1);
        let c = &r.chats[0];
        assert_eq!((c.tag.as_str(), c.role), ("ELTchat", Role::Lurker));
        assert_eq!(c.lurking.liked_post_ids, ["9"]);
        assert!(c.sessions.is_empty());
    }

    #[test]
    fn local_instants_across_clock_changes() {
        let london = chrono_tz::Europe::London;
        let at = |s: &str| local_instant(london, s.parse().unwrap());
        // 01:30 on 28 March 2021 does not exist in London: read as 02:30 BST.
        assert_eq!(at("2021-03-28T01:30:00"), utc(2021, 3, 28, 1, 30));
        // 01:30 on 31 October 2021 happens twice: the first (BST).
        assert_eq!(at("2021-10-31T01:30:00"), utc(2021, 10, 31, 0, 30));
    }
}
