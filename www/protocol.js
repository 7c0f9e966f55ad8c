// The message envelope between the page and the Worker, mirrored from src/protocol.rs
// (the definition). A Rust test checks every type name below against the Rust enums.
//
// page -> worker:  { type: 'analyze', file: File, time_zone?, codebook?: { name, text } }
//                  { type: 'posts', request, filter, offset, limit }
//                  { type: 'recode', recode: { id, purpose, topics } }
//                  { type: 'undo_recode', id }
//                  { type: 'recodes_csv', name, text }
//                  { type: 'codebook', codebook?: { name, text } }
//                  { type: 'codes_csv', with_text }
//                  { type: 'summary', pseudonym? }
//                  { type: 'class', summaries: [{ name, text }] }
//                  { type: 'export', format: 'graphml' | 'edges_csv' | 'sessions_csv' }
//                  { type: 'reliability', coded: [{ id, purpose, topics }] }
// worker -> page (as JSON text):
//                  { type: 'ready', version }
//                  { type: 'progress', stage, done, total, entries_done, entries_total, posts }
//                  { type: 'report', report, diagnostics, recodes }
//                  { type: 'posts', request, page: { total, offset, posts } }
//                  { type: 'codes_csv', csv }
//                  { type: 'summary', summary }
//                  { type: 'class', class, problems }
//                  { type: 'export', format, text }
//                  { type: 'reliability', reliability }
//                  { type: 'error', kind, message, hint }
//
// Cancelling: the page terminates the Worker (a Worker busy in Wasm cannot read messages)
// and starts a new one.

export const ToWorker = Object.freeze({
  ANALYZE: 'analyze',
  POSTS: 'posts',
  RECODE: 'recode',
  UNDO_RECODE: 'undo_recode',
  RECODES_CSV: 'recodes_csv',
  CODEBOOK: 'codebook',
  CODES_CSV: 'codes_csv',
  SUMMARY: 'summary',
  CLASS: 'class',
  EXPORT: 'export',
  RELIABILITY: 'reliability',
});

export const FromWorker = Object.freeze({
  READY: 'ready',
  PROGRESS: 'progress',
  REPORT: 'report',
  POSTS: 'posts',
  CODES_CSV: 'codes_csv',
  SUMMARY: 'summary',
  CLASS: 'class',
  EXPORT: 'export',
  RELIABILITY: 'reliability',
  ERROR: 'error',
});

// Friendly titles for the error kinds of src/error.rs (ErrorKind). The message and hint
// from the Worker follow the title.
export const ERROR_TITLES = Object.freeze({
  not_an_archive: 'This file is not an archive we can open',
  unknown_platform: 'This archive is not from X, Mastodon or Bluesky',
  truncated: 'This archive is incomplete',
  too_large: 'Part of this archive is far too large to be real',
  malformed: 'Part of this archive is damaged',
  unsupported: 'This archive uses a feature we cannot read',
  encrypted: 'This archive is protected by a password',
  not_yet_readable: 'PLN Lens cannot read this kind of archive yet',
  cancelled: 'Stopped',
  io: 'The browser could not read the file',
  invalid: 'Something was not set up right',
  crashed: 'PLN Lens stopped unexpectedly',
});
