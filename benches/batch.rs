//! Batch benchmark (issue 13): how many archives a minute `pln-lens batch` analyses, the
//! way a course or a study runs it over a folder of exports, on every core against one.
//!
//! Builds (once, in `target/bench/batch/`) 30 archives: the four demo personas
//! (`pln-lens demos`), copied round-robin. Then measures in one run, best of three:
//! - `pln-lens batch DIR -o OUT` with one thread (`RAYON_NUM_THREADS=1`);
//! - the same on every core.
//!
//! Prints archives a minute for each and their ratio. Run: `cargo bench --bench batch`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ARCHIVES: usize = 30;

/// The folder of 30 archives, made once.
fn archives(cli: &str, bench: &Path) -> PathBuf {
    let dir = bench.join("batch").join("archives");
    if dir.join(format!("{:02}.zip", ARCHIVES - 1)).exists() {
        return dir;
    }
    let demos = bench.join("batch").join("demos");
    let made = Command::new(cli)
        .arg("demos")
        .arg(&demos)
        .status()
        .expect("run pln-lens demos");
    assert!(made.success(), "pln-lens demos failed");
    let mut zips: Vec<PathBuf> = std::fs::read_dir(&demos)
        .expect("the demos folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "zip"))
        .collect();
    zips.sort();
    std::fs::create_dir_all(&dir).expect("the archives folder");
    for i in 0..ARCHIVES {
        std::fs::copy(&zips[i % zips.len()], dir.join(format!("{i:02}.zip"))).expect("copy");
    }
    dir
}

/// One `pln-lens batch` run's wall time.
fn batch(cli: &str, dir: &Path, out: &Path, threads: Option<usize>) -> Duration {
    let _ = std::fs::remove_dir_all(out);
    let mut command = Command::new(cli);
    command
        .arg("batch")
        .arg(dir)
        .arg("-o")
        .arg(out)
        .stdout(Stdio::null());
    if let Some(n) = threads {
        command.env("RAYON_NUM_THREADS", n.to_string());
    }
    let start = Instant::now();
    let status = command.status().expect("run pln-lens batch");
    let took = start.elapsed();
    assert!(status.success(), "pln-lens batch failed");
    took
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo test --benches` asks; nothing to list.
    }
    let cli = env!("CARGO_BIN_EXE_pln-lens");
    let bench = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench");
    let dir = archives(cli, &bench);
    let out = bench.join("batch").join("out");
    let best = |threads| {
        (0..3)
            .map(|_| batch(cli, &dir, &out, threads))
            .min()
            .unwrap()
    };
    let one = best(Some(1));
    let all = best(None);
    let per_minute = |d: Duration| ARCHIVES as f64 * 60.0 / d.as_secs_f64();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("{ARCHIVES} demo archives (the four personas, copied round-robin)");
    println!(
        "pln-lens batch, one thread     {:>7.3} s  {:>6.0} archives a minute",
        one.as_secs_f64(),
        per_minute(one)
    );
    println!(
        "pln-lens batch, {cores} cores        {:>7.3} s  {:>6.0} archives a minute  ({:.2}x one thread)",
        all.as_secs_f64(),
        per_minute(all),
        one.as_secs_f64() / all.as_secs_f64()
    );
}
