// The page's parts for classes (issue 12): the class view of many anonymous summaries
// (the instructor's screen) and, in a report, the anonymous summary a student previews,
// trims and saves. The Worker does the figures (src/summary.rs, src/class.rs); this file
// only reads the files chosen, asks the Worker and draws its answers, always as text.
import { classView } from './view/class.js';
import { drawCharts, resetCharts } from './view/charts.js';
import { el } from './view/dom.js';
import { codingStep, results, sample } from './view/reliability.js';

/**
 * Wires the class view.
 * @param {{ $: (id: string) => any, show: (id: string) => void,
 *   ask: (msg: import('./types').Request, replyType: string) => Promise<any> }} app
 */
export function setupClassroom(app) {
  const { $, show, ask } = app;

  /** @param {{ name: string, text: string }[]} summaries */
  async function openClass(summaries) {
    const reply = await ask({ type: 'class', summaries }, 'class');
    resetCharts();
    $('class-view').replaceChildren(classView(reply.class, reply.problems));
    show('class');
    window.scrollTo(0, 0);
    requestAnimationFrame(() => drawCharts());
    $('class-view').querySelector('h2')?.focus?.();
  }

  $('class-files').addEventListener('change', async () => {
    const files = [...$('class-files').files];
    const summaries = await Promise.all(files.map(async (f) => ({ name: f.name, text: await f.text() })));
    $('class-files').value = '';
    if (summaries.length) openClass(summaries);
  });
  $('class-back').addEventListener('click', () => show('start'));
  $('class-print').addEventListener('click', () => window.print());

  // The demo personas' summaries, built with the app (dist/demos/<id>.summary.json).
  fetch(new URL('demos/index.json', document.baseURI))
    .then((r) => (r.ok ? r.json() : []))
    .then((demos) => {
      const withSummary = demos.filter((d) => d.summary);
      if (!withSummary.length) return;
      $('class-demo').hidden = false;
      $('class-demo').addEventListener('click', async () => {
        const summaries = await Promise.all(withSummary.map(async (d) => ({
          name: d.summary,
          text: await fetch(new URL(`demos/${d.summary}`, document.baseURI)).then((r) => r.text()),
        })));
        openClass(summaries);
      });
    })
    .catch(() => {});
}

// The summary's parts in the order shown, with a heading each (src/summary.rs PARTS).
const PARTS = [
  ['activity', 'Activity: how many posts, of what kind, likes and follows'],
  ['purposes', 'What the posts do (purposes)'],
  ['topics', 'What the posts are about (topics)'],
  ['conversation', 'Talking with people or broadcasting'],
  ['chats', 'Education chats (public chats by name; others without a name)'],
  ['network', 'The shape of the network (no one in it)'],
  ['tools', 'Kinds of sites linked to (not the sites)'],
  ['over_time', 'Over time: posts per month, figures per year'],
];

/** A key as words: `active_months` -> "active months". */
const words = (key) => key.replace(/_/g, ' ');

/** A value as text: shares (keys ending in `share`) as percentages. */
function valueText(key, v) {
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'number' && /share$/.test(key)) return `${Math.round(v * 100)}%`;
  if (typeof v === 'number') return String(Math.round(v * 100) / 100);
  return String(v);
}

/**
 * Exactly what the JSON holds, readable: objects as definition lists, lists of objects as
 * tables (their keys as columns). Always text, never HTML.
 * @returns {Node}
 */
export function readable(value, key = '') {
  if (Array.isArray(value)) {
    if (!value.length) return el('p', { class: 'small', text: 'none' });
    if (typeof value[0] !== 'object') return el('p', { text: value.map((v) => valueText(key, v)).join(', ') });
    const columns = Object.keys(value[0]);
    return el('div', { class: 'table-wrap' }, el('table', { class: 'data' },
      el('thead', {}, el('tr', {}, columns.map((c) => el('th', { scope: 'col', text: words(c) })))),
      el('tbody', {}, value.map((row) => el('tr', {}, columns.map((c) => el('td', {},
        row[c] !== null && typeof row[c] === 'object' ? Object.entries(row[c]).map(([k, v]) => `${k} ${v}`).join(', ') : valueText(c, row[c]))))))));
  }
  if (value !== null && typeof value === 'object') {
    return el('dl', { class: 'pairs' }, Object.entries(value).flatMap(([k, v]) => [
      el('dt', { text: words(k) }),
      el('dd', {}, v !== null && typeof v === 'object' ? readable(v, k) : valueText(k, v)),
    ]));
  }
  return document.createTextNode(valueText(key, value));
}

