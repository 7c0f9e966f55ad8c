// The page: hands the chosen File to the Worker, shows its progress, and draws the report
// it answers with. The page never reads the archive itself (the Worker does, in slices);
// it only renders the Worker's answers, always as text. The Worker keeps the archive
// open after the report, so the post list, re-coding and a new codebook ask it again
// without reading the file twice.
import { ToWorker, FromWorker, ERROR_TITLES } from './protocol.js';
import { renderReport } from './view/report.js';
import { savedReportHtml, download } from './view/save.js';
import { el, num, bytes, capitalise } from './view/dom.js';
import { setupClassroom, setupSummary, setupResearch } from './classroom.js';
import { startMentor } from './view/mentor.js';

// The page's fixed elements by id (www/index.html); their kinds (input, dialog, progress)
// are index.html's to say, so they are typed loosely here.
/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);
const screens = ['start', 'working', 'problem', 'report', 'class'];

function show(id) {
  for (const s of screens) $(s).hidden = s !== id;
  $('toolbar').hidden = id !== 'report';
  $('notice').hidden = true;
  document.body.dataset.state = id === 'report' ? 'report' : id;
}

const state = {
  worker: null,
  report: null,
  diagnostics: null,
  recodes: [],
  codebookFile: null, // { name, text } chosen on the start page
  pending: new Map(), // request id -> resolve
  nextRequest: 1,
  ctx: null,
  onCsv: null,
  waiting: new Map(), // reply type -> resolve (summary, class: see classroom.js)
  last: null, // { file, label } or { files, label }: what is being read, to try again after a crash
};

// Trusted Types (required by the CSP): the one script URL the page ever loads by hand is
// its own Worker. Every other DOM write goes through textContent, never an HTML sink, so
// no other policy exists and the browser refuses any HTML string.
/** @type {any} */
const trusted = /** @type {any} */ (globalThis).trustedTypes;
const scriptUrls = trusted?.createPolicy('pln-lens', {
  /** @param {string} url */
  createScriptURL(url) {
    const u = new URL(url, document.baseURI);
    if (u.origin !== location.origin || !u.pathname.endsWith('/worker.js')) throw new TypeError(`not the app's worker: ${url}`);
    return u.href;
  },
});

// A fresh Worker per archive: cancelling terminates it (a Worker busy in Wasm cannot read
// a "cancel" message), and the next archive gets a new one. One is always started ahead,
// so the Wasm is compiled while the person is still choosing a file.
let spare = null;

function newWorker() {
  const url = new URL('./worker.js', import.meta.url).href;
  const worker = new Worker(scriptUrls ? scriptUrls.createScriptURL(url) : url, { type: 'module' });
  // The Worker posts its replies as JSON text (cheaper than a large object graph).
  worker.onmessage = (event) => {
    const msg = typeof event.data === 'string' ? JSON.parse(event.data) : event.data;
    const waiting = state.waiting.get(msg.type);
    if (waiting) {
      state.waiting.delete(msg.type);
      waiting(msg);
    } else if (state.worker === worker) onReply(msg);
    // The spare Worker is loaded and warmed up: a file chosen now starts at once (tests
    // and benchmarks wait for this, as a person takes a moment to choose a file).
    else if (worker === spare && msg.type === FromWorker.READY) document.body.dataset.engine = 'ready';
  };
  // A panic or running out of memory in the Wasm ends up here: the page says so, drops
  // that Worker (a fresh one is ready) and offers to try again. The tab lives on.
  worker.onerror = (event) => {
    event.preventDefault();
    if (state.worker === worker) {
      showProblem({
        kind: 'crashed',
        message: 'the part of PLN Lens that reads the archive stopped (it ran out of memory or hit a bug) before the report was ready; nothing was sent anywhere',
        hint: 'try again; if it stops again, the command-line tool reads very large archives',
      });
    }
  };
  return worker;
}

function startWorker() {
  stopWorker();
  const worker = spare || newWorker();
  delete document.body.dataset.engine;
  spare = newWorker();
  state.worker = worker;
  return worker;
}

function stopWorker() {
  if (state.worker) state.worker.terminate();
  state.worker = null;
  for (const resolve of state.pending.values()) resolve({ total: 0, offset: 0, posts: [] });
  state.pending.clear();
}

function analyze(file, label = file?.name) {
  if (!file) return;
  state.last = { file, label };
  show('working');
  $('bar').removeAttribute('value');
  $('status').textContent = `Opening ${label} (${bytes(file.size)})\u2026`;
  state.report = null;
  state.ctx = null;
  send(startWorker(), {
    type: ToWorker.ANALYZE,
    file,
    time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    codebook: state.codebookFile,
  });
}

