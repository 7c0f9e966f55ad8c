//! Classifier benchmark: agreement with a person's hand coding, and speed.
//!
//! In: `../shared/fixtures` (or `$PLN_FIXTURES`), read in place: the legacy `tweets.csv`
//! and the 200 hand-coded rows of `labeled/dev-coded.csv` (see `classifier_fixture.rs`).
//! Out, printed: for the held-out half (fixed before tuning by a hash of tweet_id), the
//! tuning half and all 200 rows: Cohen's kappa and accuracy for purpose, per-code
//! precision/recall/F1 for purposes and topics, and the purpose confusion matrix; then how
//! long 200,000 posts take to classify. Figures go into benches/BENCHMARKS.md.
//!
//! Run: `cargo bench --bench classifier`. Set `PLN_CODEBOOK=<file.toml|file.json>` to
//! measure another codebook (a complete one, or one that says `extends = "default"`)
//! without rebuilding. Set `PLN_SHOW=tune` to list the tuning half's
//! disagreements (the held-out half's are listed only with `PLN_SHOW=held_out`, after the
//! figures are final, to study failures without tuning on them). `PLN_SHOW=rest` lists how
//! the archive's other posts (none of the 200 coded rows) are coded, every 10th one, for
//! a person to read and judge: new failure modes are found there, not in the held-out half.

#[path = "classifier_fixture.rs"]
mod classifier_fixture;

use std::path::PathBuf;
use std::time::Instant;

use classifier_fixture::{Coded, coded_rows, legacy_archive};
use pln_lens::classify::agreement::{CodeScore, Confusion, exact_set_match, multilabel_scores};
use pln_lens::classify::{Classifier, Codebook, Coder, Coding, Model, classify};
use pln_lens::model::Archive;

fn fixtures() -> PathBuf {
    std::env::var_os("PLN_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"))
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "   -".to_string(), |v| format!("{:>4.0}", v * 100.0))
}

fn print_scores(title: &str, scores: &[CodeScore]) {
    println!(
        "  {title:<22} {:>5} {:>5} {:>5} {:>5}",
        "n", "P%", "R%", "F1%"
    );
    for s in scores {
        println!(
            "  {:<22} {:>5} {:>5} {:>5} {:>5}",
            s.code,
            s.support,
            pct(s.precision),
            pct(s.recall),
            pct(s.f1)
        );
    }
}

fn report(name: &str, rows: &[&Coded], codings: &[Coding], cb: &Codebook) {
    let purposes: Vec<&str> = cb.purposes().iter().map(|p| p.code.as_str()).collect();
    let topics: Vec<&str> = cb.topics().iter().map(|t| t.code.as_str()).collect();
    let m = Confusion::new(
        &purposes,
        rows.iter()
            .map(|r| (r.purpose.as_str(), codings[r.index].purpose.as_str())),
    );
    println!(
        "\n== {name}: {} posts ==\npurpose: kappa {:.2}, accuracy {:.0}%",
        rows.len(),
        m.kappa().unwrap_or(f64::NAN),
        m.accuracy().unwrap_or(f64::NAN) * 100.0
    );
    print_scores("purpose", &m.scores());
    println!("confusion (rows: person, columns: classifier):");
    for line in m.to_text().lines() {
        println!("  {line}");
    }
    let pairs: Vec<(&[String], &[String])> = rows
        .iter()
        .map(|r| (&r.topics[..], &codings[r.index].topics[..]))
        .collect();
    println!(
        "topics: exact same set {:.0}%",
        exact_set_match(pairs.iter().copied()).unwrap_or(f64::NAN) * 100.0
    );
    print_scores("topic", &multilabel_scores(&topics, pairs.iter().copied()));
}

fn show(rows: &[&Coded], codings: &[Coding], archive: &Archive) {
    for r in rows {
        let c = &codings[r.index];
        if c.purpose != r.purpose || c.topics != r.topics {
            let p = &archive.posts[r.index];
            println!(
                "- person {}/{} got {}/{} [{} {:?}] {:?}",
                r.purpose,
                r.topics.join("|"),
                c.purpose,
                c.topics.join("|"),
                p.kind.code(),
                p.client.as_deref().unwrap_or(""),
                p.text
            );
            for e in &c.why {
                println!("      {}", e.reason);
            }
        }
    }
}

