//! The class view: many anonymous summaries side by side.
//!
//! In: the [`Summary`] files of a class (students', or the demo personas'). Out: a
//! [`ClassView`]: for each figure, every student's value and the class's spread (lowest,
//! median, highest); the chats and kinds of sites several students share; and questions
//! for the class to discuss. Students appear only by the pseudonym they chose (or
//! "Student N" in the order the files were read). Pure: the CLI (`pln-lens class`) and the
//! page's Worker both call [`ClassView::of`].

use serde::Serialize;

use crate::report::percent;
use crate::summary::{CodeShare, Summary};

/// The class, side by side.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassView {
    /// How many summaries were read.
    pub students: usize,
    /// Each student's name in the view: their pseudonym, or `Student N`.
    pub names: Vec<String>,
    /// One entry per figure, each with every student's value.
    pub figures: Vec<ClassFigure>,
    /// Public chats, by how many students took part (most first).
    pub chats: Vec<Common>,
    /// Kinds of sites linked to, by how many students (most first).
    pub tools: Vec<Common>,
    /// Questions for the class, drawn from the spread.
    pub prompts: Vec<String>,
}

/// One figure across the class.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassFigure {
    /// A stable key (`posts`, `purpose:share`, `conversing_share`, ...).
    pub key: String,
    /// What it is, for people.
    pub label: String,
    /// Whether the values are shares (0 to 1) rather than counts.
    pub share: bool,
    /// Each student's value, in the order of `names` (`None`: removed from the summary).
    pub values: Vec<Option<f64>>,
    /// The lowest value.
    pub min: Option<f64>,
    /// The median value.
    pub median: Option<f64>,
    /// The highest value.
    pub max: Option<f64>,
}

/// Something several students share: a chat or a kind of site.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Common {
    /// The chat's hashtag or the kind's code.
    pub key: String,
    /// Its name.
    pub label: String,
    /// The students who have it, by name.
    pub students: Vec<String>,
    /// Sessions (chats) or posts (sites) across the class.
    pub count: u32,
}

/// A figure every summary may have: its key, its label, whether its values are shares,
/// and how to read a student's value.
type FigureOf = (
    &'static str,
    &'static str,
    bool,
    fn(&Summary) -> Option<f64>,
);

/// The figures every summary may have, in the order the view shows them.
const FIGURES: [FigureOf; 10] = [
    ("posts", "Posts", false, |s| {
        s.activity.as_ref().map(|a| a.posts as f64)
    }),
    ("active_months", "Months with posts", false, |s| {
        s.activity.as_ref().map(|a| f64::from(a.active_months))
    }),
    ("likes", "Posts liked", false, |s| {
        s.activity.as_ref().map(|a| a.likes as f64)
    }),
    (
        "conversing_share",
        "Share of posts that talk with someone",
        true,
        |s| s.conversation.as_ref().map(|c| c.conversing_share),
    ),
    ("people", "People interacted with", false, |s| {
        s.network.as_ref().map(|n| f64::from(n.people))
    }),
    (
        "top5_share",
        "Share of interactions with the top 5 people",
        true,
        |s| s.network.as_ref().map(|n| n.top5_share),
    ),
    (
        "kept_share",
        "Share of a year's people also met the year before",
        true,
        |s| s.network.as_ref().and_then(|n| n.kept_share),
    ),
    ("chats", "Chats taken part in", false, |s| {
        s.chats.as_ref().map(|c| c.len() as f64)
    }),
    ("chat_sessions", "Chat sessions", false, |s| {
        s.chats
            .as_ref()
            .map(|c| c.iter().map(|c| f64::from(c.sessions)).sum())
    }),
    ("hashtags", "Different hashtags", false, |s| {
        s.activity.as_ref().map(|a| f64::from(a.hashtags))
    }),
];

impl ClassView {
    /// The class view of `summaries`, in the order given.
    pub fn of(summaries: &[Summary]) -> ClassView {
        let names = names(summaries);
        let mut figures: Vec<ClassFigure> = FIGURES
            .iter()
            .map(|&(key, label, share, value)| figure(key, label, share, summaries, value))
            .collect();
        figures.extend(code_figures(summaries, "purpose", "Purpose", |s| {
            s.purposes.as_deref()
        }));
        figures.extend(code_figures(summaries, "topic", "Topic", |s| {
            s.topics.as_deref()
        }));
        let chats = common_chats(summaries, &names);
        let tools = common_tools(summaries, &names);
        let prompts = prompts(&figures, &chats, &names);
        ClassView {
            students: summaries.len(),
            names,
            figures,
            chats,
            tools,
            prompts,
        }
    }
}

