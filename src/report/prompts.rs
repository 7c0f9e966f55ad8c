//! Reflection prompts: questions drawn from the person's own figures, for a teacher looking
//! at their network and for a mentor walking an early-career teacher through it.
//!
//! In: a [`Report`] with every figure filled in. Out: [`Prompt`]s. Teacher prompts appear
//! only when their figure says something (a threshold below, each a constant); the
//! mentor's walk-through always has its five steps (people, spaces, tools, purposes,
//! change over time), each with the figures it rests on and questions to discuss. Every
//! prompt lists its [`Basis`]: the report keys and values it was written from, so the page
//! can link a question to the figure behind it. Prompts ask; they never judge (the
//! research on teachers' networks values reading along, giving and asking alike).

use serde::Serialize;

use crate::chats::Role;
use crate::network::TieStrength;
use crate::network::tools::ToolKind;
use crate::report::Report;
use crate::report::{percent as pct, whole};

/// Below this many posts, most teacher prompts stay silent: the figures would mean little.
pub const MIN_POSTS: u64 = 20;
/// Replies are "concentrated" when the five most replied-to people take this share...
pub const CONCENTRATED_REPLIES_SHARE: f64 = 0.5;
/// ...of at least this many replies, spread over more than five people.
pub const CONCENTRATED_MIN_REPLIES: u32 = 10;
/// Broadcasting dominates below this share of conversing posts.
pub const LOW_CONVERSING_SHARE: f64 = 0.3;
/// Asking is rare below this share of posts.
pub const RARE_ASK_SHARE: f64 = 0.05;
/// One purpose dominates from this share.
pub const DOMINANT_PURPOSE_SHARE: f64 = 0.4;
/// One topic dominates from this share of the posts with an education topic.
pub const DOMINANT_TOPIC_SHARE: f64 = 0.5;
/// One site dominates from this share of the posts with a link...
pub const DOMINANT_SITE_SHARE: f64 = 0.4;
/// ...among at least this many.
pub const MIN_LINK_POSTS: u32 = 10;
/// Reading dominates when likes are at least this many times the posts.
pub const READING_RATIO: u64 = 3;
/// A year counts as a drop when its posts are under this share of the busiest year's.
pub const DROP_SHARE: f64 = 0.5;
/// Years the archive covers for fewer months than this are not compared (see
/// `people_by_year[].months`).
pub const MIN_MONTHS_FOR_A_YEAR: u32 = 6;

/// Who a prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// The teacher looking at their own network.
    Teacher,
    /// A mentor talking it through with them.
    Mentor,
}

/// What a prompt is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// People and ties.
    People,
    /// Hashtags, events and spaces.
    Spaces,
    /// Chats.
    Chats,
    /// Link sites.
    Tools,
    /// What the posts do and are about.
    Purposes,
    /// Talking with people against broadcasting.
    Conversation,
    /// Reading along (likes).
    Reading,
    /// Change over time.
    Change,
}

impl Area {
    /// The code as written in reports and prompt ids (`people`).
    pub fn code(self) -> &'static str {
        match self {
            Area::People => "people",
            Area::Spaces => "spaces",
            Area::Chats => "chats",
            Area::Tools => "tools",
            Area::Purposes => "purposes",
            Area::Conversation => "conversation",
            Area::Reading => "reading",
            Area::Change => "change",
        }
    }
}

/// One figure a prompt rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Basis {
    /// Where the figure is in the report (`concentration.replies_top5_share`,
    /// `chats[0].sessions`).
    pub figure: String,
    /// What it is, for people.
    pub label: String,
    /// Its value, as shown.
    pub value: String,
}

/// A question for reflection.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Prompt {
    /// A stable id (`people-concentrated-replies`, `mentor-1-people`).
    pub id: String,
    /// Who it is for.
    pub audience: Audience,
    /// What it is about.
    pub area: Area,
    /// For the mentor's walk-through: its step, from 1.
    pub step: Option<u32>,
    /// A short heading.
    pub title: String,
    /// The prompt: what the figures show, and the question.
    pub text: String,
    /// Further questions to discuss (the mentor's steps).
    pub questions: Vec<String>,
    /// The figures it was written from.
    pub basis: Vec<Basis>,
}

