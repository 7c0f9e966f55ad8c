//! The pipeline, held open: an archive read once, then coded, re-coded and reported on as
//! often as the person asks.
//!
//! In: an opened [`Container`] (or an already imported [`Archive`]) and [`Options`] (the
//! codebook, the time zone). Out: an [`Analysis`] that runs `detect -> import -> classify ->
//! chats` once and then answers, without reading the archive again:
//! [`Analysis::report`] (network and report, with the person's re-codes in force),
//! [`Analysis::posts`] (pages of coded posts matching a filter), [`Analysis::write_codes_csv`]
//! (every coded post for researchers), [`Analysis::recode`] (the person disagrees with a
//! code) and [`Analysis::set_codebook`] (code again with a researcher's codebook). Both
//! shells use it: the CLI for one report, the Worker for the whole visit.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use std::io::Write;
use std::sync::{Arc, OnceLock};

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::chats::{ChatDirectory, ChatReport};
use crate::classify::{
    self, Adaptation, Classifier, Codebook, Coder, Coding, Correction, Evidence, Model,
};
use crate::error::{Error, ErrorKind, Result};
use crate::import;
use crate::model::{Archive, Post};
use crate::network::{self, NetworkInput, tools::SiteKinds};
use crate::progress::{Progress, Stage, Update};
use crate::read::Container;
use crate::report::posts::{CodedPost, PostFilter, PostPage, PostRow, Query};
use crate::report::{self, ArchiveSummary, CodebookSummary, CoderSummary, Report, ReportInput};

/// How to analyse.
#[derive(Debug, Clone)]
pub struct Options {
    /// The codebook to code posts with.
    pub codebook: Codebook,
    /// Where the codebook came from (a file name), or `None` for the built-in one.
    pub codebook_source: Option<String>,
    /// Who codes: the built-in learned model with the built-in codebook; the codebook's
    /// own weights with a researcher's codebook, unless a model of theirs is given.
    pub coder: Coder,
    /// Where the model came from (a file name), or `None` for the built-in one.
    pub model_source: Option<String>,
    /// The time zone months, years, weekdays and hours are counted in.
    pub time_zone: Tz,
}

impl Default for Options {
    fn default() -> Self {
        Options::with_builtin(Codebook::default_codebook(), builtin_model())
    }
}

/// The built-in model, read once per process (the page's Worker and the CLI alike).
pub fn builtin_model() -> Arc<Model> {
    static MODEL: OnceLock<Arc<Model>> = OnceLock::new();
    MODEL
        .get_or_init(|| Arc::new(Model::default_model()))
        .clone()
}

impl Options {
    /// The default options with this (built-in) codebook and model: for a shell that keeps
    /// its compiled built-ins rather than compiling them again.
    pub fn with_builtin(codebook: Codebook, model: Arc<Model>) -> Options {
        Options {
            codebook,
            codebook_source: None,
            coder: Coder::Learned(model),
            model_source: None,
            time_zone: Tz::UTC,
        }
    }

    /// Options with a learned model read from `text` (a model file, as `pln-lens train`
    /// writes), which must give only codes the codebook in use defines.
    pub fn with_model_text(mut self, text: &str, file_name: &str) -> Result<Self> {
        let model = Model::from_json_str(text)
            .map_err(|e| Error::new(e.kind, format!("{file_name}: {}", e.message)))?;
        model
            .fits(&self.codebook)
            .map_err(|e| Error::new(e.kind, format!("{file_name}: {}", e.message)))?;
        self.coder = Coder::Learned(Arc::new(model));
        self.model_source = Some(file_name.to_string());
        Ok(self)
    }

    /// Options with the time zone named `name` (IANA, such as `Europe/London`).
    pub fn with_time_zone(mut self, name: &str) -> Result<Self> {
        self.time_zone = parse_time_zone(name)?;
        Ok(self)
    }

    /// Options with a codebook read from `text`: TOML, or JSON when `file_name` ends in
    /// `.json` or the text starts with `{`.
    /// A researcher's codebook is coded by its own weights: the built-in model learnt the
    /// built-in codebook's cues and codes, not theirs (give a model trained for it with
    /// [`Options::with_model_text`], after this).
    pub fn with_codebook_text(mut self, text: &str, file_name: &str) -> Result<Self> {
        self.codebook = read_codebook(text, file_name)?;
        self.codebook_source = Some(file_name.to_string());
        self.coder = Coder::Rules;
        self.model_source = None;
        Ok(self)
    }
}

/// Reads a codebook file's text (TOML, or JSON by name or first character).
pub fn read_codebook(text: &str, file_name: &str) -> Result<Codebook> {
    let json = file_name.to_lowercase().ends_with(".json") || text.trim_start().starts_with('{');
    if !json && let Err(e) = text.parse::<toml::Table>() {
        // toml's own message spans several lines with a drawing of the spot; people (and
        // the CLI's one-line errors) need the place and the reason.
        let at = e.span().map_or(String::new(), |span| {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            format!(" at line {line}, column {column}")
        });
        return Err(Error::new(
            ErrorKind::Invalid,
            format!(
                "{file_name}: the codebook is not valid TOML{at}: {}",
                e.message()
            ),
        ));
    }
    let read = if json {
        Codebook::from_json_str(text)
    } else {
        Codebook::from_toml_str(text)
    };
    read.map_err(|e| Error::new(e.kind, format!("{file_name}: {}", e.message)))
}

