// Browser benchmark (issue #5): the time from choosing a file to the drawn report in
// headless Chromium, next to the native CLI on the same archive, for a 10,000-post archive
// and a 200,000-post, 3-part archive with 1.5 GB of media; for the big one also how fast
// the post list answers a filter, a search and a scroll, and whether the main thread had a
// long task after the report was drawn. Prints a table; writes the figures as JSON to
// target/bench/browser.json. See benches/BENCHMARKS.md ("Browser").
//
//   node benches/browser.mjs            (uses target/release/pln-lens; `make cli` builds it)
//   PLN_LENS=/path/to/pln-lens node benches/browser.mjs
//   CHROMIUM=/path/to/chromium RUNS=3 node benches/browser.mjs
//
// The CLI is used for everything: it generates the archives (once, into target/bench/),
// is the native side of the comparison, and serves the web app built into it.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bench = join(root, 'target', 'bench');
mkdirSync(bench, { recursive: true });
const RUNS = Number(process.env.RUNS || 3);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

let cli = process.env.PLN_LENS;
if (!cli) {
  cli = join(root, 'target', 'release', 'pln-lens');
  if (!existsSync(cli)) {
    console.error('# building the CLI with the web app inside (make cli)');
    execFileSync('make', ['cli'], { cwd: root, stdio: 'inherit' });
  }
}

const ARCHIVES = [
  { name: 'posts-10k.zip', label: '10,000 posts', posts: 10_000, args: ['--posts', '10000'], interact: false },
  {
    name: 'posts-200k-1.5G.zip', label: '200,000 posts, 3 parts, 1.5 GB media', posts: 200_000,
    args: ['--posts', '200000', '--parts', '3', '--media-bytes', '1.5G'], interact: true,
  },
];
// The list's answers: a purpose to filter by, and a word to search for (both common in the
// generator's posts).
const PURPOSE = 'share';
const WORD = 'feedback';
const DEBOUNCE_MS = 250; // www/view/posts.js waits this long after the last keystroke
const LONG_TASK_MS = 200;

function archive(a) {
  const path = join(bench, a.name);
  if (!existsSync(path)) {
    console.error(`# generating ${a.name}`);
    execFileSync(cli, ['generate', path, ...a.args], { stdio: 'ignore' });
  }
  return path;
}

/** Wall time of `pln-lens report FILE --json > /dev/null`, in ms. */
function native(file) {
  const out = openSync('/dev/null', 'w');
  try {
    const t = performance.now();
    const r = spawnSync(cli, ['report', file, '--json', '--tz', 'UTC'], { stdio: ['ignore', out, 'pipe'] });
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(`pln-lens report failed: ${r.stderr}`);
    return ms;
  } finally {
    closeSync(out);
  }
}

/** `pln-lens serve --port 0` (the web app built into the binary); resolves to { origin, stop }. */
async function startServer() {
  const child = spawn(cli, ['serve', '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const origin = await new Promise((ok, fail) => {
    let text = '';
    child.stderr.on('data', (d) => {
      text += d;
      const m = text.match(/running at (http:\/\/[^/\s]+)\//);
      if (m) ok(m[1]);
    });
    child.on('exit', (code) => fail(new Error(`server exited with ${code}: ${text}`)));
  });
  return { origin, stop: () => child.kill() };
}

// Runs in the page before its own scripts: timestamps (page clock) for the file choice, the
// Worker's messages and every long task, and a helper that resolves when a condition on
// the DOM first holds (checked after every DOM change) and again after the next frame.
function instrument() {
  const B = { events: {}, messages: [], stages: {}, longtasks: [], reportText: null };
  window.__bench = B;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) B.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  for (const type of ['change', 'input']) {
    document.addEventListener(type, (e) => { B.events[type] = { at: performance.now(), id: e.target.id }; }, true);
  }
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      B.workerAt = performance.now();
      // Listeners added here run before the page's onmessage. The report is only kept (not
      // parsed) so the page's main thread does no more work than without the benchmark.
      this.addEventListener('message', (e) => {
        const at = performance.now();
        const text = e.data;
        if (typeof text !== 'string') return;
        if (text.startsWith('{"type":"report"')) {
          B.reportAt = at;
          B.reportText = text;
          B.messages.push({ type: 'report', at, bytes: text.length });
          return;
        }
        const msg = JSON.parse(text);
        B.messages.push({ type: msg.type, at, bytes: text.length });
        if (msg.type === 'ready') B.readyAt = at;
        if (msg.type === 'progress' && !(msg.stage in B.stages)) B.stages[msg.stage] = at;
      });
    }
  };
  B.until = (predicate) => new Promise((resolveUntil) => {
    let done = false;
    const check = () => {
      if (done) return;
      let hit = false;
      try { hit = predicate(); } catch { hit = false; }
      if (!hit) return;
      done = true;
      observer.disconnect();
      const dom = performance.now();
      requestAnimationFrame(() => setTimeout(() => resolveUntil({ dom, paint: performance.now() }), 0));
    };
    const observer = new MutationObserver(check);
    observer.observe(document, {
      subtree: true, childList: true, characterData: true, attributes: true,
      attributeFilter: ['data-state', 'data-value', 'hidden', 'style'],
    });
    check();
  });
}