fn count_word(n: u32) -> String {
    const WORDS: [&str; 11] = [
        "No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
    ];
    WORDS
        .get(n as usize)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

fn num(n: impl Into<u64>) -> String {
    // Thousands separated by commas, as the page shows them.
    let digits = n.into().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn basis(figure: &str, label: &str, value: impl Into<String>) -> Basis {
    Basis {
        figure: figure.to_string(),
        label: label.to_string(),
        value: value.into(),
    }
}

fn teacher(id: &str, area: Area, title: &str, text: String, basis: Vec<Basis>) -> Prompt {
    Prompt {
        id: id.to_string(),
        audience: Audience::Teacher,
        area,
        step: None,
        title: title.to_string(),
        text,
        questions: Vec::new(),
        basis,
    }
}

fn purpose_index(r: &Report, code: &str) -> Option<usize> {
    r.purposes.iter().position(|c| c.code == code)
}

/// Every prompt for this report: teacher prompts first, then the mentor's steps.
pub fn prompts(r: &Report) -> Vec<Prompt> {
    let mut out = Vec::new();
    teacher_people(r, &mut out);
    teacher_conversation(r, &mut out);
    teacher_purposes(r, &mut out);
    teacher_chats(r, &mut out);
    teacher_spaces_and_tools(r, &mut out);
    teacher_change(r, &mut out);
    teacher_reading(r, &mut out);
    if out.is_empty() {
        out.push(teacher(
            "start",
            Area::People,
            "Where to start",
            if r.totals.posts == 0 {
                "This archive holds no posts of your own. Whose posts do you read most, and what would you say to them?".to_string()
            } else {
                format!(
                    "Your {} posts are a small sample. Look at the people and hashtags in them: which conversation would you like more of?",
                    num(r.totals.posts)
                )
            },
            vec![basis("totals.posts", "posts", num(r.totals.posts))],
        ));
    }
    out.extend(mentor_steps(r));
    out
}

// About people: a few short prompts in a row, each an `if` on one figure.
fn teacher_people(r: &Report, out: &mut Vec<Prompt>) {
    let c = &r.network.concentration;
    if c.replies >= CONCENTRATED_MIN_REPLIES
        && c.replied_people > 5
        && c.replies_top5_share >= CONCENTRATED_REPLIES_SHARE
    {
        out.push(teacher(
            "people-concentrated-replies",
            Area::People,
            "A few people hold most of your replies",
            format!(
                "Five people account for {} of your replies: who with a different perspective could you add?",
                pct(c.replies_top5_share)
            ),
            vec![
                basis(
                    "concentration.replies_top5_share",
                    "share of replies to the five most replied-to people",
                    pct(c.replies_top5_share),
                ),
                basis("concentration.replies", "replies", num(c.replies)),
                basis(
                    "concentration.replied_people",
                    "people replied to",
                    num(c.replied_people),
                ),
            ],
        ));
    } else if c.replies >= CONCENTRATED_MIN_REPLIES && (1..=5).contains(&c.replied_people) {
        out.push(teacher(
            "people-few-replied",
            Area::People,
            "Your replies go to very few people",
            format!(
                "All your {} replies went to {} {}. Who else could you answer?",
                num(c.replies),
                count_word(c.replied_people).to_lowercase(),
                if c.replied_people == 1 {
                    "person"
                } else {
                    "people"
                }
            ),
            vec![
                basis("concentration.replies", "replies", num(c.replies)),
                basis(
                    "concentration.replied_people",
                    "people replied to",
                    num(c.replied_people),
                ),
            ],
        ));
    }
    if c.people == 0 && r.totals.posts >= MIN_POSTS {
        out.push(teacher(
            "people-none",
            Area::People,
            "No one is named in your posts",
            format!(
                "You did not reply to, mention, repost or quote anyone in these {} posts. Whose posts do you value? Could you answer one of them this week?",
                num(r.totals.posts)
            ),
            vec![
                basis("concentration.people", "people interacted with", "0"),
                basis("totals.posts", "posts", num(r.totals.posts)),
            ],
        ));
    }
    if c.people >= 10 && f64::from(c.one_off_people) >= 0.6 * f64::from(c.people) {
        let share = f64::from(c.one_off_people) / f64::from(c.people);
        out.push(teacher(
            "people-one-off",
            Area::People,
            "Many people appear only once",
            format!(
                "{} of the {} people you interacted with appear only once. Which of them would you like to talk with again?",
                pct(share),
                num(c.people)
            ),
            vec![
                basis(
                    "concentration.one_off_people",
                    "people with one interaction",
                    num(c.one_off_people),
                ),
                basis("concentration.people", "people", num(c.people)),
            ],
        ));
    }
}

fn teacher_conversation(r: &Report, out: &mut Vec<Prompt>) {
    let conv = &r.network.conversation;
    if r.totals.posts < MIN_POSTS {
        return;
    }
    let b = vec![
        basis(
            "conversation.conversing_share",
            "posts that talk with someone",
            pct(conv.conversing_share),
        ),
        basis(
            "conversation.broadcasting",
            "posts that broadcast",
            num(conv.broadcasting),
        ),
    ];
    if conv.conversing_share < LOW_CONVERSING_SHARE {
        out.push(teacher(
            "conversation-broadcasting",
            Area::Conversation,
            "Mostly broadcasting",
            format!(
                "{} of your posts broadcast (share, announce, repost) without talking with anyone. Which of them could have been a question to your network?",
                pct(1.0 - conv.conversing_share)
            ),
            b,
        ));
    } else if conv.conversing_share > 1.0 - LOW_CONVERSING_SHARE {
        out.push(teacher(
            "conversation-conversing",
            Area::Conversation,
            "Mostly conversation",
            format!(
                "{} of your posts talk with people. What have you learnt in those conversations that others in your school could use?",
                pct(conv.conversing_share)
            ),
            b,
        ));
    }
}

fn teacher_purposes(r: &Report, out: &mut Vec<Prompt>) {
    if r.totals.posts < MIN_POSTS {
        return;
    }
    out.extend(rare_asking(r));
    out.extend(dominant_purpose(r));
    out.extend(dominant_topic(r));
}

/// Few of the posts ask anything.
fn rare_asking(r: &Report) -> Option<Prompt> {
    let i = purpose_index(r, "ask")?;
    let share = r.purposes[i].share;
    (share < RARE_ASK_SHARE).then(|| {
        teacher(
            "purposes-rare-ask",
            Area::Purposes,
            "Few questions",
            format!(
                "You asked a question in {} of your posts. What would you like to learn from your network right now?",
                pct(share)
            ),
            vec![basis(
                &format!("purposes[{i}].share"),
                "posts that ask",
                pct(share),
            )],
        )
    })
}

/// One purpose takes most of the posts.
fn dominant_purpose(r: &Report) -> Option<Prompt> {
    let top = r
        .purposes
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.posts.cmp(&b.1.posts).then(b.0.cmp(&a.0)));
    let (i, top) = top.filter(|(_, top)| top.share >= DOMINANT_PURPOSE_SHARE)?;
    let question = match top.code.as_str() {
        "share" => {
            "Do you know whether anyone used what you shared, and which resource made a difference to you?"
        }
        "promote" => "What do you hope your own work starts in others, and how would you know?",
        "inform" => "Which of these announcements could have invited a reply?",
        "discuss" => "Which discussion changed your mind, or your practice?",
        "social" => "Who are these relationships with, and what do they give you at work?",
        "personal" => {
            "How does sharing your life outside school shape who follows you and what you learn?"
        }
        "ask" => "Which answers were most useful, and who gave them?",
        _ => "Is that the balance you want?",
    };
    Some(teacher(
        &format!("purposes-dominant-{}", top.code),
        Area::Purposes,
        "One purpose leads",
        format!(
            "{} of your posts are coded \u{201c}{}\u{201d}. {question}",
            pct(top.share),
            top.label.to_lowercase()
        ),
        vec![basis(
            &format!("purposes[{i}].share"),
            &format!("posts coded {}", top.code),
            pct(top.share),
        )],
    ))
}

/// One education topic takes most of the topics.
fn dominant_topic(r: &Report) -> Option<Prompt> {
    // Topics: among the education topics (not "other").
    let education: Vec<(usize, &crate::report::figures::CodeCount)> = r
        .topics
        .iter()
        .enumerate()
        .filter(|(_, t)| t.code != "other")
        .collect();
    let total: u32 = education.iter().map(|(_, t)| t.posts).sum();
    if total < 10 {
        return None;
    }
    let (ti, top) = education
        .iter()
        .max_by(|a, b| a.1.posts.cmp(&b.1.posts).then(b.0.cmp(&a.0)))
        .copied()
        .expect("non-empty: total > 0");
    let share = f64::from(top.posts) / f64::from(total);
    if share >= DOMINANT_TOPIC_SHARE {
        let next = education
            .iter()
            .filter(|(_, t)| t.code != top.code && t.posts > 0)
            .max_by(|a, b| a.1.posts.cmp(&b.1.posts).then(b.0.cmp(&a.0)));
        let rest = next.map_or(String::new(), |(_, t)| {
            format!(
                "; next comes {} ({})",
                t.label.to_lowercase(),
                pct(f64::from(t.posts) / f64::from(total))
            )
        });
        return Some(teacher(
            "topics-dominant",
            Area::Purposes,
            "One topic leads",
            format!(
                "Most of the education topics in your posts are about {} ({}){rest}. Is that the balance you want?",
                top.label.to_lowercase(),
                pct(share)
            ),
            vec![basis(
                &format!("topics[{ti}].posts"),
                &format!("posts on {}", top.code),
                num(top.posts),
            )],
        ));
    }
    None
}

fn teacher_chats(r: &Report, out: &mut Vec<Prompt>) {
    out.extend(chat_taken_part(r));
    out.extend(chat_read_along(r));
    if r.chats.is_empty() && r.totals.posts >= MIN_POSTS {
        out.push(teacher(
            "chats-none",
            Area::Chats,
            "No chats",
            "None of your posts were part of an education chat. Is there a chat in your subject or phase you could join, even just to read along?".to_string(),
            vec![basis("chats", "chats found", "0")],
        ));
    }
}

/// The first chat the person posted in.
fn chat_taken_part(r: &Report) -> Option<Prompt> {
    let active = r
        .chats
        .iter()
        .enumerate()
        .find(|(_, c)| !c.sessions.is_empty());
    let (i, c) = active?;
    let all = c.live_posts + c.later_posts;
    let live_share = if all == 0 {
        0.0
    } else {
        f64::from(c.live_posts) / f64::from(all)
    };
    let (title, question) = match c.role {
        Role::Moderator => (
            "You moderate a chat",
            "What have you learnt about asking questions that get teachers talking?",
        ),
        _ if c.later_posts > c.live_posts => (
            "You join a chat after the hour",
            "What makes you answer later rather than live, and who do you meet that way?",
        ),
        _ => (
            "You take part in a chat",
            "What did you take from the last session into your classroom?",
        ),
    };
    Some(teacher(
        &format!("chats-{}", c.tag.to_lowercase()),
        Area::Chats,
        title,
        format!(
            "You took part in #{} in {} {}, {} of your posts live. {question}",
            c.tag,
            num(c.sessions.len() as u64),
            if c.sessions.len() == 1 {
                "session"
            } else {
                "sessions"
            },
            pct(live_share)
        ),
        vec![
            basis(
                &format!("chats[{i}].sessions"),
                "sessions",
                num(c.sessions.len() as u64),
            ),
            basis(
                &format!("chats[{i}].live_posts"),
                "posts live",
                num(c.live_posts),
            ),
            basis(
                &format!("chats[{i}].later_posts"),
                "posts later",
                num(c.later_posts),
            ),
            basis(
                &format!("chats[{i}].role"),
                "role",
                c.role.label().to_lowercase(),
            ),
        ],
    ))
}

/// The chat the person read along most without posting.
fn chat_read_along(r: &Report) -> Option<Prompt> {
    let lurked = r
        .chats
        .iter()
        .enumerate()
        .filter(|(_, c)| c.role == Role::Lurker)
        .max_by(|a, b| {
            a.1.lurking
                .likes
                .cmp(&b.1.lurking.likes)
                .then(b.0.cmp(&a.0))
        });
    let (i, c) = lurked?;
    Some(teacher(
        &format!("chats-reading-{}", c.tag.to_lowercase()),
        Area::Chats,
        "You read along in a chat",
        format!(
            "You liked {} {} from #{} without posting there. Reading along counts: what keeps you reading rather than joining in?",
            num(c.lurking.likes),
            if c.lurking.likes == 1 {
                "post"
            } else {
                "posts"
            },
            c.tag
        ),
        vec![basis(
            &format!("chats[{i}].lurking.likes"),
            "liked chat posts",
            num(c.lurking.likes),
        )],
    ))
}

fn teacher_spaces_and_tools(r: &Report, out: &mut Vec<Prompt>) {
    out.extend(conferences(r));
    out.extend(one_site_leads(r));
    out.extend(little_research(r));
}

/// The conferences posted from: events with a year in their name (#ISTE2019, #nsta12).
/// Other bursts (a snow day, a final) are events too, but "what did you bring back" fits
/// only these.
fn conferences(r: &Report) -> Option<Prompt> {
    let mut biggest: Vec<(usize, &crate::chats::EventTag)> = r
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.year_in_name.is_some())
        .collect();
    biggest.sort_by(|a, b| b.1.posts.cmp(&a.1.posts).then(a.1.tag.cmp(&b.1.tag)));
    let &(i, e) = biggest.first()?;
    let tags: Vec<String> = biggest
        .iter()
        .take(3)
        .map(|(_, e)| format!("#{}", e.tag))
        .collect();
    Some(teacher(
        "spaces-events",
        Area::Spaces,
        "Conferences",
        format!(
            "You posted from {} {} ({}). What did you bring back, and who did you meet there that you still talk with?",
            num(biggest.len() as u64),
            if biggest.len() == 1 {
                "conference or event"
            } else {
                "conferences and events"
            },
            tags.join(", ")
        ),
        vec![basis(
            &format!("events[{i}].posts"),
            &format!("posts on #{}", e.tag),
            num(e.posts),
        )],
    ))
}

