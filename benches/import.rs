//! Import benchmark (issue #3): how close the whole `pln-lens report` comes to the floor,
//! which is inflating the archive's post files and nothing else.
//!
//! Builds (once, in `target/bench/`) synthetic X archives in the real layout with 200,000
//! posts in three `tweets-partN.js` files and 1.5 GB of stored media (written sparsely),
//! then measures in one run:
//! - the floor: `unzip -p ARCHIVE 'data/tweets*.js' > /dev/null` (and the same inflation with
//!   the zip crate, in process);
//! - `pln-lens check ARCHIVE --json > /dev/null`, the import alone (issue #3's target), and
//!   `pln-lens report ARCHIVE --json > /dev/null`, the whole pipeline (coding, chats,
//!   network, report), each with its peak resident memory (from `wait4` on the child);
//! - the same report on the same posts with 0 bytes and with 3 GB of media, to show memory
//!   and time do not grow with media.
//!
//! Figures are printed as ratios to the floor measured in the same run; timings on a shared
//! machine are noisy, so each is the best of three. Run: `cargo bench --bench import`.

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use pln_lens::synth::{ArchiveSpec, bulk_posts, sparse::SparseFile, teacher_account, x_archive};

const POSTS: usize = 200_000;
const PARTS: u32 = 3;

fn archive(dir: &Path, media: u64) -> PathBuf {
    let path = dir.join(format!("x-{POSTS}-posts-{}MB-media.zip", media / 1_000_000));
    if !path.exists() {
        eprintln!("building {} ...", path.display());
        let mut spec = ArchiveSpec::new(teacher_account());
        spec.posts = bulk_posts(
            POSTS,
            42,
            chrono::DateTime::from_timestamp(1_262_304_000, 0).unwrap(),
        );
        spec.parts = PARTS;
        spec.media_bytes = media;
        let tmp = path.with_extension("partial");
        let file = x_archive::write(&spec, SparseFile::create(&tmp).unwrap()).unwrap();
        file.finish().unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }
    path
}

/// Runs `cmd` and returns its wall time and that child's own peak resident set (KB), read
/// with `wait4` so one run's memory is never mixed with another's.
#[expect(clippy::zombie_processes, reason = "wait4 below reaps the child")]
fn timed(mut cmd: Command) -> (Duration, u64) {
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("run");
    let mut status = 0;
    // SAFETY: wait4 only writes into the status and rusage we pass; the pid is our child's.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    assert!(
        pid > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{cmd:?} failed"
    );
    (elapsed, usage.ru_maxrss as u64)
}

/// The best time of three runs, and the highest peak memory among them.
fn best_of_3(mut f: impl FnMut() -> (Duration, u64)) -> (Duration, u64) {
    let runs: Vec<_> = (0..3).map(|_| f()).collect();
    (
        runs.iter().map(|r| r.0).min().unwrap(),
        runs.iter().map(|r| r.1).max().unwrap(),
    )
}

fn inflate_in_process(path: &Path) -> Duration {
    let start = Instant::now();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .filter(|n| n.starts_with("data/tweets") && n.ends_with(".js"))
        .collect();
    let mut buf = vec![0u8; 1 << 16];
    for n in names {
        let mut f = zip.by_name(&n).unwrap();
        while f.read(&mut buf).unwrap() > 0 {}
    }
    start.elapsed()
}

fn json_bytes(path: &Path) -> u64 {
    let zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .filter_map(|i| zip.by_index_data(i).ok())
        .filter(|e| {
            let n = String::from_utf8_lossy(e.name_raw());
            n.starts_with("data/tweets") && n.ends_with(".js")
        })
        .map(|e| e.size())
        .sum()
}

fn main() -> io::Result<()> {
    if std::env::args().any(|a| a == "--list") {
        return Ok(()); // `cargo test --benches` asks; nothing to list.
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench");
    std::fs::create_dir_all(&dir)?;
    let cli = env!("CARGO_BIN_EXE_pln-lens");
    let main = archive(&dir, 1_500_000_000);
    let size = main.metadata()?.len();
    println!(
        "archive: {} posts in {PARTS} parts, {:.2} GB on the listing ({:.0} MB of post JSON)",
        POSTS,
        size as f64 / 1e9,
        json_bytes(&main) as f64 / 1e6
    );

    let (unzip, _) = best_of_3(|| {
        let mut c = Command::new("unzip");
        c.args(["-p", main.to_str().unwrap(), "data/tweets*.js"]);
        timed(c)
    });
    let (inflate, _) = best_of_3(|| (inflate_in_process(&main), 0));
    let (check, check_kb) = best_of_3(|| {
        let mut c = Command::new(cli);
        c.args(["check", main.to_str().unwrap(), "--json"]);
        timed(c)
    });
    let (report, peak_kb) = best_of_3(|| {
        let mut c = Command::new(cli);
        c.args(["report", main.to_str().unwrap(), "--json"]);
        timed(c)
    });
    let peak_mb = peak_kb as f64 / 1024.0;
    println!(
        "floor: unzip -p of the tweets*.js entries      {:>7.3} s",
        unzip.as_secs_f64()
    );
    println!(
        "floor: zip crate inflating the same, in process {:>7.3} s",
        inflate.as_secs_f64()
    );
    println!(
        "pln-lens check --json (import alone)           {:>7.3} s  = {:.2}x unzip -p; peak memory {:.0} MB",
        check.as_secs_f64(),
        check.as_secs_f64() / unzip.as_secs_f64(),
        check_kb as f64 / 1024.0
    );
    println!(
        "pln-lens report --json (whole pipeline)        {:>7.3} s  = {:.2}x unzip -p, {:.2}x in-process inflate",
        report.as_secs_f64(),
        report.as_secs_f64() / unzip.as_secs_f64(),
        report.as_secs_f64() / inflate.as_secs_f64()
    );
    println!("pln-lens report peak resident memory            {peak_mb:>7.0} MB");

    for media in [0u64, 3_000_000_000] {
        let path = archive(&dir, media);
        for command in ["check", "report"] {
            let (t, kb) = best_of_3(|| {
                let mut c = Command::new(cli);
                c.args([command, path.to_str().unwrap(), "--json"]);
                timed(c)
            });
            println!(
                "same posts, {:>4} MB of media: {command:<6} {:>7.3} s ({:.2}x unzip -p), peak memory {:.0} MB",
                media / 1_000_000,
                t.as_secs_f64(),
                t.as_secs_f64() / unzip.as_secs_f64(),
                kb as f64 / 1024.0
            );
        }
    }
    Ok(())
}
