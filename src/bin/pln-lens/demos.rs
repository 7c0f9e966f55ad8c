//! The published demos: each persona's archive, its anonymous summary and the index the
//! page lists them from (docs/demos.md).
//!
//! In: the personas of `pln_lens::synth::personas`. Out: `(file name, bytes)` for
//! `index.json`, `<id>.zip` and `<id>.summary.json`, written into a folder by
//! `pln-lens demos DIR` (`make dist` publishes them in `dist/demos/`) and made in memory by
//! `pln-lens serve` when it starts. Making them at start-up (about a third of a second)
//! rather than embedding them keeps them out of the binary's build: `make dist` writes the
//! demos with the CLI it has just built, and a binary that embedded them would have to be
//! built a second time (issue 13).

use std::io::Cursor;
use std::path::Path;

use pln_lens::analysis::{Analysis, Options};
use pln_lens::read::AnyContainer;
use pln_lens::synth::{personas, x_archive};
use pln_lens::{Error, ErrorKind, NoProgress};

/// Every demo file, `index.json` first.
pub fn files() -> Result<Vec<(String, Vec<u8>)>, Error> {
    let index = serde_json::to_vec_pretty(&personas::index())
        .map_err(|e| Error::new(ErrorKind::Io, e.to_string()))?;
    let mut files = vec![("index.json".to_string(), with_newline(index))];
    for persona in &personas::PERSONAS {
        let archive = x_archive::write(&persona.spec(), Cursor::new(Vec::new()))
            .map_err(|e| Error::new(ErrorKind::Io, format!("demo {}: {e}", persona.id)))?
            .into_inner();
        let summary = summary_of(&archive, persona.title)?;
        files.push((persona.file_name(), archive));
        files.push((persona.summary_file_name(), summary));
    }
    Ok(files)
}

/// A demo's anonymous summary, under its title as pseudonym (for the page's class view).
fn summary_of(archive: &[u8], title: &str) -> Result<Vec<u8>, Error> {
    let mut container = AnyContainer::open(Cursor::new(archive))?;
    let analysis = Analysis::run(&mut container, &mut NoProgress, Options::default())?;
    let summary = pln_lens::summary::Summary::of(&analysis.report(), Some(title));
    serde_json::to_vec_pretty(&summary)
        .map(with_newline)
        .map_err(|e| Error::new(ErrorKind::Io, e.to_string()))
}

fn with_newline(mut bytes: Vec<u8>) -> Vec<u8> {
    bytes.push(b'\n');
    bytes
}

/// `pln-lens demos DIR`: writes every demo file into `dir` (made if missing). A file whose
/// bytes are already there is left alone, so its modification time says when it last
/// changed.
pub fn write_all(dir: &Path) -> Result<(), Error> {
    let cannot = |path: &Path, e: std::io::Error| {
        Error::new(
            ErrorKind::Io,
            format!("cannot write {}: {e}", path.display()),
        )
    };
    std::fs::create_dir_all(dir).map_err(|e| cannot(dir, e))?;
    let files = files()?;
    for (name, bytes) in &files {
        let path = dir.join(name);
        if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
            std::fs::write(&path, bytes).map_err(|e| cannot(&path, e))?;
        }
    }
    eprintln!("wrote {} demo files into {}", files.len(), dir.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same bytes every time: `make dist` rewrites only what changed, and the demos a
    /// server makes must be the ones published.
    #[test]
    fn the_demos_are_the_same_each_time_they_are_made() {
        let first = files().unwrap();
        let names: Vec<&str> = first.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names[0], "index.json");
        assert_eq!(names.len(), 1 + 2 * personas::PERSONAS.len());
        assert!(first == files().unwrap());
    }
}
