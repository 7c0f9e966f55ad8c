//! Chat scenarios with a known truth: posts placed in chat sessions on purpose, so the
//! chats stage can be tested on exact figures through the real import path.
//!
//! In: a [`Scenario`] built step by step (a chat participant, a moderator, an unknown
//! recurring chat, a conference burst, a daily own series, likes of chat posts, single
//! posts). Out: an [`ArchiveSpec`] ([`Scenario::into_spec`]) to write with
//! [`super::x_archive::write`], and, from each step, what the chats stage should find
//! ([`ChatTruth`]: every session's date, UTC start and the ids of the posts live and later).
//!
//! Invariants: ids grow with time as X's do (a snowflake of the post's millisecond and a
//! sequence number), so they are unique and sort like dates; local times are converted
//! with the same `local_instant` the chats stage uses, across daylight-saving changes.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;

use super::{Account, ArchiveSpec, Person, ReplyTarget, SynthLike, SynthPost, colleagues};
use crate::chats::sessions::local_instant;

/// X's snowflake epoch (2010-11-04), in milliseconds.
const SNOWFLAKE_EPOCH_MS: i64 = 1_288_834_974_657;

/// One session as the scenario placed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruthSession {
    /// The session's date in the chat's time zone.
    pub date: NaiveDate,
    /// Its scheduled start (or first post, for a chat found from bursts), UTC.
    pub start_utc: DateTime<Utc>,
    /// Posts placed inside it.
    pub live: Vec<u64>,
    /// Posts placed after it (within two days).
    pub later: Vec<u64>,
}

/// What one chat step placed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatTruth {
    /// The sessions, oldest first.
    pub sessions: Vec<TruthSession>,
}

impl ChatTruth {
    /// All live post ids.
    pub fn live(&self) -> usize {
        self.sessions.iter().map(|s| s.live.len()).sum()
    }

    /// All later post ids.
    pub fn later(&self) -> usize {
        self.sessions.iter().map(|s| s.later.len()).sum()
    }
}

/// A chat-scenario archive being built.
#[derive(Debug, Clone)]
pub struct Scenario {
    account: Account,
    /// The posts so far.
    pub posts: Vec<SynthPost>,
    /// The likes so far.
    pub likes: Vec<SynthLike>,
    seq: u64,
}

/// The first date on or after `from` that falls on `weekday`.
pub fn first_weekday(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - from.weekday().num_days_from_monday()) % 7;
    from + Duration::days(i64::from(ahead))
}

impl Scenario {
    /// An empty scenario for `account`.
    pub fn new(account: Account) -> Self {
        Scenario {
            account,
            posts: Vec::new(),
            likes: Vec::new(),
            seq: 0,
        }
    }

    /// The owner as a person (for replies to one's own posts).
    fn me(&self) -> Person {
        Person {
            handle: self.account.handle.clone(),
            id: self.account.id.clone(),
            name: self.account.display_name.clone(),
        }
    }

    fn next_id(&mut self, at: DateTime<Utc>) -> u64 {
        self.seq += 1;
        let ms = (at.timestamp_millis() - SNOWFLAKE_EPOCH_MS).max(0) as u64;
        (ms << 22) | (self.seq & 0x3F_FFFF)
    }

    fn push(
        &mut self,
        at: DateTime<Utc>,
        text: String,
        reply_to: Option<ReplyTarget>,
        mentions: Vec<Person>,
    ) -> u64 {
        let id = self.next_id(at);
        self.posts.push(SynthPost {
            id,
            created_at: at,
            text,
            reply_to,
            mentions,
            urls: Vec::new(),
            media: 0,
            lang: "en".into(),
        });
        id
    }

    /// A single original post; returns its id.
    pub fn post(&mut self, at: DateTime<Utc>, text: &str) -> u64 {
        self.push(at, text.to_string(), None, Vec::new())
    }

    /// A reply to someone else's post `status_id` by `to` (the text should start with
    /// `@handle`); returns its id.
    pub fn reply(&mut self, at: DateTime<Utc>, text: &str, to: &Person, status_id: u64) -> u64 {
        let target = ReplyTarget {
            status_id,
            user: to.clone(),
            with_screen_name: true,
        };
        self.push(at, text.to_string(), Some(target), vec![to.clone()])
    }

    /// A reply to one of the owner's own posts (a thread continuation); returns its id.
    pub fn continue_thread(&mut self, at: DateTime<Utc>, text: &str, own: u64) -> u64 {
        let target = ReplyTarget {
            status_id: own,
            user: self.me(),
            with_screen_name: true,
        };
        self.push(at, text.to_string(), Some(target), Vec::new())
    }

