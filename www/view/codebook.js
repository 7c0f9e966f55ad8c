// The codebook the posts were coded with: every purpose and topic with what it means,
// examples and the research behind it, and every cue the classifier looks for; and, in
// the app, a way to code again with a researcher's own codebook file.
import { el, section, table, num, details } from './dom.js';

/**
 * The section, drawn from the report.
 * @param {import('../types').Report} r
 * @param {any} ctx
 */
export function codebook(r, ctx) {
  const c = r.codebook;
  const s = section('codebook', 'The codebook',
    'How posts are coded, in the open. Every code on every post comes with the reasons that gave it.');
  s.append(el('p', {},
    el('strong', { text: c.name }), ` (version ${c.version}; ${c.builtin ? 'built in' : `from your file ${c.source}`}). When two purposes fit, the first of these wins: ${c.precedence.join(', ')}.`));
  s.append(el('p', { id: 'coder' }, el('strong', { text: 'Who codes: ' }), coderText(c.coder)));
  const codeRows = (codes) => table('', [
    { label: 'Code', value: (x) => el('span', {}, el('strong', { text: x.label }), el('br'), el('code', { text: x.code })) },
    { label: 'Meaning', value: (x) => el('span', {}, x.description, x.examples.length ? el('span', { class: 'examples' }, el('br'), `Examples: ${x.examples.map((e) => `\u201c${e}\u201d`).join(' ')}`) : null) },
    { label: 'From', value: (x) => x.sources.join('; ') },
  ], codes, { className: 'codes' });
  s.append(el('h3', { text: 'Purposes: what a post does (one per post)' }), codeRows(c.purposes));
  s.append(el('h3', { text: 'Topics: what a post is about (none, one or several)' }), codeRows(c.topics));
  s.append(details(`Every cue the classifier looks for (${num(c.cues.length)})`,
    () => table('Cues', [
      { label: 'Code', value: (x) => x.code, sort: (x) => x.code },
      { label: 'Weight', value: (x) => x.weight.toFixed(1), num: true, sort: (x) => x.weight },
      { label: 'What it finds', value: (x) => x.reason },
    ], c.cues, { sortable: true })));

  if (ctx.live) {
    const input = el('input', { type: 'file', id: 'codebook-file', accept: '.toml,.json,application/json,application/toml,text/plain' });
    input.addEventListener('change', () => { if (input.files[0]) ctx.loadCodebook(input.files[0]); });
    const box = el('div', { class: 'codebook-load' },
      el('h3', { text: 'Use your own codebook' }),
      el('p', { class: 'small', text: 'Researchers can code the same posts with their own scheme: a TOML or JSON file in the format of docs/codebook.md (start it with extends = "default" to add to this one). Your re-codes are kept where the new codebook has the same codes.' }),
      el('label', { class: 'button secondary', for: 'codebook-file', text: 'Choose a codebook file' }), input);
    if (!c.builtin) box.append(' ', el('button', { type: 'button', class: 'secondary', text: 'Back to the built-in codebook', onclick: () => ctx.loadCodebook(null) }));
    s.append(box);
    const codes = el('input', { type: 'file', id: 'recodes-file', accept: '.csv,text/csv,text/plain' });
    codes.addEventListener('change', () => { if (codes.files[0]) ctx.loadRecodes(codes.files[0]); });
    s.append(el('div', { class: 'codebook-load' },
      el('h3', { text: 'Use codes you made before' }),
      el('p', { class: 'small', text: 'A CSV with the columns id, purpose and topics (topics joined by |), such as the codes CSV you downloaded and edited, or your codes from an earlier session. Rows with no purpose are left alone. Your codes replace the classifier\u2019s and it learns from them, on this machine only.' }),
      el('label', { class: 'button secondary', for: 'recodes-file', text: 'Choose a CSV of your codes' }), codes));
  }
  return s;
}

/**
 * Who coded the posts, in words: the learned model (what it was trained on, how well it
 * did on people it had not seen, where it came from) or the codebook's own weights.
 * @param {import('../types').CoderSummary} coder
 */
function coderText(coder) {
  const text = coder.description.charAt(0).toUpperCase() + coder.description.slice(1);
  if (!coder.model) return `${text}.`;
  const from = !coder.model_source || coder.model_source === 'built-in' ? 'built in' : `from your file ${coder.model_source}`;
  return `${text} (${from}). Each post's reasons are the cues and words that weighed most for its codes.`;
}
