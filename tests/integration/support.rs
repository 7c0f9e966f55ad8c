//! Helpers shared by the integration tests: where the real fixtures are, and builders for
//! synthetic archives.

use std::io::Cursor;
use std::path::PathBuf;

use pln_lens::synth::{ArchiveSpec, x_archive};

/// The folder of real export fixtures (`../shared/fixtures`), or `None` (with a message)
/// when it is absent outside CI. In CI (`CI` set) a missing folder fails the test:
/// fixture tests must never pass by skipping there.
pub fn fixtures() -> Option<PathBuf> {
    let dir = option_env!("PLN_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"));
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "the shared fixtures are missing at {} and CI needs them",
            dir.display()
        );
    }
    eprintln!("skipping: no shared fixtures at {}", dir.display());
    None
}

/// Returns early from a test when the fixtures are absent (outside CI only).
#[macro_export]
macro_rules! fixtures_or_skip {
    () => {
        match $crate::support::fixtures() {
            Some(dir) => dir,
            None => return,
        }
    };
}

/// Writes `spec` as an X archive in memory.
pub fn zip_bytes(spec: &ArchiveSpec) -> Vec<u8> {
    x_archive::write(spec, Cursor::new(Vec::new()))
        .expect("synthetic archive")
        .into_inner()
}

/// A fresh scratch folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Zips a folder of real files (a fixture) into a temporary archive, under `top` when
/// given (as a macOS re-zip does).
pub fn zip_folder(dir: &std::path::Path, top: Option<&str>, out: &std::path::Path) {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::fs::File::create(out).expect("create zip"));
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let mut children: Vec<_> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        children.sort();
        for p in children {
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let name = match top {
                Some(t) => format!("{t}/{rel}"),
                None => rel,
            };
            w.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(&std::fs::read(&p).unwrap()).unwrap();
        }
    }
    w.finish().unwrap();
}
