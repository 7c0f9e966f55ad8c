// The Web Worker: loads the Wasm core and hands it every message. All the work (reading
// the File in slices, parsing, coding, the report) happens in Rust (src/wasm/mod.rs);
// this file only starts it. Nothing here or there can reach the network: the
// Content-Security-Policy header on this script forbids every other origin.
// @ts-expect-error -- the wasm-bindgen glue is generated at build time (scripts/build-web.mjs)
import init, { handleMessage, version, warmUp } from './pkg/pln_lens.js';
import { FromWorker } from './protocol.js';

// Once loaded, the core compiles its codebook and runs once on a tiny made-up archive, so
// the first real file does not wait for the browser to compile that code.
const ready = init({ module_or_path: new URL('./pln_lens_bg.wasm', import.meta.url) }).then(() => warmUp());

self.onmessage = async (event) => {
  await ready;
  try {
    handleMessage(event.data);
  } catch (err) {
    // A trap in the Wasm (a bug) must still reach the person as a readable message.
    self.postMessage({
      type: FromWorker.ERROR,
      kind: 'crashed',
      message: `the analysis stopped unexpectedly (${err && err.message ? err.message : err})`,
      hint: 'reload the page and try again; if it happens again, please report it (without your archive)',
    });
  }
};

ready.then(
  () => self.postMessage({ type: FromWorker.READY, version: version() }),
  (err) => self.postMessage({
    type: FromWorker.ERROR,
    kind: 'crashed',
    message: `the analysis engine could not start (${err && err.message ? err.message : err})`,
    hint: 'use a current version of Chrome, Edge, Firefox or Safari',
  }),
);