/// One known site takes most of the links. Shortened links (site unknown) count neither
/// way: only links to known sites do.
fn one_site_leads(r: &Report) -> Option<Prompt> {
    let linking = r.network.known_link_posts;
    if linking < MIN_LINK_POSTS {
        return None;
    }
    let top = r
        .network
        .tools
        .first()
        .filter(|t| t.kind != ToolKind::Shortener)?;
    let share = f64::from(top.posts) / f64::from(linking);
    (share >= DOMINANT_SITE_SHARE).then(|| {
        teacher(
            "tools-one-site",
            Area::Tools,
            "One site leads your links",
            format!(
                "{} of your links go to one site ({}). Where else do you find what you share?",
                pct(share),
                top.domain
            ),
            vec![basis(
                "tools[0].posts",
                &format!("posts linking to {}", top.domain),
                num(top.posts),
            )],
        )
    })
}

/// Few links (to known sites) go to research or universities.
fn little_research(r: &Report) -> Option<Prompt> {
    if r.network.known_link_posts < 2 * MIN_LINK_POSTS {
        return None;
    }
    let research = r
        .network
        .tool_kinds
        .iter()
        .position(|k| k.kind == ToolKind::Research);
    let share = research.map_or(0.0, |i| r.network.tool_kinds[i].share);
    (share < 0.05).then(|| {
        teacher(
            "tools-little-research",
            Area::Tools,
            "Little research",
            format!(
                "{} of your links go to research or universities. Where do you look for evidence about what works in class?",
                pct(share)
            ),
            vec![basis(
                &research.map_or("tool_kinds".to_string(), |i| format!("tool_kinds[{i}].share")),
                "links to research",
                pct(share),
            )],
        )
    })
}

