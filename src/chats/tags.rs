//! Hashtags that are not chats: events (conferences, programmes) and the person's own
//! numbered series.
//!
//! In: the own posts (oldest first), the directory, and the hashtags already reported as
//! chats. Out: [`OwnSeries`] and [`EventTag`] rows, oldest first.
//!
//! Rules (thresholds in the parent module):
//! - **series**: at least [`SERIES_MIN_POSTS`] own posts (reposts aside) on at least
//!   [`SERIES_MIN_DAYS`] days, at least [`SERIES_MIN_COUNTED_PERCENT`]% of them with a
//!   counter (`52/100`, `Day 3`, `Module 4`) that never goes down and takes at least
//!   [`SERIES_MIN_POSTS`] different values, and none of them a reply to someone else (a
//!   series is broadcast, not talk).
//! - **event**: the densest [`EVENT_SPAN_DAYS`] consecutive days hold at least
//!   [`EVENT_MIN_POSTS`] posts and [`EVENT_MIN_SHARE_PERCENT`]% of the hashtag's posts
//!   (reposts count: passing on a conference's posts is taking part), or the name ends
//!   with a year (1990-2099) and at least [`EVENT_NAMED_MIN_POSTS`] posts carry it.
//!
//! Invariants: a directory chat or a hashtag reported as a chat is never an event or a
//! series; a series is never an event.

use std::collections::BTreeSet;

// Fx hashing: the keys are the person's own tags and ids (see `network`).
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use chrono::NaiveDate;

use super::directory::ChatDirectory;
use super::labels::series_counter;
use super::sessions::{ids, posts_by_tag};
use super::{
    DayBurst, EVENT_MIN_POSTS, EVENT_MIN_SHARE_PERCENT, EVENT_NAMED_MIN_POSTS, EVENT_SPAN_DAYS,
    EventTag, Item, OwnSeries, SERIES_MIN_COUNTED_PERCENT, SERIES_MIN_DAYS, SERIES_MIN_POSTS,
    lurking,
};
use crate::model::{Archive, PostKind};

/// The year a hashtag's name ends with (`RTI2021` -> 2021), when it ends with four digits
/// after a letter and they read as a year from 1990 to 2099.
pub fn year_in_name(tag: &str) -> Option<u16> {
    let digits = tag.len().checked_sub(4)?;
    let (name, year) = tag.split_at_checked(digits)?;
    if !name.chars().next_back()?.is_alphabetic() || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: u16 = year.parse().ok()?;
    (1990..=2099).contains(&year).then_some(year)
}

/// Whether a hashtag is named like a dated event or course rather than a weekly chat: a
/// year at the end (`PLENK2010`), or two digits after letters that match the year it was
/// first used or one of the next two, as events are announced ahead (`nyr12`, the National
/// Year of Reading 2012, first used in 2010; `covid19`, first used in 2020, is not). A chat's name does not carry the year: it meets every week for years.
pub fn named_as_event(tag: &str, first_used: i32) -> bool {
    if year_in_name(tag).is_some() {
        return true;
    }
    let Some((name, digits)) = tag.split_at_checked(tag.len().saturating_sub(2)) else {
        return false;
    };
    let Ok(two) = digits.parse::<i32>() else {
        return false;
    };
    name.chars().next_back().is_some_and(char::is_alphabetic)
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (0..=2).any(|ahead| two == (first_used + ahead).rem_euclid(100))
}

/// The densest run of [`EVENT_SPAN_DAYS`] consecutive days among `days` (sorted).
fn densest_run(days: &[NaiveDate]) -> Option<DayBurst> {
    let mut best: Option<DayBurst> = None;
    let mut j = 0;
    for i in 0..days.len() {
        while j < days.len() && (days[j] - days[i]).num_days() < EVENT_SPAN_DAYS {
            j += 1;
        }
        let n = (j - i) as u32;
        if best.is_none_or(|b| n > b.posts) {
            best = Some(DayBurst {
                from: days[i],
                to: days[j - 1],
                posts: n,
            });
        }
    }
    best
}

/// Whether posts `own` (oldest first) make a numbered series; its counter span if so.
fn series_of(items: &[Item], own: &[usize]) -> Option<(u32, u32, u32)> {
    if own.len() < SERIES_MIN_POSTS || own.iter().any(|&p| items[p].post.kind == PostKind::Reply) {
        return None;
    }
    let days: BTreeSet<NaiveDate> = own.iter().map(|&p| items[p].at().date_naive()).collect();
    if days.len() < SERIES_MIN_DAYS {
        return None;
    }
    let counters: Vec<u32> = own
        .iter()
        .filter_map(|&p| series_counter(&items[p].post.text))
        .collect();
    let enough = counters.len() * 100 >= own.len() * SERIES_MIN_COUNTED_PERCENT
        && counters.len() >= SERIES_MIN_POSTS;
    let rising = counters.windows(2).all(|w| w[0] <= w[1]);
    // Non-decreasing, so the distinct values are the steps up plus one.
    let values = 1 + counters.windows(2).filter(|w| w[0] < w[1]).count();
    let (first, last) = (*counters.first()?, *counters.last()?);
    (enough && rising && values >= SERIES_MIN_POSTS).then_some((counters.len() as u32, first, last))
}

