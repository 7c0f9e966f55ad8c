//! `reader`: Priya Ashworth (invented), a Key Stage 1 teacher in Leicester, from January
//! 2020 to July 2023.
//!
//! Her character: she reads far more than she writes. Most Thursday evenings she reads
//! #UKEdChat along and likes the answers she wants to remember; she follows #ASEChat and
//! the afternoon #edchat the same way. Her few posts pass on resources, thank people and
//! once in a while ask something.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::London;

use super::words::{self, Words};
use super::{Life, cast, chat_dates, days, schedule, someone, uk_holiday};
use crate::chats::sessions::local_instant;
use crate::synth::{Account, ArchiveSpec, Person};

const SEED: u64 = 0x7EAD_2020;

/// The persona's word lists (data/personas/reader.toml).
static WORDS: LazyLock<&Words> = LazyLock::new(|| words::of("reader"));

/// Priya's archive: three and a half years, a few dozen posts, well over a thousand likes.
pub fn reader() -> ArchiveSpec {
    let account = Account {
        id: "1215008342876213248".into(),
        handle: "MrsAshworthKS1".into(),
        display_name: "Priya Ashworth".into(),
        bio: "KS1 teacher in Leicester. Phonics, picture books, muddy outdoor learning. \
              Mostly reading. Invented demo persona for PLN Lens, not a real person."
            .into(),
        website: None,
        created_at: Utc.with_ymd_and_hms(2020, 1, 8, 20, 31, 0).unwrap(),
    };
    let mut life = Life::new(account, SEED, London);
    let people = cast(
        SEED + 1,
        60,
        WORDS.list("first_names"),
        WORDS.list("family_names"),
        WORDS.list("handle_words"),
    );
    reads_chats(&mut life);
    posts(&mut life, &people);
    likes(&mut life, &people);
    life.into_spec(148, 710)
}

/// The chats she reads along: likes timed inside the sessions, never a post.
fn reads_chats(life: &mut Life) {
    let reading: [(&str, &str, f64, &[&str]); 3] = [
        ("ukedchat", "", 0.6, WORDS.list("chat_answers")),
        ("ASEChat", "", 0.2, WORDS.list("science_answers")),
        ("edchat", "afternoon", 0.1, WORDS.list("chat_answers")),
    ];
    for (tag, session, keen, answers) in reading {
        let (wd, time, tz) = schedule(tag, session);
        for date in chat_dates(wd, d(2020, 1, 9), d(2023, 7, 20)) {
            if uk_holiday(date) || !life.chance(keen) {
                continue;
            }
            let start = local_instant(tz, date.and_time(time));
            for n in 1..=5u64 {
                if !life.chance(0.55) {
                    continue;
                }
                let at = start + Duration::minutes(10 * n as i64 - 5);
                let answer = life.pick(answers);
                life.like(at, &format!("A{n}: {answer} #{tag}"));
            }
            if life.chance(0.3) {
                let at = start - Duration::minutes(3);
                life.like(
                    at,
                    &format!("Welcome to tonight's #{tag}! Say hello and tell us where you teach"),
                );
            }
        }
    }
}

/// Her rare posts: about one a month.
fn posts(life: &mut Life, people: &[Person]) {
    for date in days(d(2020, 1, 12), d(2023, 7, 20)) {
        if !life.chance(0.035) {
            continue;
        }
        let at = life.time_between(date, 16, 21);
        let who = someone(&mut life.rng, people).clone();
        match life.rng.below(10) {
            0..=2 => {
                let (text, url) = WORDS.pairs("resources")
                    [life.rng.below(WORDS.pairs("resources").len() as u64) as usize];
                life.repost(at, &who, text, Some(url));
            }
            3..=4 => {
                let text = life.pick(&[
                    "Thank you, this is exactly what I needed for my class.",
                    "Thank you for sharing, saving this one!",
                    "This is brilliant, thank you.",
                ]);
                life.reply(at, &who, text);
            }
            5 => {
                let text = life.pick(&[
                    "Does anyone have a good phonics assessment tracker for Year 1?",
                    "Any recommendations for picture books about starting school?",
                    "How do you organise continuous provision in a small classroom?",
                ]);
                life.post(at, text);
            }
            6 => {
                let (text, url) = WORDS.pairs("resources")
                    [life.rng.below(WORDS.pairs("resources").len() as u64) as usize];
                life.link(at, text, url);
            }
            7 => {
                let text = life.pick(&[
                    "Happy Friday everyone, well done for another week!",
                    "Congratulations to everyone who got through Ofsted this week!",
                    "Welcome back everyone, have a lovely first day.",
                ]);
                life.post(at, text);
            }
            _ => {
                let text = life.pick(&[
                    "Muddy walk in Bradgate Park with the family.",
                    "Rainy Sunday, big pot of dal, and a good book.",
                    "Holiday mode: sun, beach, no laminating.",
                ]);
                life.post(at, text);
                life.photo();
            }
        }
    }
}

/// Everything else she liked: resources, colleagues, news.
fn likes(life: &mut Life, people: &[Person]) {
    let general = [
        "Free phonics resources for Year 1, all editable",
        "Our Year 2s planted sunflowers today and measured them #outdoorlearning",
        "A thread on early reading that every KS1 teacher should read",
        "You do not have to do everything this week. Rest is part of the job. #teacher5aday",
        "So proud of my Year 1s and their phonics screening today",
        "Picture book recommendation of the week: a story about a lost penguin",
        "Continuous provision does not have to cost a fortune. Here is our classroom.",
        "Maths mastery in KS1: why we use concrete objects first",
        "Brilliant CPD today on oracy in the early years",
        "Reminder: the phonics screening check window opens next week",
    ];
    for date in days(d(2020, 1, 12), d(2023, 7, 20)) {
        if date.weekday().number_from_monday() > 5 && !life.chance(0.5) {
            continue;
        }
        for _ in 0..life.between(0, 1) {
            let at = life.time_between(date, 7, 22);
            let text = life.pick(&general).to_string();
            let text = if life.chance(0.3) {
                let who = someone(&mut life.rng, people);
                format!("{text} h/t @{}", who.handle)
            } else {
                text
            };
            life.like(at, &text);
        }
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}
