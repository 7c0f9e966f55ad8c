// Hostile archives in the page (issue #11): an archive whose every field holds hostile
// text renders inert in every view, in the saved report and in the CSV; a session leaves
// nothing in the browser's storage; direct-message text never appears anywhere; the CSP
// requires Trusted Types; and a Worker that crashes is replaced without losing the tab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { zipSync, strToU8 } from 'fflate';
import { useServerAndBrowser, openArchive, newPage, pageWorker, scratch, syntheticArchive } from './harness.mjs';

const env = useServerAndBrowser();

// Each would do something if it were ever treated as HTML, a URL or a style.
const HOSTILE = [
  '<script>window.__pwned="script"</script>',
  '<img src=x onerror="window.__pwned=\'img\'">',
  '<svg onload="window.__pwned=\'svg\'"></svg>',
  '"><iframe srcdoc="<script>parent.__pwned=1</script>">',
  'javascript:window.__pwned="js"',
  'data:text/html,<script>window.__pwned=1</script>',
  '<style>body{display:none}</style>',
  '\u202eevil\u202c \u2066bidi\u2069',
  'x'.repeat(5000),
];
const DM_TEXT = 'SECRET-DIRECT-MESSAGE-3b9f';

/** An X archive with hostile text in every field the report shows. */
function hostileArchive() {
  const h = (i) => HOSTILE[i % HOSTILE.length];
  const tweets = [];
  for (let i = 0; i < 60; i += 1) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    tweets.push({
      tweet: {
        id_str: String(1_500_000_000_000_000_000n + BigInt(i)),
        created_at: `Mon Mar ${day} 1${i % 10}:00:00 +0000 2024`,
        full_text: `${h(i)} #edchat #tag${i % 3} @who${i % 4} ${h(i + 1)}`,
        source: `<a href="javascript:window.__pwned=1" rel="nofollow">${h(i + 2)}</a>`,
        in_reply_to_screen_name: i % 5 === 0 ? `who${h(i)}` : undefined,
        in_reply_to_user_id_str: i % 5 === 0 ? '42' : undefined,
        entities: {
          hashtags: [{ text: `tag${h(i + 3)}` }, { text: 'edchat' }],
          user_mentions: [{ screen_name: `who${i % 4}${h(i)}`, name: h(i + 4), id_str: String(100 + (i % 4)) }],
          urls: [
            { url: 'https://t.co/a', expanded_url: i % 2 ? 'javascript:window.__pwned=1' : `https://example.org/${encodeURIComponent(h(i))}`, display_url: h(i) },
            { url: 'https://t.co/b', expanded_url: 'data:text/html,<script>window.__pwned=1</script>', display_url: 'd' },
          ],
        },
      },
    });
  }
  const js = (name, value) => strToU8(`window.YTD.${name}.part0 = ${JSON.stringify(value, null, 2)}`);
  const files = {
    'data/tweets.js': js('tweets', tweets),
    'data/account.js': js('account', [{ account: { accountId: '7', username: `me${HOSTILE[0]}`, accountDisplayName: HOSTILE[1], createdAt: '2015-01-01T00:00:00.000Z' } }]),
    'data/profile.js': js('profile', [{ profile: { description: { bio: HOSTILE[2], website: 'javascript:window.__pwned=1', location: HOSTILE[7] } } }]),
    'data/direct-messages.js': js('direct_messages', [{ dmConversation: { conversationId: '7-42', messages: [{ messageCreate: { recipientId: '42', senderId: '7', text: DM_TEXT, id: '1', createdAt: '2024-03-01T10:00:00.000Z' } }] } }]),
    [`data/${HOSTILE[0].replace(/[/]/g, '_')}.js`]: strToU8('junk'),
  };
  const path = join(scratch, 'hostile.zip');
  writeFileSync(path, zipSync(files));
  return path;
}

/** Records CSP and Trusted Types violations and any dialog, from before the page loads. */
async function watch(page) {
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return dialogs;
}

/** Whatever in the DOM would show that archive text became markup, a link or a style. */
async function inertness(page) {
  return page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    violations: window.__violations ?? [],
    badLinks: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))
      .filter((h) => !/^(https?:|#|\.?\/|blob:|[a-z-]+\.html$)/i.test(h) && h !== ''),
    foreign: [...document.querySelectorAll('iframe, object, embed, script:not([src]), img[src="x"], svg[onload], style:not([data-app])')].length,
    handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
    text: document.body.innerText,
  }));
}

