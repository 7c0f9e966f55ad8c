// Big archives work (issue #2): a > 4 GB zip (almost all stored media, written sparsely so
// it costs little disk) opens in the Worker by reading its directory and data entries
// only, while reading the whole file at once fails in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { useServerAndBrowser, syntheticArchive, openArchive } from './harness.mjs';

const env = useServerAndBrowser();

test('a 4.6 GB archive opens in the Worker reading only a few hundred kB', async () => {
  const file = syntheticArchive('big-4.6G.zip', ['--posts', '2000', '--media-bytes', '4.6G']);
  const size = statSync(file).size;
  assert.ok(size > 4.5e9, `the archive is ${size} bytes`);

  const page = await env.browser.newPage();
  let diagnostics;
  page.on('console', () => {});
  await page.exposeFunction('__reportDiagnostics', (d) => { diagnostics = d; });
  await page.addInitScript(() => {
    // Capture the Worker's diagnostics as the page receives them (for the figures below).
    const Native = window.Worker;
    window.Worker = class extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (e) => {
          const data = typeof e.data === 'string' ? JSON.parse(e.data) : e.data;
          if (data && data.type === 'report') window.__reportDiagnostics(data.diagnostics);
        });
      }
    };
  });
  await openArchive(page, env.server.origin, file);
  assert.equal(await page.locator('#overview [data-figure="totals.posts"]').getAttribute('data-value'), '2000');
  assert.match(await page.locator('#warnings').innerText(), /8,7\d\d files inside \(4\.6 GB\)/);
  assert.ok(diagnostics, 'diagnostics received');
  // Figures for the record (timings are reported, never asserted).
  console.log(`# 4.6 GB archive: opened in ${diagnostics.open_ms.toFixed(0)} ms, report in ${diagnostics.elapsed_ms.toFixed(0)} ms; `
    + `read ${diagnostics.read.bytes} bytes in ${diagnostics.read.slices} slices; Wasm memory ${(diagnostics.wasm_memory_bytes / 1e6).toFixed(1)} MB`);
  assert.equal(diagnostics.file_bytes, size);
  assert.ok(diagnostics.read.bytes < 0.001 * size, `read ${diagnostics.read.bytes} bytes`);
  assert.ok(diagnostics.wasm_memory_bytes < 100e6, `Wasm memory ${diagnostics.wasm_memory_bytes}`);

  // The naive way, reading the whole File, cannot even start.
  const whole = await page.evaluate(async () => {
    const f = document.getElementById('file').files[0];
    try { await f.arrayBuffer(); return 'read'; } catch (e) { return e.name; }
  });
  assert.equal(whole, 'NotReadableError');
  await page.close();
});
