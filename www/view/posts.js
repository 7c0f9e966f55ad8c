// Your posts: a searchable, filterable list of every post with its codes and why, and a
// way to disagree (re-code a post), which updates every figure. The list is virtualised:
// only the rows in view exist, and rows are asked for in pages from the post source (the
// Worker, or the posts saved in a report file), so 200,000 posts scroll as easily as 20.
import { el, section, num, dateTime, KIND_LABELS, PLATFORM_LABELS } from './dom.js';

// The height of one row, in px. The one place it is set: the list hands it to the style
// sheet as --post-row (`.post-row` uses it), so the two cannot drift.
const ROW = 116;
const PAGE = 50;
// Pages of rows kept at most; the ones farthest from the view go first.
const KEPT_PAGES = 40;

/**
 * The "Your posts" section.
 * @param {import('../types').Report} r
 * @param {any} ctx
 */
export function posts(r, ctx) {
  const s = section('posts', 'Your posts',
    'Every post with its codes and the reasons for them. Click a post to read it whole, see why it was coded as it was, and code it yourself if you disagree: every figure in the report then uses your codes.');
  const filters = filterForm(r, ctx.postsState);
  const chip = el('p', { class: 'figure-filter', hidden: !ctx.postsState.label });
  const status = el('p', { class: 'list-status', 'aria-live': 'polite', id: 'posts-status' });
  const viewport = el('div', { class: 'post-list', tabindex: '0', role: 'list', 'aria-label': 'Your posts', 'aria-describedby': 'posts-status' });
  viewport.style.setProperty('--post-row', `${ROW}px`);
  s.append(filters.form, chip, status, viewport,
    el('p', { class: 'print-only', text: 'The list of posts is not printed. Save the report or download the coded posts (CSV) to keep them.' }));
  const list = postList(r, ctx, viewport, filters, chip, status);
  ctx.refreshPosts = list.refresh;
  filters.onChange(list.refresh);
  queueMicrotask(list.refresh);
  return s;
}

/**
 * The filter controls, and the filter they make. The list shows the figure's posts
 * (state.figureFilter, from "Show posts" links) narrowed by the controls (state.filter,
 * kept across redraws of the report).
 * @param {import('../types').Report} r
 */
function filterForm(r, state) {
  const form = el('form', { class: 'filters', role: 'search', 'aria-label': 'Filter your posts', onsubmit: (e) => e.preventDefault() });
  const search = /** @type {HTMLInputElement} */ (el('input', { type: 'search', id: 'post-search', placeholder: 'Words in the post', value: state.filter.text || '', 'aria-label': 'Search the text of your posts' }));
  const selects = [];
  const select = (id, key, label, options, asNumber = false) => {
    const value = state.filter[key];
    const sel = /** @type {HTMLSelectElement} */ (el('select', { id, 'aria-label': label },
      el('option', { value: '', text: `Any ${label.toLowerCase()}` }),
      options.map(([v, text]) => el('option', { value: v, text, selected: String(value ?? '') === String(v) ? true : undefined }))));
    selects.push({ sel, key, asNumber });
    return el('label', { class: 'filter' }, el('span', { class: 'visually-hidden', text: label }), sel);
  };
  const recoded = /** @type {HTMLInputElement} */ (el('input', { type: 'checkbox', id: 'filter-recoded', checked: state.filter.recoded ? true : undefined }));
  const publicOnly = r.followers_only
    ? /** @type {HTMLInputElement} */ (el('input', { type: 'checkbox', id: 'filter-public', checked: state.filter.followers_only === false ? true : undefined }))
    : null;
  form.append(
    el('label', { class: 'filter search' }, el('span', { class: 'visually-hidden', text: 'Search' }), search),
    select('filter-purpose', 'purpose', 'Purpose', r.codebook.purposes.map((p) => [p.code, p.label])),
    select('filter-topic', 'topic', 'Topic', r.codebook.topics.map((t) => [t.code, t.label])),
    select('filter-kind', 'kind', 'Kind', Object.entries(KIND_LABELS)),
    select('filter-chat', 'chat', 'Chat', r.chats.filter((c) => c.sessions.length).map((c) => [c.tag, `#${c.tag}`])),
    select('filter-year', 'year', 'Year', r.timeline.years.map((y) => [y.year, `${y.year}`]), true),
    ...((r.platforms || []).length > 1 ? [select('filter-platform', 'platform', 'Platform', r.platforms.map((p) => [p.platform, p.label]))] : []),
    el('label', { class: 'filter check' }, recoded, ' re-coded by me'),
    ...(publicOnly ? [el('label', { class: 'filter check' }, publicOnly, ' leave out followers-only posts')] : []),
    el('button', { type: 'reset', class: 'secondary', text: 'Clear filters' }));
  const read = () => {
    const ui = {};
    const text = search.value.trim();
    if (text) ui.text = text;
    for (const { sel, key, asNumber } of selects) if (sel.value) ui[key] = asNumber ? Number(sel.value) : sel.value;
    if (recoded.checked) ui.recoded = true;
    if (publicOnly?.checked) ui.followers_only = false;
    state.filter = ui;
    return { ...state.figureFilter, ...ui };
  };
  const onChange = (refresh) => {
    let timer = 0;
    search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(refresh, 250); });
    for (const { sel } of selects) sel.addEventListener('change', refresh);
    recoded.addEventListener('change', refresh);
    publicOnly?.addEventListener('change', refresh);
    form.addEventListener('reset', () => { state.figureFilter = {}; state.label = ''; setTimeout(refresh, 0); });
  };
  return { form, read, onChange };
}