/// An IANA time zone by name.
pub fn parse_time_zone(name: &str) -> Result<Tz> {
    name.trim().parse::<Tz>().map_err(|_| {
        Error::new(
            ErrorKind::Invalid,
            format!(
                "{name:?} is not a time zone name (use one like Europe/London or America/New_York)"
            ),
        )
    })
}

/// What reading an archive gave, before any coding: for checking an archive quickly
/// (`pln-lens check`) and for measuring the import alone.
#[derive(Debug, Clone, Serialize)]
pub struct ImportCheck {
    /// The archive's summary.
    pub archive: ArchiveSummary,
    /// Whose archive it is.
    pub account: crate::model::Owner,
    /// The accounting of posts: found, read, skipped (with reasons), duplicates.
    pub totals: crate::model::ImportTotals,
    /// Likes, followers and accounts followed read.
    pub likes: u64,
    /// Followers read.
    pub followers: u64,
    /// Accounts followed read.
    pub following: u64,
    /// The entries read.
    pub sources: Vec<crate::model::SourceRead>,
    /// Plain-language notes on anything skipped or odd.
    pub warnings: Vec<crate::model::Warning>,
}

/// Detects the platform and imports the export: the container's summary and the archive.
fn read(
    container: &mut dyn Container,
    progress: &mut dyn Progress,
) -> Result<(ArchiveSummary, Archive)> {
    progress.update(&Update {
        stage: Stage::Open,
        done: 0,
        total: 0,
        entries_done: 0,
        entries_total: container.entries().len() as u32,
        posts: 0,
    });
    let detected = import::detect(container)?;
    if progress.cancelled() {
        return Err(Error::new(ErrorKind::Cancelled, "stopped before reading"));
    }
    let summary = report::summarize(container, &detected);
    let archive = import::import(container, &detected, progress)?;
    Ok((summary, archive))
}

/// Detects and imports an archive, and says what was read; nothing is coded.
pub fn check(container: &mut dyn Container, progress: &mut dyn Progress) -> Result<ImportCheck> {
    let (archive_summary, archive) = read(container, progress)?;
    Ok(ImportCheck {
        archive: archive_summary,
        account: archive.owner,
        totals: archive.totals,
        likes: archive.likes.len() as u64,
        followers: archive.followers.len() as u64,
        following: archive.following.len() as u64,
        sources: archive.sources,
        warnings: archive.warnings,
    })
}

/// A person's own codes for a post, replacing the classifier's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Recode {
    /// The post's id.
    pub id: String,
    /// The purpose they chose.
    pub purpose: String,
    /// The topics they chose.
    pub topics: Vec<String>,
}

/// Reads a person's own codes from a CSV with a header row naming (at least) the columns
/// `id`, `purpose` and `topics` (topics joined by `|`, as `codes --csv` writes them); other
/// columns are ignored, so an edited `codes --csv` file can be given back. Rows with an
/// empty purpose are posts the person left uncoded, and are skipped.
pub fn read_recodes_csv(reader: impl std::io::Read) -> Result<Vec<Recode>> {
    let invalid = |message: String| Error::new(ErrorKind::Invalid, message);
    let mut rows = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let header = rows
        .headers()
        .map_err(|e| invalid(format!("not a readable CSV: {e}")))?
        .clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                invalid(format!(
                    "the CSV has no {name:?} column (it needs id, purpose and topics)"
                ))
            })
    };
    let (id, purpose, topics) = (column("id")?, column("purpose")?, column("topics")?);
    let mut recodes = Vec::new();
    for (line, row) in rows.records().enumerate() {
        let row = row.map_err(|e| invalid(format!("row {}: {e}", line + 2)))?;
        let cell = |i: usize| row.get(i).unwrap_or("").trim();
        if cell(purpose).is_empty() {
            continue;
        }
        recodes.push(Recode {
            // `codes --csv` guards cells a spreadsheet would run as formulas with a
            // leading apostrophe; take it off again.
            id: cell(id).trim_start_matches('\'').to_string(),
            purpose: cell(purpose).to_string(),
            topics: cell(topics)
                .split('|')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect(),
        });
    }
    Ok(recodes)
}

