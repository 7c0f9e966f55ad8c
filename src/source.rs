//! Bytes: random access to the archive file, whatever holds it.
//!
//! In: anything that can copy the bytes at an offset ([`SliceSource`]): a native file, a
//! buffer in memory, or (in the Wasm shell) a browser `File` read in slices with
//! `FileReaderSync`. Out: a [`ReadAhead`] reader implementing `Read + Seek`, which the zip
//! crate needs, plus counts of what was actually read ([`ReadStats`]).
//!
//! Why a read-ahead cache: the zip crate makes many tiny reads (headers of a few dozen
//! bytes) and every slice of a browser `File` costs a round trip, so small reads are served
//! from a cached window. Long sequential runs (inflating a big data entry) grow the window
//! so a multi-GB archive costs a few hundred slices, not millions; a seek elsewhere shrinks
//! it again so reading the central directory never pulls in media. No crate offers a
//! `Read + Seek` over "copy the bytes at this offset" with an adaptive window; the
//! browser benchmark (benches/BENCHMARKS.md) measured the slice counts it saves.

use std::io::{self, Read, Seek, SeekFrom};

/// Something that can copy bytes starting at an offset. Implemented for native files,
/// in-memory buffers and, in the Wasm shell, browser `Blob`s.
pub trait SliceSource {
    /// The total length in bytes.
    fn len(&self) -> u64;

    /// Whether the source holds no bytes at all.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Copies bytes starting at `offset` into `buf`, returning how many were copied
    /// (fewer than `buf.len()` only at the end of the source).
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize>;
}

impl SliceSource for Vec<u8> {
    fn len(&self) -> u64 {
        self.as_slice().len() as u64
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        self.as_slice().read_at(offset, buf)
    }
}

impl SliceSource for &[u8] {
    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(<[u8]>::len(self));
        let n = buf.len().min(<[u8]>::len(self) - start);
        buf[..n].copy_from_slice(&self[start..start + n]);
        Ok(n)
    }
}

/// A native file as a slice source (the CLI's archive).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug)]
pub struct FileSlices {
    file: std::fs::File,
    len: u64,
}

#[cfg(not(target_arch = "wasm32"))]
impl FileSlices {
    /// Opens `path` for reading.
    pub fn open(path: &std::path::Path) -> io::Result<Self> {
        let file = std::fs::File::open(path)?;
        let len = file.metadata()?.len();
        Ok(Self { file, len })
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl SliceSource for FileSlices {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        self.file.seek(SeekFrom::Start(offset))?;
        let mut filled = 0;
        while filled < buf.len() {
            match self.file.read(&mut buf[filled..])? {
                0 => break,
                n => filled += n,
            }
        }
        Ok(filled)
    }
}

/// What a [`ReadAhead`] has actually pulled from its source: the proof that media were
/// never read.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReadStats {
    /// Calls to [`SliceSource::read_at`] (browser slices, file reads).
    pub slices: u64,
    /// Bytes copied from the source in all.
    pub bytes: u64,
}

/// The smallest read-ahead window, used after a seek (zip headers are small).
const MIN_WINDOW: usize = 64 * 1024;
/// The largest window, reached after a long sequential run (an entry being inflated).
const MAX_WINDOW: usize = 4 * 1024 * 1024;

/// A `Read + Seek` view of a [`SliceSource`] with an adaptive read-ahead window.
#[derive(Debug)]
pub struct ReadAhead<S> {
    source: S,
    len: u64,
    pos: u64,
    window: Vec<u8>,
    window_start: u64,
    next_window: usize,
    stats: ReadStats,
}

impl<S: SliceSource> ReadAhead<S> {
    /// Wraps `source`, starting at offset 0.
    pub fn new(source: S) -> Self {
        let len = source.len();
        Self {
            source,
            len,
            pos: 0,
            window: Vec::new(),
            window_start: 0,
            next_window: MIN_WINDOW,
            stats: ReadStats::default(),
        }
    }

    /// The total length of the source.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the source is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// What has been read from the source so far.
    pub fn stats(&self) -> ReadStats {
        self.stats
    }

    /// Gives back the source.
    pub fn into_inner(self) -> S {
        self.source
    }

    fn window_end(&self) -> u64 {
        self.window_start + self.window.len() as u64
    }

    fn read_source(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.source.read_at(offset, buf)?;
        self.stats.slices += 1;
        self.stats.bytes += n as u64;
        Ok(n)
    }

