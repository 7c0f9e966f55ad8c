// The viewer inside a saved report file (see view/save.js): reads the report (and the
// posts, when they were included) from the page itself and draws it with the same views as
// the app. No Worker, no Wasm, no requests.
import { renderReport } from './view/report.js';
import { localPosts } from './view/local-posts.js';
import { el, dateTime } from './view/dom.js';

const data = JSON.parse(document.getElementById('pln-data').textContent);
const root = document.getElementById('saved-report');
const ctx = { live: false, source: localPosts(data.posts, data.report.time_zone) };
renderReport(root, data.report, ctx, null);
root.prepend(el('p', { class: 'note' },
  `Saved on ${dateTime(data.saved_at, data.report.time_zone)}${data.posts ? `, with the text of ${data.posts.length.toLocaleString('en-GB')} posts` : ', without the text of the posts'}.`));
document.body.dataset.state = 'report';
