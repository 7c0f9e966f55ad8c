//! Tools: what kind of site each shared link goes to.
//!
//! In: a link's domain, whether it is the person's own site (the classifier's reading of
//! the profile), and the site list `data/sites.csv` (embedded, [`BUILTIN_CSV`]). Out: a
//! [`ToolKind`] with the rule that gave it, so the report can say why `youtube.com` is
//! "video". A row matches the site and its subdomains (`en.wikipedia.org` is
//! `wikipedia.org`); a row starting with `.` matches every site ending so (`.edu`).

use std::collections::HashMap;

use serde::Serialize;

/// The built-in site list.
pub const BUILTIN_CSV: &str = include_str!("../../data/sites.csv");

/// The kind of tool a link is (the "tools" of Krutka, Carpenter & Trust's PLN framework).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ToolKind {
    /// The person's own site or blog, named in their profile.
    OwnSite,
    /// Teaching resources and teachers' sites.
    Resource,
    /// Research: journals, papers, evidence bodies, universities.
    Research,
    /// Video.
    Video,
    /// Shared documents, slides and folders.
    Document,
    /// News and education news.
    News,
    /// Blogs on a blog platform (not the person's own).
    Blog,
    /// Social media posts and profiles.
    Social,
    /// Apps and online tools (classroom apps among them).
    App,
    /// A link shortener: the site behind it is unknown.
    Shortener,
    /// Any other site.
    Other,
}

impl ToolKind {
    /// All kinds, in report order.
    pub const ALL: [ToolKind; 11] = [
        ToolKind::OwnSite,
        ToolKind::Resource,
        ToolKind::Research,
        ToolKind::Video,
        ToolKind::Document,
        ToolKind::News,
        ToolKind::Blog,
        ToolKind::Social,
        ToolKind::App,
        ToolKind::Shortener,
        ToolKind::Other,
    ];

    /// The kind for people.
    pub fn label(self) -> &'static str {
        match self {
            ToolKind::OwnSite => "your own site",
            ToolKind::Resource => "teaching resources",
            ToolKind::Research => "research and universities",
            ToolKind::Video => "video",
            ToolKind::Document => "documents and slides",
            ToolKind::News => "news",
            ToolKind::Blog => "blogs",
            ToolKind::Social => "social media",
            ToolKind::App => "apps and online tools",
            ToolKind::Shortener => "shortened links (site unknown)",
            ToolKind::Other => "other sites",
        }
    }

    fn from_code(code: &str) -> Option<ToolKind> {
        Some(match code {
            "resource" => ToolKind::Resource,
            "research" => ToolKind::Research,
            "video" => ToolKind::Video,
            "document" => ToolKind::Document,
            "news" => ToolKind::News,
            "blog" => ToolKind::Blog,
            "social" => ToolKind::Social,
            "app" => ToolKind::App,
            "shortener" => ToolKind::Shortener,
            _ => return None,
        })
    }
}

/// The site list, looked up by domain.
#[derive(Debug, Clone, Default)]
pub struct SiteKinds {
    exact: HashMap<String, ToolKind>,
    suffixes: Vec<(String, ToolKind)>,
}

impl SiteKinds {
    /// The built-in list (`data/sites.csv`).
    pub fn builtin() -> SiteKinds {
        // The built-in file is checked by the unit tests below; a bad row there is a bug.
        SiteKinds::from_csv(BUILTIN_CSV).unwrap_or_default()
    }

    /// Reads a list in the `domain,kind` format (`#` starts a comment line).
    pub fn from_csv(text: &str) -> Result<SiteKinds, String> {
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut kinds = SiteKinds::default();
        for (line, record) in reader.records().enumerate() {
            let record = record.map_err(|e| format!("site list row {}: {e}", line + 1))?;
            let (Some(domain), Some(code)) = (record.get(0), record.get(1)) else {
                return Err(format!("site list row {}: needs domain,kind", line + 1));
            };
            let kind = ToolKind::from_code(code)
                .ok_or_else(|| format!("site list row {}: unknown kind {code:?}", line + 1))?;
            let domain = domain.to_lowercase();
            if domain.starts_with('.') {
                kinds.suffixes.push((domain, kind));
            } else {
                kinds.exact.insert(domain, kind);
            }
        }
        Ok(kinds)
    }

    /// The kind of a (lowercased) domain from the list alone, or `None` when unlisted.
    pub fn lookup(&self, domain: &str) -> Option<ToolKind> {
        let mut rest = domain;
        loop {
            if let Some(kind) = self.exact.get(rest) {
                return Some(*kind);
            }
            match rest.split_once('.') {
                Some((_, parent)) if parent.contains('.') => rest = parent,
                _ => break,
            }
        }
        self.suffixes
            .iter()
            .find(|(suffix, _)| domain.ends_with(suffix.as_str()))
            .map(|(_, kind)| *kind)
    }

    /// The kind of a link to `domain`, given whether the link goes to the person's own
    /// site (the classifier decides that, from the profile).
    pub fn kind_of(&self, domain: &str, own: bool) -> ToolKind {
        if own {
            return ToolKind::OwnSite;
        }
        self.lookup(domain).unwrap_or(ToolKind::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_list_reads_without_error_and_covers_every_kind_but_own_and_other() {
        let kinds = SiteKinds::from_csv(BUILTIN_CSV).expect("data/sites.csv is valid");
        for kind in ToolKind::ALL {
            let listed = kinds
                .exact
                .values()
                .chain(kinds.suffixes.iter().map(|s| &s.1));
            let count = listed.filter(|k| **k == kind).count();
            match kind {
                ToolKind::OwnSite | ToolKind::Other => assert_eq!(count, 0, "{kind:?}"),
                _ => assert!(count > 0, "no site is listed as {kind:?}"),
            }
        }
    }

    #[test]
    fn subdomains_and_suffixes_match() {
        let k = SiteKinds::builtin();
        assert_eq!(k.lookup("en.wikipedia.org"), Some(ToolKind::Resource));
        assert_eq!(k.lookup("youtube.com"), Some(ToolKind::Video));
        assert_eq!(k.lookup("m.youtube.com"), Some(ToolKind::Video));
        assert_eq!(k.lookup("education.stanford.edu"), Some(ToolKind::Research));
        assert_eq!(k.lookup("www.ucl.ac.uk"), Some(ToolKind::Research));
        assert_eq!(k.lookup("bit.ly"), Some(ToolKind::Shortener));
        assert_eq!(k.lookup("example.org"), None);
        // "co.uk" alone is never looked up as a site.
        assert_eq!(k.lookup("my.school.co.uk"), None);
    }

    #[test]
    fn own_sites_come_first() {
        let k = SiteKinds::builtin();
        assert_eq!(k.kind_of("wordpress.com", true), ToolKind::OwnSite);
        assert_eq!(k.kind_of("wordpress.com", false), ToolKind::Blog);
        assert_eq!(k.kind_of("example.org", false), ToolKind::Other);
    }

    #[test]
    fn a_bad_row_is_named() {
        let err = SiteKinds::from_csv("domain,kind\nexample.org,gossip\n").unwrap_err();
        assert!(err.contains("row 1") && err.contains("gossip"), "{err}");
    }
}
