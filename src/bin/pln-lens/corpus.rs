//! `pln-lens corpus ...`: tools over a coded corpus (see `data/corpus/README.md`): the
//! features of every coded post, for looking at and for experiments outside the tool.
//!
//! In: a corpus folder (`people.csv`, `codes.csv`) and the folder the people's archives
//! lie in. Out: JSON lines on stdout or in a file. Each person's archive is read in place;
//! post text is written only when asked (`--with-text`), for experiments kept outside
//! the repository.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use pln_lens::analysis::{Analysis, Options};
use pln_lens::classify::model::ModelInfo;
use pln_lens::classify::train::{Example, Judged, TrainOptions, leave_one_person_out};
use pln_lens::corpus::{self, CodedPost, Person};
use pln_lens::{Error, ErrorKind};

/// Reads a file of the corpus.
pub fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("cannot read {}: {e}", path.display()),
        )
    })
}

/// The corpus: its people, and its coded posts by person.
pub struct Corpus {
    pub people: Vec<Person>,
    pub codes: HashMap<String, Vec<CodedPost>>,
}

impl Corpus {
    /// Reads `people.csv` and `codes.csv` from `dir`.
    pub fn read(dir: &Path) -> Result<Corpus, Error> {
        let people = corpus::read_people(&read_text(&dir.join("people.csv"))?)?;
        let mut codes: HashMap<String, Vec<CodedPost>> = HashMap::new();
        for post in corpus::read_codes(&read_text(&dir.join("codes.csv"))?)? {
            codes.entry(post.person.clone()).or_default().push(post);
        }
        Ok(Corpus { people, codes })
    }

    /// Analyses each person's archive in turn and hands it, with their coded posts, to
    /// `each`.
    pub fn for_each_person(
        &self,
        fixtures: &Path,
        each: impl FnMut(&Person, &Analysis, &[CodedPost]) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.for_each_person_with(fixtures, &Options::default(), each)
    }

    /// [`Corpus::for_each_person`] with these analysis options (a researcher's codebook).
    pub fn for_each_person_with(
        &self,
        fixtures: &Path,
        options: &Options,
        mut each: impl FnMut(&Person, &Analysis, &[CodedPost]) -> Result<(), Error>,
    ) -> Result<(), Error> {
        for person in &self.people {
            let path: PathBuf = fixtures.join(&person.archive);
            let analysis = super::with_container(&path, |c, progress| {
                Analysis::run(c, progress, options.clone())
            })?;
            let coded = self
                .codes
                .get(&person.person)
                .map_or(&[][..], Vec::as_slice);
            each(person, &analysis, coded)?;
        }
        Ok(())
    }
}

/// Writes one JSON line per coded post: person, id, purpose, topics, features (and text).
pub fn write_features(
    dir: &Path,
    fixtures: &Path,
    with_text: bool,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let corpus = Corpus::read(dir)?;
    let mut missing = 0usize;
    corpus.for_each_person(fixtures, |person, analysis, coded| {
        for post in coded {
            let Some(features) = analysis.feature_names(&post.id) else {
                missing += 1;
                continue;
            };
            let mut line = serde_json::json!({
                "person": person.person,
                "id": post.id,
                "stratum": post.stratum,
                "purpose": post.purpose,
                "topics": post.topics,
                "features": features,
            });
            if with_text
                && let Some(p) = analysis.archive().posts.iter().find(|p| *p.id == *post.id)
            {
                line["text"] = serde_json::Value::from(&*p.text);
                line["kind"] = serde_json::Value::from(p.kind.code());
            }
            writeln!(out, "{line}").map_err(|e| Error::new(ErrorKind::Io, e.to_string()))?;
        }
        Ok(())
    })?;
    if missing > 0 {
        eprintln!("note: {missing} coded posts are not in their archives");
    }
    Ok(())
}

/// The training examples of a corpus: every coded post found in its person's archive,
/// with its features, coded against the codebook's purposes and topics.
pub struct Examples {
    pub examples: Vec<Example>,
    pub purposes: Vec<String>,
    pub topics: Vec<String>,
    pub people: usize,
}

/// The code given to a post when no education topic fits (the corpus's convention).
pub const NO_TOPIC: &str = "other";

/// Reads the corpus and each person's archive into training examples.
pub fn examples(dir: &Path, fixtures: &Path, options: &Options) -> Result<Examples, Error> {
    let corpus = Corpus::read(dir)?;
    let purposes = options.codebook.purpose_codes();
    let topics = options.codebook.topic_codes();
    let mut examples = Vec::new();
    let (mut missing, mut unknown) = (0usize, 0usize);
    corpus.for_each_person_with(fixtures, options, |person, analysis, coded| {
        for post in coded {
            let Some(features) = analysis.feature_names(&post.id) else {
                missing += 1;
                continue;
            };
            let Some(purpose) = purposes.iter().position(|p| *p == post.purpose) else {
                unknown += 1;
                continue;
            };
            let mut topic_codes = Vec::new();
            for t in &post.topics {
                match topics.iter().position(|x| x == t) {
                    Some(i) => topic_codes.push(i),
                    None => unknown += 1,
                }
            }
            examples.push(Example {
                person: person.person.clone(),
                id: post.id.clone(),
                features,
                purpose,
                topics: topic_codes,
            });
        }
        Ok(())
    })?;
    if missing > 0 {
        eprintln!("note: {missing} coded posts are not in their archives");
    }
    if unknown > 0 {
        eprintln!("note: {unknown} codes are not in the codebook and were left out");
    }
    Ok(Examples {
        examples,
        purposes,
        topics,
        people: corpus.people.len(),
    })
}