/** One run in a fresh browser context (no cache): choose the file, wait for the drawn report. */
async function browserRun(browser, origin, file, a) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(instrument);
    await page.goto(`${origin}/`);
    await page.waitForSelector('body[data-state="start"]');
    const cdp = await context.newCDPSession(page);

    // Armed before the file is chosen: the report screen, a chart's svg (drawn in the next
    // animation frame) and the post count in the list's status (its first page arrived).
    await page.evaluate(() => {
      window.__bench.drawn = window.__bench.until(() => {
        if (!document.querySelector('#problem[hidden]')) return true; // an error: stop waiting
        return document.body.dataset.state === 'report'
          && document.querySelector('#overview figure.chart svg')
          && document.querySelector('#posts-status [data-figure="posts.match"]');
      });
    });
    const t0 = performance.now();
    await page.setInputFiles('#file', file);
    const drawn = await page.evaluate(() => window.__bench.drawn);
    const nodeMs = performance.now() - t0;
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    const shown = await page.evaluate(() => ({
      state: document.body.dataset.state,
      problem: document.querySelector('#problem:not([hidden])')?.innerText,
      match: document.querySelector('#posts-status [data-figure="posts.match"]')?.dataset.value,
    }));
    if (shown.state !== 'report') throw new Error(`no report: ${shown.problem}`);
    if (Number(shown.match) !== a.posts) throw new Error(`the list shows ${shown.match} posts, not ${a.posts}`);

    // The Worker's diagnostics: read from its report text after the clock stopped.
    const b = await page.evaluate(() => {
      const B = window.__bench;
      const text = B.reportText;
      const from = text.lastIndexOf('"diagnostics":');
      const to = text.lastIndexOf(',"recodes":');
      const diagnostics = JSON.parse(text.slice(from + '"diagnostics":'.length, to));
      B.reportText = null;
      return {
        changeAt: B.events.change?.at, workerAt: B.workerAt, readyAt: B.readyAt, reportAt: B.reportAt,
        stages: B.stages, reportBytes: text.length, diagnostics, longtasks: B.longtasks,
      };
    });
    const start = b.changeAt;
    const loadTasks = b.longtasks.filter((t) => t.start >= start && t.start < drawn.paint);
    const afterReport = (t) => t.start + t.duration > drawn.paint;

    // Memory: the page's JS heap after a garbage collection (precise with
    // --enable-precise-memory-info), and the Wasm linear memory the Worker reported.
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await page.evaluate(() => (performance.memory ? performance.memory.usedJSHeapSize : null));

    const run = {
      browser_ms: drawn.paint - start,
      dom_ms: drawn.dom - start,
      node_ms: nodeMs,
      worker: {
        elapsed_ms: b.diagnostics.elapsed_ms,
        open_ms: b.diagnostics.open_ms,
        report_ms: b.diagnostics.report_ms,
        read_bytes: b.diagnostics.read?.bytes,
        wasm_memory_bytes: b.diagnostics.wasm_memory_bytes,
      },
      // Page-clock phases from the file choice: Worker started and Wasm ready; each
      // pipeline stage's first progress message; the report message received; the report
      // drawn (DOM complete, then painted).
      phases: {
        worker_created: b.workerAt - start,
        wasm_ready: b.readyAt - start,
        ...Object.fromEntries(Object.entries(b.stages).map(([k, v]) => [`stage_${k}`, v - start])),
        report_received: b.reportAt - start,
        dom_complete: drawn.dom - start,
        painted: drawn.paint - start,
      },
      report_json_bytes: b.reportBytes,
      page_heap_bytes: heap,
      load_longest_task_ms: Math.max(0, ...loadTasks.map((t) => t.duration)),
    };

    if (a.interact) run.interact = await interact(page, drawn.paint);
    return run;
  } finally {
    await context.close();
  }
}

