// Charts, drawn with Observable Plot (bundled; no CDN). Each chart is a <figure> whose
// picture is hidden from screen readers and whose meaning is given in words (a caption)
// and in a table (a "Show as a table" block), so no figure depends on seeing colour.
// Charts are drawn once the page is laid out (they need their width) and again when the
// window's width changes: see drawCharts().
import * as Plot from '@observablehq/plot';
import { el, details, pct, MONTHS } from './dom.js';

// Okabe & Ito's palette: told apart with every common colour-vision deficiency.
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442', '#000000'];

// Purposes take these colours in the codebook's order (grey for the seventh, the
// built-in codebook's "personal"), so the codes come from the codebook, not from here.
const PURPOSE_PALETTE = [...OKABE_ITO.slice(0, 6), '#8C8C8C', OKABE_ITO[6], OKABE_ITO[7]];
export const KIND_COLOURS = {
  original: '#0072B2', reply: '#E69F00', thread: '#56B4E9', repost: '#009E73', quote: '#CC79A7',
};

/**
 * A purpose's colour: by its place in the codebook, so a code keeps its colour in every
 * chart, for the built-in codebook and a researcher's alike.
 * @param {string} code
 * @param {import('../types').CodeInfo[]} purposes the codebook's purposes, in its order
 */
export function purposeColour(code, purposes) {
  const index = Math.max(0, purposes.findIndex((p) => p.code === code));
  return PURPOSE_PALETTE[index % PURPOSE_PALETTE.length];
}

const slots = new Set();

/**
 * A chart placeholder: `draw(width)` returns the Plot node; `label` is the picture's
 * accessible name, `caption` says what it shows in a sentence, `alt` is its table.
 * @param {{ label: string, caption?: string, draw: (width: number) => Element,
 *   alt?: Node | (() => Node), className?: string, interactive?: boolean }} chartSpec
 */
export function chart({ label, caption, draw, alt, className = '', interactive = false }) {
  // An interactive chart (the network graph) keeps its own accessible parts; a picture
  // is one image with a name.
  const holder = el('div', { class: 'plot', role: interactive ? 'group' : 'img', 'aria-label': label });
  const fig = el('figure', { class: `chart ${className}`.trim() }, holder);
  if (caption) fig.append(el('figcaption', { text: caption }));
  if (alt) fig.append(details('Show as a table', alt));
  // `alt` may be a function building the table when it is first opened (see details()).
  slots.add({ holder, draw, interactive });
  return fig;
}

function drawSlot(slot) {
  const width = Math.max(280, Math.floor(slot.holder.clientWidth || 640));
  if (slot.width === width && slot.holder.firstChild) return;
  slot.width = width;
  let node;
  try {
    node = slot.draw(width);
  } catch (err) {
    node = el('p', { class: 'small', text: `This chart could not be drawn (${err.message}); the table below has its figures.` });
  }
  // The figure's meaning is in its caption and table; the picture itself is decoration
  // for screen readers (its parent has role=img and a label).
  if (!slot.interactive) node.setAttribute('aria-hidden', 'true');
  // Removed while still detached, so the policy is never asked to allow them.
  for (const style of node.querySelectorAll('style')) style.remove();
  slot.holder.replaceChildren(node);
}

let pending = [];
let scheduled = false;

/**
 * Draws (or redraws, at their current width) every chart on the page: those in view at
 * once, the others a few at a time in the frames after, so the report shows without
 * waiting for charts far down the page. With `all`, every chart now (before printing).
 */
