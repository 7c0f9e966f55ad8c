//! The one error type of the core.
//!
//! In: failures from every stage. Out: an [`Error`] whose [`ErrorKind`] the shells map to
//! a plain sentence and a next step (the CLI prints `error: ...` and exits 2; the page shows
//! a friendly message). Only failures that stop the whole archive from being read are
//! errors; anything smaller (one broken post, one unreadable file among many) is a warning
//! in the report, so nothing else is lost.

use serde::Serialize;

/// What went wrong, as a stable, documented code the page and the CLI can switch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The bytes are not a zip (or other container) we can open at all.
    NotAnArchive,
    /// A readable container, but not a data export of any platform we know.
    UnknownPlatform,
    /// The file ends early: a download or copy that did not finish.
    Truncated,
    /// An entry inflates to far more than an export ever holds (a zip bomb) or is
    /// otherwise too large to read safely.
    TooLarge,
    /// A file inside the archive is damaged beyond what can be skipped.
    Malformed,
    /// The archive needs a feature we do not read (an unusual compression).
    Unsupported,
    /// The archive's files are protected by a password. Platforms never encrypt their
    /// exports, so someone zipped it again with one.
    Encrypted,
    /// A real export of a platform PLN Lens does not read yet (a Mastodon archive, a
    /// Bluesky repository).
    NotYetReadable,
    /// The person (or the page) stopped the work.
    Cancelled,
    /// Reading the file itself failed (permissions, a disk error, the browser refused).
    Io,
    /// A bad option or setting, such as an unreadable custom codebook.
    Invalid,
}

/// The error type of the core. Messages are lowercase and name the entry involved.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    /// The kind, for the shells to map to a next step.
    pub kind: ErrorKind,
    /// What went wrong, in plain words, naming the file or entry.
    pub message: String,
}

impl Error {
    /// Builds an error of `kind` with a plain-language message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// A sentence telling the person what they can do about this kind of error.
    pub fn hint(&self) -> &'static str {
        match self.kind {
            ErrorKind::NotAnArchive => {
                "choose the .zip file your platform sent you (X: Settings > Your account > Download an archive of your data)"
            }
            ErrorKind::UnknownPlatform => {
                "it does not look like an X, Mastodon or Bluesky export; check you picked the export itself (the .zip the platform sent, or the folder it unzips to)"
            }
            ErrorKind::Truncated => {
                "the file is incomplete; download the archive again and wait until the download has finished"
            }
            ErrorKind::TooLarge => {
                "the archive holds an entry far larger than any real export; download a fresh copy from the platform"
            }
            ErrorKind::Malformed => {
                "part of the archive is damaged; download a fresh copy, or send us the error text (not the archive)"
            }
            ErrorKind::Unsupported => {
                "unzip the archive and zip it again without a password, or open the unzipped folder with the command-line tool"
            }
            ErrorKind::Encrypted => {
                "X archives are not encrypted, so this one was zipped again with a password; unzip it first (with its password), then open the unzipped folder or a zip made without one"
            }
            ErrorKind::NotYetReadable => {
                "PLN Lens reads X/Twitter archives of any year, Mastodon archives and Bluesky repositories"
            }
            ErrorKind::Cancelled => "choose the file again when you are ready",
            ErrorKind::Io => "check the file is still there and readable, then try again",
            ErrorKind::Invalid => "check the option or file named in the message",
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::UnexpectedEof => Error::new(
                ErrorKind::Truncated,
                format!("the file ended before its end was reached ({e})"),
            ),
            _ => Error::new(ErrorKind::Io, format!("could not read the file: {e}")),
        }
    }
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_eof_maps_to_truncated() {
        let e: Error = std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "eof").into();
        assert_eq!(e.kind, ErrorKind::Truncated);
        assert!(e.to_string().contains("ended"));
    }

    #[test]
    fn kinds_serialize_as_snake_case_codes() {
        let json = serde_json::to_string(&ErrorKind::NotAnArchive).unwrap();
        assert_eq!(json, "\"not_an_archive\"");
    }
}