/** The post list's answers on the open report; times in ms, page clock. */
async function interact(page, drawnAt) {
  const arm = (kind) => page.evaluate((k) => {
    const B = window.__bench;
    const span = () => document.querySelector('#posts-status [data-figure="posts.match"]');
    const before = span();
    if (k === 'list') {
      // A new status (the old one is replaced on every refresh) and, if any post matches,
      // its first row.
      B.pending = B.until(() => {
        const s = span();
        return s && s !== before && (s.dataset.value === '0' || document.querySelector('.post-list .post-row'));
      });
    }
  }, kind);
  const settle = () => page.evaluate(() => window.__bench.pending);
  const count = () => page.evaluate(() => Number(document.querySelector('#posts-status [data-figure="posts.match"]').dataset.value));
  const out = {};

  // A purpose: the list refreshes at once (the Worker filters all posts).
  await arm('list');
  await page.selectOption('#filter-purpose', PURPOSE);
  let r = await settle();
  let ev = await page.evaluate(() => window.__bench.events.change);
  out.purpose_ms = r.paint - ev.at;
  out.purpose_posts = await count();

  // Back to every post, then a word typed key by key: the list waits 250 ms after the
  // last key, then asks the Worker; the figure is the time after that wait.
  await arm('list');
  await page.selectOption('#filter-purpose', '');
  await settle();
  await arm('list');
  await page.locator('#post-search').pressSequentially(WORD, { delay: 40 });
  r = await settle();
  ev = await page.evaluate(() => window.__bench.events.input);
  out.search_ms = r.paint - ev.at - DEBOUNCE_MS;
  out.search_posts = await count();

  // Back to every post, then the list scrolled to its middle (as dragging the scroll bar
  // there): rows must fill the view.
  await arm('list');
  await page.locator('#post-search').fill('');
  await settle();
  r = await page.evaluate(async () => {
    const B = window.__bench;
    const list = document.querySelector('.post-list');
    const spacer = list.querySelector('.post-spacer');
    const total = Number(document.querySelector('#posts-status [data-figure="posts.match"]').dataset.value);
    const row = spacer.offsetHeight / total;
    const top = Math.floor((list.scrollHeight - list.clientHeight) / 2);
    const first = Math.floor(top / row) + 1;
    const last = Math.min(total, Math.ceil((top + list.clientHeight) / row));
    const pending = B.until(() => {
      for (let i = first; i <= last; i += 1) if (!list.querySelector(`.post-row[aria-posinset="${i}"]`)) return false;
      return true;
    });
    const at = performance.now();
    list.scrollTop = top;
    const done = await pending;
    return { ms: done.paint - at, first, last };
  });
  out.scroll_ms = r.ms;
  out.scroll_rows = `${r.first}-${r.last}`;

  // Long tasks on the main thread after the report was drawn (through all of the above).
  await page.waitForTimeout(500);
  const tasks = await page.evaluate((at) => window.__bench.longtasks.filter((t) => t.start + t.duration > at), drawnAt);
  out.longest_task_after_ms = Math.max(0, ...tasks.map((t) => t.duration));
  out.long_tasks_over_200ms = tasks.filter((t) => t.duration > LONG_TASK_MS).length;
  return out;
}

