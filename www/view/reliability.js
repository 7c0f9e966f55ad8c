// The reliability check (issue 12): the person codes a random sample of their own posts
// by hand, blind to the automatic codes, then sees how far the two agree (Cohen's kappa
// per code, computed in the core by src/reliability.rs, and the purpose confusion table)
// and can download both codings. Post text is shown as text only.
import { el, num, table } from './dom.js';

/** Kappa for people: two decimals, or a dash when it cannot be computed. */
export function kappaText(k) {
  return k === null || k === undefined ? '\u2013' : k.toFixed(2);
}

/** Landis and Koch's words for a kappa, the ones qualitative researchers use. */
function kappaWords(k) {
  if (k === null || k === undefined) return 'cannot be computed';
  if (k < 0) return 'less than chance';
  if (k <= 0.2) return 'slight';
  if (k <= 0.4) return 'fair';
  if (k <= 0.6) return 'moderate';
  if (k <= 0.8) return 'substantial';
  return 'almost perfect';
}

/**
 * `n` posts drawn at random (Fisher-Yates on a copy), leaving out the ones the person
 * re-coded already (those codes are no longer blind).
 * @template {{ recoded?: boolean }} T
 * @param {T[]} posts
 * @param {number} n
 * @param {() => number} [random]
 * @returns {T[]}
 */
export function sample(posts, n, random = Math.random) {
  const pool = posts.filter((p) => !p.recoded);
  for (let i = pool.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n);
}

/**
 * One post to code: its text and kind, radio buttons for the purpose, boxes for topics.
 * @param {any} post
 * @param {import('../types').Report} r
 * @param {number} index
 * @param {number} total
 */
export function codingStep(post, r, index, total) {
  const form = el('div', { class: 'code-step', 'data-post': post.id });
  form.append(el('p', { class: 'small', text: `Post ${index + 1} of ${total} \u00b7 ${post.kind} \u00b7 ${post.created_at.slice(0, 10)}` }));
  form.append(el('blockquote', { class: 'post-text', text: post.text || '(no text)' }));
  form.append(el('fieldset', {}, el('legend', { text: 'What does this post do? (purpose)' }),
    r.codebook.purposes.map((p) => el('label', { class: 'check' },
      el('input', { type: 'radio', name: 'hand-purpose', value: p.code }), ` ${p.label}`))));
  form.append(el('fieldset', {}, el('legend', { text: 'What is it about? (topics, any number)' }),
    r.codebook.topics.map((t) => el('label', { class: 'check' },
      el('input', { type: 'checkbox', name: 'hand-topic', value: t.code }), ` ${t.label}`))));
  return form;
}

/**
 * The results: kappa overall and per code, and the confusion table.
 * @param {import('../types').Reliability} rel
 * @param {import('../types').Report} r
 */
export function results(rel, r) {
  const label = (code) => r.codebook.purposes.find((p) => p.code === code)?.label || code;
  const out = el('div', { class: 'reliability-results' });
  out.append(el('p', { class: 'lead' },
    `You and the classifier gave the same purpose to ${num(rel.purpose_agreed)} of ${num(rel.posts)} posts. Cohen\u2019s kappa for purposes: `,
    el('strong', { 'data-kappa': String(rel.purpose_kappa ?? ''), text: kappaText(rel.purpose_kappa) }),
    ` (${kappaWords(rel.purpose_kappa)}).`));
  out.append(table('Agreement per code (each code as a yes/no decision)', [
    { label: 'Code', value: (c) => `${c.scheme === 'purpose' ? 'Purpose' : 'Topic'}: ${c.label}` },
    { label: 'You', value: (c) => num(c.hand), num: true },
    { label: 'Classifier', value: (c) => num(c.auto), num: true },
    { label: 'Both', value: (c) => num(c.both), num: true },
    { label: 'Kappa', value: (c) => kappaText(c.kappa), num: true },
  ], rel.codes.filter((c) => c.hand || c.auto), { className: 'kappa-table' }));
  const codes = rel.confusion.codes;
  out.append(table('Purposes: yours by row, the classifier\u2019s by column', [
    { label: 'You \u2193 / classifier \u2192', value: (row) => label(row.code) },
    ...codes.map((c, j) => ({ label: label(c), value: (row) => (row.counts[j] ? num(row.counts[j]) : '\u00b7'), num: true })),
  ], codes.map((code, i) => ({ code, counts: rel.confusion.counts[i] })), { className: 'confusion' }));
  return out;
}