/// An archive read once, with everything needed to report on it again and again.
pub struct Analysis {
    summary: ArchiveSummary,
    archive: Archive,
    codebook: Codebook,
    codebook_summary: CodebookSummary,
    /// Where the learned model came from (`None`: built in, or no model).
    model_source: Option<String>,
    /// Codes each post again when its reasons are asked for.
    classifier: Classifier,
    /// The classifier's codes of each post, without their reasons: those are most of a
    /// coding's memory, and only the posts shown need them ([`Analysis::why`]).
    classified: Vec<Coding>,
    /// Post index -> the person's coding.
    recoded: BTreeMap<usize, Coding>,
    /// Post index -> the purpose and topics the classifier gave when the person coded it.
    said: BTreeMap<usize, (String, Vec<String>)>,
    /// The classifier's purpose of each post before it learnt from the person (index into
    /// the codebook's purposes): to count the posts its learning changed.
    unlearnt: Vec<u8>,
    /// The codes of the last file of codes that could not be used: post id, why.
    not_applied: Vec<(String, String)>,
    /// For each feature row of the learned model, the share of the posts that have it
    /// (read on the first re-code; see [`Adaptation::learn`]).
    spread: Option<rustc_hash::FxHashMap<u32, f32>>,
    index_of: PostIndex,
    /// Post indices, oldest first (importers keep posts oldest first, but nothing here
    /// relies on it): the order of every list of posts.
    order: Vec<usize>,
    chats: ChatReport,
    /// Post index -> (chat tag, live).
    chat_of: HashMap<usize, (String, bool)>,
    sites: SiteKinds,
    time_zone: Tz,
}

/// Post id -> its index in the archive, as the hash of each id next to its index, sorted:
/// 12 bytes a post, where a map of the ids copied took about 60 (issue 13: memory).
struct PostIndex {
    by_hash: Vec<(u64, u32)>,
}

impl PostIndex {
    fn hash(id: &str) -> u64 {
        use std::hash::{BuildHasher, Hasher};
        let mut hasher = rustc_hash::FxBuildHasher.build_hasher();
        hasher.write(id.as_bytes());
        hasher.finish()
    }

    fn of(posts: &[Post]) -> PostIndex {
        let mut by_hash: Vec<(u64, u32)> = posts
            .iter()
            .enumerate()
            .map(|(i, p)| (PostIndex::hash(&p.id), i as u32))
            .collect();
        by_hash.sort_unstable();
        PostIndex { by_hash }
    }

    /// The index of the post with this id in `posts` (the ones the index was made of);
    /// the last one if the id were there twice.
    fn get(&self, posts: &[Post], id: &str) -> Option<usize> {
        let hash = PostIndex::hash(id);
        let from = self.by_hash.partition_point(|&(h, _)| h < hash);
        self.by_hash[from..]
            .iter()
            .take_while(|&&(h, _)| h == hash)
            .map(|&(_, i)| i as usize)
            .filter(|&i| &*posts[i].id == id)
            .last()
    }
}

/// Indices of `posts`, oldest first (ties in archive order).
fn oldest_first(posts: &[Post]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..posts.len()).collect();
    order.sort_by(|&a, &b| {
        posts[a]
            .created_at
            .cmp(&posts[b].created_at)
            .then(a.cmp(&b))
    });
    order
}

/// Codes every post, keeping the codes without their reasons.
fn code_all(
    classifier: &Classifier,
    archive: &Archive,
    codebook: &Codebook,
    chat_of: &HashMap<usize, (String, bool)>,
) -> Vec<Coding> {
    classifier.code_many(
        &archive.posts,
        |i| chat_of.get(&i).map(|(tag, _)| tag.as_str()),
        codebook,
    )
}

/// Each coding's purpose as its index in `purposes` (255 when not there).
fn purpose_indices(purposes: &[String], codings: &[Coding]) -> Vec<u8> {
    codings
        .iter()
        .map(|c| {
            purposes
                .iter()
                .position(|p| *p == c.purpose)
                .map_or(u8::MAX, |i| i as u8)
        })
        .collect()
}

fn tick(progress: &mut dyn Progress, stage: Stage, posts: u64) {
    progress.update(&Update {
        stage,
        done: 0,
        total: 0,
        entries_done: 0,
        entries_total: 0,
        posts,
    });
}

impl Analysis {
    /// Detects the platform, imports, codes and finds chats.
    pub fn run(
        container: &mut dyn Container,
        progress: &mut dyn Progress,
        options: Options,
    ) -> Result<Analysis> {
        let (summary, archive) = read(container, progress)?;
        Ok(Analysis::of_archive(summary, archive, options, progress))
    }

    /// Reads several exports of one person (`(file name, container)`) and analyses them as
    /// one archive ([`import::merge`]): the report shows each post's platform and the
    /// figures of each platform. An export that cannot be read stops it, named.
    pub fn run_many(
        exports: Vec<(String, &mut dyn Container)>,
        progress: &mut dyn Progress,
        options: Options,
    ) -> Result<Analysis> {
        let mut summaries = Vec::new();
        let mut parts = Vec::new();
        let several = exports.len() > 1;
        for (name, container) in exports {
            let (summary, archive) = read(container, progress).map_err(|e| {
                if several {
                    Error::new(e.kind, format!("{name}: {}", e.message))
                } else {
                    e
                }
            })?;
            summaries.push((name.clone(), summary));
            parts.push(import::merge::Part { name, archive });
        }
        let summary = report::summarize_many(&summaries)
            .ok_or_else(|| Error::new(ErrorKind::Invalid, "no export was given to read"))?;
        let archive = import::merge::merge(parts);
        Ok(Analysis::of_archive(summary, archive, options, progress))
    }

