// The report page end to end (issue #5), driving the real app in Debian's Chromium: each
// real fixture and each demo archive opens, and every figure the page shows equals the
// CLI's JSON for the same file; the post list filters; a re-code moves the figures; the
// saved report file reopens offline; the page prints to PDF; Cancel stops the Worker; and
// throughout, no request goes to any origin but the page's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  useServerAndBrowser, openArchive, fixtureZip, fixturesDir, cliReport, demos, newPage,
  syntheticArchive, scratch, X_FIXTURES,
} from './harness.mjs';

const env = useServerAndBrowser();

/** The value at a figure's key in the report ("chats[0].sessions.length"). */
function valueAt(report, key) {
  let v = report;
  for (const part of key.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    v = part === 'length' ? v?.length : v?.[part];
  }
  return v;
}

/** Every figure on the page, as [key, value]. */
async function pageFigures(page) {
  return page.$$eval('main [data-figure]', (nodes) => nodes
    .filter((n) => n.dataset.figure !== 'posts.match')
    .map((n) => [n.dataset.figure, Number(n.dataset.value)]));
}

async function assertFiguresMatch(page, json, what) {
  const figures = await pageFigures(page);
  assert.ok(figures.length >= 15, `${what}: only ${figures.length} figures on the page`);
  for (const [key, value] of figures) {
    const want = valueAt(json, key);
    assert.equal(typeof want, 'number', `${what}: ${key} is not a number in the CLI's JSON`);
    assert.ok(Math.abs(value - want) < 1e-9, `${what}: ${key} is ${value} on the page, ${want} in the CLI's JSON`);
  }
  return figures.length;
}

function assertOwnOrigin(hosts, what) {
  const foreign = hosts.filter((h) => h !== '127.0.0.1');
  assert.deepEqual(foreign, [], `${what}: requests to other hosts`);
}

async function postsMatching(page) {
  await page.waitForFunction(() => /match/.test(document.getElementById('posts-status')?.textContent || ''));
  return Number(await page.locator('#posts-status [data-figure="posts.match"]').getAttribute('data-value'));
}

test('every real fixture and every demo: the page shows the CLI\'s figures', async () => {
  const files = [];
  if (fixturesDir()) for (const name of X_FIXTURES) files.push([name, fixtureZip(name)]);
  for (const d of demos()) files.push([`demo ${d.id}`, d.path]);
  assert.ok(demos().length >= 4, 'the build wrote the demo archives');
  for (const [what, file] of files) {
    const json = cliReport(file);
    const { page, context, hosts, errors } = await newPage(env.browser);
    await openArchive(page, env.server.origin, file);
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'report', `${what}: no report`);
    const n = await assertFiguresMatch(page, json, what);
    console.log(`# ${what}: ${n} figures match the CLI`);
    assert.equal(await postsMatching(page), json.totals.posts, `${what}: the post list holds every post`);
    assert.deepEqual(errors, [], `${what}: errors in the page`);
    assertOwnOrigin(hosts, what);
    await context.close();
  }
});

test('the demos are offered on the start page and open with one click', async () => {
  const { page, context, hosts } = await newPage(env.browser);
  await page.goto(`${env.server.origin}/`);
  const buttons = page.locator('#demo-list button.demo');
  await buttons.first().waitFor();
  assert.equal(await buttons.count(), demos().length);
  await page.click('button[data-demo="reader"]');
  await page.waitForSelector('body[data-state="report"]', { timeout: 60_000 });
  const json = cliReport(demos().find((d) => d.id === 'reader').path);
  await assertFiguresMatch(page, json, 'reader demo');
  assertOwnOrigin(hosts, 'demo');
  await context.close();
});

