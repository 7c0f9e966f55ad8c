//! Import: one module per platform, each turning an export into the platform-neutral
//! model.
//!
//! In: an opened [`Container`]. Out: which platform made the export and where inside the
//! container it lives ([`Detected`], from entry names alone), then the platform-neutral
//! [`Archive`] ([`import`]).
//!
//! Every platform fills the one skeleton in `importer`: its module names the paths that
//! identify its export (`MARKERS`, used by [`detect`]), plans the data files to read, and
//! maps one element to a [`crate::model::Post`]. Streaming, progress, cancelling, the
//! accounting of every element and the warnings about damaged files are the skeleton's.
//! Adding a platform: a module with those three parts, a [`Platform`] variant with its
//! label, and one arm in `import_platform`.

pub(crate) mod bluesky;
pub(crate) mod collect;
pub(crate) mod collection;
pub mod elements;
pub(crate) mod grailbird;
pub(crate) mod html;
pub(crate) mod importer;
pub(crate) mod lenient;
pub(crate) mod mastodon;
pub mod merge;
pub(crate) mod stream;
pub mod text;
pub(crate) mod x;

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Archive, PostKind};
use crate::progress::Progress;
use crate::read::{Container, find_root};

/// The platforms (and export generations) PLN Lens reads.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// X/Twitter "Download your data" archive, 2019 onward (`data/tweet(s).js`).
    X,
    /// Legacy Twitter archive before 2019 (`tweets.csv`, `data/js/tweets/*.js`).
    TwitterLegacy,
    /// Mastodon account archive (`outbox.json`, `actor.json`).
    Mastodon,
    /// Bluesky repository export (a `.car` file).
    Bluesky,
}

impl Platform {
    /// A name for people.
    pub fn label(self) -> &'static str {
        match self {
            Platform::X => "X/Twitter archive",
            Platform::TwitterLegacy => "legacy Twitter archive (before 2019)",
            Platform::Mastodon => "Mastodon archive",
            Platform::Bluesky => "Bluesky repository",
        }
    }
}

/// A recognised export: its platform and the folder it sits under inside the container
/// (`""` at the root, or the top folder a re-zip added).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    /// The platform that made the export.
    pub platform: Platform,
    /// The prefix to put before the export's own paths.
    pub root: String,
}

/// Paths whose presence identifies each platform's export (each platform's module names
/// its own), most specific first.
const MARKERS: &[(Platform, &[&str])] = &[
    (Platform::X, x::MARKERS),
    (Platform::TwitterLegacy, grailbird::MARKERS),
    (Platform::Mastodon, mastodon::MARKERS),
    (Platform::Bluesky, bluesky::MARKERS),
];

/// Recognises the platform from the entry names alone.
pub fn detect(container: &dyn Container) -> Result<Detected> {
    let entries = container.entries();
    for (platform, markers) in MARKERS {
        if let Some(root) = find_root(entries, markers) {
            return Ok(Detected {
                platform: *platform,
                root: root.to_string(),
            });
        }
    }
    // A zip recovered after a cut: the export's files may be what was cut off.
    if let Some(cut) = container
        .problems()
        .iter()
        .find(|p| p.kind == ErrorKind::Truncated)
    {
        return Err(Error::new(ErrorKind::Truncated, cut.message.clone()));
    }
    Err(Error::new(
        ErrorKind::UnknownPlatform,
        format!(
            "the {} holds {} files but none of an X, Mastodon or Bluesky export (no data/tweets.js, tweets.csv or outbox.json)",
            container.kind(),
            entries.len()
        ),
    ))
}

/// Reads a detected export into the model.
pub fn import(
    container: &mut dyn Container,
    detected: &Detected,
    progress: &mut dyn Progress,
) -> Result<Archive> {
    let mut archive = import_platform(container, detected, progress)?;
    archive.platforms = vec![detected.platform; archive.posts.len()];
    mark_threads(&mut archive);
    Ok(archive)
}

/// A reply to one of the archive's own posts is a thread continuation, whatever the export
/// says (or fails to say) about its owner.
fn mark_threads(archive: &mut Archive) {
    let own: std::collections::HashSet<&str> = archive.posts.iter().map(|p| &*p.id).collect();
    let threads: Vec<usize> = archive
        .posts
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            p.kind == PostKind::Reply
                && p.reply_to
                    .as_ref()
                    .and_then(|r| r.post_id.as_deref())
                    .is_some_and(|id| own.contains(id))
        })
        .map(|(i, _)| i)
        .collect();
    for i in threads {
        archive.posts[i].kind = PostKind::Thread;
    }
}

fn import_platform(
    container: &mut dyn Container,
    detected: &Detected,
    progress: &mut dyn Progress,
) -> Result<Archive> {
    match detected.platform {
        Platform::X => x::import(container, &detected.root, progress),
        Platform::TwitterLegacy => grailbird::import(container, &detected.root, progress),
        Platform::Mastodon => mastodon::import(container, &detected.root, progress),
        Platform::Bluesky => bluesky::import(container, progress),
    }
}