/// Each student's name in the view: their pseudonym, or `Student N` in reading order.
fn names(summaries: &[Summary]) -> Vec<String> {
    summaries
        .iter()
        .enumerate()
        .map(|(i, s)| {
            s.pseudonym
                .clone()
                .unwrap_or_else(|| format!("Student {}", i + 1))
        })
        .collect()
}

/// One figure per purpose or topic code (`part`, `what` for people) that any student
/// has, in first-seen order: the share of the student's posts with it (0 where their mix
/// lacks it, none where the summary left the mix out).
fn code_figures(
    summaries: &[Summary],
    part: &str,
    what: &str,
    codes: fn(&Summary) -> Option<&[CodeShare]>,
) -> Vec<ClassFigure> {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for c in summaries.iter().flat_map(|s| codes(s).unwrap_or_default()) {
        if !seen.iter().any(|(code, _)| *code == c.code) {
            seen.push((&c.code, &c.label));
        }
    }
    seen.into_iter()
        .map(|(code, label)| {
            figure(
                &format!("{part}:{code}"),
                &format!("{what}: {label} (share of posts)"),
                true,
                summaries,
                |s| codes(s).map(|cs| cs.iter().find(|c| c.code == code).map_or(0.0, |c| c.share)),
            )
        })
        .collect()
}

/// One figure: every student's value and the class's spread.
fn figure(
    key: &str,
    label: &str,
    share: bool,
    summaries: &[Summary],
    value: impl Fn(&Summary) -> Option<f64>,
) -> ClassFigure {
    let values: Vec<Option<f64>> = summaries.iter().map(value).collect();
    let mut known: Vec<f64> = values.iter().flatten().copied().collect();
    known.sort_by(f64::total_cmp);
    let median = match known.len() {
        0 => None,
        n if n % 2 == 1 => Some(known[n / 2]),
        n => Some((known[n / 2 - 1] + known[n / 2]) / 2.0),
    };
    ClassFigure {
        key: key.to_string(),
        label: label.to_string(),
        share,
        min: known.first().copied(),
        median,
        max: known.last().copied(),
        values,
    }
}

impl Common {
    fn new(key: String, label: String) -> Common {
        Common {
            key,
            label,
            students: Vec::new(),
            count: 0,
        }
    }
}

/// The entry for `key`, added to the end (made by `new`) the first time it is met.
fn entry<'a>(out: &'a mut Vec<Common>, key: &str, new: impl FnOnce() -> Common) -> &'a mut Common {
    let i = match out.iter().position(|o| o.key == key) {
        Some(i) => i,
        None => {
            out.push(new());
            out.len() - 1
        }
    };
    &mut out[i]
}

/// Most students first, then most sessions or posts (a stable sort: ties keep first-seen
/// order).
fn most_shared_first(out: &mut [Common]) {
    out.sort_by(|a, b| {
        b.students
            .len()
            .cmp(&a.students.len())
            .then(b.count.cmp(&a.count))
    });
}

fn common_chats(summaries: &[Summary], names: &[String]) -> Vec<Common> {
    let mut out: Vec<Common> = Vec::new();
    for (s, name) in summaries.iter().zip(names) {
        for c in s.chats.iter().flatten() {
            // Chats found only from a person's own posts carry no tag: nothing to share.
            let Some(tag) = &c.tag else { continue };
            let key = tag.to_lowercase();
            let chat = entry(&mut out, &key, || {
                let label = c.name.clone().unwrap_or_else(|| format!("#{tag}"));
                Common::new(key.clone(), label)
            });
            // Two tags that differ only in case are one chat, and one student.
            if !chat.students.contains(name) {
                chat.students.push(name.clone());
            }
            chat.count += c.sessions;
        }
    }
    most_shared_first(&mut out);
    out
}

fn common_tools(summaries: &[Summary], names: &[String]) -> Vec<Common> {
    let mut out: Vec<Common> = Vec::new();
    for (s, name) in summaries.iter().zip(names) {
        for t in s.tools.iter().flatten().filter(|t| t.posts > 0) {
            let kind = entry(&mut out, &t.kind, || {
                Common::new(t.kind.clone(), t.label.clone())
            });
            kind.students.push(name.clone());
            kind.count += t.posts;
        }
    }
    most_shared_first(&mut out);
    out
}

