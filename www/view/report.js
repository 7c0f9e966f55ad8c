// The whole report view: the section navigation and every section, drawn from one Report
// (the Worker's answer, or the one inside a saved report file). `ctx` connects the view
// to where it runs:
//   ctx.source        pages of coded posts: { page(filter, offset, limit), canRecode, hasPosts, missingText }
//   ctx.showPosts     (filter, label) -> show the posts behind a figure in "Your posts"
//   ctx.recode, ctx.undoRecode, ctx.loadCodebook   (only in the app)
//   ctx.live          true in the app, false in a saved file
//   ctx.postsState    the post list's filters, kept across redraws
import { el, owner, plural } from './dom.js';
import { drawCharts, resetCharts } from './charts.js';
import { overview } from './overview.js';
import { platforms } from './platforms.js';
import { chats } from './chats.js';
import { people } from './people.js';
import { spaces } from './spaces.js';
import { change } from './change.js';
import { posts } from './posts.js';
import { reflection } from './reflection.js';
import { codebook } from './codebook.js';
import { warnings } from './warnings.js';

export const SECTIONS = [
  ['overview', 'Overview'], ['platforms', 'Platforms'], ['chats', 'Chats'], ['people', 'People'], ['spaces', 'Spaces and tools'],
  ['change', 'Change over time'], ['posts', 'Your posts'], ['reflection', 'Reflection'],
  ['codebook', 'Codebook'], ['warnings', 'What was read'],
];

/**
 * The count beside "What was read": the warnings, or the skipped posts when there are
 * none; its accessible name says the same number as the badge shows.
 * @param {import('../types').Report} report
 */
function warningBadge(report) {
  const [n, what] = report.warnings.length
    ? [report.warnings.length, plural(report.warnings.length, 'warning', 'warnings')]
    : [report.totals.skipped, plural(report.totals.skipped, 'post skipped', 'posts skipped')];
  return n ? el('span', { class: 'badge warn', text: String(n), 'aria-label': what }) : null;
}

/**
 * Draws `report` into `root` (replacing what was there).
 * @param {HTMLElement} root
 * @param {import('../types').Report} report
 * @param {any} ctx
 * @param {import('../types').Diagnostics} [diagnostics]
 */
export function renderReport(root, report, ctx, diagnostics) {
  resetCharts();
  ctx.timeZone = report.time_zone;
  ctx.postsState ??= { filter: {}, figureFilter: {}, label: '' };
  ctx.showPosts ??= (filter, label) => {
    ctx.postsState.figureFilter = { ...filter };
    ctx.postsState.label = label;
    ctx.refreshPosts?.();
    const target = document.getElementById('posts');
    target?.scrollIntoView({ block: 'start' });
    target?.focus({ preventScroll: true });
  };
  const nav = el('nav', { class: 'toc', 'aria-label': 'Report sections' },
    el('ul', {}, SECTIONS.map(([id, label]) => el('li', {}, el('a', { href: `#${id}`, text: label })))));
  const badge = warningBadge(report);
  if (badge) nav.querySelector('a[href="#warnings"]').append(badge);
  const who = owner(report.account, 'this archive');
  const body = el('div', { class: 'sections' },
    el('h1', { class: 'report-title', text: `The learning network of ${who}` }),
    overview(report, ctx), platforms(report, ctx), chats(report, ctx), people(report, ctx), spaces(report, ctx), change(report),
    posts(report, ctx), reflection(report), codebook(report, ctx), warnings(report, diagnostics));
  root.replaceChildren(nav, body);
  requestAnimationFrame(() => drawCharts());
}

let resizeTimer = 0;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => drawCharts(), 200);
});
// Charts take the paper's width when printing, and the screen's again afterwards.
window.addEventListener('beforeprint', () => drawCharts({ all: true }));
window.addEventListener('afterprint', () => drawCharts({ all: true }));
