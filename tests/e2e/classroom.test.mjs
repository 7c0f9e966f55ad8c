// Issue 12 end to end: the anonymous summary previewed, trimmed and saved; the class view
// of the demo personas' summaries; mentor mode with notes printed to PDF; the reliability
// check; the research files offered for download. Throughout, no request leaves the
// page's own origin. Screenshots of the class view and mentor mode go to
// target/screenshots/ for a person to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { useServerAndBrowser, openArchive, cliReport, demos, newPage, scratch, root } from './harness.mjs';

const shots = join(root, 'target', 'screenshots');
mkdirSync(shots, { recursive: true });

const env = useServerAndBrowser();

function assertOwnOrigin(hosts, what) {
  assert.deepEqual(hosts.filter((h) => h !== '127.0.0.1'), [], `${what}: requests to other hosts`);
}

const demo = (id) => demos().find((d) => d.id === id);

test('the anonymous summary is previewed, trimmed and saved without the archive in it', async () => {
  const { path } = demo('early-career');
  const json = cliReport(path);
  const { page, context, hosts, errors } = await newPage(env.browser);
  await openArchive(page, env.server.origin, path);
  await page.click('#summary');
  await page.waitForSelector('#summary-dialog[open] .summary-part[data-part="chats"]');
  const preview = await page.locator('#summary-preview').innerText();
  assert.match(preview, /Always in it/);
  assert.match(preview, /UKEdChat/i, 'a public chat is named');
  assert.ok(!preview.includes(json.account.handle), 'no handle in the preview');
  // Remove the chats and the topics; choose a pseudonym.
  await page.uncheck('#summary-part-chats');
  await page.uncheck('#summary-part-topics');
  assert.ok(await page.locator('.summary-part[data-part="chats"].removed').count());
  await page.fill('#summary-pseudonym', 'Blue Heron');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#summary-save')]);
  const text = readFileSync(await download.path(), 'utf8');
  const summary = JSON.parse(text);
  assert.equal(summary.kind, 'pln-lens anonymous summary');
  assert.equal(summary.pseudonym, 'Blue Heron');
  assert.equal(summary.chats, null);
  assert.equal(summary.topics, null);
  assert.equal(summary.activity.posts, json.totals.posts);
  assert.deepEqual(summary.purposes.map((p) => p.posts), json.purposes.map((p) => p.posts));
  for (const leak of [json.account.handle, json.account.display_name, json.people[0].handle, json.people[0].post_ids[0]]) {
    assert.ok(!text.includes(leak), `${leak} is in the saved summary`);
  }
  assertOwnOrigin(hosts, 'summary');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the class view shows the demo personas side by side, and files dropped', async () => {
  const { page, context, hosts, errors } = await newPage(env.browser, { width: 1366, height: 900 });
  await page.goto(`${env.server.origin}/`);
  await page.click('#class-start summary');
  await page.click('#class-demo');
  await page.waitForSelector('#class-view [data-figure="students"]');
  await page.waitForSelector('body[data-charts="drawn"]');
  assert.equal(await page.locator('#class-view [data-figure="students"]').getAttribute('data-value'), '4');
  const view = await page.locator('#class-view').innerText();
  for (const d of demos()) assert.ok(view.includes(d.title), `${d.title} in the class view`);
  assert.match(view, /#edchat/i);
  assert.match(view, /For discussion/);
  assert.ok(await page.locator('#class-view svg').count() >= 1, 'the dot strips are drawn');
  await page.screenshot({ path: join(shots, 'class-view.png'), fullPage: true });

  // The same from chosen files, one of them not a summary.
  const bogus = join(scratch, 'not-a-summary.json');
  writeFileSync(bogus, '{"hello": "world"}');
  await page.click('#class-back');
  const files = demos().slice(0, 2).map((d) => join(root, 'dist', 'demos', d.summary));
  await page.setInputFiles('#class-files', [...files, bogus]);
  await page.waitForFunction(() => document.querySelector('#class-view [data-figure="students"]')?.dataset.value === '2');
  assert.match(await page.locator('#class-view').innerText(), /not-a-summary\.json/);
  assertOwnOrigin(hosts, 'class view');
  assert.deepEqual(errors, []);
  await context.close();
});

test('mentor mode shows one section at a time and prints the notes on one page', async () => {
  const { path } = demo('early-career');
  const { page, context, hosts, errors } = await newPage(env.browser, { width: 1366, height: 900 });
  await openArchive(page, env.server.origin, path);
  await page.click('#mentor');
  await page.waitForSelector('#mentor-panel');
  const visible = async () => page.$$eval('.report-section', (s) => s.filter((x) => x.offsetParent !== null).map((x) => x.id));
  const first = await visible();
  assert.equal(first.length, 1, `one section at a time, not ${first}`);
  assert.match(await page.locator('#mentor-panel').innerText(), /Step 1 of \d+/);
  await page.fill('#mentor-notes', 'Sam talks mostly in #UKEdChat; try one new chat this term.');
  await page.waitForSelector('body[data-charts="drawn"]');
  await page.screenshot({ path: join(shots, 'mentor-mode.png'), fullPage: false });
  await page.click('#mentor-next');
  assert.match(await page.locator('#mentor-panel').innerText(), /Step 2 of/);
  await page.fill('#mentor-notes', 'Keep replying to the three people she learns most from.');
  await page.click('#mentor-prev');
  assert.equal(await page.inputValue('#mentor-notes'), 'Sam talks mostly in #UKEdChat; try one new chat this term.');

  // Printing: the browser's print dialog is the person's; the test prints to PDF.
  await page.evaluate(() => { window.print = () => {}; });
  await page.click('#mentor-print');
  const sheet = await page.locator('#mentor-sheet').innerText();
  assert.match(sheet, /try one new chat this term/);
  assert.match(sheet, /three people she learns most from/);
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  writeFileSync(join(scratch, 'mentor.pdf'), pdf);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.equal(pages, 1, 'the session summary fits one page');
  await page.emulateMedia({ media: 'screen' });
  await page.click('#mentor-end');
  assert.ok((await visible()).length > 5, 'the whole report again');
  assertOwnOrigin(hosts, 'mentor');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the reliability check codes a blind sample and shows kappa; research files download', async () => {
  const { path } = demo('reader');
  const { page, context, hosts, errors } = await newPage(env.browser);
  await openArchive(page, env.server.origin, path);
  await page.click('#research');
  await page.selectOption('#reliability-size', '10');
  await page.click('#reliability-start');
  for (let i = 0; i < 10; i += 1) {
    await page.waitForSelector(`#reliability-body .code-step >> text=Post ${i + 1} of 10`);
    // Blind: the automatic codes are nowhere in the step.
    assert.equal(await page.locator('#reliability-body .badge, #reliability-body .why').count(), 0);
    await page.locator('#reliability-body input[name="hand-purpose"]').nth(i % 3).check();
    await page.click('#reliability-next');
  }
  await page.waitForSelector('#reliability-body [data-kappa]');
  const results = await page.locator('#reliability-body').innerText();
  assert.match(results, /of 10 posts/);
  assert.match(results, /Agreement per code/);
  assert.match(results, /classifier.s by column/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#reliability-csv')]);
  const csv = readFileSync(await download.path(), 'utf8').trim().split('\n');
  assert.equal(csv[0], 'id,hand_purpose,auto_purpose,hand_topics,auto_topics');
  assert.equal(csv.length, 11);
  await page.click('#reliability-dialog button[value="cancel"]');

  await page.click('#research');
  const [graphml] = await Promise.all([page.waitForEvent('download'), page.click('#export-graphml')]);
  const xml = readFileSync(await graphml.path(), 'utf8');
  assert.match(xml, /^<\?xml/);
  assert.match(xml, /<node id="owner">/);
  const [edges] = await Promise.all([page.waitForEvent('download'), page.click('#export-edges_csv')]);
  assert.match(readFileSync(await edges.path(), 'utf8'), /^source,target,handle,weight/);
  const [sessions] = await Promise.all([page.waitForEvent('download'), page.click('#export-sessions_csv')]);
  assert.match(readFileSync(await sessions.path(), 'utf8'), /^chat,known,role,date/);
  assertOwnOrigin(hosts, 'research');
  assert.deepEqual(errors, []);
  await context.close();
});
