// Privacy is the product: these tests prove that nothing leaves for another origin, from
// the page or from the Worker, and that every file is served with the policy that
// enforces it (issue #2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, syntheticArchive, openArchive, pageWorker } from './harness.mjs';

const env = useServerAndBrowser({ canary: true });

test('every file is served with a CSP that names no other origin', async () => {
  for (const path of ['/', '/app.js', '/worker.js', '/pln_lens_bg.wasm', '/style.css', '/missing']) {
    const res = await fetch(env.server.origin + path);
    const csp = res.headers.get('content-security-policy');
    assert.ok(csp, `${path} has no CSP header`);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /connect-src 'self'/);
    assert.doesNotMatch(csp, /https?:|\*/, `${path}: the policy must not allow other origins`);
  }
});

test('a deliberate outside request from the page and from the Worker is blocked', async () => {
  const page = await env.browser.newPage();
  await openArchive(page, env.server.origin, syntheticArchive('small.zip', ['--posts', '200']));
  const target = `${env.canary.url}/from-page`;
  const fromPage = await page.evaluate(async (url) => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    let fetched;
    try { await fetch(url); fetched = 'reached'; } catch (e) { fetched = `blocked (${e.name})`; }
    const img = await new Promise((ok) => {
      const i = new Image();
      i.onload = () => ok('reached');
      i.onerror = () => ok('blocked');
      i.src = `${url}-img`;
    });
    await new Promise((ok) => setTimeout(ok, 100));
    return { fetched, img, violations };
  }, target);
  assert.equal(fromPage.fetched, 'blocked (TypeError)');
  assert.equal(fromPage.img, 'blocked');
  assert.ok(fromPage.violations.includes('connect-src'), JSON.stringify(fromPage));
  assert.ok(fromPage.violations.includes('img-src'), JSON.stringify(fromPage));

  const worker = await pageWorker(page);
  const fromWorker = await worker.evaluate(async (url) => {
    const violations = [];
    self.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    let fetched;
    try { await fetch(url); fetched = 'reached'; } catch (e) { fetched = `blocked (${e.name})`; }
    let imported;
    try { await import(`${url}-module.js`); imported = 'reached'; } catch (e) { imported = `blocked (${e.name})`; }
    await new Promise((ok) => setTimeout(ok, 100));
    return { fetched, imported, violations };
  }, `${env.canary.url}/from-worker`);
  assert.equal(fromWorker.fetched, 'blocked (TypeError)');
  assert.match(fromWorker.imported, /^blocked/);
  assert.ok(fromWorker.violations.includes('connect-src'), JSON.stringify(fromWorker));

  // The proof that counts: nothing reached the other origin.
  assert.deepEqual(env.canary.hits, []);
  await page.close();
});

test('opening an archive makes no request to any origin but the page\'s own', async () => {
  const context = await env.browser.newContext();
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  await openArchive(page, env.server.origin, syntheticArchive('small.zip', ['--posts', '200']));
  assert.equal(await page.locator('#overview [data-figure="totals.posts"]').getAttribute('data-value'), '200');
  assert.ok(requests.some((u) => u.endsWith('/worker.js')), 'the worker script was loaded');
  assert.ok(requests.some((u) => u.endsWith('.wasm')), 'the wasm was loaded');
  const foreign = requests.filter((u) => new URL(u).origin !== env.server.origin);
  assert.deepEqual(foreign, [], 'requests to other origins');
  await context.close();
});