/// Who has the highest and lowest value of a figure, by name.
fn extremes<'a>(f: &ClassFigure, names: &'a [String]) -> Option<(&'a str, &'a str)> {
    let known: Vec<(usize, f64)> = f
        .values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    let hi = known.iter().max_by(|a, b| a.1.total_cmp(&b.1))?;
    let lo = known.iter().min_by(|a, b| a.1.total_cmp(&b.1))?;
    (hi.0 != lo.0).then(|| (names[hi.0].as_str(), names[lo.0].as_str()))
}

fn prompts(figures: &[ClassFigure], chats: &[Common], names: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let get = |key: &str| figures.iter().find(|f| f.key == key);
    if let Some(f) = get("conversing_share")
        && let (Some(lo), Some(hi)) = (f.min, f.max)
        && let Some((top, bottom)) = extremes(f, names)
    {
        out.push(format!(
            "Talking with people ranges from {} of posts ({bottom}) to {} ({top}). What does each way of posting give a teacher, and what does it cost?",
            percent(lo),
            percent(hi)
        ));
    }
    if let Some(f) = get("top5_share")
        && let Some(hi) = f.max
        && hi >= 0.5
        && let Some((top, _)) = extremes(f, names)
    {
        out.push(format!(
            "For {top}, five people take {} of all interactions. Is a small close circle a strength or a risk for learning?",
            percent(hi)
        ));
    }
    if let Some(c) = chats.first()
        && c.students.len() > 1
    {
        out.push(format!(
            "{} of {} of you took part in {}. What did the chat give you that a hashtag alone does not?",
            c.students.len(),
            names.len(),
            c.label
        ));
    }
    if let Some(f) = get("likes")
        && let Some(p) = get("posts")
    {
        // A reader: many likes, few posts.
        let readers: Vec<&str> = f
            .values
            .iter()
            .zip(&p.values)
            .zip(names)
            .filter(|((l, p), _)| matches!((l, p), (Some(l), Some(p)) if *l > 5.0 * p.max(1.0)))
            .map(|(_, n)| n.as_str())
            .collect();
        if !readers.is_empty() {
            out.push(format!(
                "{} liked far more than they posted. Is reading along taking part in a network?",
                readers.join(", ")
            ));
        }
    }
    out.push(
        "Which figure here would you most like to change in your own network over the next year, and how?"
            .to_string(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::{ChatTaken, ConversationShare, KIND};

    fn student(pseudonym: Option<&str>, conversing: f64, chat: Option<&str>) -> Summary {
        Summary {
            kind: KIND.into(),
            format_version: 1,
            pseudonym: pseudonym.map(str::to_string),
            platform: "x".into(),
            first_month: None,
            last_month: None,
            activity: None,
            purposes: None,
            topics: None,
            conversation: Some(ConversationShare {
                conversing: 1,
                broadcasting: 1,
                conversing_share: conversing,
            }),
            chats: Some(
                chat.map(|t| ChatTaken {
                    tag: Some(t.into()),
                    name: None,
                    role: "participant".into(),
                    sessions: 2,
                    live_posts: 4,
                    later_posts: 0,
                    questions: 0,
                    answers: 2,
                    liked_posts: 0,
                    first_month: None,
                    last_month: None,
                })
                .into_iter()
                .collect(),
            ),
            network: None,
            tools: None,
            over_time: None,
        }
    }

    #[test]
    fn students_sit_by_pseudonym_and_share_chats() {
        let class = ClassView::of(&[
            student(Some("Owl"), 0.2, Some("edchat")),
            student(None, 0.6, Some("EdChat")),
            student(Some("Fox"), 0.4, None),
        ]);
        assert_eq!(class.students, 3);
        assert_eq!(class.names, ["Owl", "Student 2", "Fox"]);
        let f = class
            .figures
            .iter()
            .find(|f| f.key == "conversing_share")
            .unwrap();
        assert_eq!(f.values, [Some(0.2), Some(0.6), Some(0.4)]);
        assert_eq!((f.min, f.median, f.max), (Some(0.2), Some(0.4), Some(0.6)));
        // A removed part is missing, not zero.
        let posts = class.figures.iter().find(|f| f.key == "posts").unwrap();
        assert_eq!(posts.values, [None, None, None]);
        assert_eq!(class.chats.len(), 1);
        assert_eq!(class.chats[0].students, ["Owl", "Student 2"]);
        assert_eq!(class.chats[0].count, 4);
        assert!(
            class.prompts[0].contains("Student 2"),
            "{:?}",
            class.prompts
        );
    }
}
