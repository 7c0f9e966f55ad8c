// Accessibility (issue #5): axe-core's automated checks (WCAG 2 A and AA rules) on the
// start page and on the drawn report of a demo and of a real fixture, at a laptop's and
// a phone's width. No serious or critical violation may remain. axe is injected into the
// page, which the app's own policy forbids, so these pages run with the CSP bypassed;
// the policy itself is tested in privacy.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useServerAndBrowser, openArchive, demos, fixtureZip, fixturesDir, root } from './harness.mjs';

const AXE = readFileSync(join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const env = useServerAndBrowser();

async function violations(page) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    resultTypes: ['violations'],
  }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')})`);
}

for (const [label, width, height] of [['laptop', 1366, 900], ['phone', 390, 844]]) {
  test(`no serious accessibility problem on the start page and the report (${label})`, async () => {
    const context = await env.browser.newContext({ bypassCSP: true, timezoneId: 'UTC', viewport: { width, height } });
    const page = await context.newPage();
    await page.goto(`${env.server.origin}/`);
    await page.waitForSelector('body[data-engine="ready"]');
    assert.deepEqual(await violations(page), [], 'start page');
    const files = [['demo early-career', demos().find((d) => d.id === 'early-career').path]];
    if (fixturesDir()) files.push(['twitter-legacy-csv-2010-2012', fixtureZip('twitter-legacy-csv-2010-2012')]);
    for (const [what, file] of files) {
      await openArchive(page, env.server.origin, file);
      await page.waitForSelector('body[data-charts="drawn"]');
      assert.deepEqual(await violations(page), [], what);
    }
    await context.close();
  });
}