/**
 * Opens the files chosen: one export, or several of one person (an X archive and a
 * Mastodon one, say), which the Worker reads into one report.
 * @param {FileList | File[] | null | undefined} chosen
 */
function analyzeChosen(chosen) {
  const files = Array.from(chosen || []);
  if (files.length <= 1) { analyze(files[0]); return; }
  state.last = { files, label: `${files.length} exports` };
  show('working');
  $('bar').removeAttribute('value');
  const size = files.reduce((n, f) => n + f.size, 0);
  $('status').textContent = `Opening ${files.length} exports together (${bytes(size)})\u2026`;
  state.report = null;
  state.ctx = null;
  send(startWorker(), {
    type: ToWorker.ANALYZE,
    files,
    time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    codebook: state.codebookFile,
  });
}

/**
 * Sends a request to the Worker. Its type comes from src/protocol.rs (through
 * www/types.d.ts), so tsc checks every message; an `analyze` request carries the File
 * beside the envelope.
 * @param {Worker | null} worker
 * @param {import('./types').Request & { file?: File, files?: File[] }} msg
 */
function send(worker, msg) {
  worker?.postMessage(msg);
}

const STAGES = {
  open: 'Opening the archive', import: 'Reading posts', classify: 'Coding posts', chats: 'Finding chats',
  network: 'Mapping your network', report: 'Writing the report',
};

/** @param {import('./types').Reply} msg */
function onReply(msg) {
  switch (msg.type) {
    case FromWorker.READY:
      break;
    case FromWorker.PROGRESS: {
      const total = msg.total || 0;
      if (total > 0) {
        $('bar').max = total;
        $('bar').value = Math.min(msg.done, total);
      } else {
        $('bar').removeAttribute('value');
      }
      const parts = [STAGES[msg.stage] || 'Working'];
      if (msg.entries_total && msg.stage === 'import') parts.push(`file ${Math.min(msg.entries_done + 1, msg.entries_total)} of ${msg.entries_total}`);
      if (total) parts.push(`${bytes(msg.done)} of ${bytes(total)}`);
      if (msg.posts) parts.push(`${num(msg.posts)} posts read`);
      $('status').textContent = parts.join(' \u00b7 ');
      break;
    }
    case FromWorker.REPORT:
      showReport(msg.report, msg.diagnostics, msg.recodes);
      break;
    case FromWorker.POSTS: {
      const resolve = state.pending.get(msg.request);
      state.pending.delete(msg.request);
      resolve?.(msg.page);
      break;
    }
    case FromWorker.CODES_CSV:
      state.onCsv?.(msg.csv);
      state.onCsv = null;
      break;
    case FromWorker.ERROR:
      if (state.report) notice(`${ERROR_TITLES[msg.kind] || 'That did not work'}: ${msg.message}${msg.hint ? `. ${capitalise(msg.hint)}.` : ''}`);
      else showProblem(msg);
      break;
    default:
      break;
  }
}

function notice(text) {
  const n = $('notice');
  n.textContent = text;
  n.hidden = false;
  n.scrollIntoView({ block: 'nearest' });
}

function showProblem(msg) {
  stopWorker();
  $('problem-title').textContent = ERROR_TITLES[msg.kind] || 'Something went wrong';
  $('problem-message').textContent = capitalise(msg.message || '');
  $('problem-hint').textContent = msg.hint ? `What to do: ${msg.hint}.` : '';
  $('retry').hidden = msg.kind !== 'crashed' || !state.last;
  show('problem');
  $('problem-title').focus?.();
}

/** The post source backed by the Worker. */
function workerPosts() {
  return {
    canRecode: true,
    hasPosts: true,
    missingText: '',
    page(filter, offset, limit) {
      if (!state.worker) return Promise.resolve({ total: 0, offset, posts: [] });
      const request = state.nextRequest;
      state.nextRequest += 1;
      return new Promise((resolve) => {
        state.pending.set(request, resolve);
        send(state.worker, { type: ToWorker.POSTS, request, filter: clean(filter), offset, limit });
      });
    },
  };
}

