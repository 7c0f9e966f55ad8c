//! A browser `Blob` (the person's `File`) as a [`SliceSource`].
//!
//! In: a `Blob`. Out: the bytes of any range, read synchronously with `FileReaderSync`
//! (which exists only inside Workers) on `blob.slice(a, b)`. Wrapped in
//! [`crate::source::ReadAhead`] it becomes `Read + Seek`, so the zip crate can open a
//! multi-GB archive while only its directory and the entries asked for are ever read.

use std::io;

use js_sys::Uint8Array;
use web_sys::{Blob, FileReaderSync};

use crate::source::SliceSource;

/// Reads slices of a `Blob` from inside a Worker.
pub struct BlobSlices {
    blob: Blob,
    reader: FileReaderSync,
    len: u64,
}

impl BlobSlices {
    /// Wraps `blob`. Fails outside a Worker, where `FileReaderSync` does not exist.
    pub fn new(blob: Blob) -> io::Result<Self> {
        let reader = FileReaderSync::new().map_err(|e| {
            io::Error::other(format!("FileReaderSync is not available here: {e:?}"))
        })?;
        let len = blob.size() as u64;
        Ok(Self { blob, reader, len })
    }
}

impl SliceSource for BlobSlices {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let end = (offset + buf.len() as u64).min(self.len);
        if offset >= end {
            return Ok(0);
        }
        // Blob offsets are doubles: exact for every size below 2^53 bytes.
        let slice = self
            .blob
            .slice_with_f64_and_f64(offset as f64, end as f64)
            .map_err(|e| io::Error::other(format!("could not slice the file: {e:?}")))?;
        let buffer = self.reader.read_as_array_buffer(&slice).map_err(|e| {
            // The browser raises NotReadableError when the file changed or vanished.
            io::Error::other(format!("the browser could not read the file: {e:?}"))
        })?;
        let bytes = Uint8Array::new(&buffer);
        let n = bytes.length() as usize;
        bytes.copy_to(&mut buf[..n]);
        Ok(n)
    }
}
