//! Knowing the person: what one archive says about its author, worked out once before any
//! post is coded.
//!
//! In: the [`Archive`] (its owner's profile and every post's links, words and posting app)
//! and the [`Codebook`]. Out: a [`Person`]: [`OwnSites`] (the author's own sites and apps,
//! each with why we think so: named in the profile, carrying their name or handle, posted
//! to from a blog tool, or linked again and again with words of their own work),
//! [`ClientCues`] (which cues each posting app matches) and [`Habits`] (which sites they
//! link most, which texts they post more than once). These feed the `own_site` and
//! `repeated` signals, the app cues, and the learned model's person-relative features.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::codebook::{self, Codebook};

use crate::model::{Archive, Link, Owner, Post, PostKind};

/// What the archive says about its author, for coding each of their posts.
#[derive(Debug, Default)]
pub(crate) struct Person {
    pub(crate) own: OwnSites,
    pub(crate) clients: ClientCues,
    pub(crate) habits: Habits,
}

impl Person {
    pub(crate) fn of(archive: &Archive, cb: &Codebook) -> Person {
        Person {
            own: OwnSites::of(archive, cb),
            clients: ClientCues::of(archive, cb),
            habits: Habits::of(archive, cb),
        }
    }
}

/// How the author posts, as a whole: which of their sites they link most, and which texts
/// they post more than once (a blog post sent out again by a scheduler, a standing
/// announcement). Relative to the person, so what it means carries from person to person.
#[derive(Debug, Default)]
pub(crate) struct Habits {
    /// Site key -> its rank among the sites the author links (1 = most posts), for the
    /// ten most linked sites that are not shared hosts.
    pub(crate) site_rank: HashMap<String, u32>,
    /// Hashes of own texts (links removed, in word form, at least four words) that appear
    /// in two posts or more.
    pub(crate) repeated: HashSet<u64>,
}

/// How many of a person's most linked sites get a rank.
const RANKED_SITES: usize = 10;
/// A text must have at least this many words to count as repeated (not "thanks!").
const REPEATED_MIN_WORDS: usize = 4;

impl Habits {
    pub(crate) fn of(archive: &Archive, cb: &Codebook) -> Habits {
        let mut per_site: HashMap<String, u32> = HashMap::new();
        let mut texts: HashMap<u64, u32> = HashMap::new();
        let mut text = String::new();
        let mut words = String::new();
        for post in &archive.posts {
            if post.kind == PostKind::Repost {
                continue;
            }
            let mut keys: Vec<String> = post
                .links
                .iter()
                .filter_map(|l| site_key(l, &cb.shared_hosts))
                .collect();
            keys.dedup();
            for key in keys {
                *per_site.entry(key).or_default() += 1;
            }
            if let Some(hash) = text_hash(&post.text, &mut text, &mut words) {
                *texts.entry(hash).or_default() += 1;
            }
        }
        let mut sites: Vec<(String, u32)> = per_site.into_iter().collect();
        sites.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let site_rank = sites
            .into_iter()
            .take(RANKED_SITES)
            .enumerate()
            .map(|(i, (key, _))| (key, i as u32 + 1))
            .collect();
        let repeated = texts
            .into_iter()
            .filter(|(_, n)| *n >= 2)
            .map(|(h, _)| h)
            .collect();
        Habits {
            site_rank,
            repeated,
        }
    }

    /// Whether this post's own text is one the author posted more than once.
    pub(crate) fn is_repeated(&self, post: &Post) -> bool {
        if self.repeated.is_empty() || post.kind == PostKind::Repost {
            return false;
        }
        let (mut text, mut words) = (String::new(), String::new());
        text_hash(&post.text, &mut text, &mut words).is_some_and(|h| self.repeated.contains(&h))
    }

    /// The best rank among the post's linked sites, if any is ranked.
    pub(crate) fn best_site_rank(&self, post: &Post, shared: &HashSet<String>) -> Option<u32> {
        post.links
            .iter()
            .filter_map(|l| site_key(l, shared))
            .filter_map(|k| self.site_rank.get(&k).copied())
            .min()
    }
}