// One function on purpose: the virtual list's closures share its state (the page cache,
// the rows drawn, the generation that discards stale answers).
/**
 * The virtualised list: only the rows in view exist; pages of rows are asked for from
 * ctx.source and kept up to KEPT_PAGES.
 * @param {import('../types').Report} r
 */
function postList(r, ctx, viewport, filters, chip, status) {
  const state = ctx.postsState;
  const purposeLabels = Object.fromEntries(r.codebook.purposes.map((p) => [p.code, p.label]));
  const topicLabels = Object.fromEntries(r.codebook.topics.map((t) => [t.code, t.label]));
  const spacer = el('div', { class: 'post-spacer' });
  viewport.append(spacer);
  let total = 0;
  let cache = new Map();
  let generation = 0;
  let filter = filters.read();
  const rows = new Map();

  const evict = (near) => {
    if (cache.size <= KEPT_PAGES) return;
    const far = [...cache.keys()].sort((a, b) => Math.abs(b - near) - Math.abs(a - near));
    for (const p of far.slice(0, cache.size - KEPT_PAGES)) cache.delete(p);
  };
  const pageOf = (index) => {
    const p = Math.floor(index / PAGE);
    if (!cache.has(p)) {
      const mine = generation;
      const entry = { result: null };
      // The page is stored before the rows are drawn again, so that draw sees it.
      ctx.source.page(filter, p * PAGE, PAGE).then((page) => {
        entry.result = page;
        if (mine === generation) draw();
      });
      cache.set(p, entry);
      evict(p);
    }
    return cache.get(p).result;
  };

  const draw = () => {
    const top = viewport.scrollTop;
    const height = viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW) - 4);
    const last = Math.min(total, Math.ceil((top + height) / ROW) + 4);
    const keep = new Set();
    for (let i = first; i < last; i += 1) {
      const page = pageOf(i);
      const post = page?.posts[i - page.offset];
      if (!post) continue;
      keep.add(i);
      if (rows.has(i) && rows.get(i).dataset.id === post.id && rows.get(i).dataset.recoded === String(post.recoded)) continue;
      const row = postRow(post, i, total, purposeLabels, topicLabels, ctx);
      row.style.top = `${i * ROW}px`;
      rows.get(i)?.remove();
      rows.set(i, row);
      spacer.append(row);
    }
    for (const [i, row] of rows) if (!keep.has(i)) { row.remove(); rows.delete(i); }
  };

  const showChip = () => {
    chip.hidden = !state.label;
    chip.replaceChildren();
    if (state.label) {
      chip.append(`Showing: ${state.label} `, el('button', {
        type: 'button', class: 'link', text: 'show all posts',
        onclick: () => { state.figureFilter = {}; state.label = ''; refresh(); },
      }));
    }
  };

  const refresh = async () => {
    generation += 1;
    cache = new Map();
    for (const row of rows.values()) row.remove();
    rows.clear();
    filter = filters.read();
    showChip();
    status.textContent = 'Finding posts\u2026';
    const mine = generation;
    const first = await ctx.source.page(filter, 0, PAGE);
    if (mine !== generation) return;
    cache.set(0, { result: first });
    total = first.total;
    spacer.style.height = `${total * ROW}px`;
    viewport.style.height = `${Math.min(total, 6) * ROW + 2}px`;
    viewport.scrollTop = 0;
    status.replaceChildren();
    status.append(el('span', { 'data-figure': 'posts.match', 'data-value': String(total), text: num(total) }), ` ${total === 1 ? 'post matches' : 'posts match'}`);
    if (!ctx.source.hasPosts && ctx.source.missingText) status.append(`. ${ctx.source.missingText}`);
    draw();
  };

  // One frame at most per burst of scroll events.
  let framePending = false;
  viewport.addEventListener('scroll', () => {
    if (framePending) return;
    framePending = true;
    requestAnimationFrame(() => { framePending = false; draw(); });
  }, { passive: true });
  return { refresh };
}