    /// Codes an already imported archive and finds its chats.
    pub fn of_archive(
        summary: ArchiveSummary,
        archive: Archive,
        options: Options,
        progress: &mut dyn Progress,
    ) -> Analysis {
        let posts = archive.posts.len() as u64;
        // Chats first: where a post sits in a chat session is one of the classifier's
        // signals (`in_chat`). What the classifier learns of the person does not need them,
        // so the two are read at once, on two cores where there are two.
        tick(progress, Stage::Chats, posts);
        let (chats, (classifier, index_of)) = crate::parallel::both(
            || crate::chats::find_chats(&archive, &ChatDirectory::builtin()),
            || {
                let classifier =
                    Classifier::with_coder(&archive, &options.codebook, options.coder.clone());
                let index_of = PostIndex::of(&archive.posts);
                (classifier, index_of)
            },
        );
        let mut chat_of = HashMap::default();
        // Chats come most sessions first: a post in two chats is shown in the bigger one.
        for chat in &chats.chats {
            for s in &chat.sessions {
                for (ids, live) in [(&s.live_post_ids, true), (&s.later_post_ids, false)] {
                    for id in ids {
                        if let Some(i) = index_of.get(&archive.posts, id) {
                            chat_of.entry(i).or_insert_with(|| (chat.tag.clone(), live));
                        }
                    }
                }
            }
        }
        tick(progress, Stage::Classify, posts);
        let classified = code_all(&classifier, &archive, &options.codebook, &chat_of);
        let options_purposes = options.codebook.purpose_codes();
        tick(progress, Stage::Network, posts);
        let order = oldest_first(&archive.posts);
        Analysis {
            summary,
            codebook_summary: CodebookSummary::of(
                &options.codebook,
                options.codebook_source.as_deref(),
                CoderSummary::of(&options.coder, options.model_source.as_deref()),
            ),
            model_source: options.model_source,
            codebook: options.codebook,
            archive,
            unlearnt: purpose_indices(&options_purposes, &classified),
            classifier,
            classified,
            recoded: BTreeMap::new(),
            said: BTreeMap::new(),
            not_applied: Vec::new(),
            spread: None,
            order,
            index_of,
            chats,
            chat_of,
            sites: SiteKinds::builtin(),
            time_zone: options.time_zone,
        }
    }

    /// The learned model's features of post `id` as names (see
    /// [`Classifier::feature_names`]), with its place in a chat: for training and tools.
    pub fn feature_names(&self, id: &str) -> Option<Vec<(String, f32)>> {
        let i = self.index_of.get(&self.archive.posts, id)?;
        let chat = self.chat_of.get(&i).map(|(tag, _)| tag.as_str());
        Some(
            self.classifier
                .feature_names(&self.archive.posts[i], chat, &self.codebook),
        )
    }

    /// The imported archive.
    pub fn archive(&self) -> &Archive {
        &self.archive
    }

    /// The codes in force for post `i`, and whether the person gave them.
    fn coding(&self, i: usize) -> (&Coding, bool) {
        match self.recoded.get(&i) {
            Some(c) => (c, true),
            None => (&self.classified[i], false),
        }
    }

    /// The report, with every re-code in force.
    pub fn report(&self) -> Report {
        let codings: Vec<(&Coding, bool)> = (0..self.archive.posts.len())
            .map(|i| self.coding(i))
            .collect();
        let purposes: Vec<&str> = codings.iter().map(|(c, _)| c.purpose.as_str()).collect();
        let is_own = |l: &crate::model::Link| self.classifier.own_site(l, &self.codebook).is_some();
        let network = network::build(&NetworkInput {
            archive: &self.archive,
            purposes: &purposes,
            chats: &self.chats,
            is_own_site: &is_own,
            sites: &self.sites,
            time_zone: self.time_zone,
        });
        report::build(ReportInput {
            summary: &self.summary,
            archive: &self.archive,
            codings: &codings,
            codebook: &self.codebook_summary,
            chats: &self.chats,
            network,
            time_zone: self.time_zone,
            corrections: self.corrections(),
        })
    }

