//! `pln-lens batch DIR -o OUT`: every export in a folder, for studies.
//!
//! In: a folder of exports (zip files, `.car` files and unzipped export folders, one per
//! person). Out, in OUT: `<archive name>.summary.json` (the anonymous summary) and
//! `<archive name>.codes.csv` (the coded posts) per export, and `combined.csv` with one
//! row of figures per export that was read. Exports are analysed in parallel on every
//! core (rayon); a progress bar counts them on a terminal; an export that fails prints
//! one `error: <file>: ...` line and the batch goes on. Whether at least one export was
//! analysed decides the exit status (the caller's: 0, else 2).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use pln_lens::analysis::Analysis;
use pln_lens::summary::Summary;
use pln_lens::{Error, ErrorKind};
use rayon::prelude::*;

/// One export analysed: its name and summary.
struct Done {
    name: String,
    summary: Summary,
}

/// The exports in `dir`: zip and car files and folders, in name order.
fn exports(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("cannot read the folder {}: {e}", dir.display()),
        )
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let hidden = p
                .file_name()
                .and_then(|n| n.to_str())
                .is_none_or(|n| n.starts_with('.'));
            let ext = p
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            !hidden && (p.is_dir() || matches!(ext.as_deref(), Some("zip" | "car" | "gz" | "tgz")))
        })
        .collect();
    paths.sort();
    Ok(paths)
}

/// The archive's name without its extension (`ana.zip` -> `ana`).
fn name_of(path: &Path) -> String {
    let file = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("export");
    match path.is_dir() {
        true => file.to_string(),
        false => path
            .file_stem()
            .and_then(|n| n.to_str())
            .unwrap_or(file)
            .to_string(),
    }
}

/// Runs the batch; `Ok(true)` when at least one export was analysed.
pub fn run(dir: &Path, out: &Path, options: &pln_lens::analysis::Options) -> Result<bool, Error> {
    let paths = exports(dir)?;
    std::fs::create_dir_all(out).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("cannot make the folder {}: {e}", out.display()),
        )
    })?;
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(paths.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{prefix} [{bar:30}] {pos}/{len} exports  {elapsed}  {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_prefix("analysing");
    let results: Vec<Option<Done>> = paths
        .par_iter()
        .map(|path| {
            let name = name_of(path);
            let done = one(path, &name, out, options.clone());
            bar.inc(1);
            bar.set_message(name.clone());
            match done {
                Ok(summary) => Some(Done { name, summary }),
                Err(e) => {
                    let message: Vec<&str> = e.message.split_whitespace().collect();
                    bar.suspend(|| {
                        eprintln!("error: {}: {}", path.display(), message.join(" "));
                    });
                    None
                }
            }
        })
        .collect();
    bar.finish_and_clear();
    let done: Vec<Done> = results.into_iter().flatten().collect();
    let combined = out.join("combined.csv");
    write_combined(&done, &combined).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("cannot write {}: {e}", combined.display()),
        )
    })?;
    eprintln!(
        "analysed {} of {} exports into {}",
        done.len(),
        paths.len(),
        out.display()
    );
    Ok(!done.is_empty())
}

/// Analyses one export and writes its two files; its summary for the combined table.
fn one(
    path: &Path,
    name: &str,
    out: &Path,
    options: pln_lens::analysis::Options,
) -> Result<Summary, Error> {
    let analysis = open(path, options)?;
    let summary = Summary::of(&analysis.report(), None);
    super::classroom::write_summary(&summary, &out.join(format!("{name}.summary.json")))?;
    let codes = out.join(format!("{name}.codes.csv"));
    let cannot = |e: std::io::Error| {
        Error::new(
            ErrorKind::Io,
            format!("cannot write {}: {e}", codes.display()),
        )
    };
    let file = std::fs::File::create(&codes).map_err(cannot)?;
    let mut w = std::io::BufWriter::new(file);
    analysis.write_codes_csv(&mut w, false).map_err(cannot)?;
    w.flush().map_err(cannot)?;
    Ok(summary)
}