    /// The scheduled starts of `weeks` weekly sessions on `weekday` at `time` in `tz`,
    /// from the first such day on or after `from`.
    pub fn starts(
        weekday: Weekday,
        time: NaiveTime,
        tz: Tz,
        from: NaiveDate,
        weeks: u32,
    ) -> Vec<(NaiveDate, DateTime<Utc>)> {
        let first = first_weekday(from, weekday);
        (0..weeks)
            .map(|w| {
                let date = first + Duration::weeks(i64::from(w));
                (date, local_instant(tz, date.and_time(time)))
            })
            .collect()
    }

    /// A participant in a chat: in each of `weeks` weekly sessions, answers A1 to A5 with
    /// the hashtag (at 10, 20, 30, 40 and 50 minutes; A2 and A4 as replies to the host
    /// starting `@host`), a thread continuation without the hashtag at 55 minutes (6 live
    /// posts), then later a reply to their own A3 three hours after the start and a post
    /// with the hashtag the next day, 14 hours after the start (2 later posts).
    pub fn chat_participant(
        &mut self,
        tag: &str,
        weekday: Weekday,
        time: NaiveTime,
        tz: Tz,
        from: NaiveDate,
        weeks: u32,
    ) -> ChatTruth {
        let host = Person::new(&format!("{}_host", tag.to_lowercase()), "Chat Host");
        let mut truth = ChatTruth::default();
        for (date, start) in Self::starts(weekday, time, tz, from, weeks) {
            let m = |n: i64| start + Duration::minutes(n);
            // The answers A1..A5, in order.
            let mut answers = Vec::with_capacity(5);
            for n in 1..=5u64 {
                let at = m(10 * n as i64);
                answers.push(if n % 2 == 0 {
                    let text = format!(
                        "@{} A{n}: feedback works when students act on it #{tag}",
                        host.handle
                    );
                    self.reply(at, &text, &host, 1000 + n)
                } else {
                    self.post(
                        at,
                        &format!("A{n}: exit tickets tell me who needs help #{tag}"),
                    )
                });
            }
            let mut live = answers.clone();
            live.push(self.continue_thread(
                m(55),
                "...and we re-teach the next morning",
                answers[4],
            ));
            let later = vec![
                self.continue_thread(
                    m(180),
                    "Thinking more about this: a hinge question works too",
                    answers[2],
                ),
                self.post(
                    m(14 * 60),
                    &format!("Still thinking about last night's #{tag} on feedback"),
                ),
            ];
            truth.sessions.push(TruthSession {
                date,
                start_utc: start,
                live,
                later,
            });
        }
        truth
    }

    /// A moderator of a chat: in each of `weeks` weekly sessions, a welcome 5 minutes
    /// before the start, questions Q1 to Q5 at 0, 10, 20, 30 and 40 minutes and thanks at
    /// 58 minutes, all with the hashtag (7 live posts, none later).
    pub fn chat_moderator(
        &mut self,
        tag: &str,
        weekday: Weekday,
        time: NaiveTime,
        tz: Tz,
        from: NaiveDate,
        weeks: u32,
    ) -> ChatTruth {
        let mut truth = ChatTruth::default();
        for (date, start) in Self::starts(weekday, time, tz, from, weeks) {
            let m = |n: i64| start + Duration::minutes(n);
            let mut live = vec![self.post(
                m(-5),
                &format!("Welcome to #{tag}! Tonight: feedback at scale"),
            )];
            for n in 1..=5i64 {
                live.push(self.post(
                    m(10 * (n - 1)),
                    &format!("Q{n}: How do you give feedback at scale? #{tag}"),
                ));
            }
            live.push(self.post(m(58), &format!("Thanks all for a great #{tag} tonight!")));
            truth.sessions.push(TruthSession {
                date,
                start_utc: start,
                live,
                later: Vec::new(),
            });
        }
        truth
    }