    /// The person's codes against what the classifier said when they gave them.
    fn corrections(&self) -> Option<report::Corrections> {
        if self.said.is_empty() {
            return None;
        }
        let pairs: Vec<(&str, &str)> = self
            .said
            .iter()
            .filter_map(|(i, (said, _))| {
                Some((said.as_str(), self.recoded.get(i)?.purpose.as_str()))
            })
            .collect();
        let mut changed: BTreeMap<(&str, &str), u32> = BTreeMap::new();
        for &(from, to) in &pairs {
            if from != to {
                *changed.entry((from, to)).or_default() += 1;
            }
        }
        let mut changed: Vec<report::ChangedCode> = changed
            .into_iter()
            .map(|((from, to), posts)| report::ChangedCode {
                from: from.to_string(),
                to: to.to_string(),
                posts,
            })
            .collect();
        changed.sort_by_key(|c| std::cmp::Reverse(c.posts));
        changed.truncate(5);
        let purposes = self.codebook.purpose_codes();
        let now = purpose_indices(&purposes, &self.classified);
        let learned = matches!(self.classifier.coder(), Coder::Learned(_));
        let other_posts_changed = (0..now.len())
            .filter(|i| !self.recoded.contains_key(i) && now[*i] != self.unlearnt[*i])
            .count() as u32;
        Some(report::Corrections {
            posts: pairs.len() as u32,
            agreed: pairs.iter().filter(|(a, b)| a == b).count() as u32,
            purpose_kappa: (pairs.len() >= 2)
                .then(|| classify::agreement::cohen_kappa(pairs.iter().copied()))
                .flatten(),
            changed,
            learned,
            other_posts_changed,
            not_applied: self
                .not_applied
                .iter()
                .take(5)
                .map(|(id, why)| format!("post {id}: {why}"))
                .collect(),
            not_applied_count: self.not_applied.len() as u32,
        })
    }

