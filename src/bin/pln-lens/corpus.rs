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
        mut each: impl FnMut(&Person, &Analysis, &[CodedPost]) -> Result<(), Error>,
    ) -> Result<(), Error> {
        for person in &self.people {
            let path: PathBuf = fixtures.join(&person.archive);
            let analysis = super::with_container(&path, |c, progress| {
                Analysis::run(c, progress, Options::default())
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