/// A hash of a post's text with links removed, in word form, when it has enough words.
fn text_hash(raw: &str, text: &mut String, words: &mut String) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    super::reading::strip_links_into(raw, text);
    codebook::word_text_into(text, words);
    if words.split_ascii_whitespace().count() < REPEATED_MIN_WORDS {
        return None;
    }
    let mut hasher = rustc_hash::FxHasher::default();
    words.hash(&mut hasher);
    Some(hasher.finish())
}

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

/// Sites and apps that are the author's own, each with why we think so.
#[derive(Debug, Default)]
pub(crate) struct OwnSites {
    /// (site key, why): from the profile, blog tools, and sites linked again and again
    /// with words of one's own work.
    pub(crate) sites: Vec<(String, String)>,
    /// Name fragments (the handle, the joined display name) that make a site "theirs".
    pub(crate) names: Vec<String>,
    /// The handle, lowercased: a page under it on a shared host (`paper.li/handle`,
    /// `slideshare.net/handle/...`) is theirs.
    pub(crate) handle: Option<String>,
    /// Apps named after the author or their site ("Learning is Change Blog"), lowercased,
    /// with why: what such an app sends is the author's own.
    pub(crate) apps: Vec<(String, String)>,
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

/// Letters and digits only, lowercased: "Learning is Change" -> "learningischange".
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The first path segments of a URL that may name an account: `/handle/...`, or
/// `/user/handle`, `/photos/handle`, `/channel/handle`, `/c/handle`, `/u/handle`.
fn account_in_path(url: &str) -> Option<&str> {
    let rest = url.split("://").nth(1).unwrap_or(url);
    let mut segments = rest
        .split(['/', '?', '#'])
        .skip(1)
        .filter(|s| !s.is_empty());
    let first = segments.next()?;
    let first = first.trim_start_matches('@');
    if matches!(
        first,
        "user" | "users" | "photos" | "channel" | "c" | "u" | "people"
    ) {
        return segments.next();
    }
    Some(first)
}

/// How many of a site's posts must carry words of one's own work ("my new post") before
/// the site counts as the author's: at least this many...
const OWN_WORK_POSTS: u32 = 2;
/// ...and at least this share of all the posts linking to it (a news site a person quotes
/// daily, with "my" now and then, stays a news site).
const OWN_WORK_SHARE: f64 = 0.2;

impl OwnSites {
    pub(crate) fn of(archive: &Archive, cb: &Codebook) -> OwnSites {
        let mut own = OwnSites::default();
        let owner: &Owner = &archive.owner;
        own.add_profile_sites(owner, cb);
        for name in [owner.handle.as_deref(), owner.display_name.as_deref()]
            .into_iter()
            .flatten()
        {
            let joined = squash(name);
            // Short names ("jo", "msr") would match far too many sites.
            if joined.chars().count() >= 6 {
                own.names.push(joined);
            }
        }
        own.handle = owner
            .handle
            .as_deref()
            .map(|h| h.trim_start_matches('@').to_lowercase())
            .filter(|h| h.len() >= 3);
        own.add_blog_tool_sites(archive, cb);
        own.add_own_apps(archive);
        own.add_own_work_sites(archive, cb);
        own
    }

    fn add(&mut self, key: String, why: String) {
        if !self.sites.iter().any(|(k, _)| *k == key) {
            self.sites.push((key, why));
        }
    }

