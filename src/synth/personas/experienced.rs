//! `experienced`: Rosa Kettridge (invented), a high-school history teacher of twenty years
//! in Ohio, from August 2018 to June 2022.
//!
//! Her character: most of what she posts answers someone. She argues, agrees, disagrees
//! and asks back, with a wide circle of teachers, researchers and the odd principal, on
//! many hashtags; she takes part in #sschat and the evening #edchat, quotes and passes on
//! what she thinks deserves reading, and went to NCSS in 2019.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::America::New_York;

use super::words::{self, Words};
use super::{Life, cast, chat_dates, days, join_session, schedule, someone, us_holiday};
use crate::chats::sessions::local_instant;
use crate::synth::{Account, ArchiveSpec, Person};

const SEED: u64 = 0xE4_2018;

/// The persona's word lists (data/personas/experienced.toml).
static WORDS: LazyLock<&Words> = LazyLock::new(|| words::of("experienced"));

/// Rosa's archive: four years, close to 2,000 posts, most of them replies.
pub fn experienced() -> ArchiveSpec {
    let account = Account {
        id: "94816637201".into(),
        handle: "RosaTeachesHist".into(),
        display_name: "Rosa Kettridge".into(),
        bio: "High school history and civics, 20 years and counting. Sources, arguments, \
              equity. Invented demo persona for PLN Lens, not a real person."
            .into(),
        website: None,
        created_at: Utc.with_ymd_and_hms(2011, 2, 7, 21, 4, 0).unwrap(),
    };
    let mut life = Life::new(account, SEED, New_York);
    let people = cast(
        SEED + 1,
        140,
        WORDS.list("first_names"),
        WORDS.list("family_names"),
        WORDS.list("handle_words"),
    );
    let hosts = &people[100..112];
    chats(&mut life, &people, hosts);
    daily(&mut life, &people);
    conference(&mut life, &people);
    likes(&mut life, &people);
    life.into_spec(4_870, 1_932)
}

/// #sschat on many Mondays and the evening #edchat on some Tuesdays, in term time.
fn chats(life: &mut Life, people: &[Person], hosts: &[Person]) {
    let peers = &people[..90];
    for (tag, session, keen, answers) in [("sschat", "", 0.45, 4), ("edchat", "evening", 0.22, 3)] {
        let (wd, time, tz) = schedule(tag, session);
        for date in chat_dates(wd, d(2018, 8, 27), d(2022, 6, 10)) {
            if us_holiday(date) || !life.chance(keen) {
                continue;
            }
            let start = local_instant(tz, date.and_time(time));
            join_session(life, &WORDS, tag, start, hosts, peers, (2, answers));
        }
    }
}