    fn row(&self, i: usize) -> PostRow<'_> {
        let (coding, recoded) = self.coding(i);
        PostRow {
            post: &self.archive.posts[i],
            purpose: &coding.purpose,
            topics: &coding.topics,
            recoded,
            chat: self.chat_of.get(&i).map(|(t, live)| (t.as_str(), *live)),
            platform: self
                .archive
                .platforms
                .get(i)
                .copied()
                .unwrap_or(import::Platform::X),
            followers_only: self
                .archive
                .followers_only
                .contains(&self.archive.posts[i].id),
        }
    }

    /// The classifier's whole coding of post `i`, reasons included (coded again: the same
    /// codes as kept, as the classifier is deterministic).
    fn machine(&self, i: usize) -> Coding {
        let chat = self.chat_of.get(&i).map(|(tag, _)| tag.as_str());
        self.classifier
            .code(&self.archive.posts[i], chat, &self.codebook)
    }

    /// The reasons for the codes in force on post `i`.
    fn why(&self, i: usize) -> Vec<Evidence> {
        match self.recoded.get(&i) {
            Some(c) => c.why.clone(),
            None => self.machine(i).why,
        }
    }

    /// Up to `limit` coded posts matching `filter`, from the `offset`-th match, oldest
    /// first, with the number of matches in all.
    pub fn posts(&self, filter: PostFilter, offset: u64, limit: u64) -> PostPage {
        let query = Query::new(filter, self.time_zone);
        let mut total = 0u64;
        let mut posts = Vec::new();
        for &i in &self.order {
            let row = self.row(i);
            if !row.matches(&query) {
                continue;
            }
            if total >= offset && (posts.len() as u64) < limit {
                posts.push(row.to_coded(&self.why(i)));
            }
            total += 1;
        }
        PostPage {
            total,
            offset,
            posts,
        }
    }

    /// One coded post by id.
    pub fn post(&self, id: &str) -> Option<CodedPost> {
        self.index_of
            .get(&self.archive.posts, id)
            .map(|i| self.row(i).to_coded(&self.why(i)))
    }

    /// Writes every post's codes as CSV (see [`crate::report::posts::write_csv`]).
    pub fn write_codes_csv(&self, out: impl Write, with_text: bool) -> std::io::Result<()> {
        let rows = self.order.iter().map(|&i| (self.row(i), self.why(i)));
        crate::report::posts::write_csv(out, rows, with_text).map_err(|e| match e.into_kind() {
            csv::ErrorKind::Io(io) => io,
            other => std::io::Error::other(format!("could not write the CSV: {other:?}")),
        })
    }

    /// Replaces the classifier's codes for post `recode.id` with the person's. The codes
    /// must be in the codebook; the classifier's reasons are kept after the person's note,
    /// so the disagreement stays visible. A learned model then learns from all the
    /// person's corrections so far and codes the other posts again.
    pub fn recode(&mut self, recode: &Recode) -> Result<()> {
        self.set_recode(recode)?;
        self.learn_from_recodes();
        Ok(())
    }

    /// Re-codes many posts at once (a CSV of the person's own codes, or a saved report's
    /// corrections), learning from them once at the end. Returns the ids that could not
    /// be applied, each with why.
    pub fn recode_all(&mut self, recodes: &[Recode]) -> Vec<(String, String)> {
        let mut failed = Vec::new();
        for r in recodes {
            if let Err(e) = self.set_recode(r) {
                failed.push((r.id.clone(), e.message));
            }
        }
        self.learn_from_recodes();
        self.not_applied = failed.clone();
        failed
    }

    /// The learned model learns from every re-code in force (replacing what earlier ones
    /// taught), and every post is coded again with what it learnt.
    fn learn_from_recodes(&mut self) {
        if !matches!(self.classifier.coder(), Coder::Learned(_)) {
            return;
        }
        let corrections: Vec<Correction> = self
            .recoded
            .iter()
            .filter_map(|(&i, c)| {
                let chat = self.chat_of.get(&i).map(|(tag, _)| tag.as_str());
                self.classifier.correction(
                    &self.archive.posts[i],
                    chat,
                    &self.codebook,
                    &c.purpose,
                    &c.topics,
                )
            })
            .collect();
        // How widely each feature is spread over the person's posts: the same for every
        // re-code, so read once per classifier rather than on each.
        if self.spread.is_none() && !corrections.is_empty() {
            let rows = self.archive.posts.iter().enumerate().map(|(i, post)| {
                let chat = self.chat_of.get(&i).map(|(tag, _)| tag.as_str());
                self.classifier.feature_rows(post, chat, &self.codebook)
            });
            self.spread = Some(Adaptation::spread_of(rows));
        }
        let none = rustc_hash::FxHashMap::default();
        let spread = self.spread.as_ref().unwrap_or(&none);
        self.classifier.adapt(&corrections, spread);
        self.classified = code_all(
            &self.classifier,
            &self.archive,
            &self.codebook,
            &self.chat_of,
        );
    }

    /// Sets one re-code, without learning from it yet.
    fn set_recode(&mut self, recode: &Recode) -> Result<()> {
        let Some(i) = self.index_of.get(&self.archive.posts, &recode.id) else {
            return Err(Error::new(
                ErrorKind::Invalid,
                format!("there is no post {} in this archive", recode.id),
            ));
        };
        let known = |codes: &[classify::CodeInfo], c: &str| codes.iter().any(|x| x.code == c);
        if !known(self.codebook.purposes(), &recode.purpose) {
            return Err(Error::new(
                ErrorKind::Invalid,
                format!("{:?} is not a purpose in the codebook", recode.purpose),
            ));
        }
        if let Some(t) = recode
            .topics
            .iter()
            .find(|t| !known(self.codebook.topics(), t))
        {
            return Err(Error::new(
                ErrorKind::Invalid,
                format!("{t:?} is not a topic in the codebook"),
            ));
        }
        // Kept even when it matches the classifier: a code the person confirmed is theirs
        // too, and counts in how far the classifier agrees with them.
        let machine = self.machine(i);
        self.said
            .entry(i)
            .or_insert_with(|| (machine.purpose.clone(), machine.topics.clone()));
        let mut topics: Vec<String> = Vec::new();
        for t in &recode.topics {
            if !topics.contains(t) {
                topics.push(t.clone());
            }
        }
        let mut why = vec![Evidence {
            code: recode.purpose.clone(),
            reason: format!(
                "{}: your code (the classifier said {}{})",
                recode.purpose,
                machine.purpose,
                if machine.topics.is_empty() {
                    String::new()
                } else {
                    format!(", about {}", machine.topics.join(", "))
                }
            ),
        }];
        why.extend(topics.iter().map(|t| Evidence {
            code: t.clone(),
            reason: format!("{t}: your code"),
        }));
        why.extend(machine.why.iter().cloned().map(|mut e| {
            e.reason = format!("classifier: {}", e.reason);
            e
        }));
        self.recoded.insert(
            i,
            Coding {
                purpose: recode.purpose.clone(),
                topics,
                why,
            },
        );
        Ok(())
    }

    /// Gives post `id` back its classifier codes (and the model forgets that correction).
    pub fn undo_recode(&mut self, id: &str) {
        if let Some(i) = self.index_of.get(&self.archive.posts, id) {
            self.recoded.remove(&i);
            self.said.remove(&i);
        }
        self.learn_from_recodes();
    }

    /// The person's re-codes, oldest post first (to save and restore them).
    pub fn recodes(&self) -> Vec<Recode> {
        self.recoded
            .iter()
            .map(|(&i, c)| Recode {
                id: self.archive.posts[i].id.to_string(),
                purpose: c.purpose.clone(),
                topics: c.topics.clone(),
            })
            .collect()
    }

    /// Codes every post again with `codebook` (`source`: its file name; `None` goes back
    /// to the built-in codebook and model, a researcher's codebook is coded by its own
    /// weights). Re-codes whose codes the new codebook still has are kept; the others are
    /// dropped, and their count returned.
    pub fn set_codebook(&mut self, codebook: Codebook, source: Option<&str>) -> usize {
        let coder = match source {
            None => Coder::Learned(builtin_model()),
            Some(_) => Coder::Rules,
        };
        self.model_source = None;
        self.classifier = Classifier::with_coder(&self.archive, &codebook, coder.clone());
        self.spread = None;
        self.classified = code_all(&self.classifier, &self.archive, &codebook, &self.chat_of);
        let purposes: Vec<String> = codebook.purposes().iter().map(|c| c.code.clone()).collect();
        self.unlearnt = purpose_indices(&purposes, &self.classified);
        self.codebook_summary =
            CodebookSummary::of(&codebook, source, CoderSummary::of(&coder, None));
        self.codebook = codebook;
        let kept: Vec<Recode> = self.recodes();
        self.recoded.clear();
        self.said.clear();
        let mut dropped = 0;
        for r in &kept {
            if self.set_recode(r).is_err() {
                dropped += 1;
            }
        }
        self.learn_from_recodes();
        dropped
    }

    /// The time zone in use.
    pub fn time_zone(&self) -> Tz {
        self.time_zone
    }

    /// Counts months, years and hours in another time zone from now on.
    pub fn set_time_zone(&mut self, tz: Tz) {
        self.time_zone = tz;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{archive, post, utc};
    use crate::import::Platform;

    fn summary() -> ArchiveSummary {
        ArchiveSummary {
            container: "zip archive".into(),
            platform: Platform::X,
            platform_label: "X".into(),
            root: String::new(),
            entries: 1,
            bytes: 1,
            data_files: Vec::new(),
            files: Vec::new(),
        }
    }

    fn analysis() -> Analysis {
        let a = archive(
            vec![
                post(
                    "1",
                    utc(2021, 1, 1, 9, 0),
                    "Anyone using exit tickets with Y7? Tips?",
                ),
                post(
                    "2",
                    utc(2021, 1, 2, 9, 0),
                    "Snow day! Sledging with the kids",
                ),
            ],
            vec![],
        );
        Analysis::of_archive(summary(), a, Options::default(), &mut crate::NoProgress)
    }

    #[test]
    fn a_recode_changes_every_figure_and_can_be_undone() {
        let mut a = analysis();
        let before = a.report();
        let machine = a.post("2").unwrap();
        assert!(!machine.recoded);
        let count =
            |r: &Report, code: &str| r.purposes.iter().find(|c| c.code == code).unwrap().posts;
        let share_before = count(&before, "share");
        a.recode(&Recode {
            id: "2".into(),
            purpose: "share".into(),
            topics: vec!["pedagogy".into(), "pedagogy".into()],
        })
        .unwrap();
        let after = a.report();
        assert_eq!(count(&after, "share"), share_before + 1);
        assert_eq!(after.recoded, 1);
        let p = a.post("2").unwrap();
        assert!(p.recoded);
        assert_eq!(p.topics, ["pedagogy"], "a topic is kept once");
        assert!(p.why[0].reason.contains("your code"), "{:?}", p.why);
        assert!(p.why.iter().any(|e| e.reason.starts_with("classifier: ")));
        let pedagogy = |r: &Report| {
            r.timeline.years[0]
                .topics
                .get("pedagogy")
                .copied()
                .unwrap_or(0)
        };
        assert!(!machine.topics.contains(&"pedagogy".to_string()));
        assert_eq!(pedagogy(&after), pedagogy(&before) + 1);
        assert_eq!(
            a.posts(
                PostFilter {
                    recoded: Some(true),
                    ..Default::default()
                },
                0,
                10
            )
            .total,
            1
        );
        assert_eq!(a.recodes().len(), 1);
        a.undo_recode("2");
        assert_eq!(a.report().purposes, before.purposes);
        assert_eq!(a.report().recoded, 0);
    }

    #[test]
    fn a_recode_to_unknown_codes_or_posts_is_refused_in_words() {
        let mut a = analysis();
        let e = a
            .recode(&Recode {
                id: "2".into(),
                purpose: "gossip".into(),
                topics: vec![],
            })
            .unwrap_err();
        assert!(e.message.contains("gossip"), "{}", e.message);
        let e = a
            .recode(&Recode {
                id: "2".into(),
                purpose: "share".into(),
                topics: vec!["astrology".into()],
            })
            .unwrap_err();
        assert!(e.message.contains("astrology"));
        let e = a
            .recode(&Recode {
                id: "99".into(),
                purpose: "share".into(),
                topics: vec![],
            })
            .unwrap_err();
        assert!(e.message.contains("99"));
    }

    #[test]
    fn confirming_the_classifier_codes_keeps_them_as_the_persons_own() {
        let mut a = analysis();
        let m = a.post("1").unwrap();
        a.recode(&Recode {
            id: "1".into(),
            purpose: m.purpose.clone(),
            topics: m.topics.clone(),
        })
        .unwrap();
        assert_eq!(
            a.recodes().len(),
            1,
            "a confirmation is the person's code too"
        );
        let c = a
            .report()
            .corrections
            .expect("one post coded by the person");
        assert_eq!((c.posts, c.agreed), (1, 1));
        assert!(c.changed.is_empty());
    }

    #[test]
    fn corrections_count_what_the_person_changed() {
        let mut a = analysis();
        let m = a.post("1").unwrap();
        let other = Codebook::default_codebook()
            .purposes()
            .iter()
            .map(|c| c.code.clone())
            .find(|p| *p != m.purpose)
            .unwrap();
        a.recode(&Recode {
            id: "1".into(),
            purpose: other.clone(),
            topics: vec![],
        })
        .unwrap();
        let c = a.report().corrections.unwrap();
        assert_eq!((c.posts, c.agreed), (1, 0));
        assert_eq!(c.changed.len(), 1);
        assert_eq!(
            (c.changed[0].from.as_str(), c.changed[0].to.as_str()),
            (m.purpose.as_str(), other.as_str())
        );
        assert!(c.learned, "the built-in coder is the learned model");
        a.undo_recode("1");
        assert!(a.report().corrections.is_none());
        assert_eq!(
            a.post("1").unwrap().purpose,
            m.purpose,
            "undo forgets what it taught"
        );
    }

    #[test]
    fn reasons_coded_again_on_demand_are_the_classifiers_own() {
        let a = analysis();
        let codebook = Codebook::default_codebook();
        let classifier =
            Classifier::with_coder(a.archive(), &codebook, Coder::Learned(builtin_model()));
        for post in &a.archive().posts {
            let coding = classifier.code(post, None, &codebook);
            let shown = a.post(&post.id).unwrap();
            assert_eq!(shown.purpose, coding.purpose);
            assert_eq!(shown.topics, coding.topics);
            assert_eq!(shown.why, coding.why);
            assert!(!shown.why.is_empty());
        }
    }

    #[test]
    fn pages_of_posts_count_every_match() {
        let a = analysis();
        let all = a.posts(PostFilter::default(), 0, 1);
        assert_eq!((all.total, all.posts.len()), (2, 1));
        assert_eq!(all.posts[0].id, "1", "oldest first");
        let second = a.posts(PostFilter::default(), 1, 10);
        assert_eq!(second.posts[0].id, "2");
        let none = a.posts(
            PostFilter {
                text: Some("quantum".into()),
                ..Default::default()
            },
            0,
            10,
        );
        assert_eq!((none.total, none.posts.len()), (0, 0));
    }

    #[test]
    fn a_new_codebook_codes_again_and_keeps_the_recodes_it_can() {
        let mut a = analysis();
        a.recode(&Recode {
            id: "2".into(),
            purpose: "share".into(),
            topics: vec![],
        })
        .unwrap();
        let custom = r#"
            extends = "default"
            name = "My codebook"
            version = "0.1"
        "#;
        let cb = read_codebook(custom, "mine.toml").unwrap();
        assert_eq!(a.set_codebook(cb, Some("mine.toml")), 0);
        let r = a.report();
        assert_eq!(r.codebook.name, "My codebook");
        assert_eq!(r.codebook.source, "mine.toml");
        assert!(!r.codebook.builtin);
        assert_eq!(r.recoded, 1);
    }

    #[test]
    fn change_prompts_compare_full_years_not_an_archive_cut_off_in_january() {
        use crate::fixture::reply;
        let mut posts = Vec::new();
        // 2019: replies to six people; 2020: to two of them; 2021: one post in January.
        for (i, who) in ["a", "b", "c", "d", "e", "f"].iter().enumerate() {
            posts.push(reply(
                &format!("x{i}"),
                utc(2019, 2 + i as u32, 1, 9, 0),
                "yes",
                who,
                "9",
            ));
        }
        for (i, who) in ["a", "b"].iter().enumerate() {
            posts.push(reply(
                &format!("y{i}"),
                utc(2020, 3 + i as u32, 1, 9, 0),
                "yes",
                who,
                "9",
            ));
        }
        posts.push(post("z", utc(2021, 1, 5, 9, 0), "new year"));
        let a = Analysis::of_archive(
            summary(),
            archive(posts, vec![]),
            Options::default(),
            &mut crate::NoProgress,
        );
        let r = a.report();
        let lost = r
            .prompts
            .iter()
            .find(|p| p.id == "change-lost-ties")
            .expect("a lost-ties prompt");
        assert!(
            lost.text.contains("4 people in 2019") && lost.text.contains("in 2020"),
            "{}",
            lost.text
        );
    }

    #[test]
    fn time_zones_and_codebooks_are_read_with_clear_errors() {
        assert!(parse_time_zone("Europe/London").is_ok());
        let e = parse_time_zone("Mars/Olympus").unwrap_err();
        assert!(e.message.contains("Mars/Olympus"));
        let e = read_codebook("precedence = [\"ask\"\n", "book.toml").unwrap_err();
        assert_eq!(
            e.message,
            "book.toml: the codebook is not valid TOML at line 1, column 20: unclosed array, expected `]`"
        );
        let e = read_codebook("{ not json", "book.json").unwrap_err();
        assert!(e.message.starts_with("book.json: "), "{}", e.message);
        assert_eq!(e.kind, ErrorKind::Invalid);
    }
}