fn teacher_change(r: &Report, out: &mut Vec<Prompt>) {
    let years = &r.network.people_by_year;
    // Compare the last year the archive covers for at least half of its months (an
    // archive downloaded in January would otherwise "lose" everyone).
    let last_full = years
        .iter()
        .rposition(|y| y.months >= MIN_MONTHS_FOR_A_YEAR);
    if let Some(i) = last_full
        && i >= 1
    {
        let last = &years[i];
        let prev = &years[i - 1];
        if prev.people >= 5 && f64::from(last.lost) >= 0.5 * f64::from(prev.people) {
            out.push(teacher(
                "change-lost-ties",
                Area::Change,
                "Ties that faded",
                format!(
                    "You interacted with {} people in {} that you did not interact with in {}. Is there anyone you miss?",
                    num(last.lost),
                    prev.year,
                    last.year
                ),
                vec![
                    basis(&format!("people_by_year[{i}].lost"), &format!("people not met again in {}", last.year), num(last.lost)),
                    basis(&format!("people_by_year[{}].people", i - 1), &format!("people in {}", prev.year), num(prev.people)),
                ],
            ));
        }
        if last.new >= 5 {
            out.push(teacher(
                "change-new-ties",
                Area::Change,
                "New people",
                format!(
                    "{} people joined your conversations for the first time in {}. How did you find them?",
                    num(last.new),
                    last.year
                ),
                vec![basis(&format!("people_by_year[{i}].new"), &format!("new people in {}", last.year), num(last.new))],
            ));
        }
        let peak = years
            .iter()
            .enumerate()
            .filter(|(_, y)| y.months >= MIN_MONTHS_FOR_A_YEAR)
            .max_by(|a, b| a.1.posts.cmp(&b.1.posts).then(b.0.cmp(&a.0)));
        if let Some((pi, peak)) = peak
            && pi != i
            && peak.posts >= MIN_POSTS as u32
            && f64::from(last.posts) < DROP_SHARE * f64::from(peak.posts)
        {
            out.push(teacher(
                "change-quieter",
                Area::Change,
                "Quieter now",
                format!(
                    "You posted {} times in {}, against {} in {}. What changed, and what do you get from your network now?",
                    num(last.posts),
                    last.year,
                    num(peak.posts),
                    peak.year
                ),
                vec![
                    basis(&format!("people_by_year[{i}].posts"), &format!("posts in {}", last.year), num(last.posts)),
                    basis(&format!("people_by_year[{pi}].posts"), &format!("posts in {}", peak.year), num(peak.posts)),
                ],
            ));
        }
    }
}

