// Looks at the app as a person would: full-page and per-section screenshots of the start
// page and of the report for a real fixture and a demo archive, at a laptop's and a
// phone's width, into target/screenshots/. Not a test: run it after `make dist` and
// `cargo build --release`, then open the PNGs.
//   node tests/e2e/tools/screenshots.mjs [fixture-folder-name|demo-id ...]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, openArchive, fixtureZip, demos, newPage, root } from '../harness.mjs';

const out = join(root, 'target', 'screenshots');
mkdirSync(out, { recursive: true });
const wanted = process.argv.slice(2);
const targets = wanted.length ? wanted : ['twitter-rtiatmla-2021', 'early-career'];
const server = await startServer();
const browser = await launchBrowser();
const sizes = [['laptop', 1366, 900], ['phone', 390, 844]];
try {
  for (const [label, width, height] of sizes) {
    const { page, context } = await newPage(browser, { width, height });
    await page.goto(`${server.origin}/`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(out, `start-${label}.png`), fullPage: true });
    await context.close();
  }
  for (const target of targets) {
    const demo = demos().find((d) => d.id === target);
    const file = demo ? demo.path : fixtureZip(target);
    for (const [label, width, height] of sizes) {
      const { page, context, errors } = await newPage(browser, { width, height });
      await openArchive(page, server.origin, file);
      await page.waitForSelector('body[data-charts="drawn"]');
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(out, `${target}-${label}-full.png`), fullPage: true });
      // Each section as a clip of the whole page, so the sticky header stays at the top.
      await page.evaluate(() => window.scrollTo(0, 0));
      for (const id of ['overview', 'chats', 'people', 'spaces', 'change', 'posts', 'reflection', 'codebook', 'warnings']) {
        const box = await page.evaluate((sid) => {
          const r = document.getElementById(sid)?.getBoundingClientRect();
          return r ? { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height } : null;
        }, id);
        if (box) await page.screenshot({ path: join(out, `${target}-${label}-${id}.png`), fullPage: true, clip: box });
      }
      if (errors.length) console.log(`${target} ${label}: page errors:\n  ${errors.join('\n  ')}`);
      await context.close();
    }
  }
} finally {
  await browser.close();
  server.stop();
}
console.log(`screenshots in ${out}`);
