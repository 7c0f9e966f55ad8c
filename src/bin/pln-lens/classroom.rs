//! `pln-lens summary` and `pln-lens class`: anonymous summaries out, a class view in.
//!
//! In: an archive (summary) or summary files (class). Out: a summary JSON file, and the
//! class view as text or JSON on stdout. The figures come from `pln_lens::summary` and
//! `pln_lens::class`; this file only reads, writes and prints.

use std::io::Write;
use std::path::{Path, PathBuf};

use pln_lens::class::ClassView;
use pln_lens::report::percent;
use pln_lens::summary::Summary;
use pln_lens::{Error, ErrorKind};

/// Writes `summary` as pretty JSON to `out`.
pub fn write_summary(summary: &Summary, out: &Path) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(summary)
        .map_err(|e| Error::new(ErrorKind::Io, e.to_string()))?;
    std::fs::write(out, text + "\n").map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("cannot write {}: {e}", out.display()),
        )
    })
}

/// Reads every summary file; the first that is not one stops the command.
pub fn read_summaries(paths: &[PathBuf]) -> Result<Vec<Summary>, Error> {
    paths
        .iter()
        .map(|path| {
            let text = super::read_file(path, "the summary ")?;
            Summary::from_json(&text)
                .map_err(|e| Error::new(ErrorKind::Invalid, format!("{}: {e}", path.display())))
        })
        .collect()
}

/// The class view as text: one block per figure, then the shared chats and the prompts.
pub fn write_class(out: &mut dyn Write, class: &ClassView) -> std::io::Result<()> {
    writeln!(out, "Class view: {} summaries", class.students)?;
    writeln!(out, "Students: {}", class.names.join(", "))?;
    let show = |share: bool, v: Option<f64>| match v {
        None => "-".to_string(),
        Some(v) if share => percent(v),
        Some(v) => pln_lens::report::whole(v),
    };
    for f in &class.figures {
        writeln!(out, "\n{}", f.label)?;
        writeln!(
            out,
            "  class: lowest {}, median {}, highest {}",
            show(f.share, f.min),
            show(f.share, f.median),
            show(f.share, f.max)
        )?;
        for (name, v) in class.names.iter().zip(&f.values) {
            writeln!(out, "  {name:<24} {}", show(f.share, *v))?;
        }
    }
    writeln!(out, "\nChats in common")?;
    if class.chats.is_empty() {
        writeln!(out, "  none")?;
    }
    for c in &class.chats {
        writeln!(
            out,
            "  #{} ({}): {} students, {} sessions: {}",
            c.key,
            c.label,
            c.students.len(),
            c.count,
            c.students.join(", ")
        )?;
    }
    writeln!(out, "\nKinds of sites linked to")?;
    for t in &class.tools {
        writeln!(
            out,
            "  {}: {} students, {} posts",
            t.label,
            t.students.len(),
            t.count
        )?;
    }
    writeln!(out, "\nFor discussion")?;
    for p in &class.prompts {
        writeln!(out, "  - {p}")?;
    }
    Ok(())
}