fn teacher_reading(r: &Report, out: &mut Vec<Prompt>) {
    let (likes, posts) = (r.totals.likes, r.totals.posts);
    if likes >= 30 && likes >= READING_RATIO * posts.max(1) {
        out.push(teacher(
            "reading-likes",
            Area::Reading,
            "You read more than you post",
            format!(
                "You liked {} posts and wrote {}. Reading along is participation too: which post you liked changed what you do in class?",
                num(likes),
                num(posts)
            ),
            vec![
                basis("totals.likes", "likes", num(likes)),
                basis("totals.posts", "posts", num(posts)),
            ],
        ));
    }
}

fn mentor(
    step: u32,
    area: Area,
    title: &str,
    text: String,
    questions: &[&str],
    basis: Vec<Basis>,
) -> Prompt {
    Prompt {
        id: format!("mentor-{step}-{}", area.code()),
        audience: Audience::Mentor,
        area,
        step: Some(step),
        title: title.to_string(),
        text,
        questions: questions.iter().map(|q| q.to_string()).collect(),
        basis,
    }
}

/// The mentor's walk-through: five steps, one per area, each a prompt of its own.
fn mentor_steps(r: &Report) -> Vec<Prompt> {
    vec![
        mentor_people(r),
        mentor_spaces(r),
        mentor_tools(r),
        mentor_purposes(r),
        mentor_change(r),
    ]
}