const fmt = (ms) => (ms == null || Number.isNaN(ms) ? '-' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const mb = (n) => (n == null ? '-' : `${(n / 1e6).toFixed(0)} MB`);
const gb = (n) => (n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : `${(n / 1e6).toFixed(1)} MB`);
const best = (runs, key) => runs.reduce((m, r) => (key(r) < key(m) ? r : m));

async function main() {
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--enable-precise-memory-info',
    ],
  });
  const results = [];
  try {
    for (const a of ARCHIVES) {
      const file = archive(a);
      const size = statSync(file).size;
      const nativeRuns = [];
      const browserRuns = [];
      // Alternate the two so a change in the machine's load hits both alike.
      for (let i = 0; i < RUNS; i += 1) {
        nativeRuns.push(native(file));
        const run = await browserRun(browser, server.origin, file, a);
        browserRuns.push(run);
        console.error(`# ${a.name} run ${i + 1}: native ${fmt(nativeRuns.at(-1))}, browser ${fmt(run.browser_ms)} `
          + `(Worker ${fmt(run.worker.elapsed_ms)})${run.interact ? ` ${JSON.stringify(run.interact)}` : ''}`);
      }
      results.push({ archive: a, size, nativeRuns, browserRuns });
    }
  } finally {
    await browser.close();
    server.stop();
  }

  console.log('\n| archive | file | native CLI | browser: choice to drawn report | browser / native | Worker elapsed_ms | Worker / native | Wasm memory | page JS heap |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const { archive: a, size, nativeRuns, browserRuns } of results) {
    const n = Math.min(...nativeRuns);
    const b = best(browserRuns, (r) => r.browser_ms);
    const w = Math.min(...browserRuns.map((r) => r.worker.elapsed_ms));
    console.log(`| ${a.label} | ${gb(size)} | ${fmt(n)} | ${fmt(b.browser_ms)} | **${(b.browser_ms / n).toFixed(2)}x** | ${fmt(w)} | ${(w / n).toFixed(2)}x `
      + `| ${mb(b.worker.wasm_memory_bytes)} | ${mb(b.page_heap_bytes)} |`);
  }
  console.log('\nPhases of the best browser run (ms from choosing the file, page clock):');
  for (const { archive: a, browserRuns } of results) {
    const b = best(browserRuns, (r) => r.browser_ms);
    const p = Object.entries(b.phases).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ');
    console.log(`- ${a.label}: ${p}; report JSON ${(b.report_json_bytes / 1e6).toFixed(1)} MB; `
      + `longest main-thread task while loading ${fmt(b.load_longest_task_ms)}; read ${b.worker.read_bytes} bytes of the file`);
  }
  for (const { archive: a, browserRuns } of results.filter((r) => r.archive.interact)) {
    const runs = browserRuns.map((r) => r.interact);
    const range = (k) => `${fmt(Math.min(...runs.map((r) => r[k])))} (worst ${fmt(Math.max(...runs.map((r) => r[k])))})`;
    console.log(`\nResponsiveness, ${a.label} (best of ${runs.length}, worst in brackets):\n`);
    console.log('| action | new page of the list shown | posts matching |');
    console.log('|---|---|---|');
    console.log(`| purpose "${PURPOSE}" chosen | ${range('purpose_ms')} | ${runs[0].purpose_posts.toLocaleString('en')} |`);
    console.log(`| "${WORD}" typed (after the ${DEBOUNCE_MS} ms wait) | ${range('search_ms')} | ${runs[0].search_posts.toLocaleString('en')} |`);
    console.log(`| list scrolled to the middle (rows ${runs[0].scroll_rows}) | ${range('scroll_ms')} | ${a.posts.toLocaleString('en')} |`);
    console.log(`\nLong tasks after the report was drawn: longest ${fmt(Math.max(...runs.map((r) => r.longest_task_after_ms)))}, `
      + `${runs.reduce((s, r) => s + r.long_tasks_over_200ms, 0)} over ${LONG_TASK_MS} ms in ${runs.length} runs.`);
  }
  const out = join(bench, 'browser.json');
  writeFileSync(out, JSON.stringify({ cli, chromium: CHROMIUM, runs: RUNS, results }, null, 2));
  console.log(`\n(all figures in ${out})`);
}

await main();
