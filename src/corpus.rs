//! The coded corpus: posts of several people, each coded by people, for training the
//! classifier's model and judging it on people it was not trained on.
//!
//! In: the corpus files' text (`people.csv`: who each person is and where their archive
//! lies; `codes.csv`: a person, a post id and its settled purpose and topics; see
//! `data/corpus/README.md`). Out: [`Person`] and [`CodedPost`] rows. Only ids and codes
//! are kept in a corpus; the posts themselves are read from each person's own archive by
//! the shell, so no post text is ever copied.

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};

/// One person of the corpus.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Person {
    /// A short name the codes refer to.
    pub person: String,
    /// Their archive, relative to the fixtures folder (a zip or a folder).
    pub archive: String,
    /// The export's kind, for people reading the file.
    #[serde(default)]
    pub platform: String,
    /// Who they are, as their public profile says.
    #[serde(default)]
    pub who: String,
}

/// One coded post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodedPost {
    /// Whose post.
    pub person: String,
    /// The post's id in the person's archive.
    pub id: String,
    /// How it was drawn (`random`, `chat`, ...).
    pub stratum: String,
    /// The settled purpose.
    pub purpose: String,
    /// The settled topics (may be empty).
    pub topics: Vec<String>,
}

#[derive(Deserialize)]
struct CodeRow {
    person: String,
    id: String,
    #[serde(default)]
    stratum: String,
    purpose: String,
    #[serde(default)]
    topics: String,
}

fn invalid(file: &str, e: csv::Error) -> Error {
    Error::new(ErrorKind::Invalid, format!("{file}: {e}"))
}

/// Reads `people.csv`.
pub fn read_people(text: &str) -> Result<Vec<Person>> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<std::result::Result<Vec<Person>, _>>()
        .map_err(|e| invalid("people.csv", e))
}

/// Reads a codes file: `person,id,purpose,topics` at least (topics `|`-separated), in any
/// column order, other columns ignored. A researcher's own coded posts take this form too.
pub fn read_codes(text: &str) -> Result<Vec<CodedPost>> {
    let mut out = Vec::new();
    for row in csv::Reader::from_reader(text.as_bytes()).deserialize() {
        let row: CodeRow = row.map_err(|e| invalid("codes.csv", e))?;
        out.push(CodedPost {
            person: row.person,
            id: row.id,
            stratum: row.stratum,
            purpose: row.purpose.trim().to_string(),
            topics: row
                .topics
                .split(['|', ';'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(String::from)
                .collect(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_codes_with_extra_columns_and_empty_topics() {
        let codes = read_codes(
            "person,id,stratum,purpose,topics,coder_a\nann,1,random,share,technology|pedagogy,x\nann,2,chat,social,,y\n",
        )
        .unwrap();
        assert_eq!(codes.len(), 2);
        assert_eq!(codes[0].topics, ["technology", "pedagogy"]);
        assert!(codes[1].topics.is_empty());
        assert_eq!(codes[1].stratum, "chat");
    }

    #[test]
    fn a_broken_codes_file_names_itself() {
        let err = read_codes("person,id\nann,1\n").unwrap_err();
        assert!(err.message.starts_with("codes.csv"), "{}", err.message);
    }
}
