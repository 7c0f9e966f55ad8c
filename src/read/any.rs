//! Any export file, opened by what its first bytes say it is.
//!
//! In: a `Read + Seek` over one file the person chose. Out: an [`AnyContainer`]: a zip (X,
//! legacy Twitter and Mastodon 4.2+ archives), a `.tar.gz` (Mastodon before 4.2) or a CAR
//! file (a Bluesky repository). The file's name is never trusted: people rename files,
//! and browsers hand some over without one.

use std::io::{Read, Seek};

use crate::error::Result;
use crate::read::car::CarContainer;
use crate::read::targz::TarGzContainer;
use crate::read::{Container, EntryInfo, ZipContainer, is_car};

/// An opened export file of any kind PLN Lens reads.
pub enum AnyContainer<R: Read + Seek> {
    /// A zip archive.
    Zip(ZipContainer<R>),
    /// A gzipped tar archive.
    TarGz(TarGzContainer<R>),
    /// A Bluesky repository.
    Car(CarContainer<R>),
}

impl<R: Read + Seek> AnyContainer<R> {
    /// Opens `reader` as the kind of file it starts like; a zip when nothing else fits (its
    /// errors then say what the file looks like).
    pub fn open(mut reader: R) -> Result<Self> {
        let mut head = [0u8; 80];
        reader.rewind()?;
        let mut filled = 0;
        while filled < head.len() {
            match reader.read(&mut head[filled..])? {
                0 => break,
                n => filled += n,
            }
        }
        reader.rewind()?;
        let head = &head[..filled];
        if head.starts_with(&[0x1f, 0x8b]) {
            Ok(AnyContainer::TarGz(TarGzContainer::open(reader)?))
        } else if is_car(head) {
            Ok(AnyContainer::Car(CarContainer::open(reader)?))
        } else {
            Ok(AnyContainer::Zip(ZipContainer::open(reader)?))
        }
    }

    /// Gives back the reader (to read its statistics, for instance).
    pub fn into_inner(self) -> R {
        match self {
            AnyContainer::Zip(c) => c.into_inner(),
            AnyContainer::TarGz(c) => c.into_inner(),
            AnyContainer::Car(c) => c.into_inner(),
        }
    }

    fn inner(&self) -> &dyn Container {
        match self {
            AnyContainer::Zip(c) => c,
            AnyContainer::TarGz(c) => c,
            AnyContainer::Car(c) => c,
        }
    }
}

impl<R: Read + Seek> Container for AnyContainer<R> {
    fn kind(&self) -> &'static str {
        self.inner().kind()
    }

    fn entries(&self) -> &[EntryInfo] {
        self.inner().entries()
    }

    // Forwarded, not left to the defaults: the name index and the problems (issue #11).
    fn entry(&self, name: &str) -> Option<&EntryInfo> {
        self.inner().entry(name)
    }

    fn problems(&self) -> &[crate::read::Problem] {
        self.inner().problems()
    }

    fn open(&mut self, name: &str) -> Result<Box<dyn Read + '_>> {
        match self {
            AnyContainer::Zip(c) => c.open(name),
            AnyContainer::TarGz(c) => c.open(name),
            AnyContainer::Car(c) => c.open(name),
        }
    }
}