function postRow(post, index, total, purposeLabels, topicLabels, ctx) {
  const meta = [PLATFORM_LABELS[post.platform] || post.platform, dateTime(post.created_at, ctx.timeZone), KIND_LABELS[post.kind] || post.kind];
  const row = el('div', { class: 'post-row', role: 'listitem', 'aria-setsize': total, 'aria-posinset': index + 1, 'data-id': post.id, 'data-recoded': String(post.recoded) });
  const button = el('button', { type: 'button', class: 'post-open' },
    el('span', { class: 'post-meta' }, meta.join(' \u00b7 '),
      post.chat ? el('span', { class: 'badge chat', text: `#${post.chat} ${post.live ? 'live' : 'later'}` }) : null,
      post.recoded ? el('span', { class: 'badge recoded', text: 'your code' }) : null,
      post.followers_only ? el('span', { class: 'badge followers', text: 'followers only' }) : null),
    el('span', { class: 'post-codes' },
      el('span', { class: `code purpose p-${post.purpose}`, text: purposeLabels[post.purpose] || post.purpose }),
      post.topics.map((t) => el('span', { class: 'code topic', text: topicLabels[t] || t }))),
    el('span', { class: 'post-text', text: post.text }));
  button.addEventListener('click', () => openPost(post, purposeLabels, topicLabels, ctx));
  row.append(button);
  return row;
}

/** The dialog with one post: its whole text, its codes and why, and the re-code form. */
function openPost(post, purposeLabels, topicLabels, ctx) {
  const dialog = el('dialog', { class: 'post-dialog', 'aria-labelledby': 'post-dialog-title' });
  const close = () => { dialog.close(); dialog.remove(); };
  dialog.append(
    el('h3', { id: 'post-dialog-title', text: `Your ${KIND_LABELS[post.kind]?.toLowerCase() || 'post'} of ${dateTime(post.created_at, ctx.timeZone)}` }),
    el('p', { class: 'post-full', text: post.text }),
    el('p', { class: 'small' }, [
      post.chat ? `In #${post.chat} (${post.live ? 'live, during the session' : 'later, after the session'}). ` : '',
      post.people.length ? `With ${post.people.map((p) => `@${p}`).join(', ')}. ` : '',
      post.domains.length ? `Links to ${post.domains.join(', ')}. ` : '',
      `Post id ${post.id}.`,
    ].join('')),
    el('h4', { text: 'Codes and why' }),
    el('ul', { class: 'why' }, post.why.map((w) => el('li', { text: w.reason }))));
  if (ctx.source.canRecode) {
    const form = el('form', { class: 'recode', method: 'dialog' });
    const purpose = el('select', { id: 'recode-purpose', name: 'purpose' },
      Object.entries(purposeLabels).map(([code, label]) => el('option', { value: code, text: label, selected: code === post.purpose ? true : undefined })));
    const topics = el('fieldset', {}, el('legend', { text: 'Topics (none, one or several)' }),
      Object.entries(topicLabels).map(([code, label]) => el('label', { class: 'check' },
        el('input', { type: 'checkbox', name: 'topic', value: code, checked: post.topics.includes(code) ? true : undefined }), ` ${label}`)));
    form.append(
      el('h4', { text: 'Do you agree? Code it yourself (the classifier learns from you)' }),
      el('label', { for: 'recode-purpose', text: 'Purpose ' }), purpose, topics,
      el('div', { class: 'dialog-buttons' },
        el('button', { type: 'submit', text: 'Save my codes' }),
        post.recoded ? null : el('button', { type: 'button', class: 'secondary', text: 'These codes are right', onclick: () => { close(); ctx.recode({ id: post.id, purpose: post.purpose, topics: post.topics }); } }),
        post.recoded ? el('button', { type: 'button', class: 'secondary', text: 'Give back the classifier\u2019s codes', onclick: () => { close(); ctx.undoRecode(post.id); } }) : null,
        el('button', { type: 'button', class: 'secondary', text: 'Close', onclick: close })));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const chosen = [...topics.querySelectorAll('input:checked')].map((i) => /** @type {HTMLInputElement} */ (i).value);
      close();
      ctx.recode({ id: post.id, purpose: purpose.value, topics: chosen });
    });
    dialog.append(form);
  } else {
    dialog.append(el('p', { class: 'small', text: 'This is a saved report: open your archive in PLN Lens to re-code posts.' }),
      el('div', { class: 'dialog-buttons' }, el('button', { type: 'button', text: 'Close', onclick: close })));
  }
  dialog.addEventListener('cancel', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}

