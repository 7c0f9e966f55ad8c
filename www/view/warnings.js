// What was read, and anything skipped or odd, in plain words: every post in the archive is
// accounted for (read, skipped with a reason, or a duplicate counted once).
import { el, figure, section, table, num, plural, bytes } from './dom.js';

/**
 * The section, drawn from the report.
 * @param {import('../types').Report} r
 * @param {import('../types').Diagnostics | undefined} diagnostics
 */
export function warnings(r, diagnostics) {
  const s = section('warnings', 'What was read');
  const t = r.totals;
  const a = r.archive;
  s.append(el('p', {},
    `${a.platform_label} (${a.container}), ${plural(a.entries, 'file', 'files')} inside (${bytes(a.bytes)}). Only the ${plural(r.sources.length, 'data file', 'data files')} below were read; photos and videos were never opened.`));
  s.append(el('p', { class: 'accounting' },
    'Of ', figure('totals.found', t.found), ' post entries found: ', figure('totals.posts', t.posts), ' read, ',
    figure('totals.skipped', t.skipped), ' skipped, ', figure('totals.duplicates', t.duplicates), ' duplicates counted once.',
    t.expected_posts !== null && t.expected_posts !== undefined ? ` The archive\u2019s own list announces ${num(t.expected_posts)}.` : '',
    t.notes_joined ? ` ${plural(t.notes_joined, 'long post was', 'long posts were')} joined from their notes.` : ''));
  if (t.skipped_reasons.length) {
    s.append(el('ul', {}, t.skipped_reasons.map((x) => el('li', { text: `${plural(x.count, 'post', 'posts')} skipped: ${x.reason}` }))));
  }
  s.append(el('h3', { text: r.warnings.length ? `Warnings (${r.warnings.length})` : 'No warnings' }));
  if (r.warnings.length) {
    s.append(el('ul', { class: 'warnings' }, r.warnings.map((w) => el('li', { text: w.message.charAt(0).toUpperCase() + w.message.slice(1) }))));
  } else {
    s.append(el('p', { class: 'small', text: 'Nothing was skipped or odd.' }));
  }
  s.append(table('Data files read', [
    { label: 'File', value: (x) => el('code', { text: x.entry }) },
    // The code in words, as the core's Holds::label says it (group_messages: group messages).
    { label: 'Holds', value: (x) => x.holds.replaceAll('_', ' ') },
    { label: 'Items', value: (x) => num(x.items), num: true },
    { label: 'Skipped', value: (x) => num(x.skipped), num: true },
    { label: 'Size', value: (x) => bytes(x.bytes), num: true },
    // A legacy archive has one file per month: the largest first, the rest behind "Show all".
  ], r.sources.slice().sort((a, b) => b.items - a.items), { limit: 12 }));
  s.append(el('p', { class: 'small' },
    `Private messages: ${plural(t.dm_conversations, 'conversation', 'conversations')} and ${plural(t.group_conversations, 'group', 'groups')} counted; no message was read into this report.`));
  if (diagnostics && diagnostics.elapsed_ms) {
    s.append(el('p', { class: 'small', id: 'diagnostics' },
      `Read in ${num(Math.round(diagnostics.elapsed_ms))} ms on this computer, touching ${bytes(diagnostics.read.bytes)} of the ${bytes(diagnostics.file_bytes)} file.`));
  }
  return s;
}