test('filters and figure links list exactly the posts behind each figure', async () => {
  const demo = demos().find((d) => d.id === 'early-career');
  const json = cliReport(demo.path);
  const { page, context, hosts } = await newPage(env.browser);
  await openArchive(page, env.server.origin, demo.path);
  assert.equal(await postsMatching(page), json.totals.posts);

  const ask = json.purposes.find((p) => p.code === 'ask');
  await page.selectOption('#filter-purpose', 'ask');
  await page.waitForFunction((n) => document.querySelector('#posts-status [data-figure]')?.dataset.value === String(n), ask.posts);
  const year = json.timeline.years[1];
  await page.selectOption('#filter-purpose', '');
  await page.selectOption('#filter-year', String(year.year));
  await page.waitForFunction((n) => document.querySelector('#posts-status [data-figure]')?.dataset.value === String(n), year.posts);
  await page.click('#posts button[type=reset]');
  await page.waitForFunction((n) => document.querySelector('#posts-status [data-figure]')?.dataset.value === String(n), json.totals.posts);

  // Jumping to the middle of the list fills the view with rows (a page not asked for yet).
  await page.$eval('#posts .post-list', (list) => { list.scrollTop = list.scrollHeight / 2; });
  await page.waitForFunction(() => {
    const list = document.querySelector('#posts .post-list');
    const box = list.getBoundingClientRect();
    const rows = [...list.querySelectorAll('.post-row')].filter((r) => {
      const b = r.getBoundingClientRect();
      return b.bottom > box.top && b.top < box.bottom;
    });
    return rows.length >= 5;
  });

  // A person's "Show posts" lists that person's posts, and every row names them.
  const person = json.people[0];
  await page.click(`#people table.people-table button:text-is("@${person.handle}")`);
  await page.waitForFunction((n) => document.querySelector('#posts-status [data-figure]')?.dataset.value === String(n), person.post_ids.length);
  const shown = await page.locator('#posts .post-row').count();
  assert.ok(shown > 0 && shown <= person.post_ids.length);

  // Words: every listed post contains them.
  await page.click('#posts .figure-filter button');
  await page.fill('#post-search', 'retrieval');
  await page.waitForFunction(() => {
    const texts = [...document.querySelectorAll('#posts .post-text')].map((n) => n.textContent.toLowerCase());
    return texts.length > 0 && texts.every((t) => t.includes('retrieval'));
  });
  const matched = await postsMatching(page);
  assert.ok(matched > 0 && matched < json.totals.posts, `${matched} posts with "retrieval"`);

  // The graph works from the keyboard: focus a person, press Enter, see their posts.
  await page.focus('svg.network .person');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.tie-posts li:not(.small)');
  assert.ok(await page.locator('.tie-posts li').count() >= 1);
  assertOwnOrigin(hosts, 'filters');
  await context.close();
});

test('re-coding a post moves every figure as the CLI does with the same correction, and can be taken back', async () => {
  const demo = demos().find((d) => d.id === 'leader');
  const json = cliReport(demo.path);
  const { page, context, hosts } = await newPage(env.browser);
  await openArchive(page, env.server.origin, demo.path);
  await postsMatching(page);
  const figure = async (key) => Number(await page.locator(`#report [data-figure="${key}"]`).first().getAttribute('data-value'));
  await page.click('#posts .post-row >> nth=0 >> button.post-open');
  const dialog = page.locator('dialog.post-dialog');
  await dialog.waitFor();
  const id = (await dialog.locator('.small').first().innerText()).match(/Post id (\S+?)\./)[1];
  const from = await dialog.locator('#recode-purpose').inputValue();
  const to = from === 'personal' ? 'social' : 'personal';
  const topics = await dialog.locator('input[name=topic]:checked').evaluateAll((n) => n.map((i) => i.value));
  const toIndex = json.purposes.findIndex((p) => p.code === to);
  assert.equal(await figure(`purposes[${toIndex}].posts`), json.purposes[toIndex].posts);
  await dialog.locator('#recode-purpose').selectOption(to);
  await dialog.locator('button[type=submit]').click();
  await page.waitForSelector('#corrections');
  assert.match(await page.locator('#overview').innerText(), /You re-coded 1 post/);
  assert.match(await page.locator('#corrections').innerText(), /to 0 of the 1 post you coded yourself/);

  // The learned model adapts to the correction, so other posts may move too: the page
  // must show what the CLI reports when given the same correction.
  const corrections = join(scratch, 'recode-mine.csv');
  writeFileSync(corrections, `id,purpose,topics\n${id},${to},${topics.join('|')}\n`);
  const corrected = cliReport(demo.path, ['--corrections', corrections]);
  assert.equal(corrected.corrections.posts, 1);
  await assertFiguresMatch(page, corrected, 'after a re-code');
  await page.check('#filter-recoded');
  await page.waitForFunction(() => document.querySelector('#posts-status [data-figure]')?.dataset.value === '1');
  assert.equal(await page.locator('#posts .badge.recoded').count(), 1);

  // The CSV the page offers carries the person's code.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv.split('\n')[0], /^id,created_at,kind,purpose,topics,chat,live,why,text/);
  assert.ok(csv.includes(`,${to},`));

  // Take it back: the model forgets it, and every figure is the first report's again.
  await page.click('#posts .post-row >> nth=0 >> button.post-open');
  await page.locator('dialog.post-dialog button:has-text("Give back")').click();
  await page.waitForSelector('#corrections', { state: 'detached' });
  await assertFiguresMatch(page, json, 'after taking the re-code back');

  // A confirmation counts as agreement; a CSV of codes loads from the codebook section.
  await page.uncheck('#filter-recoded');
  await page.click('#posts .post-row >> nth=1 >> button.post-open');
  await page.locator('dialog.post-dialog button:has-text("These codes are right")').click();
  await page.waitForFunction(() => /to 1 of the 1 post you coded yourself/.test(document.getElementById('corrections')?.textContent || ''));
  await page.setInputFiles('#recodes-file', corrections);
  await page.waitForFunction(() => /of the 2 posts you coded yourself/.test(document.getElementById('corrections')?.textContent || ''));
  assertOwnOrigin(hosts, 're-code');
  await context.close();
});

