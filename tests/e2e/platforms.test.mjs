// Mastodon and Bluesky exports in the page (issue 10), driving the real app in Debian's
// Chromium: the real Mastodon archive (zipped at test time, as a person downloads it) and
// a real Bluesky repository (.car) each open, and every figure the page shows equals the
// CLI's JSON for the same file; then both are chosen together and read into one report,
// with each platform's figures side by side and the platform named on every post. No
// request goes anywhere but the page's own origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  useServerAndBrowser, openArchive, fixtureZip, fixturesDir, cliReport, newPage, cli,
} from './harness.mjs';

const env = useServerAndBrowser();

function valueAt(report, key) {
  let v = report;
  for (const part of key.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    v = part === 'length' ? v?.length : v?.[part];
  }
  return v;
}

async function assertFiguresMatch(page, json, what) {
  const figures = await page.$$eval('main [data-figure]', (nodes) => nodes
    .filter((n) => n.dataset.figure !== 'posts.match')
    .map((n) => [n.dataset.figure, Number(n.dataset.value)]));
  assert.ok(figures.length >= 15, `${what}: only ${figures.length} figures on the page`);
  for (const [key, value] of figures) {
    const want = valueAt(json, key);
    assert.equal(typeof want, 'number', `${what}: ${key} is not a number in the CLI's JSON`);
    assert.ok(Math.abs(value - want) < 1e-9, `${what}: ${key} is ${value} on the page, ${want} in the CLI's JSON`);
  }
  return figures;
}

async function postsMatching(page) {
  await page.waitForFunction(() => /match/.test(document.getElementById('posts-status')?.textContent || ''));
  return Number(await page.locator('#posts-status [data-figure="posts.match"]').getAttribute('data-value'));
}

function assertOwnOrigin(hosts, what) {
  assert.deepEqual(hosts.filter((h) => h !== '127.0.0.1'), [], `${what}: requests to other hosts`);
}

/** The real exports, or null (skipped outside CI when the fixtures are absent). */
function exports() {
  const dir = fixturesDir();
  if (!dir) return null;
  return {
    mastodon: fixtureZip('mastodon-dealingwith-2024'),
    car: join(dir, 'bluesky-indigo', 'paul_staging.repo.car'),
  };
}

test('a Mastodon zip and a Bluesky .car each open, with the CLI\'s figures', async () => {
  const files = exports();
  if (!files) return;
  for (const [what, file, posts, lacking] of [
    ['Mastodon archive', files.mastodon, 57, ['mastodon.followers', 'mastodon.following']],
    ['Bluesky repository', files.car, 116, ['bluesky.followers']],
  ]) {
    const json = cliReport(file);
    assert.equal(json.totals.posts, posts);
    const { page, context, hosts, errors } = await newPage(env.browser);
    await openArchive(page, env.server.origin, file);
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'report', `${what}: no report`);
    const figures = await assertFiguresMatch(page, json, what);
    console.log(`# ${what}: ${figures.length} figures match the CLI`);
    assert.equal(await postsMatching(page), posts, `${what}: the post list holds every post`);
    const shown = await page.$$eval('#platforms [data-lacking]', (n) => n.map((x) => x.dataset.lacking));
    assert.deepEqual(shown, lacking, `${what}: what the export lacks is said`);
    const meta = await page.locator('#posts .post-meta').first().textContent();
    assert.match(meta, what.startsWith('Mastodon') ? /^Mastodon/ : /^Bluesky/, `${what}: posts name their platform`);
    assert.doesNotMatch(await page.locator('#posts form').textContent(), /null|undefined/, `${what}: the filters read well`);
    if (json.followers_only) {
      // Followers-only posts can be left out of the list.
      await page.check('#filter-public');
      const left = posts - json.followers_only;
      await page.waitForFunction((n) => document.querySelector('#posts-status [data-figure="posts.match"]')?.dataset.value === String(n), left);
    }
    assert.deepEqual(errors, [], `${what}: errors in the page`);
    assertOwnOrigin(hosts, what);
    await context.close();
  }
});

test('two exports chosen together read into one report, side by side', async () => {
  const files = exports();
  if (!files) return;
  const both = [files.mastodon, files.car];
  const json = JSON.parse(execFileSync(cli, ['report', ...both, '--json', '--tz', 'UTC'], { encoding: 'utf8', maxBuffer: 256 << 20 }));
  assert.equal(json.totals.posts, 57 + 116);
  const { page, context, hosts, errors } = await newPage(env.browser);
  await page.goto(`${env.server.origin}/`);
  await page.setInputFiles('#file', both);
  await page.waitForSelector('body[data-state="report"], #problem:not([hidden])', { timeout: 60_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'report', 'no report');
  const figures = await assertFiguresMatch(page, json, 'Mastodon + Bluesky');
  const keys = figures.map(([k]) => k);
  for (const k of ['platforms[0].posts', 'platforms[1].posts', 'platforms[1].by_kind.quote']) {
    assert.ok(keys.includes(k), `the page shows ${k}`);
  }
  assert.equal(await postsMatching(page), 57 + 116, 'the post list holds every post of both');
  const header = await page.$$eval('#platforms table th', (n) => n.map((x) => x.textContent));
  assert.deepEqual(header.slice(1), ['Mastodon archive', 'Bluesky repository']);
  // Only the Bluesky posts, from the platform filter.
  await page.selectOption('#filter-platform', 'bluesky');
  await page.waitForFunction(() => document.querySelector('#posts-status [data-figure="posts.match"]')?.dataset.value === '116');
  const metas = await page.$$eval('#posts .post-meta', (n) => n.map((x) => x.textContent));
  assert.ok(metas.length > 0 && metas.every((m) => m.startsWith('Bluesky')), 'every listed post is from Bluesky');
  assert.deepEqual(errors, [], 'errors in the page');
  assertOwnOrigin(hosts, 'two exports');
  await context.close();
});
