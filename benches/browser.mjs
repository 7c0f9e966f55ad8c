// Browser benchmark (issue #5): the time from choosing a file to the drawn report in
// headless Chromium, next to the native CLI on the same archive, for a 10,000-post archive
// and a 200,000-post, 3-part archive with 1.5 GB of media; for the big one also how fast
// the post list answers a filter, a search and a scroll, and whether the main thread had a
// long task after the report was drawn. Prints a table; writes the figures as JSON to
// target/bench/browser.json. See benches/BENCHMARKS.md ("Browser").
//
//   node benches/browser.mjs            (runs `make cli`, then uses target/release/pln-lens)
//   PLN_LENS=/path/to/pln-lens node benches/browser.mjs   (that binary, nothing built)
//   CHROMIUM=/path/to/chromium RUNS=3 ONLY=posts-10k.zip CHROMIUM_ARGS='--js-flags=...' node benches/browser.mjs
//   node benches/browser.mjs --profile  (one traced run each: where the time goes, by
//                                        thread and function; traces in target/bench/)
//   PLN_DIST=dir node benches/browser.mjs --profile   (serve a build of the app in dir,
//        such as one bundled without minifying and a Wasm optimised with `wasm-opt -g`,
//        so the profile names functions)
//
// The CLI is used for everything: it generates the archives (once, into target/bench/),
// is the native side of the comparison, and serves the web app built into it.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { startServer } from '../tests/e2e/harness.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bench = join(root, 'target', 'bench');
mkdirSync(bench, { recursive: true });
const RUNS = Number(process.env.RUNS || 3);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// The CLI with the web app built in: $PLN_LENS, or this checkout's, built first (`make cli`
// is quick when nothing changed) so the figures are for the current source.
let cli = process.env.PLN_LENS;
if (!cli) {
  console.error('# building the CLI with the web app inside (make cli); PLN_LENS=... skips this');
  execFileSync('make', ['cli'], { cwd: root, stdio: ['ignore', 2, 2] }); // its output to stderr
  cli = join(root, 'target', 'release', 'pln-lens');
}
if (!existsSync(cli)) throw new Error(`no CLI at ${cli}`);

const ALL_ARCHIVES = [
  { name: 'posts-10k.zip', label: '10,000 posts', posts: 10_000, args: ['--posts', '10000'], interact: false },
  {
    name: 'posts-200k-1.5G.zip', label: '200,000 posts, 3 parts, 1.5 GB media', posts: 200_000,
    args: ['--posts', '200000', '--parts', '3', '--media-bytes', '1.5G'], interact: true,
  },
];
// ONLY=posts-10k.zip runs one of them.
const ARCHIVES = ALL_ARCHIVES.filter((a) => !process.env.ONLY || process.env.ONLY === a.name);
// The list's answers: a purpose to filter by, and a word to search for (both common in the
// generator's posts).
const PURPOSE = 'share';
const WORD = 'feedback';
const DEBOUNCE_MS = 250; // www/view/posts.js waits this long after the last keystroke
const LONG_TASK_MS = 200;
const BROWSER_ARGS = [
  '--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--enable-precise-memory-info',
  ...(process.env.CHROMIUM_ARGS ? process.env.CHROMIUM_ARGS.split(' ').filter(Boolean) : []),
];

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

