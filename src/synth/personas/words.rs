//! The demo personas' word lists, read from `data/personas/<id>.toml`.
//!
//! In: the TOML files, compiled in (so `pln-lens generate` needs no data folder and every
//! run writes the same archive). Out: each persona's [`Words`]: named lists of texts, of
//! (text, link) pairs, the sites it links to, its chat themes and its chat voice.
//!
//! The lists are read once per process and kept for its life (leaked into `&'static`):
//! the persona code picks from them as it did from the constants they used to be, and a
//! few dozen kilobytes held until exit cost nothing worth a lifetime parameter.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::{Theme, Voice};

/// The personas' files, by id.
const FILES: [(&str, &str); 4] = [
    (
        "early-career",
        include_str!("../../../data/personas/early-career.toml"),
    ),
    (
        "experienced",
        include_str!("../../../data/personas/experienced.toml"),
    ),
    ("leader", include_str!("../../../data/personas/leader.toml")),
    ("reader", include_str!("../../../data/personas/reader.toml")),
];

/// One persona's words.
pub(crate) struct Words {
    lists: HashMap<String, &'static [&'static str]>,
    pairs: HashMap<String, &'static [(&'static str, &'static str)]>,
    text: HashMap<String, &'static str>,
    /// Sites with the paths of the pages linked there.
    pub sites: &'static [(&'static str, &'static [&'static str])],
    /// Chat themes: a topic, five questions, answers.
    pub themes: &'static [Theme],
    /// How the persona speaks in a chat session.
    pub voice: Voice<'static>,
}

impl Words {
    /// The list `name` (`[lists]`); a missing one is a bug in the persona, caught by its
    /// tests.
    pub fn list(&self, name: &str) -> &'static [&'static str] {
        self.lists
            .get(name)
            .unwrap_or_else(|| panic!("no list {name:?} in the persona's words"))
    }

    /// The (text, link) pairs `name` (`[pairs]`).
    pub fn pairs(&self, name: &str) -> &'static [(&'static str, &'static str)] {
        self.pairs
            .get(name)
            .unwrap_or_else(|| panic!("no pairs {name:?} in the persona's words"))
    }

    /// The text `name` (`[text]`).
    pub fn text(&self, name: &str) -> &'static str {
        self.text
            .get(name)
            .unwrap_or_else(|| panic!("no text {name:?} in the persona's words"))
    }
}

/// The words of persona `id`.
pub(crate) fn of(id: &str) -> &'static Words {
    static ALL: LazyLock<HashMap<&str, Words>> = LazyLock::new(|| {
        FILES
            .iter()
            .map(|(id, text)| {
                let raw: RawWords =
                    toml::from_str(text).unwrap_or_else(|e| panic!("data/personas/{id}.toml: {e}"));
                (*id, raw.into_words())
            })
            .collect()
    });
    ALL.get(id)
        .unwrap_or_else(|| panic!("no words for persona {id:?}"))
}

/// A file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWords {
    #[serde(default)]
    text: HashMap<String, String>,
    #[serde(default)]
    lists: HashMap<String, Vec<String>>,
    #[serde(default)]
    pairs: HashMap<String, Vec<(String, String)>>,
    #[serde(default)]
    sites: Vec<RawSite>,
    #[serde(default)]
    themes: Vec<RawTheme>,
    /// None for a persona who never posts in a chat.
    #[serde(default)]
    voice: RawVoice,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    site: String,
    paths: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    topic: String,
    questions: Vec<String>,
    answers: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawVoice {
    hello: Vec<String>,
    thanks: Vec<String>,
    later: Vec<String>,
    follow_up: Vec<String>,
    to_peer: Vec<String>,
}

fn text(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn texts(v: Vec<String>) -> &'static [&'static str] {
    Box::leak(v.into_iter().map(text).collect::<Box<[_]>>())
}

impl RawWords {
    fn into_words(self) -> Words {
        let themes: Vec<Theme> = self
            .themes
            .into_iter()
            .map(|t| Theme {
                topic: text(t.topic),
                questions: texts(t.questions)
                    .try_into()
                    .expect("a theme has five questions"),
                answers: texts(t.answers),
            })
            .collect();
        let sites: Vec<(&str, &[&str])> = self
            .sites
            .into_iter()
            .map(|s| (text(s.site), texts(s.paths)))
            .collect();
        Words {
            lists: self.lists.into_iter().map(|(k, v)| (k, texts(v))).collect(),
            pairs: self
                .pairs
                .into_iter()
                .map(|(k, v)| {
                    let pairs: Box<[_]> = v.into_iter().map(|(a, b)| (text(a), text(b))).collect();
                    (k, &*Box::leak(pairs))
                })
                .collect(),
            text: self.text.into_iter().map(|(k, v)| (k, text(v))).collect(),
            sites: Box::leak(sites.into_boxed_slice()),
            themes: Box::leak(themes.into_boxed_slice()),
            voice: Voice {
                hello: texts(self.voice.hello),
                thanks: texts(self.voice.thanks),
                later: texts(self.voice.later),
                follow_up: texts(self.voice.follow_up),
                to_peer: texts(self.voice.to_peer),
            },
        }
    }
}