/// Finds series and events among the hashtags not in `chats` and not in the directory.
pub(crate) fn find(
    archive: &Archive,
    items: &[Item],
    directory: &ChatDirectory,
    chats: &HashSet<String>,
    spellings: &HashMap<String, String>,
) -> (Vec<OwnSeries>, Vec<EventTag>) {
    let by_tag = posts_by_tag(items);
    let mut keys: Vec<&str> = by_tag
        .keys()
        .copied()
        .filter(|k| !chats.contains(*k) && !directory.contains(k))
        .collect();
    keys.sort_unstable();

    let mut series = Vec::new();
    let mut events = Vec::new();
    for key in keys {
        let posts = &by_tag[key];
        let days: Vec<NaiveDate> = posts.iter().map(|&p| items[p].at().date_naive()).collect();
        let (Some(&first_day), Some(&last_day)) = (days.first(), days.last()) else {
            continue;
        };
        let tag = Tag { key, spellings };
        if let Some(row) = series_row(items, tag, posts, (first_day, last_day)) {
            series.push(row);
        } else if let Some(row) = event_row(archive, items, tag, posts, &days) {
            events.push(row);
        }
    }
    series.sort_by(|a, b| (a.first_day, &a.tag).cmp(&(b.first_day, &b.tag)));
    events.sort_by(|a, b| (a.first_day, &a.tag).cmp(&(b.first_day, &b.tag)));
    (series, events)
}

/// A hashtag (lowercased) and the person's spellings, to show it as they wrote it.
#[derive(Clone, Copy)]
struct Tag<'a> {
    key: &'a str,
    spellings: &'a HashMap<String, String>,
}

impl Tag<'_> {
    /// The hashtag as the person most often wrote it (the lowercased key if unknown).
    fn spelled(self) -> String {
        self.spellings
            .get(self.key)
            .cloned()
            .unwrap_or_else(|| self.key.to_string())
    }
}

/// The series row of a hashtag, when its own posts among `posts` (reposts aside) make one;
/// `span` (the first and last day of all its posts) stands in for their days if need be.
fn series_row(
    items: &[Item],
    tag: Tag,
    posts: &[usize],
    span: (NaiveDate, NaiveDate),
) -> Option<OwnSeries> {
    let own: Vec<usize> = posts
        .iter()
        .copied()
        .filter(|&p| items[p].post.kind != PostKind::Repost)
        .collect();
    let (counted, from, to) = series_of(items, &own)?;
    let own_days: BTreeSet<NaiveDate> = own.iter().map(|&p| items[p].at().date_naive()).collect();
    Some(OwnSeries {
        tag: tag.spelled(),
        posts: own.len() as u32,
        post_ids: ids(items, &own),
        first_day: *own_days.first().unwrap_or(&span.0),
        last_day: *own_days.last().unwrap_or(&span.1),
        days: own_days.len() as u32,
        counted,
        counter_from: from,
        counter_to: to,
    })
}

