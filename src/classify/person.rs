//! Knowing the person: what one archive says about its author, worked out once before any
//! post is coded.
//!
//! In: the [`Archive`] (its owner's profile and every post's links and posting app) and the
//! [`Codebook`]. Out: [`OwnSites`] (the author's own sites, each with why we think so) and
//! [`ClientCues`] (which cues each posting app matches). Both feed the `own_site` signal
//! and the app cues of every post.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;

use super::Codebook;
use super::re;
use crate::model::{Archive, Link, Owner, Post};

/// Which cues each posting app matches, worked out once per distinct app (an archive has
/// a few dozen apps and many thousands of posts).
#[derive(Debug, Default)]
pub(crate) struct ClientCues {
    pub(crate) by_client: HashMap<Box<str>, Vec<usize>>,
}

impl ClientCues {
    pub(crate) fn of(archive: &Archive, cb: &Codebook) -> ClientCues {
        let mut by_client: HashMap<Box<str>, Vec<usize>> = HashMap::new();
        for post in &archive.posts {
            let Some(client) = post.client.as_deref() else {
                continue;
            };
            if by_client.contains_key(client) {
                continue;
            }
            let lower = client.to_lowercase();
            let cues = (0..cb.cues.len())
                .filter(|&i| cb.cues[i].clients.iter().any(|w| w.matches(&lower)))
                .collect();
            by_client.insert(client.into(), cues);
        }
        ClientCues { by_client }
    }

    pub(crate) fn of_post(&self, post: &Post) -> &[usize] {
        post.client
            .as_deref()
            .and_then(|c| self.by_client.get(c))
            .map_or(&[], Vec::as_slice)
    }
}

// ----- the author's own sites -------------------------------------------------------------

/// Sites that are the author's own, each with why we think so.
#[derive(Debug, Default)]
pub(crate) struct OwnSites {
    /// (site key, why) from the profile and blog tools.
    pub(crate) sites: Vec<(String, String)>,
    /// Name fragments (the handle, the joined display name) that make a site "theirs".
    pub(crate) names: Vec<String>,
}

/// The key identifying a site: its domain, or for WordPress short links `wp.me/<blog>`
/// (every wp.me link of one blog shares the blog part). `None` for shared hosts.
pub(crate) fn site_key(link: &Link, shared: &HashSet<String>) -> Option<String> {
    if &*link.domain == "wp.me" {
        let path = link.url.split("wp.me/").nth(1)?;
        let blog = path.split(['-', '/', '?']).next()?;
        return (!blog.is_empty()).then(|| format!("wp.me/{blog}"));
    }
    (!link.domain.is_empty() && !shared.contains(&*link.domain)).then(|| link.domain.to_string())
}

impl OwnSites {
    pub(crate) fn of(archive: &Archive, cb: &Codebook) -> OwnSites {
        let mut own = OwnSites::default();
        let owner: &Owner = &archive.owner;
        let add = |key: String, why: String, own: &mut OwnSites| {
            if !own.sites.iter().any(|(k, _)| *k == key) {
                own.sites.push((key, why));
            }
        };
        if let Some(site) = owner.website.as_deref() {
            let link = Link::new(site.trim());
            if let Some(key) = site_key(&link, &cb.shared_hosts) {
                add(
                    key.clone(),
                    format!("{key}, the site named in the profile"),
                    &mut own,
                );
            }
        }
        if let Some(bio) = owner.bio.as_deref() {
            static CELL: OnceLock<Regex> = OnceLock::new();
            let domains = re(
                &CELL,
                r"(?i)\b(?:https?://)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?:/[^\s]*)?",
            );
            for m in domains.find_iter(bio) {
                let text = m.as_str();
                let url = if text.contains("://") {
                    text.to_string()
                } else {
                    format!("https://{text}")
                };
                let link = Link::new(&url);
                if let Some(key) = site_key(&link, &cb.shared_hosts) {
                    add(
                        key.clone(),
                        format!("{key}, the site named in the profile"),
                        &mut own,
                    );
                }
            }
        }
        for name in [owner.handle.as_deref(), owner.display_name.as_deref()]
            .into_iter()
            .flatten()
        {
            let joined: String = name
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            // Short names ("jo", "msr") would match far too many sites.
            if joined.chars().count() >= 6 {
                own.names.push(joined);
            }
        }
        if !cb.own_site_clients.is_empty() {
            for post in &archive.posts {
                let Some(client) = post.client.as_deref() else {
                    continue;
                };
                let lower = client.to_lowercase();
                if !cb.own_site_clients.iter().any(|w| w.matches(&lower)) {
                    continue;
                }
                for link in &post.links {
                    if let Some(key) = site_key(link, &cb.shared_hosts) {
                        add(
                            key.clone(),
                            format!("{key}, a site the author publishes to from {client}"),
                            &mut own,
                        );
                    }
                }
            }
        }
        own
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.sites.is_empty() && self.names.is_empty()
    }

    /// Why `link` is the author's own site, if it is.
    pub(crate) fn why(&self, link: &Link, shared: &HashSet<String>) -> Option<String> {
        let key = site_key(link, shared)?;
        for (k, why) in &self.sites {
            let subdomain = key.len() > k.len()
                && key.ends_with(k.as_str())
                && key.as_bytes()[key.len() - k.len() - 1] == b'.';
            if key == *k || subdomain {
                return Some(why.clone());
            }
        }
        if link.domain.contains('.') {
            let squashed: String = link.domain.chars().filter(|c| *c != '-').collect();
            if self.names.iter().any(|n| squashed.contains(n.as_str())) {
                return Some(format!(
                    "{}, a site carrying the author's name",
                    link.domain
                ));
            }
        }
        None
    }
}