// The Worker's filter has no "null" values: leave unset keys out.
function clean(filter) {
  return Object.fromEntries(Object.entries(filter || {}).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}

function showReport(report, diagnostics, recodes) {
  const first = !state.report;
  const scroll = window.scrollY;
  state.report = report;
  state.diagnostics = first ? diagnostics : state.diagnostics;
  state.recodes = recodes || [];
  if (!state.ctx) {
    state.ctx = {
      live: true,
      source: workerPosts(),
      recode: (recode) => send(state.worker, { type: ToWorker.RECODE, recode }),
      undoRecode: (id) => send(state.worker, { type: ToWorker.UNDO_RECODE, id }),
      loadRecodes: async (file) => {
        send(state.worker, { type: ToWorker.RECODES_CSV, name: file.name, text: await file.text() });
      },
      loadCodebook: async (file) => {
        const codebook = file ? { name: file.name, text: await file.text() } : null;
        send(state.worker, { type: ToWorker.CODEBOOK, codebook });
      },
    };
  }
  show('report');
  renderReport($('report'), report, state.ctx, state.diagnostics);
  if (first) {
    window.scrollTo(0, 0);
    $('report').querySelector('h2')?.focus?.();
  } else {
    window.scrollTo(0, scroll);
  }
}

async function allPosts() {
  const out = [];
  const source = state.ctx.source;
  for (let offset = 0; ; offset += 1000) {
    const page = await source.page({}, offset, 1000);
    out.push(...page.posts);
    if (out.length >= page.total || !page.posts.length) break;
  }
  return out;
}

function slug() {
  const h = state.report?.account?.handle || 'archive';
  return h.replace(/[^A-Za-z0-9_-]/g, '');
}

// Wiring.
const drop = $('drop');
$('file').addEventListener('change', () => analyzeChosen($('file').files));
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  analyzeChosen(e.dataTransfer.files);
});
$('cancel').addEventListener('click', () => {
  stopWorker();
  $('file').value = '';
  show('start');
});
$('retry').addEventListener('click', () => {
  if (state.last?.files) analyzeChosen(state.last.files);
  else if (state.last) analyze(state.last.file, state.last.label);
});
for (const b of document.querySelectorAll('button.again')) {
  b.addEventListener('click', () => { $('file').value = ''; show('start'); });
}
$('another').addEventListener('click', () => {
  stopWorker();
  state.report = null;
  state.ctx = null;
  $('report').replaceChildren();
  $('file').value = '';
  show('start');
  window.scrollTo(0, 0);
});
$('print').addEventListener('click', () => window.print());
$('csv').addEventListener('click', () => {
  state.onCsv = (csv) => download(`pln-lens-codes-${slug()}.csv`, csv, 'text/csv;charset=utf-8');
  send(state.worker, { type: ToWorker.CODES_CSV, with_text: true });
});
$('save').addEventListener('click', () => {
  $('save-count').textContent = num(state.report.totals.posts);
  $('save-posts').checked = false;
  $('save-dialog').showModal();
});
$('save-dialog').addEventListener('close', async () => {
  if ($('save-dialog').returnValue !== 'save') return;
  const posts = $('save-posts').checked ? await allPosts() : null;
  const html = await savedReportHtml(state.report, posts, state.recodes);
  download(`pln-lens-report-${slug()}.html`, html, 'text/html;charset=utf-8');
});
$('codebook-start').addEventListener('change', async () => {
  const file = $('codebook-start').files[0];
  state.codebookFile = file ? { name: file.name, text: await file.text() } : null;
  $('codebook-chosen').textContent = file ? ` Using ${file.name} for the next archive.` : '';
});

// The demo archives, built with the app (dist/demos): fetched from this same origin and
// read exactly as a chosen file is.
fetch(new URL('demos/index.json', document.baseURI))
  .then((r) => (r.ok ? r.json() : []))
  .then((demos) => {
    if (!demos.length) return;
    $('demo-list').replaceChildren(...demos.map((d) => el('li', {},
      el('button', {
        type: 'button', class: 'demo', 'data-demo': d.id,
        onclick: async () => {
          show('working');
          $('status').textContent = `Opening the demo: ${d.title}\u2026`;
          const blob = await fetch(new URL(`demos/${d.file}`, document.baseURI)).then((r) => r.blob());
          analyze(new File([blob], d.file, { type: 'application/zip' }), `the demo \u201c${d.title}\u201d`);
        },
      }, el('span', { class: 'demo-title', text: `Try a demo: ${d.title}` }), el('span', { class: 'demo-text', text: d.description })))));
    $('demos').hidden = false;
  })
  .catch(() => {});

// Asks the open archive's Worker (or, with none open, the spare one: a class view needs no
// archive) and resolves with its reply of type `replyType`.
const ask = (msg, replyType) => new Promise((resolve) => {
  state.waiting.set(replyType, resolve);
  send(state.worker || spare, msg);
});
setupClassroom({ $, show, ask });
setupSummary({ $, ask, download });
setupResearch({ $, ask, download, report: () => state.report, allPosts });
let endMentor = null;
$('mentor').addEventListener('click', () => {
  endMentor?.();
  endMentor = startMentor($('report'), state.report);
});

show('start');
// The first Worker starts now, while the start page is read.
spare = newWorker();
