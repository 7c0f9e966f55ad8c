// "Save report": one self-contained HTML file that works offline: the report's figures,
// the viewer (saved.js, built with the app) and the styles inline, and the posts' text only
// if the person chose to include it. The file carries its own Content-Security-Policy,
// allowing only its own inline script and styles (by hash), so it cannot reach any server
// either. Written with a Blob download: nothing leaves the computer.

import { owner } from './dom.js';

async function sha256(text) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  let binary = '';
  for (const b of new Uint8Array(digest)) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** The JSON of `data`, safe inside a <script> element. */
function scriptJson(data) {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The text of the saved report file. */
export async function savedReportHtml(report, posts, recodes) {
  const [css, viewer] = await Promise.all([
    fetch(new URL('style.css', document.baseURI)).then((r) => r.text()),
    fetch(new URL('saved.js', document.baseURI)).then((r) => r.text()),
  ]);
  // A closing script tag inside the viewer would end the element early.
  const script = viewer.replace(/<\/script/gi, '<\\/script');
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${await sha256(script)}'`,
    `style-src 'sha256-${await sha256(css)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    // No policy at all: the saved file never turns a string into HTML or script.
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
  const who = owner(report.account, 'an archive');
  const data = { report, posts: posts || null, recodes: recodes || [], saved_at: new Date().toISOString() };
  const title = `PLN Lens report: ${who}`.replace(/[<>&"]/g, '');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${title}</title>
<style>${css}</style>
</head>
<body data-saved="true">
<script type="application/json" id="pln-data">${scriptJson(data)}</script>
<header class="masthead"><p class="brand">PLN Lens</p><p class="tagline">A saved report. It works offline and sends nothing anywhere.</p></header>
<main id="saved-report"><p>Loading the report\u2026</p></main>
<script type="module">${script}</script>
</body>
</html>
`;
}

/** Offers `text` to the person as a file download. */
export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
