// Small DOM helpers for the report views. Everything from an archive is untrusted text:
// it is only ever set with textContent (never innerHTML), and links are made only for
// http(s) URLs. Numbers and dates are formatted the same way everywhere.

/**
 * Creates an element. `attrs` sets attributes (`class`, `data-*`, aria...) except `text`
 * (textContent) and `on*` (event listeners, which must be functions: an `on*` attribute
 * would run text as code); `children` are nodes or strings (as text).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, any>} [attrs]
 * @param {...any} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key.startsWith('on')) {
      if (typeof value !== 'function') throw new TypeError(`el(): ${key} must be a function, not ${typeof value}`);
      node.addEventListener(key.slice(2), value);
    } else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/** Appends nodes and strings (as text) to `parent`, skipping null/false. */
export function append(parent, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    parent.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return parent;
}

/** An SVG element (for the network graph). */
export function svg(tag, attrs = {}) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  return node;
}

/** A link, only for http(s) URLs; anything else is shown as plain text. */
export function safeLink(url, label) {
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') {
      return el('a', { href: u.href, rel: 'noopener noreferrer', target: '_blank', text: label ?? u.href });
    }
  } catch { /* not a URL */ }
  return document.createTextNode(label ?? String(url));
}

const numberFormat = new Intl.NumberFormat('en-GB');

/** 12,345. */
export function num(n) {
  return numberFormat.format(Number(n) || 0);
}

/**
 * A share as a whole percentage, rounded half up: 0.625 -> "63%" (as the core's
 * `report::percent` does for the prompts and the CLI).
 */
export function pct(share) {
  const p = Math.round((Number(share) || 0) * 100);
  return `${p}%`;
}

/** A UTC instant as a date in the report's time zone: "4 Mar 2021". */
export function date(iso, timeZone) {
  if (!iso) return '';
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone });
}

/** A UTC instant as date and time in the report's time zone: "4 Mar 2021, 20:05". */
export function dateTime(iso, timeZone) {
  if (!iso) return '';
  return new Date(iso).toLocaleString('en-GB', {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone,
  });
}

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2021-03" -> "Mar 2021" (without Intl: a long archive has a thousand months). */
export function monthLabel(ym) {
  const [y, m] = ym.split('-').map(Number);
  return `${MONTHS[m - 1]} ${y}`;
}

/** "1 post" / "3 posts". */
export function plural(n, one, many) {
  return `${num(n)} ${Number(n) === 1 ? one : many}`;
}

/** A figure the tests compare with the CLI's JSON: `key` is its path in the report. */
export function figure(key, value, format = num) {
  return el('span', { class: 'figure', 'data-figure': key, 'data-value': String(value), text: format(value) });
}

/** A section of the report with its heading and an intro. */
export function section(id, title, intro) {
  const s = el('section', { id, class: 'report-section', 'aria-labelledby': `${id}-title`, tabindex: '-1' },
    el('h2', { id: `${id}-title`, text: title }));
  if (intro) s.append(el('p', { class: 'intro', text: intro }));
  return s;
}

/**
 * A table from rows: `columns` are { label, value(row) -> string|Node, num?: true }.
 * With `sortable`, header buttons sort the rows (aria-sort tells screen readers).
 */
export function table(caption, columns, rows, { sortable = false, limit = Infinity, className = '' } = {}) {
  const t = el('table', { class: `data ${className}`.trim() });
  t.append(el('caption', { text: caption }));
  const head = el('tr');
  const body = el('tbody');
  let order = rows.slice();
  let shown = Math.min(limit, rows.length);
  const more = el('button', { type: 'button', class: 'link more' });
  const draw = () => {
    body.replaceChildren();
    for (const row of order.slice(0, shown)) {
      body.append(el('tr', {}, columns.map((c) => el('td', { class: c.num ? 'num' : undefined }, c.value(row)))));
    }
    more.hidden = shown >= order.length;
    more.textContent = `Show all ${num(order.length)}`;
  };
  more.addEventListener('click', () => { shown = order.length; draw(); });
  columns.forEach((c, i) => {
    const th = el('th', { scope: 'col', class: c.num ? 'num' : undefined });
    if (sortable && c.sort) {
      const b = el('button', { type: 'button', class: 'sort', text: c.label });
      b.addEventListener('click', () => {
        const was = th.getAttribute('aria-sort');
        const dir = was === 'descending' ? 'ascending' : 'descending';
        for (const other of head.children) other.removeAttribute('aria-sort');
        th.setAttribute('aria-sort', dir);
        order = rows.slice().sort((a, b2) => {
          const x = c.sort(a); const y = c.sort(b2);
          const r = x < y ? -1 : x > y ? 1 : 0;
          return dir === 'ascending' ? r : -r;
        });
        draw();
      });
      th.append(b);
      if (i === 0 && c.initial) th.setAttribute('aria-sort', c.initial);
    } else if (c.label) {
      th.textContent = c.label;
    } else {
      // A column of buttons: named for screen readers, blank on screen.
      th.append(el('span', { class: 'visually-hidden', text: 'Show' }));
    }
    head.append(th);
  });
  t.append(el('thead', {}, head), body);
  draw();
  // A wide table scrolls sideways on a phone: the keyboard must reach it too.
  const wrap = el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption || 'Table' }, t);
  return limit < rows.length ? el('div', {}, wrap, more) : wrap;
}

/**
 * A collapsible block. `content` may be a function: it is then built the first time the
 * block is opened, so long tables nobody opens cost nothing.
 */
export function details(summary, ...content) {
  const block = el('details', { class: 'alt' }, el('summary', { text: summary }));
  if (content.length === 1 && typeof content[0] === 'function') {
    const build = content[0];
    block.addEventListener('toggle', () => {
      if (block.open && block.childElementCount === 1) append(block, [build()]);
    });
  } else {
    append(block, content);
  }
  return block;
}

/** A size in bytes for people: "1.5 GB" (powers of 1000). */
export function bytes(n) {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = -1;
  do { v /= 1000; u += 1; } while (v >= 1000 && u < units.length - 1);
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** The archive's owner in a sentence: "@handle", else the display name, else `fallback`. */
export function owner(account, fallback) {
  return account.handle ? `@${account.handle}` : (account.display_name || fallback);
}

/** The rows with their place in the list (`index`), for figure keys without indexOf. */
export function withIndex(rows) {
  return rows.map((row, index) => ({ ...row, index }));
}

/** Capitalises the first letter. */
export function capitalise(s) {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** Readable names for codes and kinds. */
export const PLATFORM_LABELS = Object.freeze({
  x: 'X', twitter_legacy: 'Twitter', mastodon: 'Mastodon', bluesky: 'Bluesky',
});
export const KIND_LABELS = Object.freeze({
  original: 'Original', reply: 'Reply', thread: 'Thread', repost: 'Repost', quote: 'Quote',
});
export const ROLE_LABELS = Object.freeze({
  moderator: 'Moderator', participant: 'Participant', occasional: 'Occasional', lurker: 'Reading along',
});
