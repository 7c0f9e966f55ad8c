//! Where the time of `pln-lens report --json` goes (issue 13): the whole pipeline run in
//! this process on one archive, timed stage by stage through the pipeline's own progress
//! updates, then the report built and written as JSON to nowhere.
//!
//! In: an archive (the first argument after `--`, or else the 200,000-post archive
//! `cargo bench --bench import` builds in `target/bench/`). Out: one line per stage with
//! its seconds and share of the total (which leaves out freeing the memory at the end: the
//! CLI exits instead), best of three runs. Run:
//! `cargo bench --bench stages [-- ARCHIVE]`.

use std::io;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use pln_lens::analysis::{Analysis, Options};
use pln_lens::read::AnyContainer;
use pln_lens::source::{FileSlices, ReadAhead};
use pln_lens::{Progress, Stage, Update};

/// Records when each stage began.
struct StageClock {
    started: Instant,
    marks: Vec<(Stage, Duration)>,
}

impl Progress for StageClock {
    fn update(&mut self, update: &Update) {
        if self.marks.last().map(|(s, _)| *s) != Some(update.stage) {
            self.marks.push((update.stage, self.started.elapsed()));
        }
    }
}

/// One run: (stage label, seconds) in pipeline order, ending with the report and its JSON.
fn profile(path: &std::path::Path) -> Vec<(String, f64)> {
    let started = Instant::now();
    let mut clock = StageClock {
        started,
        marks: vec![(Stage::Open, Duration::ZERO)],
    };
    let file = FileSlices::open(path).expect("open the archive");
    let mut container = AnyContainer::open(ReadAhead::new(file)).expect("a readable archive");
    let analysis =
        Analysis::run(&mut container, &mut clock, Options::default()).expect("an analysis");
    let analysed = started.elapsed();
    let report = analysis.report();
    let reported = started.elapsed();
    serde_json::to_writer(io::sink(), &report).expect("JSON");
    let written = started.elapsed();
    drop((report, analysis, container));
    let freed = started.elapsed();

    let mut marks = clock.marks;
    marks.push((Stage::Report, analysed));
    let mut rows: Vec<(String, f64)> = marks
        .windows(2)
        .map(|w| (w[0].0.label().to_string(), (w[1].1 - w[0].1).as_secs_f64()))
        .collect();
    rows.push((
        "building the report (people, spaces, chats, figures)".into(),
        (reported - analysed).as_secs_f64(),
    ));
    rows.push((
        "writing it as JSON".into(),
        (written - reported).as_secs_f64(),
    ));
    rows.push((
        "freeing it all (the CLI skips this: it exits)".into(),
        (freed - written).as_secs_f64(),
    ));
    rows.push(("total".into(), written.as_secs_f64()));
    rows
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--list") {
        return; // `cargo test --benches` asks; nothing to list.
    }
    let path = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target/bench/x-200000-posts-1500MB-media.zip")
        });
    if !path.exists() {
        eprintln!(
            "no archive at {}: run `cargo bench --bench import` first, or name one",
            path.display()
        );
        std::process::exit(2);
    }
    let best = (0..3)
        .map(|_| profile(&path))
        .min_by(|a, b| a.last().unwrap().1.total_cmp(&b.last().unwrap().1))
        .unwrap();
    let total = best.last().unwrap().1;
    println!("{}", path.display());
    for (stage, secs) in &best {
        println!("{stage:<55} {secs:>7.3} s {:>5.1}%", 100.0 * secs / total);
    }
}