fn main() {
    let dir = fixtures();
    if !dir.is_dir() {
        eprintln!("no fixtures at {}; nothing to measure", dir.display());
        return;
    }
    let cb = codebook();
    let archive = legacy_archive(&dir);
    let coded = coded_rows(&dir, &archive);
    let codings = classify(&archive, &cb);

    let held: Vec<&Coded> = coded.iter().filter(|r| r.held_out).collect();
    let tune: Vec<&Coded> = coded.iter().filter(|r| !r.held_out).collect();
    let all: Vec<&Coded> = coded.iter().collect();
    println!(
        "codebook {} {}; {} posts in the archive, {} hand-coded",
        cb.name(),
        cb.version(),
        archive.posts.len(),
        coded.len()
    );
    report("held-out half (never tuned on)", &held, &codings, &cb);
    report("tuning half", &tune, &codings, &cb);
    report("all 200", &all, &codings, &cb);

    match std::env::var("PLN_SHOW").as_deref() {
        Ok("tune") => {
            println!("\n== tuning half: disagreements ==");
            show(&tune, &codings, &archive);
        }
        Ok("held_out") => {
            println!("\n== held-out half: disagreements ==");
            show(&held, &codings, &archive);
        }
        Ok("rest") => show_rest(&coded, &codings, &archive),
        _ => {}
    }

    let big = repeated_to(&archive, 200_000);
    let best = time_codebook(&big, &cb);
    time_learned(&big, &cb, best);
}

/// The default codebook, or the one `PLN_CODEBOOK` names (TOML, or JSON by extension).
fn codebook() -> Codebook {
    let Some(path) = std::env::var_os("PLN_CODEBOOK") else {
        return Codebook::default_codebook();
    };
    let path = PathBuf::from(path);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let read = if path.extension().is_some_and(|e| e == "json") {
        Codebook::from_json_str(&text)
    } else {
        Codebook::from_toml_str(&text)
    };
    read.unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every 10th post outside the coded rows, as coded, for a person to read and judge.
fn show_rest(coded: &[Coded], codings: &[Coding], archive: &Archive) {
    println!("\n== posts outside the 200 coded rows (every 10th) ==");
    let coded_ids: std::collections::HashSet<usize> = coded.iter().map(|r| r.index).collect();
    let rest = (0..archive.posts.len()).filter(|i| !coded_ids.contains(i));
    for i in rest.step_by(10) {
        let (p, c) = (&archive.posts[i], &codings[i]);
        println!(
            "- {}/{} [{} {:?}] {:?}",
            c.purpose,
            c.topics.join("|"),
            p.kind.code(),
            p.client.as_deref().unwrap_or(""),
            p.text
        );
        if let Some(e) = c.why.first() {
            println!("      {}", e.reason);
        }
    }
}

/// The archive's posts repeated to `n` posts.
fn repeated_to(archive: &Archive, n: usize) -> Archive {
    let mut big = Archive::default();
    while big.posts.len() < n {
        let need = n - big.posts.len();
        big.posts.extend(archive.posts.iter().take(need).cloned());
    }
    big
}

/// Speed: `big` (200,000 posts) classified natively by the codebook's weights, best of 3
/// (printed and returned, in seconds), and how long loading the codebook takes.
fn time_codebook(big: &Archive, cb: &Codebook) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let start = Instant::now();
        let out = classify(big, cb);
        best = best.min(start.elapsed().as_secs_f64());
        assert_eq!(out.len(), big.posts.len());
    }
    let start = Instant::now();
    let _ = Codebook::default_codebook();
    let load = start.elapsed().as_secs_f64();
    println!(
        "\n== speed ==\n200,000 posts classified by the codebook's weights in {:.3} s (best of 3; {:.1} us per post); loading the codebook {:.1} ms",
        best,
        best / 200_000.0 * 1e6,
        load * 1e3
    );
    best
}

/// The learned model, as the report codes (without reasons; those are coded again for
/// the posts a person opens): what the page and the CLI do first. Compared with the
/// codebook's weights (`codebook_secs` for the same posts).
fn time_learned(big: &Archive, cb: &Codebook, codebook_secs: f64) {
    let start = Instant::now();
    let model = std::sync::Arc::new(Model::default_model());
    let model_load = start.elapsed().as_secs_f64();
    let classifier = Classifier::with_coder(big, cb, Coder::Learned(model));
    let mut learned = f64::INFINITY;
    for _ in 0..3 {
        let start = Instant::now();
        let n = big
            .posts
            .iter()
            .map(|p| classifier.code_quick(p, None, cb))
            .filter(|c| !c.purpose.is_empty())
            .count();
        learned = learned.min(start.elapsed().as_secs_f64());
        assert_eq!(n, big.posts.len());
    }
    println!(
        "200,000 posts coded by the learned model in {:.3} s (best of 3; {:.1} us per post; {:.2}x the codebook's weights); loading the model {:.1} ms",
        learned,
        learned / 200_000.0 * 1e6,
        learned / codebook_secs,
        model_load * 1e3
    );
    println!(
        "(the learned model's agreement on people it was not trained on: `pln-lens corpus evaluate`)"
    );
}