// Runs in the page before its own scripts: timestamps (page clock) for the file choice, the
// Worker's messages and every long task, and a helper that resolves when a condition on
// the DOM first holds (checked after every DOM change) and again after the next frame.
// One function on purpose: Playwright injects it into the page whole (addInitScript), so
// it cannot call helpers defined outside it.
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
        if (typeof text !== 'string') { // the start-up messages are posted as objects
          if (text?.type === 'ready') B.readyAt = at;
          B.messages.push({ type: text?.type, at });
          return;
        }
        if (text.startsWith('{"type":"report"')) {
          B.reportAt = at;
          B.reportText = text;
          B.messages.push({ type: 'report', at, bytes: text.length });
          return;
        }
        const type = text.slice(9, 40).match(/^[a-z_]+/)?.[0]; // after '{"type":"'
        B.messages.push({ type, at, bytes: text.length });
        if (type === 'progress') { // small: parsing it twice costs nothing
          const { stage } = JSON.parse(text);
          if (!(stage in B.stages)) B.stages[stage] = at;
        }
      });
    }
  };
  B.until = (predicate) => new Promise((resolveUntil) => {
    let done = false;
    const check = () => {
      if (done) return;
      let hit;
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

// One function on purpose: the steps of one measured run, in the order a person takes
// them; splitting it would scatter the timestamps each step compares with the last.
/** One run in a fresh browser context (no cache): choose the file, wait for the drawn report. */
async function browserRun(browser, origin, file, a, { profile = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(instrument);
    await page.goto(`${origin}/`);
    await page.waitForSelector('body[data-state="start"]');
    // A person opens the page, then chooses a file: by then the page has started a Worker
    // and the Worker has compiled the Wasm and warmed it up (www/app.js, src/wasm).
    await page.waitForSelector('body[data-engine="ready"]', { timeout: 30_000 });
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
    if (profile) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const t0 = performance.now();
    await page.setInputFiles('#file', file);
    const drawn = await page.evaluate(() => window.__bench.drawn);
    const nodeMs = performance.now() - t0;
    if (profile) {
      const trace = JSON.parse(await browser.stopTracing());
      const changeAt = await page.evaluate(() => window.__bench.events.change.at);
      return { browser_ms: drawn.paint - changeAt, trace };
    }
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

// One function on purpose: one scripted session in the post list, each step timed
// against the one before.
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
  r = await page.evaluate(async (wait) => {
    const B = window.__bench;
    const list = document.querySelector('.post-list');
    const spacer = list.querySelector('.post-spacer');
    const total = Number(document.querySelector('#posts-status [data-figure="posts.match"]').dataset.value);
    const row = spacer.offsetHeight / total;
    const top = Math.floor((list.scrollHeight - list.clientHeight) / 2);
    const first = Math.floor(top / row) + 1;
    const last = Math.min(total, Math.ceil((top + list.clientHeight) / row));
    const shown = (i) => list.querySelector(`.post-row[aria-posinset="${i}"]`);
    const visible = () => [...list.querySelectorAll('.post-row')].filter((e) => {
      const i = Number(e.getAttribute('aria-posinset'));
      return i >= first && i <= last;
    }).length;
    const timeout = (ms) => new Promise((ok) => setTimeout(() => ok(null), ms));
    const some = B.until(() => visible() > 0);
    const full = B.until(() => { for (let i = first; i <= last; i += 1) if (!shown(i)) return false; return true; });
    const at = performance.now();
    list.scrollTop = top;
    const someDone = await Promise.race([some, timeout(wait)]);
    const fullDone = await Promise.race([full, timeout(wait)]);
    const out = {
      first, last, some_ms: someDone ? someDone.paint - at : null, full_ms: fullDone ? fullDone.paint - at : null,
      rows_after_wait: visible(),
    };
    if (!fullDone) {
      // The view is not filled: does one more scroll event (1 px) fill it?
      const again = B.until(() => { for (let i = first; i <= last; i += 1) if (!shown(i)) return false; return true; });
      const at2 = performance.now();
      list.scrollTop = top + 1;
      const againDone = await Promise.race([again, timeout(wait)]);
      out.full_after_nudge_ms = againDone ? againDone.paint - at2 : null;
    }
    return out;
  }, 3000);
  out.scroll_rows = `${r.first}-${r.last}`;
  out.scroll_first_rows_ms = r.some_ms;
  out.scroll_filled_ms = r.full_ms; // null: the rows in view were not all drawn within 3 s
  out.scroll_rows_drawn = `${r.rows_after_wait} of ${r.last - r.first + 1}`;
  out.scroll_filled_after_nudge_ms = r.full_after_nudge_ms ?? null;

  // Long tasks on the main thread after the report was drawn (through all of the above).
  await page.waitForTimeout(500);
  const tasks = await page.evaluate((at) => window.__bench.longtasks.filter((t) => t.start + t.duration > at), drawnAt);
  out.longest_task_after_ms = Math.max(0, ...tasks.map((t) => t.duration));
  out.long_tasks_over_200ms = tasks.filter((t) => t.duration > LONG_TASK_MS).length;
  return out;
}

// --profile: one traced run per archive instead of the benchmark, summarised per thread
// (the page's main thread and the Worker): where the CPU time went, by function (V8's
// sampling profiler) and, on the main thread, by trace event (layout, style, GC...).
const TRACE_CATEGORIES = [
  'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute',
  'disabled-by-default-v8.cpu_profiler', 'blink.user_timing',
];

function summariseTrace(trace) {
  const events = trace.traceEvents || trace;
  const threadName = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args.name);
  // Samples per profile (one profile per thread with JS).
  const profiles = new Map();
  for (const e of events) {
    if (e.name !== 'Profile' && e.name !== 'ProfileChunk') continue;
    const key = `${e.pid}:${e.id}`;
    if (!profiles.has(key)) profiles.set(key, { thread: `${e.pid}:${e.tid}`, nodes: new Map(), samples: [], deltas: [] });
    const p = profiles.get(key);
    if (e.name === 'Profile') p.thread = `${e.pid}:${e.tid}`;
    const cpu = e.args?.data?.cpuProfile;
    if (cpu?.nodes) for (const n of cpu.nodes) p.nodes.set(n.id, n);
    if (cpu?.samples) p.samples.push(...cpu.samples);
    if (e.args?.data?.timeDeltas) p.deltas.push(...e.args.data.timeDeltas);
  }
  const label = (n) => {
    const f = n.callFrame;
    const file = f.url ? f.url.split('/').pop() : '';
    return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
  };
  const out = [];
  for (const p of profiles.values()) {
    const self = new Map();
    const total = new Map();
    let all = 0;
    let idle = 0;
    for (let i = 0; i < p.samples.length; i += 1) {
      const dt = (p.deltas[i + 1] ?? 0) / 1000; // a sample's time is the gap to the next one
      let node = p.nodes.get(p.samples[i]);
      if (!node) continue;
      const name = label(node);
      if (name.startsWith('(idle)') || name.startsWith('(program)')) { idle += dt; continue; }
      all += dt;
      self.set(name, (self.get(name) || 0) + dt);
      const seen = new Set();
      while (node) {
        const n = label(node);
        if (!seen.has(n)) { seen.add(n); total.set(n, (total.get(n) || 0) + dt); }
        node = p.nodes.get(node.parent);
      }
    }
    if (all < 1) continue;
    const top = (m, k) => [...m].sort((x, y) => y[1] - x[1]).slice(0, k);
    out.push({ thread: threadName.get(p.thread) || p.thread, busy_ms: all, idle_ms: idle, self: top(self, 20), total: top(total, 25) });
  }
  // Main-thread trace events by name (complete events; nested ones counted where they occur).
  const mainTid = [...threadName].find(([, n]) => n === 'CrRendererMain')?.[0];
  const byName = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || `${e.pid}:${e.tid}` !== mainTid || !e.dur) continue;
    byName.set(e.name, (byName.get(e.name) || 0) + e.dur / 1000);
  }
  return { threads: out.sort((x, y) => y.busy_ms - x.busy_ms), main_events: [...byName].sort((x, y) => y[1] - x[1]).slice(0, 15) };
}

async function profileMain() {
  const server = await startServer({ bin: cli, dir: process.env.PLN_DIST || null });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS });
  try {
    for (const a of ARCHIVES) {
      const file = archive(a);
      const run = await browserRun(browser, server.origin, file, a, { profile: true });
      writeFileSync(join(bench, `trace-${a.name}.json`), JSON.stringify(run.trace));
      const summary = summariseTrace(run.trace);
      console.log(`\n## ${a.label}: ${fmt(run.browser_ms)} from choosing the file to the drawn report (traced, so slower)`);
      for (const t of summary.threads) {
        console.log(`\n### ${t.thread}: ${fmt(t.busy_ms)} of samples running code\n\nself time:`);
        for (const [n, ms] of t.self) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${n}`);
        console.log('total time (with callees):');
        for (const [n, ms] of t.total) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${n}`);
      }
      console.log('\nmain-thread trace events (ms, nested events counted in their parents too):');
      for (const [n, ms] of summary.main_events) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${n}`);
    }
    console.log(`\n(traces in ${bench}/trace-*.json; open them in Chrome's Performance panel)`);
  } finally {
    await browser.close();
    server.stop();
  }
}