    /// Refills the window at `self.pos`, growing it when this miss continues the last
    /// window (sequential reading) and shrinking it back after a jump.
    fn refill(&mut self) -> io::Result<()> {
        let sequential = !self.window.is_empty() && self.pos == self.window_end();
        self.next_window = if sequential {
            (self.next_window * 2).min(MAX_WINDOW)
        } else {
            MIN_WINDOW
        };
        let want = (self.len - self.pos).min(self.next_window as u64) as usize;
        let mut window = std::mem::take(&mut self.window);
        window.resize(want, 0);
        let got = self.read_source(self.pos, &mut window)?;
        window.truncate(got);
        self.window = window;
        self.window_start = self.pos;
        Ok(())
    }
}

impl<S: SliceSource> Read for ReadAhead<S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.len || buf.is_empty() {
            return Ok(0);
        }
        let in_window = self.pos >= self.window_start && self.pos < self.window_end();
        if !in_window {
            if buf.len() >= self.next_window.max(MIN_WINDOW) {
                // A big read gains nothing from the window: copy straight into it.
                let want = (self.len - self.pos).min(buf.len() as u64) as usize;
                let got = self.read_source(self.pos, &mut buf[..want])?;
                self.pos += got as u64;
                return Ok(got);
            }
            self.refill()?;
            if self.window.is_empty() {
                return Ok(0);
            }
        }
        let from = (self.pos - self.window_start) as usize;
        let n = buf.len().min(self.window.len() - from);
        buf[..n].copy_from_slice(&self.window[from..from + n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl<S: SliceSource> Seek for ReadAhead<S> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        match target {
            Some(n) => {
                self.pos = n;
                Ok(n)
            }
            None => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the file",
            )),
        }
    }

    fn stream_position(&mut self) -> io::Result<u64> {
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i % 251) as u8).collect()
    }

    #[test]
    fn reads_everything_in_small_pieces() {
        let data = bytes(300_000);
        let mut r = ReadAhead::new(data.clone());
        let mut out = Vec::new();
        let mut buf = [0u8; 7];
        loop {
            let n = r.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        assert_eq!(out, data);
        // 300 KB in 7-byte reads must not cost thousands of slices.
        assert!(r.stats().slices <= 4, "{:?}", r.stats());
    }

    #[test]
    fn seeks_then_reads_the_right_bytes() {
        let data = bytes(1_000_000);
        let mut r = ReadAhead::new(data.clone());
        r.seek(SeekFrom::End(-22)).unwrap();
        let mut tail = [0u8; 22];
        r.read_exact(&mut tail).unwrap();
        assert_eq!(&tail[..], &data[data.len() - 22..]);
        r.seek(SeekFrom::Start(10)).unwrap();
        let mut head = [0u8; 5];
        r.read_exact(&mut head).unwrap();
        assert_eq!(&head[..], &data[10..15]);
        r.seek(SeekFrom::Current(-3)).unwrap();
        r.read_exact(&mut head).unwrap();
        assert_eq!(&head[..], &data[12..17]);
    }

    #[test]
    fn a_jump_shrinks_the_window_so_media_is_not_pulled_in() {
        let data = bytes(20_000_000);
        let mut r = ReadAhead::new(data);
        let mut buf = [0u8; 100];
        // Sequential: the window grows.
        for _ in 0..200_000 {
            r.read_exact(&mut buf).unwrap();
        }
        let before = r.stats().bytes;
        // A jump to the end (the central directory) reads one small window only.
        r.seek(SeekFrom::End(-100)).unwrap();
        r.read_exact(&mut buf).unwrap();
        assert!(r.stats().bytes - before <= MIN_WINDOW as u64);
    }

    #[test]
    fn seek_before_start_is_an_error_and_reading_past_end_gives_zero() {
        let mut r = ReadAhead::new(bytes(10));
        assert!(r.seek(SeekFrom::Current(-1)).is_err());
        r.seek(SeekFrom::Start(50)).unwrap();
        assert_eq!(r.read(&mut [0u8; 4]).unwrap(), 0);
    }

    #[test]
    fn big_reads_bypass_the_window() {
        let data = bytes(MAX_WINDOW * 3);
        let mut r = ReadAhead::new(data.clone());
        let mut big = vec![0u8; MAX_WINDOW * 2];
        r.read_exact(&mut big).unwrap();
        assert_eq!(big, data[..MAX_WINDOW * 2]);
        assert_eq!(r.stats().bytes, (MAX_WINDOW * 2) as u64);
    }
}
