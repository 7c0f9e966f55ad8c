//! A file writer that turns runs of zero bytes into holes.
//!
//! In: writes (from the zip writer). Out: a file on disk whose all-zero blocks were
//! skipped with a seek, so a synthetic archive with gigabytes of (zero) media costs almost
//! no disk and little time. Readers see the zeros; only the disk space is saved.

use std::fs::File;
use std::io::{self, Seek, SeekFrom, Write};

/// Writes through to `file`, skipping all-zero buffers as holes.
#[derive(Debug)]
pub struct SparseFile {
    file: File,
    /// The logical position (may run past the end of the data written so far).
    pos: u64,
    /// The logical length: the furthest byte written or skipped.
    len: u64,
}

impl SparseFile {
    /// Creates (or truncates) the file at `path`.
    pub fn create(path: &std::path::Path) -> io::Result<Self> {
        Ok(Self {
            file: File::create(path)?,
            pos: 0,
            len: 0,
        })
    }

    /// Sets the file's length to the logical length (a trailing hole needs it) and returns
    /// the file.
    pub fn finish(self) -> io::Result<File> {
        self.file.set_len(self.len)?;
        Ok(self.file)
    }
}

impl Write for SparseFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Small writes are headers; only big zero runs are worth a hole.
        if buf.len() >= 4096 && buf.iter().all(|&b| b == 0) {
            self.pos += buf.len() as u64;
        } else {
            self.file.seek(SeekFrom::Start(self.pos))?;
            self.file.write_all(buf)?;
            self.pos += buf.len() as u64;
        }
        self.len = self.len.max(self.pos);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Seek for SparseFile {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.pos = match to {
            SeekFrom::Start(n) => n,
            SeekFrom::End(d) => self.len.checked_add_signed(d).ok_or_else(bad_seek)?,
            SeekFrom::Current(d) => self.pos.checked_add_signed(d).ok_or_else(bad_seek)?,
        };
        Ok(self.pos)
    }
}

fn bad_seek() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "seek before the start of the file",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn zeros_read_back_as_zeros_and_data_as_data() {
        let path = std::env::temp_dir().join(format!("pln-sparse-{}", std::process::id()));
        let mut f = SparseFile::create(&path).unwrap();
        f.write_all(b"head").unwrap();
        f.write_all(&[0u8; 10_000]).unwrap();
        f.write_all(b"tail").unwrap();
        f.write_all(&[0u8; 8192]).unwrap();
        drop(f.finish().unwrap());
        let mut back = Vec::new();
        File::open(&path).unwrap().read_to_end(&mut back).unwrap();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(back.len(), 4 + 10_000 + 4 + 8192);
        assert_eq!(&back[..4], b"head");
        assert!(back[4..10_004].iter().all(|&b| b == 0));
        assert_eq!(&back[10_004..10_008], b"tail");
    }
}