const fmt = (ms) => (ms == null || Number.isNaN(ms) ? '-' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const mb = (n) => (n == null ? '-' : `${(n / 1e6).toFixed(0)} MB`);
const gb = (n) => (n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : `${(n / 1e6).toFixed(1)} MB`);
const best = (runs, key) => runs.reduce((m, r) => (key(r) < key(m) ? r : m));

async function main() {
  const server = await startServer({ bin: cli, dir: process.env.PLN_DIST || null });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS });
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

  console.log(`\nBest of ${RUNS} each; "paired" is the range of browser / native over runs made one after the other.\n`);
  console.log('| archive | file | native CLI | browser: choice to drawn report | browser / native | paired | Worker elapsed_ms | Worker / native | Wasm memory | page JS heap |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const { archive: a, size, nativeRuns, browserRuns } of results) {
    const n = Math.min(...nativeRuns);
    const b = best(browserRuns, (r) => r.browser_ms);
    const w = Math.min(...browserRuns.map((r) => r.worker.elapsed_ms));
    const paired = browserRuns.map((r, i) => r.browser_ms / nativeRuns[i]);
    console.log(`| ${a.label} | ${gb(size)} | ${fmt(n)} | ${fmt(b.browser_ms)} | **${(b.browser_ms / n).toFixed(2)}x** `
      + `| ${Math.min(...paired).toFixed(2)}-${Math.max(...paired).toFixed(2)}x | ${fmt(w)} | ${(w / n).toFixed(2)}x `
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
    const range = (k) => {
      const v = runs.map((r) => r[k]).filter((x) => x != null);
      return v.length ? `${fmt(Math.min(...v))} (worst ${fmt(Math.max(...v))})` : '-';
    };
    console.log(`\nResponsiveness, ${a.label} (best of ${runs.length}, worst in brackets):\n`);
    console.log('| action | new page of the list shown | posts matching |');
    console.log('|---|---|---|');
    console.log(`| purpose "${PURPOSE}" chosen | ${range('purpose_ms')} | ${runs[0].purpose_posts.toLocaleString('en')} |`);
    console.log(`| "${WORD}" typed (after the ${DEBOUNCE_MS} ms wait) | ${range('search_ms')} | ${runs[0].search_posts.toLocaleString('en')} |`);
    console.log(`| list scrolled to the middle: first rows in view | ${range('scroll_first_rows_ms')} | ${a.posts.toLocaleString('en')} |`);
    const unfilled = runs.filter((r) => r.scroll_filled_ms == null);
    const filled = unfilled.length ? `not within 3 s in ${unfilled.length} of ${runs.length} runs (${unfilled.map((r) => r.scroll_rows_drawn).join(', ')} rows drawn); `
      + `filled ${unfilled.map((r) => fmt(r.scroll_filled_after_nudge_ms)).join(', ')} after one more 1 px scroll` : range('scroll_filled_ms');
    console.log(`| list scrolled to the middle: every row in view (${runs[0].scroll_rows}) | ${filled} | |`);
    console.log(`\nLong tasks after the report was drawn: longest ${fmt(Math.max(...runs.map((r) => r.longest_task_after_ms)))}, `
      + `${runs.reduce((s, r) => s + r.long_tasks_over_200ms, 0)} over ${LONG_TASK_MS} ms in ${runs.length} runs.`);
  }
  const out = join(bench, 'browser.json');
  writeFileSync(out, JSON.stringify({ cli, chromium: CHROMIUM, runs: RUNS, results }, null, 2));
  console.log(`\n(all figures in ${out})`);
}

if (process.argv.includes('--profile')) await profileMain();
else await main();