test('an archive of hostile text renders inert in the page, the saved report and the CSV', async () => {
  const file = hostileArchive();
  const { page, context, hosts } = await newPage(env.browser);
  const dialogs = await watch(page);
  await openArchive(page, env.server.origin, file);
  assert.equal(await page.getAttribute('body', 'data-state'), 'report');
  // Every section is drawn in the report page; open every collapsed part too.
  for (const d of await page.locator('details').all()) await d.evaluate((e) => { e.open = true; });
  await page.waitForTimeout(300);
  const live = await inertness(page);
  assert.equal(live.pwned, null);
  assert.deepEqual(live.violations, []);
  assert.deepEqual(live.badLinks, []);
  assert.equal(live.handlers, 0);
  assert.ok(live.text.includes('<script>') || live.text.includes('onerror'), 'the hostile text is shown, as text');
  assert.ok(!live.text.includes(DM_TEXT), 'direct-message text never appears');
  assert.deepEqual(dialogs, []);

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
  const csv = readFileSync(await csvDownload.path(), 'utf8');
  assert.ok(!csv.includes(DM_TEXT));
  for (const line of csv.split(/\r?\n/).slice(1)) {
    for (const cell of line.split(',')) {
      const bare = cell.replace(/^"/, '');
      assert.ok(!/^[=+\-@\t\r]/.test(bare), `a cell a spreadsheet would run: ${cell.slice(0, 40)}`);
    }
  }

  await page.click('#save');
  await page.check('#save-posts');
  const [savedDownload] = await Promise.all([page.waitForEvent('download'), page.click('#save-confirm')]);
  const savedPath = join(scratch, 'hostile-saved.html');
  await savedDownload.saveAs(savedPath);
  const saved = readFileSync(savedPath, 'utf8');
  assert.ok(!saved.includes(DM_TEXT));
  assert.match(saved, /require-trusted-types-for 'script'/);
  assert.ok(hosts.every((h) => h === '127.0.0.1'), hosts.join());
  await context.close();

  const offline = await env.browser.newContext({ offline: true });
  const p = await offline.newPage();
  const savedDialogs = await watch(p);
  await p.goto(pathToFileURL(savedPath).href);
  await p.waitForSelector('body[data-state="report"]');
  const s = await inertness(p);
  assert.equal(s.pwned, null);
  assert.deepEqual(s.violations, []);
  assert.deepEqual(s.badLinks, []);
  assert.equal(s.handlers, 0);
  assert.ok(!s.text.includes(DM_TEXT));
  assert.deepEqual(savedDialogs, []);
  await offline.close();
});

test('a session leaves nothing in the browser\'s storage', async () => {
  const { page, context } = await newPage(env.browser);
  await openArchive(page, env.server.origin, syntheticArchive('small.zip', ['--posts', '200']));
  await page.waitForTimeout(200);
  const stored = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookie: document.cookie,
    databases: (await indexedDB.databases()).map((d) => d.name),
    caches: await caches.keys(),
  }));
  assert.deepEqual(stored, { local: 0, session: 0, cookie: '', databases: [], caches: [] });
  const worker = await pageWorker(page);
  const inWorker = await worker.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((d) => d.name),
    caches: await caches.keys(),
  }));
  assert.deepEqual(inWorker, { databases: [], caches: [] });
  const cookies = await context.cookies();
  assert.deepEqual(cookies, []);
  await context.close();
});

test('every file is served with a CSP that requires Trusted Types', async () => {
  for (const path of ['/', '/app.js', '/worker.js']) {
    const res = await fetch(env.server.origin + path);
    assert.match(res.headers.get('content-security-policy'), /require-trusted-types-for 'script'/, path);
  }
  const html = await (await fetch(`${env.server.origin}/`)).text();
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="[^"]*require-trusted-types-for 'script'/);
  // The browser now refuses HTML from a string, whatever the code tries.
  const { page, context } = await newPage(env.browser);
  await page.goto(`${env.server.origin}/`);
  const refused = await page.evaluate(() => {
    try { document.body.insertAdjacentHTML('beforeend', '<b>x</b>'); return 'accepted'; } catch (e) { return e.name; }
  });
  assert.equal(refused, 'TypeError');
  await context.close();
});

test('a Worker that crashes is replaced: the page says so and offers to try again', async () => {
  const { page, context, errors } = await newPage(env.browser);
  await openArchive(page, env.server.origin, syntheticArchive('small.zip', ['--posts', '200']));
  const worker = await pageWorker(page);
  // As a Wasm panic or out-of-memory trap does: an uncaught error in the Worker.
  await worker.evaluate(() => { setTimeout(() => { throw new Error('simulated crash'); }, 0); });
  await page.waitForSelector('#problem:not([hidden])');
  assert.match(await page.locator('#problem-title').innerText(), /stopped unexpectedly/);
  assert.match(await page.locator('#problem-message').innerText(), /ran out of memory or hit a bug/);
  await page.click('#retry');
  await page.waitForSelector('body[data-state="report"]');
  assert.equal(await page.locator('#overview [data-figure="totals.posts"]').getAttribute('data-value'), '200');
  assert.deepEqual(errors.filter((e) => !e.includes('simulated crash')), []);
  await context.close();
});