    /// The website and any site named in the bio.
    fn add_profile_sites(&mut self, owner: &Owner, cb: &Codebook) {
        let mut found = Vec::new();
        if let Some(site) = owner.website.as_deref() {
            found.push(Link::new(site.trim()));
        }
        if let Some(bio) = owner.bio.as_deref() {
            static CELL: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(r"(?i)\b(?:https?://)?((?:[a-z0-9-]+\.)+[a-z]{2,})(?:/[^\s]*)?")
                    .expect("a built-in pattern")
            });
            let domains = &*CELL;
            for m in domains.find_iter(bio) {
                let text = m.as_str();
                let url = if text.contains("://") {
                    text.to_string()
                } else {
                    format!("https://{text}")
                };
                found.push(Link::new(&url));
            }
        }
        for link in found {
            if let Some(key) = site_key(&link, &cb.shared_hosts) {
                self.add(key.clone(), format!("{key}, the site named in the profile"));
            }
        }
    }

    /// Sites the author publishes to from a blog tool (WordPress, dlvr.it...).
    fn add_blog_tool_sites(&mut self, archive: &Archive, cb: &Codebook) {
        if cb.own_site_clients.is_empty() {
            return;
        }
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
                    self.add(
                        key.clone(),
                        format!("{key}, a site the author publishes to from {client}"),
                    );
                }
            }
        }
    }

    /// Apps whose name carries the author's name or handle, or the name of a site already
    /// known to be theirs ("Learning is Change Blog" for learningischange.com): blogs and
    /// newsletters register such apps to post their new pieces.
    fn add_own_apps(&mut self, archive: &Archive) {
        let site_names: Vec<String> = self
            .sites
            .iter()
            .filter_map(|(key, _)| {
                let label = key.split('/').next()?.split('.').rev().nth(1)?;
                let squashed = squash(label);
                (squashed.len() >= 6).then_some((squashed, key.clone()))
            })
            .map(|(name, _)| name)
            .collect();
        let mut seen: HashSet<&str> = HashSet::new();
        for post in &archive.posts {
            let Some(client) = post.client.as_deref() else {
                continue;
            };
            if !seen.insert(client) {
                continue;
            }
            let squashed = squash(client);
            let why = if let Some(n) = self.names.iter().find(|n| squashed.contains(n.as_str())) {
                format!("sent from {client}, an app carrying the author's name ({n})")
            } else if let Some(n) = site_names.iter().find(|n| squashed.contains(n.as_str())) {
                format!("sent from {client}, an app named after the author's site ({n})")
            } else {
                continue;
            };
            self.apps.push((client.to_lowercase(), why));
        }
    }

    /// Sites the author links to again and again with words of their own work ("my new
    /// post", "I wrote", as the codebook's self-promotion cues list them): the blog or
    /// podcast that the profile does not name.
    fn add_own_work_sites(&mut self, archive: &Archive, cb: &Codebook) {
        let own_work = cb.own_work_cues();
        if own_work.is_empty() {
            return;
        }
        // site key -> (posts linking it, of them with words of one's own work)
        let mut counts: HashMap<String, (u32, u32)> = HashMap::new();
        let mut text = String::new();
        let mut words = String::new();
        let mut hits = Vec::new();
        for post in &archive.posts {
            if post.kind == PostKind::Repost {
                continue;
            }
            let keys: Vec<String> = post
                .links
                .iter()
                .filter_map(|l| site_key(l, &cb.shared_hosts))
                .collect();
            if keys.is_empty() {
                continue;
            }
            super::reading::strip_links_into(&post.text, &mut text);
            codebook::word_text_into(&text, &mut words);
            cb.term_hits(&words, &mut hits);
            let mine = own_work.iter().any(|&ci| hits[ci].is_some());
            for key in keys {
                let c = counts.entry(key).or_default();
                c.0 += 1;
                c.1 += u32::from(mine);
            }
        }
        let mut found: Vec<(String, u32, u32)> = counts
            .into_iter()
            .filter(|(_, (all, mine))| {
                *mine >= OWN_WORK_POSTS && f64::from(*mine) >= OWN_WORK_SHARE * f64::from(*all)
            })
            .map(|(k, (all, mine))| (k, all, mine))
            .collect();
        found.sort();
        for (key, all, mine) in found {
            self.add(
                key.clone(),
                format!(
                    "{key}, a site the author links to with words of their own work ({mine} of {all} posts)"
                ),
            );
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.sites.is_empty() && self.names.is_empty() && self.handle.is_none()
    }

    /// Why `link` is the author's own site, if it is.
    pub(crate) fn why(&self, link: &Link, shared: &HashSet<String>) -> Option<String> {
        if let Some(handle) = self.handle.as_deref()
            && !link.domain.is_empty()
            && !matches!(
                &*link.domain,
                "twitter.com" | "x.com" | "mobile.twitter.com"
            )
            && account_in_path(&link.url).is_some_and(|a| a.eq_ignore_ascii_case(handle))
        {
            return Some(format!(
                "{}/{handle}, the author's own page there",
                link.domain
            ));
        }
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

    /// Why the app `client` (as written) is the author's own, if it is.
    pub(crate) fn app_why(&self, client: &str) -> Option<&str> {
        let lower = client.to_lowercase();
        self.apps
            .iter()
            .find(|(a, _)| *a == lower)
            .map(|(_, why)| why.as_str())
    }
}