/// Step: People: who is in the network, and how concentrated.
fn mentor_people(r: &Report) -> Prompt {
    let c = &r.network.concentration;
    let strong = r
        .network
        .people
        .iter()
        .filter(|p| p.strength == TieStrength::Strong)
        .count() as u32;
    let people_text = if c.people == 0 {
        "Your mentee's posts name no one: no replies, mentions, reposts or quotes. Start from whose posts they read.".to_string()
    } else {
        format!(
            "Your mentee interacted with {} people. The five most frequent take {} of the interactions, as if they talked evenly with {}. {} {} strong (frequent, over months).",
            num(c.people),
            pct(c.top5_share),
            whole(c.effective_people),
            count_word(strong),
            if strong == 1 { "tie is" } else { "ties are" }
        )
    };
    mentor(
        1,
        Area::People,
        "People: who is in the network?",
        people_text,
        &[
            "Who are the five people you talk with most, and how did you meet them?",
            "Who is missing: a colleague in your own school, a teacher in another country, someone who disagrees with you?",
            "Which weak tie could become a stronger one, and what would it take?",
        ],
        vec![
            basis("concentration.people", "people", num(c.people)),
            basis(
                "concentration.top5_share",
                "share of the top five",
                pct(c.top5_share),
            ),
            basis(
                "concentration.effective_people",
                "people in effect",
                whole(c.effective_people),
            ),
        ],
    )
}