export function drawCharts({ all = false } = {}) {
  const live = [...slots].filter((slot) => slot.holder.isConnected || !slots.delete(slot));
  const height = window.innerHeight || 800;
  const inView = (slot) => {
    const r = slot.holder.getBoundingClientRect();
    return r.bottom > -200 && r.top < height + 200;
  };
  pending = [];
  for (const slot of live) {
    if (all || inView(slot)) drawSlot(slot);
    else pending.push(slot);
  }
  // Tests and screenshots wait for this.
  document.body.dataset.charts = pending.length ? 'drawing' : 'drawn';
  if (pending.length && !scheduled) {
    scheduled = true;
    const step = () => {
      const started = performance.now();
      while (pending.length && performance.now() - started < 30) {
        const slot = pending.shift();
        if (slot.holder.isConnected) drawSlot(slot);
      }
      if (pending.length) setTimeout(step, 0);
      else {
        scheduled = false;
        document.body.dataset.charts = 'drawn';
      }
    };
    setTimeout(step, 0);
  }
}

/** Forgets every chart (before the report is drawn again). */
export function resetCharts() {
  slots.clear();
}

/** Draws one chart again now (after its data changed, such as "show more people"). */
export function redraw(figureNode) {
  for (const slot of slots) {
    if (figureNode.contains(slot.holder)) slot.width = undefined;
  }
  drawCharts();
}

// Every chart uses the class "pl": style.css carries Plot's layout rules for it, because
// the Content-Security-Policy allows no inline <style> (Plot adds one per chart; it is
// removed before the chart is shown, see drawCharts).
const base = (width, height) => ({
  className: 'pl',
  width,
  height,
  marginLeft: 48,
  style: { fontFamily: 'inherit', fontSize: '12px', background: 'transparent' },
});

/** Posts per month, stacked by kind. `months`: [{ month: 'YYYY-MM', by_kind }]. */
export function monthsByKind(months) {
  const rows = [];
  for (const m of months) {
    const [y, mo] = m.month.split('-').map(Number);
    const at = new Date(Date.UTC(y, mo - 1, 1));
    for (const kind of Object.keys(KIND_COLOURS)) {
      const n = m.by_kind[kind] || 0;
      if (n) rows.push({ at, kind, posts: n });
    }
  }
  return (width) => Plot.plot({
    ...base(width, 220),
    x: { type: 'utc', label: null },
    y: { label: 'posts', grid: true },
    color: { domain: Object.keys(KIND_COLOURS), range: Object.values(KIND_COLOURS), legend: true },
    marks: [
      Plot.rectY(rows, Plot.stackY({ x1: 'at', x2: (d) => nextMonth(d.at), y: 'posts', fill: 'kind', insetLeft: 0.5, insetRight: 0.5 })),
      Plot.ruleY([0]),
    ],
  });
}

function nextMonth(d) {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}

/** The week-by-hour grid: `counts[day][hour]`, `days` Monday first. */
export function weekHours(week) {
  const rows = [];
  week.counts.forEach((hours, d) => hours.forEach((n, h) => rows.push({ day: week.days[d].slice(0, 3), hour: h, posts: n })));
  return (width) => Plot.plot({
    ...base(width, 240),
    marginLeft: 40,
    x: { label: 'hour of the day', domain: [...Array(24).keys()], tickFormat: (h) => (h % 3 === 0 ? `${h}` : '') },
    y: { label: null, domain: week.days.map((d) => d.slice(0, 3)) },
    color: { scheme: 'blues', legend: true, label: 'posts' },
    marks: [Plot.cell(rows, { x: 'hour', y: 'day', fill: 'posts', inset: 0.5 })],
  });
}

/** Horizontal bars: `items` [{ label, value, colour }], value shown as a share when `share`. */
export function bars(items, { share = false } = {}) {
  return (width) => Plot.plot({
    ...base(width, 34 + 26 * items.length),
    marginLeft: Math.min(width / 2.5, 14 + 6.8 * Math.max(...items.map((i) => i.label.length), 4)),
    marginRight: 48,
    x: { label: share ? 'share of posts' : 'posts', grid: true, tickFormat: share ? '%' : undefined },
    y: { label: null, domain: items.map((i) => i.label) },
    marks: [
      Plot.barX(items, { y: 'label', x: 'value', fill: (d) => d.colour || OKABE_ITO[0] }),
      Plot.text(items, { y: 'label', x: 'value', text: (d) => (share ? pct(d.value) : `${d.value}`), dx: 4, textAnchor: 'start' }),
      Plot.ruleX([0]),
    ],
  });
}