    /// A recurring chat no directory knows: in each of `weeks` weeks, on `weekday` at
    /// `time` UTC, four answers A1 to A4 with the hashtag at 0, 15, 30 and 45 minutes, each a
    /// reply to a different colleague (4 live posts a week; the session starts at the first).
    pub fn recurring_chat(
        &mut self,
        tag: &str,
        weekday: Weekday,
        time: NaiveTime,
        from: NaiveDate,
        weeks: u32,
    ) -> ChatTruth {
        let people = colleagues();
        let mut truth = ChatTruth::default();
        for (date, start) in Self::starts(weekday, time, Tz::UTC, from, weeks) {
            let live = (0..4usize)
                .map(|n| {
                    let who = &people[n];
                    let text = format!(
                        "@{} A{}: we use retrieval quizzes #{tag}",
                        who.handle,
                        n + 1
                    );
                    self.reply(
                        start + Duration::minutes(15 * n as i64),
                        &text,
                        who,
                        2000 + n as u64,
                    )
                })
                .collect();
            truth.sessions.push(TruthSession {
                date,
                start_utc: start,
                live,
                later: Vec::new(),
            });
        }
        truth
    }

    /// A conference: `per_day` posts with the hashtag (at 09:00, 12:00, 15:00... UTC) on
    /// each of `days` consecutive days from `first`; returns their ids.
    pub fn conference(&mut self, tag: &str, first: NaiveDate, days: u32, per_day: u32) -> Vec<u64> {
        let mut ids = Vec::new();
        for d in 0..days {
            for k in 0..per_day {
                let at = (first + Duration::days(i64::from(d)))
                    .and_hms_opt(9 + 3 * k, 0, 0)
                    .unwrap_or_default()
                    .and_utc();
                ids.push(self.post(
                    at,
                    &format!("Great session on feedback at #{tag}, notes to follow"),
                ));
            }
        }
        ids
    }

    /// The owner's own daily series: `Day n/total of #tag` at 18:00 UTC on `days`
    /// consecutive days from `first` (n from 1); returns their ids.
    pub fn own_series(&mut self, tag: &str, first: NaiveDate, days: u32, total: u32) -> Vec<u64> {
        (1..=days)
            .map(|n| {
                let at = (first + Duration::days(i64::from(n - 1)))
                    .and_hms_opt(18, 0, 0)
                    .unwrap_or_default()
                    .and_utc();
                self.post(
                    at,
                    &format!("Day {n}/{total} of #{tag}: today's book is on the blog"),
                )
            })
            .collect()
    }

    /// `n` likes of other people's posts carrying the hashtag (X keeps no date for a like);
    /// returns the liked ids.
    pub fn liked_chat_posts(&mut self, tag: &str, n: u32) -> Vec<u64> {
        (0..n)
            .map(|k| {
                let id = 5_000_000_000_000_000_000 + self.likes.len() as u64;
                self.likes.push(SynthLike {
                    tweet_id: id,
                    text: format!("A{}: we start every lesson with a quiz #{tag}", k + 1),
                });
                id
            })
            .collect()
    }

    /// The archive spec (2024 layout, one part).
    pub fn into_spec(self) -> ArchiveSpec {
        let mut spec = ArchiveSpec::new(self.account);
        spec.posts = self.posts;
        spec.likes = self.likes;
        spec
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::teacher_account;
    use chrono::TimeZone;

    #[test]
    fn sessions_follow_local_time_across_daylight_saving() {
        let starts = Scenario::starts(
            Weekday::Thu,
            NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
            chrono_tz::Europe::London,
            NaiveDate::from_ymd_opt(2021, 3, 20).unwrap(),
            2,
        );
        // 25 March is GMT; 1 April is BST (clocks went forward on 28 March).
        assert_eq!(
            starts[0].1,
            Utc.with_ymd_and_hms(2021, 3, 25, 20, 0, 0).unwrap()
        );
        assert_eq!(
            starts[1].1,
            Utc.with_ymd_and_hms(2021, 4, 1, 19, 0, 0).unwrap()
        );
    }

    #[test]
    fn ids_grow_with_time_and_never_repeat() {
        let mut s = Scenario::new(teacher_account());
        let t = Utc.with_ymd_and_hms(2021, 3, 4, 20, 0, 0).unwrap();
        let a = s.post(t, "one");
        let b = s.post(t, "two");
        let c = s.post(t + Duration::seconds(1), "three");
        assert!(a < b && b < c);
        let truth = s.chat_participant(
            "ukedchat",
            Weekday::Thu,
            NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
            chrono_tz::Europe::London,
            NaiveDate::from_ymd_opt(2021, 3, 1).unwrap(),
            2,
        );
        assert_eq!((truth.live(), truth.later()), (12, 4));
        assert_eq!(
            truth.sessions[0].date,
            NaiveDate::from_ymd_opt(2021, 3, 4).unwrap()
        );
        assert_eq!(s.posts.len(), 3 + 16);
    }
}