/// Step: Spaces: the hashtags, chats and events.
fn mentor_spaces(r: &Report) -> Prompt {
    let spaces_text = {
        let chats: Vec<String> = r
            .chats
            .iter()
            .take(3)
            .map(|ch| {
                format!(
                    "#{} ({}, {} sessions)",
                    ch.tag,
                    ch.role.label().to_lowercase(),
                    ch.sessions.len()
                )
            })
            .collect();
        format!(
            "{} hashtags in all. Chats: {}. Events: {}.",
            num(r.network.spaces.len() as u64),
            if chats.is_empty() {
                "none".to_string()
            } else {
                chats.join(", ")
            },
            if r.events.is_empty() {
                "none".to_string()
            } else {
                let mut events: Vec<&crate::chats::EventTag> = r.events.iter().collect();
                events.sort_by(|a, b| b.posts.cmp(&a.posts).then(a.tag.cmp(&b.tag)));
                events
                    .iter()
                    .take(3)
                    .map(|e| format!("#{} ({} posts)", e.tag, e.posts))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        )
    };
    mentor(
        2,
        Area::Spaces,
        "Spaces: where does the talk happen?",
        spaces_text,
        &[
            "Which space feels most like a community to you, and why?",
            "Is there a chat or hashtag for your subject or phase you have not tried?",
            "When do you read without posting, and what makes you post?",
        ],
        vec![
            basis("spaces", "hashtags", num(r.network.spaces.len() as u64)),
            basis("chats", "chats", num(r.chats.len() as u64)),
            basis("events", "events", num(r.events.len() as u64)),
        ],
    )
}

/// Step: Tools: the kinds of sites linked.
fn mentor_tools(r: &Report) -> Prompt {
    let tools_text = if r.network.tool_kinds.is_empty() {
        "No links in these posts.".to_string()
    } else {
        format!(
            "Links to {} sites. By kind: {}.",
            num(r.network.tools.len() as u64),
            r.network.tool_kinds_in_words()
        )
    };
    mentor(
        3,
        Area::Tools,
        "Tools: what is shared?",
        tools_text,
        &[
            "Which resource you shared have you used yourself, and how did it go?",
            "Where do you go for research evidence, and how do you judge it?",
            "What could you share that others could not find elsewhere?",
        ],
        vec![basis(
            "tools",
            "sites linked",
            num(r.network.tools.len() as u64),
        )],
    )
}

/// Step: Purposes: what the posts do, and how many talk with someone.
fn mentor_purposes(r: &Report) -> Prompt {
    let mix: Vec<String> = r
        .purposes
        .iter()
        .filter(|p| p.posts > 0)
        .map(|p| format!("{} {}", p.label.to_lowercase(), pct(p.share)))
        .collect();
    let purposes_text = format!(
        "What the posts do: {}. {} of the posts talk with someone; the rest broadcast.",
        if mix.is_empty() {
            "no posts".to_string()
        } else {
            mix.join(", ")
        },
        pct(r.network.conversation.conversing_share)
    );
    mentor(
        4,
        Area::Purposes,
        "Purposes: giving, asking, talking",
        purposes_text,
        &[
            "Do you give more than you ask, or the other way round? Is that what you want now?",
            "Pick one post that asks: did you get an answer, and from whom?",
            "Open \u{201c}Your posts\u{201d}: do you agree with how they were coded? Re-code the ones you would code differently.",
        ],
        vec![basis(
            "conversation.conversing_share",
            "posts that talk with someone",
            pct(r.network.conversation.conversing_share),
        )],
    )
}

/// Step: Change: posts and people, year by year.
fn mentor_change(r: &Report) -> Prompt {
    let change_text = if r.network.people_by_year.is_empty() {
        "No years to compare.".to_string()
    } else {
        let years: Vec<String> = r
            .network
            .people_by_year
            .iter()
            .map(|y| {
                format!(
                    "{}: {} posts, {} people ({} new, {} lost)",
                    y.year,
                    num(y.posts),
                    num(y.people),
                    num(y.new),
                    num(y.lost)
                )
            })
            .collect();
        years.join("; ") + "."
    };
    mentor(
        5,
        Area::Change,
        "Change: how has it moved over time?",
        change_text,
        &[
            "What happened in the year you posted most, and in the year you posted least?",
            "Which ties lasted, and why those?",
            "What would you like your network to look like a year from now?",
        ],
        vec![basis(
            "people_by_year",
            "years",
            num(r.network.people_by_year.len() as u64),
        )],
    )
}