/**
 * A grid of rows by year: `rows` [{ row, year, value }] with `order` the rows top to
 * bottom (hashtags over time, sites over time).
 */
export function rowsByYear(rows, order, { label = 'posts' } = {}) {
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  const top = Math.max(1, ...rows.map((r) => r.value));
  return (width) => Plot.plot({
    ...base(width, 40 + 22 * order.length),
    marginLeft: Math.min(width / 2.5, 14 + 6.6 * Math.max(...order.map((o) => o.length), 4)),
    x: { label: null, domain: years, tickFormat: (y) => `${y}` },
    y: { label: null, domain: order },
    color: { scheme: 'blues', legend: true, label },
    marks: [
      Plot.cell(rows, { x: 'year', y: 'row', fill: 'value', inset: 0.5 }),
      Plot.text(rows, { x: 'year', y: 'row', text: (d) => (d.value ? `${d.value}` : ''), fill: (d) => (d.value > 0.55 * top ? 'white' : 'black'), fontSize: 10 }),
    ],
  });
}

/** Stacked bars per year: `rows` [{ year, key, value }], keys in `keys` order with colours. */
export function yearStack(rows, keys, colours, { normalise = false, label = 'posts' } = {}) {
  return (width) => Plot.plot({
    ...base(width, 240),
    x: { label: null, type: 'band', tickFormat: (y) => `${y}` },
    y: { label: normalise ? 'share' : label, grid: true, tickFormat: normalise ? '%' : undefined },
    color: { domain: keys, range: colours, legend: true },
    marks: [
      Plot.barY(rows, Plot.stackY({ offset: normalise ? 'normalize' : undefined, x: 'year', y: 'value', fill: 'key', order: keys })),
      Plot.ruleY([0]),
    ],
  });
}

/** A calendar: sessions per month (columns) and year (rows), the count in each cell. */
export function sessionCalendar(sessions) {
  const counts = new Map();
  for (const s of sessions) {
    const [y, m] = s.date.split('-').map(Number);
    const key = `${y}-${m}`;
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  const years = [...new Set(sessions.map((s) => Number(s.date.slice(0, 4))))].sort((a, b) => a - b);
  const rows = [];
  for (const y of years) for (let m = 1; m <= 12; m += 1) rows.push({ year: `${y}`, month: m, sessions: counts.get(`${y}-${m}`) || 0 });
  const top = Math.max(1, ...rows.map((r) => r.sessions));
  return (width) => Plot.plot({
    ...base(Math.min(width, 720), 36 + 26 * years.length),
    x: { label: null, domain: [...Array(12).keys()].map((i) => i + 1), tickFormat: (m) => MONTHS[m - 1] },
    y: { label: null, domain: years.map(String) },
    // The scale starts below zero, so a month with one session is still clearly green.
    color: { scheme: 'greens', domain: [-Math.max(1, top / 3), top] },
    marks: [
      // A month without a session is an empty, outlined cell, never a pale green one: on a
      // projected screen a class could not tell "none" from "one" apart (issue 12).
      Plot.cell(rows.filter((d) => !d.sessions), { x: 'month', y: 'year', fill: '#ffffff', stroke: '#c8c8c8', inset: 1.5, rx: 3 }),
      Plot.cell(rows.filter((d) => d.sessions), { x: 'month', y: 'year', fill: 'sessions', inset: 1, rx: 3 }),
      Plot.text(rows, { x: 'month', y: 'year', text: (d) => (d.sessions ? `${d.sessions}` : ''), fill: (d) => (d.sessions > 0.6 * top ? 'white' : 'black'), fontSize: 11 }),
    ],
  });
}