/**
 * Wires "Anonymous summary" in a report: asks the Worker for the summary, shows it part
 * by part with a box to leave each out, and saves what is left as JSON.
 * @param {{ $: (id: string) => any,
 *   ask: (msg: import('./types').Request, replyType: string) => Promise<any>,
 *   download: (name: string, text: string, type: string) => void }} app
 */
export function setupSummary({ $, ask, download }) {
  /** @type {import('./types').Summary | null} */
  let summary = null;
  const kept = () => {
    const out = { ...summary, pseudonym: $('summary-pseudonym').value.trim().replace(/\s+/g, ' ') || null };
    for (const [part] of PARTS) {
      if (!$(`summary-part-${part}`).checked) out[part] = null;
    }
    return out;
  };
  $('summary').addEventListener('click', async () => {
    const reply = await ask({ type: 'summary' }, 'summary');
    summary = reply.summary;
    const header = { platform: summary.platform, first_month: summary.first_month, last_month: summary.last_month };
    $('summary-preview').replaceChildren(
      el('section', { class: 'summary-part' }, el('h3', { text: 'Always in it' }), readable(header)),
      ...PARTS.map(([part, title]) => el('section', { class: 'summary-part', 'data-part': part },
        el('h3', {}, el('label', { class: 'check' },
          el('input', { type: 'checkbox', id: `summary-part-${part}`, checked: true,
            onchange: (e) => e.target.closest('section').classList.toggle('removed', !e.target.checked) }),
          ` ${title}`)),
        readable(summary[part], part))));
    $('summary-dialog').showModal();
  });
  $('summary-dialog').addEventListener('close', () => {
    if ($('summary-dialog').returnValue !== 'save' || !summary) return;
    const out = kept();
    const name = (out.pseudonym || 'anonymous').replace(/[^A-Za-z0-9_-]+/g, '-');
    download(`pln-lens-summary-${name}.json`, `${JSON.stringify(out, null, 2)}\n`, 'application/json');
  });
}

/**
 * Wires "For research" in a report: the network and chat sessions as files, and the
 * reliability check.
 * @param {{ $: (id: string) => any,
 *   ask: (msg: import('./types').Request, replyType: string) => Promise<any>,
 *   download: (name: string, text: string, type: string) => void,
 *   report: () => import('./types').Report,
 *   allPosts: () => Promise<any[]> }} app
 */
export function setupResearch({ $, ask, download, report, allPosts }) {
  const files = {
    graphml: ['pln-lens-network.graphml', 'application/graphml+xml'],
    edges_csv: ['pln-lens-network-edges.csv', 'text/csv;charset=utf-8'],
    sessions_csv: ['pln-lens-chat-sessions.csv', 'text/csv;charset=utf-8'],
  };
  $('research').addEventListener('click', () => $('research-dialog').showModal());
  for (const [format, [name, type]] of Object.entries(files)) {
    $(`export-${format}`).addEventListener('click', async () => {
      const reply = await ask({ type: 'export', format: /** @type {any} */ (format) }, 'export');
      download(name, reply.text, type);
    });
  }

  // The reliability check: a sample, coded one post at a time, then the agreement.
  let posts = [];
  let coded = [];
  let at = 0;
  const body = $('reliability-body');
  const step = () => {
    $('reliability-next').hidden = false;
    $('reliability-csv').hidden = true;
    body.replaceChildren(codingStep(posts[at], report(), at, posts.length));
    body.querySelector('input')?.focus();
  };
  $('reliability-start').addEventListener('click', async () => {
    $('research-dialog').close();
    const n = Number($('reliability-size').value) || 20;
    posts = sample(await allPosts(), n);
    coded = [];
    at = 0;
    $('reliability-dialog').showModal();
    if (!posts.length) {
      body.replaceChildren(el('p', { text: 'There are no posts to code.' }));
      $('reliability-next').hidden = true;
      return;
    }
    step();
  });
  $('reliability-next').addEventListener('click', async () => {
    const purpose = body.querySelector('input[name="hand-purpose"]:checked');
    if (!purpose) {
      $('reliability-hint').textContent = 'Choose a purpose first.';
      return;
    }
    $('reliability-hint').textContent = '';
    const topics = [...body.querySelectorAll('input[name="hand-topic"]:checked')].map((t) => t.value);
    coded.push({ id: posts[at].id, purpose: purpose.value, topics });
    at += 1;
    if (at < posts.length) {
      step();
      return;
    }
    const reply = await ask({ type: 'reliability', coded }, 'reliability');
    $('reliability-next').hidden = true;
    $('reliability-csv').hidden = false;
    $('reliability-csv').onclick = () => download('pln-lens-reliability.csv', reply.reliability.csv, 'text/csv;charset=utf-8');
    body.replaceChildren(results(reply.reliability, report()));
  });
}
