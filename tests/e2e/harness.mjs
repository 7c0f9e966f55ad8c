// Shared set-up for the browser end-to-end tests: the real server (`pln-lens serve`, which
// sends the CSP headers), Debian's Chromium driven by playwright-core, a "canary" server
// on another origin that counts any request reaching it, and synthetic archives made by
// the CLI's own generator.
import { spawn, execFileSync } from 'node:child_process';
import { before, after } from 'node:test';
import { createServer } from 'node:http';
import { mkdirSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { zipSync } from 'fflate';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cli = join(root, 'target', 'release', 'pln-lens');
export const scratch = join(root, 'target', 'e2e');
mkdirSync(scratch, { recursive: true });

/**
 * Starts `pln-lens serve` on a free port; resolves to { origin, stop }. By default the
 * tests' build serves dist/; `{ bin, dir: null }` serves the app built into `bin`.
 */
export async function startServer({ bin = cli, dir = join(root, 'dist') } = {}) {
  const args = ['serve', ...(dir ? ['--dir', dir] : []), '--port', '0'];
  const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
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

/** A server on another origin that counts every request that reaches it. */
export async function startCanary() {
  const hits = [];
  const server = createServer((req, res) => {
    hits.push(req.url);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.end('canary');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  // "localhost" is another origin than the page's 127.0.0.1 even before the port differs.
  return { url: `http://localhost:${port}`, hits, stop: () => server.close() };
}

/**
 * The run every browser test file shares: before its tests, starts the server (then,
 * with `{ canary: true }`, the canary server) and launches the browser; after them, closes
 * the browser and stops the servers. Call it once at the top of a test file; the returned
 * object's `server`, `browser` and `canary` are set by the time the tests run.
 */
export function useServerAndBrowser({ canary = false } = {}) {
  const env = { server: null, browser: null, canary: null };
  before(async () => {
    env.server = await startServer();
    if (canary) env.canary = await startCanary();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.stop();
    env.canary?.stop();
  });
  return env;
}

/** Debian's Chromium, headless, as root, without its own background traffic. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Writes a synthetic X archive with the CLI's generator (once per name). */
export function syntheticArchive(name, args = []) {
  const path = join(scratch, name);
  if (!existsSync(path)) execFileSync(cli, ['generate', path, ...args], { stdio: 'ignore' });
  return path;
}

/** Opens the app, picks `file`, waits for the report (or an error); returns the page. */
export async function openArchive(page, origin, file, { timeout = 60_000 } = {}) {
  await page.goto(`${origin}/`);
  await page.setInputFiles('#file', file);
  await page.waitForSelector('body[data-state="report"], #problem:not([hidden])', { timeout });
  return page;
}

/** The worker the page started (after a file was opened). */
export async function pageWorker(page) {
  for (let i = 0; i < 50 && page.workers().length === 0; i += 1) await page.waitForTimeout(100);
  const [worker] = page.workers();
  if (!worker) throw new Error('the page started no worker');
  return worker;
}

/** The shared real-world fixtures (read in place, never copied into the project). In CI
 * they must exist; elsewhere tests that need them are skipped with a message. */
export function fixturesDir() {
  const dir = process.env.PLN_SHARED ? join(process.env.PLN_SHARED, 'fixtures') : join(root, '..', 'shared', 'fixtures');
  if (existsSync(dir)) return dir;
  if (process.env.CI) throw new Error(`the shared fixtures are missing at ${dir}, and CI needs them`);
  console.log(`# skipping: no shared fixtures at ${dir}`);
  return null;
}

/** The real X fixtures, each as a folder name. */
export const X_FIXTURES = ['twitter-rtiatmla-2021', 'twitter-alrocar-2024', 'twitter-legacy-csv-2010-2012'];

/** Zips a fixture folder into target/e2e (at test time), as a person would upload it. */
export function fixtureZip(name) {
  const dir = fixturesDir();
  if (!dir) return null;
  const files = {};
  const walk = (d, prefix) => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${entry}/`);
      else files[`${prefix}${entry}`] = readFileSync(path);
    }
  };
  walk(join(dir, name), '');
  const out = join(scratch, `${name}.zip`);
  writeFileSync(out, zipSync(files));
  return out;
}

/** The CLI's JSON report for `file` (the same archive the page opens). */
export function cliReport(file, extra = []) {
  return JSON.parse(execFileSync(cli, ['report', file, '--json', '--tz', 'UTC', ...extra], { encoding: 'utf8', maxBuffer: 256 << 20 }));
}

/** The demo archives the build wrote into dist/demos. */
export function demos() {
  const index = join(root, 'dist', 'demos', 'index.json');
  return existsSync(index) ? JSON.parse(readFileSync(index, 'utf8')).map((d) => ({ ...d, path: join(root, 'dist', 'demos', d.file) })) : [];
}

/** A page in a UTC browser context that records every request's host. */
export async function newPage(browser, { width = 1280, height = 900, offline = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, timezoneId: 'UTC', acceptDownloads: true });
  const hosts = [];
  context.on('request', (req) => { hosts.push(new URL(req.url()).hostname); });
  if (offline) await context.setOffline(true);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { context, page, hosts, errors };
}