/// The event row of a hashtag, when its `posts` (on `days`, oldest first) crowd into a
/// few days or its name ends with a year.
fn event_row(
    archive: &Archive,
    items: &[Item],
    tag: Tag,
    posts: &[usize],
    days: &[NaiveDate],
) -> Option<EventTag> {
    let burst = densest_run(days).filter(|b| {
        b.posts as usize >= EVENT_MIN_POSTS
            && b.posts as usize * 100 >= posts.len() * EVENT_MIN_SHARE_PERCENT
    });
    let year = year_in_name(tag.key).filter(|_| posts.len() >= EVENT_NAMED_MIN_POSTS);
    if burst.is_none() && year.is_none() {
        return None;
    }
    Some(EventTag {
        tag: tag.spelled(),
        posts: posts.len() as u32,
        post_ids: ids(items, posts),
        first_day: *days.first()?,
        last_day: *days.last()?,
        days: days.iter().collect::<BTreeSet<_>>().len() as u32,
        burst,
        year_in_name: year,
        lurking: lurking(archive, tag.key),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn years_at_the_end_of_a_name() {
        assert_eq!(year_in_name("rti2021"), Some(2021));
        assert_eq!(year_in_name("ISTE2019"), Some(2019));
        assert_eq!(year_in_name("mlanet21"), None);
        assert_eq!(year_in_name("covid19"), None);
        assert_eq!(year_in_name("2021"), None);
        assert_eq!(year_in_name("route3000"), None);
        assert_eq!(year_in_name("día2021"), Some(2021));
    }

    #[test]
    fn dated_events_and_courses_are_named_so() {
        assert!(named_as_event("PLENK2010", 2010));
        assert!(named_as_event("nyr12", 2010), "announced ahead");
        assert!(named_as_event("nyr12", 2012));
        assert!(!named_as_event("covid19", 2020));
        assert!(!named_as_event("nyr12", 2015));
        assert!(!named_as_event("bfc530", 2015), "a time, not a year");
        assert!(!named_as_event("edchat", 2010));
        assert!(!named_as_event("12", 2012));
    }

    #[test]
    fn the_densest_run_of_days() {
        let days = [
            day("2021-05-01"),
            day("2021-05-14"),
            day("2021-05-14"),
            day("2021-05-16"),
            day("2021-05-17"),
            day("2021-05-18"),
        ];
        let run = densest_run(&days).unwrap();
        assert_eq!(
            (run.from, run.to, run.posts),
            (day("2021-05-14"), day("2021-05-17"), 4)
        );
        assert_eq!(densest_run(&[]), None);
    }
}

#[cfg(test)]
mod find_tests {
    use crate::chats::{ChatDirectory, find_chats};
    use crate::fixture::*;
    use crate::model::PostKind;

    #[test]
    fn a_numbered_daily_series_is_a_series() {
        let posts = (1..=4)
            .map(|n| {
                post(
                    &n.to_string(),
                    utc(2024, 3, n, 18, 0),
                    &format!("{n}/100 #100DaysOfCode"),
                )
            })
            .collect();
        let r = find_chats(&archive(posts, vec![]), &ChatDirectory::builtin());
        assert!(r.chats.is_empty() && r.events.is_empty());
        let s = &r.series[0];
        assert_eq!((s.tag.as_str(), s.posts, s.days), ("100DaysOfCode", 4, 4));
        assert_eq!((s.counter_from, s.counter_to), (1, 4));
    }

    #[test]
    fn a_series_must_count_up_and_not_be_talk() {
        let down: Vec<_> = (1..=4)
            .map(|n| {
                post(
                    &n.to_string(),
                    utc(2024, 3, n, 18, 0),
                    &format!("Day {} #mine", 9 - n),
                )
            })
            .collect();
        assert!(
            find_chats(&archive(down, vec![]), &ChatDirectory::builtin())
                .series
                .is_empty()
        );
        let mut talk: Vec<_> = (1..=4)
            .map(|n| {
                post(
                    &n.to_string(),
                    utc(2024, 3, n, 18, 0),
                    &format!("Day {n} #mine"),
                )
            })
            .collect();
        talk[1] = reply("2", utc(2024, 3, 2, 18, 0), "@jo Day 2 #mine", "jo", "x");
        assert!(
            find_chats(&archive(talk, vec![]), &ChatDirectory::builtin())
                .series
                .is_empty()
        );
    }

    #[test]
    fn an_event_is_a_burst_or_a_year_in_the_name() {
        let mut posts = vec![
            // Burst without a year: 3 posts in 2 days, plus one a month earlier (75%).
            post("t0", utc(2019, 10, 16, 9, 0), "Coming to #TMNorth"),
            post("t1", utc(2019, 11, 16, 9, 0), "At #TMNorth"),
            post("t2", utc(2019, 11, 16, 12, 0), "Still at #TMNorth"),
            post("t3", utc(2019, 11, 17, 9, 0), "Notes from #TMNorth"),
            // A year, no burst.
            post("r1", utc(2020, 11, 2, 9, 0), "Apply to #RTI2021"),
            post("r2", utc(2021, 1, 12, 9, 0), "Deadline #RTI2021"),
            // A year, but used once: nothing.
            post("x1", utc(2021, 10, 18, 9, 0), "Award at #Midwest2021"),
            // Used all year: not an event.
            post("e1", utc(2021, 1, 1, 9, 0), "#edtech a"),
            post("e2", utc(2021, 3, 1, 9, 0), "#edtech b"),
            post("e3", utc(2021, 5, 1, 9, 0), "#edtech c"),
        ];
        let mut rt = post("t4", utc(2019, 11, 17, 10, 0), "RT @x: #TMNorth");
        rt.kind = PostKind::Repost;
        posts.push(rt);
        let r = find_chats(
            &archive(posts, vec![like("l1", "Great #tmnorth")]),
            &ChatDirectory::builtin(),
        );
        let tags: Vec<_> = r.events.iter().map(|e| e.tag.as_str()).collect();
        assert_eq!(tags, ["TMNorth", "RTI2021"]);
        let tm = &r.events[0];
        assert_eq!((tm.posts, tm.days, tm.year_in_name), (5, 3, None));
        let burst = tm.burst.unwrap();
        assert_eq!(
            (burst.posts, burst.from.to_string()),
            (4, "2019-11-16".to_string())
        );
        assert_eq!(tm.lurking.likes, 1);
        assert_eq!(
            (r.events[1].year_in_name, r.events[1].burst),
            (Some(2021), None)
        );
    }
}