test('the saved report reopens offline, as one file, with the posts only when asked', async () => {
  const demo = demos().find((d) => d.id === 'experienced');
  const json = cliReport(demo.path);
  const { page, context, hosts } = await newPage(env.browser);
  await openArchive(page, env.server.origin, demo.path);
  const saved = {};
  for (const withPosts of [false, true]) {
    await page.click('#save');
    if (withPosts) await page.check('#save-posts');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-confirm')]);
    const path = join(scratch, `saved-${withPosts}.html`);
    await download.saveAs(path);
    saved[withPosts] = path;
  }
  assertOwnOrigin(hosts, 'saving');
  await context.close();
  const without = readFileSync(saved[false], 'utf8');
  const post = json.people[0].handle;
  assert.ok(statSync(saved[true]).size > statSync(saved[false]).size + 100_000, 'the posts are in only one of them');
  assert.ok(without.includes('Content-Security-Policy'));
  assert.ok(!/<script[^>]+src=/.test(without), 'no external script');

  for (const withPosts of [false, true]) {
    const offline = await env.browser.newContext({ timezoneId: 'UTC', offline: true });
    const requests = [];
    offline.on('request', (r) => requests.push(r.url()));
    const p = await offline.newPage();
    const errors = [];
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await p.goto(pathToFileURL(saved[withPosts]).href);
    await p.waitForSelector('body[data-state="report"]');
    await assertFiguresMatch(p, json, `saved file (posts: ${withPosts})`);
    const matching = await postsMatching(p);
    assert.equal(matching, withPosts ? json.totals.posts : 0);
    if (!withPosts) assert.match(await p.locator('#posts-status').innerText(), /does not include the text of the posts/);
    if (withPosts) {
      await p.click(`#people table.people-table button:text-is("@${post}")`);
      await p.waitForFunction((n) => document.querySelector('#posts-status [data-figure]')?.dataset.value === String(n), json.people[0].post_ids.length);
    }
    assert.deepEqual(requests.filter((u) => !u.startsWith('file:')), [], 'the saved file asks for nothing');
    assert.deepEqual(errors, []);
    await offline.close();
  }
});

test('the report prints to a multi-page PDF', async () => {
  const demo = demos().find((d) => d.id === 'early-career');
  const { page, context } = await newPage(env.browser);
  await openArchive(page, env.server.origin, demo.path);
  await page.waitForSelector('body[data-charts="drawn"]');
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const path = join(scratch, 'report.pdf');
  writeFileSync(path, pdf);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 5, `${pages} pages`);
  await context.close();
});

test('Cancel stops reading, and a file that is not an archive is explained', async () => {
  const big = syntheticArchive('cancel-150k.zip', ['--posts', '150000', '--parts', '3']);
  const { page, context } = await newPage(env.browser);
  await page.goto(`${env.server.origin}/`);
  await page.setInputFiles('#file', big);
  await page.waitForSelector('#working:not([hidden])');
  await page.click('#cancel');
  await page.waitForSelector('#start:not([hidden])');
  await page.waitForTimeout(3000);
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'start', 'the report did not arrive after Cancel');

  const notZip = join(scratch, 'notes.pdf');
  writeFileSync(notZip, '%PDF-1.7 not an archive');
  await page.setInputFiles('#file', notZip);
  await page.waitForSelector('#problem:not([hidden])');
  assert.equal(await page.locator('#problem-title').innerText(), 'This file is not an archive we can open');
  assert.match(await page.locator('#problem-hint').innerText(), /What to do/);
  await context.close();
});

test('a researcher\'s codebook is loaded in the page, and a broken one is explained', async () => {
  const demo = demos().find((d) => d.id === 'reader');
  const { page, context, hosts } = await newPage(env.browser);
  await openArchive(page, env.server.origin, demo.path);
  const good = join(scratch, 'class-codebook.toml');
  writeFileSync(good, 'extends = "default"\nname = "Class study codebook"\nversion = "0.1"\n');
  await page.setInputFiles('#codebook-file', good);
  await page.waitForFunction(() => /Class study codebook/.test(document.getElementById('codebook')?.textContent || ''));
  assert.match(await page.locator('#codebook').innerText(), /from your file class-codebook\.toml/);
  const broken = join(scratch, 'broken-codebook.toml');
  writeFileSync(broken, 'precedence = ["ask"\n');
  await page.setInputFiles('#codebook-file', broken);
  await page.waitForSelector('#notice:not([hidden])');
  assert.match(await page.locator('#notice').innerText(), /broken-codebook\.toml: the codebook is not valid TOML at line 1/);
  // The report is still there, with the codebook that worked.
  assert.match(await page.locator('#codebook').innerText(), /Class study codebook/);
  assertOwnOrigin(hosts, 'codebook');
  await context.close();
});
