// The page: hands the chosen File to the Worker and shows what comes back. The page never
// reads the archive itself; it only renders the Worker's answers, always as text.
import { ToWorker, FromWorker, ERROR_TITLES } from './protocol.js';

const $ = (id) => document.getElementById(id);
const sections = ['start', 'working', 'problem', 'result'];

function show(id) {
  for (const s of sections) $(s).hidden = s !== id;
}

let worker = null;

// A fresh Worker per file: cancelling terminates it (a Worker busy in Wasm cannot read a
// "cancel" message), and the next file gets a new one.
function startWorker() {
  if (worker) worker.terminate();
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  // The Worker posts every reply as JSON text (cheaper than a large object graph).
  worker.onmessage = (event) => onReply(typeof event.data === 'string' ? JSON.parse(event.data) : event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    showProblem({ kind: 'crashed', message: event.message || 'the worker failed', hint: 'reload the page and try again' });
  };
  return worker;
}

function analyze(file) {
  if (!file) return;
  show('working');
  $('bar').removeAttribute('value');
  $('status').textContent = `Opening ${file.name} (${formatBytes(file.size)})...`;
  startWorker().postMessage({ type: ToWorker.ANALYZE, file, time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone });
}

function onReply(msg) {
  switch (msg.type) {
    case FromWorker.READY:
      break;
    case FromWorker.PROGRESS: {
      const total = msg.total || 0;
      if (total > 0) {
        $('bar').max = total;
        $('bar').value = Math.min(msg.done, total);
      }
      const parts = [stageLabel(msg.stage)];
      if (msg.entries_total) parts.push(`file ${Math.min(msg.entries_done + 1, msg.entries_total)} of ${msg.entries_total}`);
      if (total) parts.push(`${formatBytes(msg.done)} of ${formatBytes(total)}`);
      if (msg.posts) parts.push(`${msg.posts.toLocaleString()} posts read`);
      $('status').textContent = parts.join(' \u00b7 ');
      break;
    }
    case FromWorker.REPORT:
      showReport(msg.report, msg.diagnostics);
      break;
    case FromWorker.ERROR:
      showProblem(msg);
      break;
  }
}

function stageLabel(stage) {
  return ({ open: 'Opening', import: 'Reading posts', classify: 'Coding posts', chats: 'Finding chats', network: 'Mapping your network', report: 'Writing the report' })[stage] || 'Working';
}

function showProblem(msg) {
  if (worker) { worker.terminate(); worker = null; }
  $('problem-title').textContent = ERROR_TITLES[msg.kind] || 'Something went wrong';
  $('problem-message').textContent = capitalise(msg.message || '');
  $('problem-hint').textContent = msg.hint ? `What to do: ${msg.hint}.` : '';
  show('problem');
}

function showReport(report, diagnostics) {
  const a = report.archive;
  const rows = [
    ['Archive', `${a.platform_label} (${a.container})`],
    ['Files inside', `${a.entries.toLocaleString()} (${formatBytes(a.bytes)})`],
    ['Opened in', `${Math.round(diagnostics.elapsed_ms)} ms, reading ${formatBytes(diagnostics.read.bytes)} of ${formatBytes(diagnostics.file_bytes)}`],
  ];
  const dl = $('summary');
  dl.replaceChildren();
  for (const [k, v] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    dl.append(dt, dd);
  }
  $('files').replaceChildren(...a.data_files.map((f) => li(`${f.name} (${formatBytes(f.size)})`)));
  $('warnings').replaceChildren(...report.warnings.map((w) => li(typeof w === 'string' ? w : w.message)));
  document.body.dataset.state = 'report';
  show('result');
}

function li(text) {
  const el = document.createElement('li');
  el.textContent = text;
  return el;
}

function capitalise(s) {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

export function formatBytes(n) {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = -1;
  do { v /= 1000; u += 1; } while (v >= 1000 && u < units.length - 1);
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

// Wiring.
const drop = $('drop');
$('file').addEventListener('change', (e) => analyze(e.target.files[0]));
drop.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); $('file').click(); }
});
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  analyze(e.dataTransfer.files[0]);
});
$('cancel').addEventListener('click', () => {
  if (worker) { worker.terminate(); worker = null; }
  $('file').value = '';
  show('start');
});
for (const b of document.querySelectorAll('button.again')) {
  b.addEventListener('click', () => { $('file').value = ''; show('start'); });
}
document.body.dataset.state = 'start';