/// Where the coded posts are and how to train.
pub struct TrainSettings {
    pub corpus: PathBuf,
    pub fixtures: PathBuf,
    pub analysis: Options,
    pub options: TrainOptions,
}

/// `pln-lens train`: fits a model on every coded post and writes its file (and, with
/// `evaluate`, the figures of leaving each person out).
pub fn train(
    settings: &TrainSettings,
    out: &Path,
    name: &str,
    evaluate: bool,
) -> Result<(), Error> {
    let ex = examples(&settings.corpus, &settings.fixtures, &settings.analysis)?;
    let all: Vec<&Example> = ex.examples.iter().collect();
    let mut measured = String::new();
    if evaluate {
        let judged = leave_each_out(&ex, &settings.options)?;
        measured = format!(
            "on people it was not trained on, purpose kappa {:.2} on average ({:.2} to {:.2}) and topic F1 {:.2}",
            judged.mean_purpose_kappa,
            judged.min_purpose_kappa,
            judged
                .folds
                .iter()
                .map(|f| f.purpose_kappa)
                .fold(f64::MIN, f64::max),
            judged.mean_topic_micro_f1
        );
        let path = out.with_extension("evaluation.json");
        let text = serde_json::to_string_pretty(&judged).unwrap_or_default();
        std::fs::write(&path, text + "\n").map_err(|e| {
            Error::new(
                ErrorKind::Io,
                format!("cannot write {}: {e}", path.display()),
            )
        })?;
        let mut table = Vec::new();
        write_judged(&mut table, &judged).ok();
        eprint!("{}", String::from_utf8_lossy(&table));
    }
    let info = ModelInfo {
        name: name.to_string(),
        codebook_version: settings.analysis.codebook.version().to_string(),
        posts: all.len() as u32,
        people: ex.people as u32,
        measured,
    };
    let file = pln_lens::classify::train::fit_file(
        &all,
        &ex.purposes,
        &ex.topics,
        Some(NO_TOPIC),
        &settings.options,
        info,
    )?;
    std::fs::write(out, file.to_json()).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("cannot write {}: {e}", out.display()),
        )
    })?;
    eprintln!(
        "wrote {} (trained on {} coded posts of {} people)",
        out.display(),
        all.len(),
        ex.people
    );
    Ok(())
}

/// `pln-lens corpus evaluate`: leaves each person out in turn.
pub fn evaluate(settings: &TrainSettings) -> Result<Judged, Error> {
    let ex = examples(&settings.corpus, &settings.fixtures, &settings.analysis)?;
    leave_each_out(&ex, &settings.options)
}

/// Trains leaving each coded person out in turn and codes them (saying who on stderr).
fn leave_each_out(ex: &Examples, options: &TrainOptions) -> Result<Judged, Error> {
    leave_one_person_out(
        &ex.examples,
        &ex.purposes,
        &ex.topics,
        Some(NO_TOPIC),
        options,
        |person| eprintln!("leaving out {person}"),
    )
}

/// The least the figures of `corpus evaluate` may be (CI guards the model with them).
pub struct Floors {
    /// The mean purpose kappa over the people left out.
    pub mean_kappa: Option<f64>,
    /// The lowest person's purpose kappa.
    pub lowest_kappa: Option<f64>,
    /// The mean topic micro-F1.
    pub topic_f1: Option<f64>,
}

/// An error naming every figure below its floor.
pub fn check_floors(judged: &Judged, floors: &Floors) -> Result<(), Error> {
    let checks = [
        (
            "mean purpose kappa",
            judged.mean_purpose_kappa,
            floors.mean_kappa,
        ),
        (
            "lowest purpose kappa",
            judged.min_purpose_kappa,
            floors.lowest_kappa,
        ),
        (
            "mean topic micro-F1",
            judged.mean_topic_micro_f1,
            floors.topic_f1,
        ),
    ];
    let below: Vec<String> = checks
        .iter()
        .filter_map(|&(what, got, floor)| {
            let floor = floor?;
            (got.is_nan() || got < floor).then(|| format!("{what} {got:.3} is below {floor:.3}"))
        })
        .collect();
    if below.is_empty() {
        Ok(())
    } else {
        Err(Error::new(
            ErrorKind::Invalid,
            format!("the model fell below its floor: {}", below.join(", ")),
        ))
    }
}

/// The figures as a table.
pub fn write_judged(out: &mut dyn Write, judged: &Judged) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<16} {:>6} {:>13} {:>10} {:>15}  kappa after corrections",
        "person left out", "posts", "purpose kappa", "agreement", "topic micro-F1"
    )?;
    for f in &judged.folds {
        let curve: Vec<String> = f
            .with_corrections
            .iter()
            .map(|(k, kappa)| format!("{k}: {kappa:.2}"))
            .collect();
        writeln!(
            out,
            "{:<16} {:>6} {:>13.3} {:>9.1}% {:>15.3}  {}",
            f.person,
            f.posts,
            f.purpose_kappa,
            f.purpose_agreement * 100.0,
            f.topic_micro_f1,
            curve.join(", ")
        )?;
    }
    writeln!(
        out,
        "mean purpose kappa {:.3} (lowest {:.3}), mean topic micro-F1 {:.3}",
        judged.mean_purpose_kappa, judged.min_purpose_kappa, judged.mean_topic_micro_f1
    )
}