// One function on purpose: the persona's ordinary day as one schedule, read top to
// bottom; its chances together make the character the tests look for.
/// Ordinary days: mostly replies, with opinions, quotes, shares and the odd question.
fn daily(life: &mut Life, people: &[Person]) {
    let claims: &[(&str, &[&str])] = &[("claim", WORDS.list("claims"))];
    for date in days(d(2018, 8, 1), d(2022, 6, 30)) {
        let holiday = us_holiday(date);
        let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
        let p = if holiday {
            0.35
        } else if weekend {
            0.5
        } else {
            0.7
        };
        if !life.chance(p) {
            continue;
        }
        let n = life.between(1, 3);
        for _ in 0..n {
            let at = if weekend || holiday {
                life.time_between(date, 8, 22)
            } else if life.chance(0.25) {
                life.time_between(date, 6, 7)
            } else {
                life.time_between(date, 15, 23)
            };
            let tag = if life.chance(0.35) {
                format!(" #{}", life.pick(WORDS.list("hashtags")))
            } else {
                String::new()
            };
            match life.rng.below(100) {
                0..=41 => {
                    let who = someone(&mut life.rng, people).clone();
                    let opener = life.pick(WORDS.list("reply_openers"));
                    let mut text = life.fill(opener, claims);
                    if life.chance(0.2) {
                        text.push(' ');
                        text.push_str(life.pick(WORDS.list("reply_questions")));
                    }
                    let id = life.reply(at, &who, &format!("{text}{tag}"));
                    if life.chance(0.12) {
                        // Running over the limit: the argument goes on in a thread.
                        let more = life.fill("And one more thing: {claim}.", claims);
                        life.thread(at + Duration::minutes(2), id, &more);
                    }
                }
                42..=49 => {
                    let who = someone(&mut life.rng, people).clone();
                    if life.chance(0.3) {
                        // Answering a question with a source.
                        let (_, url) = WORDS.pairs("shares")
                            [life.rng.below(WORDS.pairs("shares").len() as u64) as usize];
                        let text = life.pick(&[
                            "Here is the one I use with my juniors.",
                            "This collection is where I would start.",
                            "We built our unit around these documents.",
                        ]);
                        life.reply_link(at, &who, text, url);
                    } else {
                        let text = if life.chance(0.5) {
                            life.pick(WORDS.list("reply_questions")).to_string()
                        } else {
                            life.pick(WORDS.list("reply_social")).to_string()
                        };
                        life.reply(at, &who, &text);
                    }
                }
                50..=57 => {
                    let who = someone(&mut life.rng, people).clone();
                    let comment = life.fill("This. I think {claim}.", claims);
                    life.quote(at, &who, &format!("{comment}{tag}"));
                }
                58..=67 => {
                    let opener = life.pick(WORDS.list("originals"));
                    let text = life.fill(opener, claims);
                    life.post(at, &format!("{text}{tag}"));
                }
                68..=77 => {
                    let (text, url) = WORDS.pairs("shares")
                        [life.rng.below(WORDS.pairs("shares").len() as u64) as usize];
                    life.link(at, &format!("{text}{tag}"), url);
                }
                78..=84 => {
                    let who = someone(&mut life.rng, people).clone();
                    let text = life.fill("{claim}, and the evidence keeps piling up", claims);
                    let (_, url) = WORDS.pairs("shares")
                        [life.rng.below(WORDS.pairs("shares").len() as u64) as usize];
                    let mut text = text;
                    if let Some(first) = text.get(..1) {
                        text = format!("{}{}", first.to_uppercase(), &text[1..]);
                    }
                    life.repost(at, &who, &format!("{text}{tag}"), Some(url));
                }
                85..=88 => {
                    let text = life.pick(WORDS.list("asks"));
                    life.post(at, &format!("{text}{tag}"));
                }
                89..=91 => {
                    let (text, url) = WORDS.pairs("news")
                        [life.rng.below(WORDS.pairs("news").len() as u64) as usize];
                    life.link(at, text, url);
                }
                92..=95 => {
                    let who = someone(&mut life.rng, people).clone();
                    let text = format!(
                        "So proud of @{}, who taught me half of what I know about teaching history. Follow them!",
                        who.handle
                    );
                    life.post(at, &text);
                    if let Some(p) = life.s.posts.last_mut() {
                        p.mentions.push(who);
                    }
                }
                _ => {
                    let text = life.pick(WORDS.list("personal"));
                    life.post(at, text);
                }
            }
        }
    }
}

/// NCSS in Austin, November 2019: three days of notes and a few hellos.
fn conference(life: &mut Life, people: &[Person]) {
    let notes = [
        "Landed in Austin for #NCSS2019! Who else is here?",
        "Packed room for the session on teaching hard histories #NCSS2019",
        "Inquiry design model workshop this morning, so many ideas for my juniors #NCSS2019",
        "Finally met so many of my PLN in person at #NCSS2019",
        "Best session yet: civic online reasoning with real student work #NCSS2019",
        "Last day at #NCSS2019. Tired, grateful, and full of plans.",
        "Flying home from #NCSS2019 with a notebook full of sources.",
    ];
    let first = d(2019, 11, 22);
    for (i, text) in notes.iter().enumerate() {
        let date = first + Duration::days(i as i64 / 3);
        let at = life.local(date, 9 + 3 * (i as u32 % 3), 20);
        life.post(at, text);
    }
    let who = people[3].clone();
    let at = life.local(first, 18, 5);
    life.reply(at, &who, "So good to finally meet you at #NCSS2019!");
}

/// Likes: many of the people she talks with, some chat posts.
fn likes(life: &mut Life, people: &[Person]) {
    let claims: &[(&str, &[&str])] = &[("claim", WORDS.list("claims"))];
    for date in days(d(2018, 8, 1), d(2022, 6, 30)) {
        for _ in 0..life.between(0, 3) {
            let at = life.time_between(date, 6, 23);
            let text = if life.chance(0.15) {
                let theme = &WORDS.themes[life.rng.below(WORDS.themes.len() as u64) as usize];
                let n = life.between(1, 5);
                let tag = life.pick(&["sschat", "edchat", "sschat"]);
                format!("A{n}: {} #{tag}", life.pick(theme.answers))
            } else {
                let who = someone(&mut life.rng, people);
                let who = who.handle.clone();
                let t = life.fill("So true: {claim}.", claims);
                if life.chance(0.3) {
                    format!("{t} cc @{who}")
                } else {
                    t
                }
            };
            life.like(at, &text);
        }
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}