fn open(path: &Path, options: pln_lens::analysis::Options) -> Result<Analysis, Error> {
    let progress = &mut pln_lens::NoProgress;
    if path.is_dir() {
        let mut dir = pln_lens::read::DirContainer::open(path)?;
        return Analysis::run(&mut dir, progress, options);
    }
    let file = pln_lens::source::FileSlices::open(path)
        .map_err(|e| Error::new(ErrorKind::Io, format!("cannot open it: {e}")))?;
    // Any export PLN Lens reads (X or Mastodon zip, Mastodon .tar.gz, Bluesky .car).
    let mut export = pln_lens::read::AnyContainer::open(pln_lens::source::ReadAhead::new(file))?;
    Analysis::run(&mut export, progress, options)
}

/// One row per export: its figures, with a column per purpose and topic code.
fn write_combined(done: &[Done], path: &Path) -> std::io::Result<()> {
    let (purposes, topics) = codes_seen(done);
    let mut header: Vec<String> = COLUMNS.map(String::from).to_vec();
    header.extend(purposes.iter().map(|c| format!("purpose_{c}")));
    header.extend(topics.iter().map(|c| format!("topic_{c}")));
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(&header)?;
    for d in done {
        w.write_record(combined_row(d, &purposes, &topics))?;
    }
    w.flush()
}

/// The columns of `combined.csv` before the purpose and topic columns.
const COLUMNS: [&str; 20] = [
    "archive",
    "platform",
    "first_month",
    "last_month",
    "posts",
    "active_months",
    "replies",
    "reposts",
    "likes",
    "followers",
    "following",
    "hashtags",
    "conversing_share",
    "people",
    "top5_share",
    "gini",
    "effective_people",
    "kept_share",
    "chats",
    "chat_sessions",
];

/// The purpose and topic codes any export has, in first-seen order (one column each).
fn codes_seen(done: &[Done]) -> (Vec<String>, Vec<String>) {
    let mut purposes: Vec<String> = Vec::new();
    let mut topics: Vec<String> = Vec::new();
    for d in done {
        for (list, codes) in [
            (&mut purposes, &d.summary.purposes),
            (&mut topics, &d.summary.topics),
        ] {
            for c in codes.iter().flatten() {
                if !list.contains(&c.code) {
                    list.push(c.code.clone());
                }
            }
        }
    }
    (purposes, topics)
}

/// A share as written in the table.
fn share_cell(x: f64) -> String {
    format!("{x:.4}")
}

/// One export's row: [`COLUMNS`], then its share of each code (empty where its summary
/// lacks the part or the code).
fn combined_row(d: &Done, purposes: &[String], topics: &[String]) -> Vec<String> {
    let s = &d.summary;
    let a = s.activity.clone().unwrap_or_default();
    let n = s.network.clone().unwrap_or_default();
    let chats = s.chats.clone().unwrap_or_default();
    let mut row = vec![
        d.name.clone(),
        s.platform.clone(),
        s.first_month.clone().unwrap_or_default(),
        s.last_month.clone().unwrap_or_default(),
        a.posts.to_string(),
        a.active_months.to_string(),
        a.replies.to_string(),
        a.reposts.to_string(),
        a.likes.to_string(),
        a.followers.to_string(),
        a.following.to_string(),
        a.hashtags.to_string(),
        s.conversation
            .as_ref()
            .map_or(String::new(), |c| share_cell(c.conversing_share)),
        n.people.to_string(),
        share_cell(n.top5_share),
        share_cell(n.gini),
        share_cell(n.effective_people),
        n.kept_share.map_or(String::new(), share_cell),
        chats.len().to_string(),
        chats.iter().map(|c| c.sessions).sum::<u32>().to_string(),
    ];
    let share = |codes: &Option<Vec<pln_lens::summary::CodeShare>>, code: &str| {
        codes
            .iter()
            .flatten()
            .find(|c| c.code == code)
            .map_or(String::new(), |c| share_cell(c.share))
    };
    row.extend(purposes.iter().map(|c| share(&s.purposes, c)));
    row.extend(topics.iter().map(|c| share(&s.topics, c)));
    row
}
