// People: the network graph (you in the middle; the people you interact with around you,
// sized by tie strength and coloured by how you mostly interact), a panel with the posts
// behind a tie, a sortable table, and concentration explained in words. The layout comes
// from d3-force (computed once, the same every time for the same report); the graph is
// SVG with one focusable, labelled button per person, so it works with a keyboard and a
// screen reader.
import { forceSimulation, forceManyBody, forceCollide, forceRadial } from 'd3-force';
import { el, svg, figure, section, table, num, pct, date, plural } from './dom.js';
import { chart, redraw } from './charts.js';

const ACT_COLOURS = { reply: '#E69F00', quote: '#CC79A7', mention: '#0072B2', repost: '#009E73' };
const ACT_LABELS = { reply: 'mostly replies', quote: 'mostly quotes', mention: 'mostly mentions', repost: 'mostly reposts' };
const STRENGTH_LABELS = { strong: 'strong tie', medium: 'medium tie', weak: 'weak tie' };

/** How someone is mostly interacted with (ties go to the stronger act). */
export function mainAct(p) {
  const acts = [['reply', p.replies], ['quote', p.quotes], ['mention', p.mentions], ['repost', p.reposts]];
  return acts.reduce((best, a) => (a[1] > best[1] ? a : best), acts[0])[0];
}

export function name(p) {
  if (p.handle) return `@${p.handle}`;
  if (p.name) return p.name;
  return p.key.startsWith('id:') ? `account ${p.key.slice(3)}` : p.key;
}

/**
 * The section, drawn from the report.
 * @param {import('../types').Report} r
 * @param {any} ctx
 */
export function people(r, ctx) {
  const s = section('people', 'People');
  const c = r.concentration;
  if (!c.people) {
    s.append(el('p', { class: 'empty', text: 'Your posts do not reply to, mention, repost or quote anyone, so there is no one to draw. Reading along (your likes) does not name authors in an X archive.' }));
    return s;
  }
  s.append(el('p', { class: 'lead' },
    'You interacted with ', figure('concentration.people', c.people), ` ${c.people === 1 ? 'person' : 'people'} in `,
    figure('concentration.interactions', c.interactions), ' interactions (a post with two people counts twice).'));
  s.append(el('ul', { class: 'plain' },
    el('li', {}, 'The five people you interact with most account for ', figure('concentration.top5_share', c.top5_share, pct), ' of your interactions, the ten most for ', figure('concentration.top10_share', c.top10_share, pct), '.'),
    c.replies ? el('li', {}, `Of your ${plural(c.replies, 'reply', 'replies')} to others, `, figure('concentration.replies_top5_share', c.replies_top5_share, pct), ` went to the five people you reply to most (you replied to ${plural(c.replied_people, 'person', 'people')}).`) : null,
    el('li', {}, `It is as if you talked evenly with ${num(Math.round(c.effective_people))} ${Math.round(c.effective_people) === 1 ? 'person' : 'people'} (the inverse of the Herfindahl-Hirschman index, ${c.hhi.toFixed(2)}); the Gini coefficient is ${c.gini.toFixed(2)} (0 when everyone gets the same, near 1 when a few get almost all).`),
    el('li', {}, figure('concentration.one_off_people', c.one_off_people), ` ${c.one_off_people === 1 ? 'person appears' : 'people appear'} only once.`)));

  // The graph.
  const state = { shown: Math.min(40, r.people.length) };
  const panel = el('div', { class: 'tie-panel', 'aria-live': 'polite' },
    el('p', { class: 'small', text: 'Hover over or focus a person to see your ties; press Enter or click to see the posts behind the tie.' }));
  const controls = el('p', { class: 'graph-controls' });
  let graphFigure;
  const drawControls = () => {
    controls.replaceChildren(`Showing the ${num(state.shown)} strongest of ${plural(r.people.length, 'tie', 'ties')}. `);
    if (state.shown < r.people.length) {
      controls.append(el('button', { type: 'button', class: 'link', text: 'Show more', onclick: () => { state.shown = Math.min(r.people.length, state.shown + 40); drawControls(); redraw(graphFigure); } }));
    }
    if (state.shown > 10) {
      controls.append(' ', el('button', { type: 'button', class: 'link', text: 'Show fewer', onclick: () => { state.shown = Math.max(10, state.shown - 40); drawControls(); redraw(graphFigure); } }));
    }
  };
  drawControls();
  graphFigure = chart({
    label: 'Network graph: you in the middle and the people you interact with',
    caption: 'Nearer and bigger: a stronger tie (more replies, quotes, reposts and mentions, over more months). Colour: how you mostly interact with them. A solid ring marks a strong tie.',
    interactive: true,
    className: 'graph',
    draw: (width) => drawGraph(r.people.slice(0, state.shown), width, panel, ctx),
  });
  s.append(controls, legend(), graphFigure, panel);

  if (r.apps.length) {
    s.append(el('p', { class: 'small' }, `Not counted as people: ${r.apps.map((a) => `${name(a)} (${plural(a.posts, 'post', 'posts')})`).join(', ')}, the accounts of apps that posted for you (most posts naming them were sent by that app).`));
  }
  s.append(el('h3', { text: 'Everyone, in a table' }));
  s.append(table('People you interacted with', [
    { label: 'Person', value: (p) => el('button', { type: 'button', class: 'link', text: name(p), onclick: () => ctx.showPosts({ ids: p.post_ids }, `Posts with ${name(p)}`) }), sort: (p) => p.key },
    { label: 'Replies', value: (p) => num(p.replies), num: true, sort: (p) => p.replies },
    { label: 'Mentions', value: (p) => num(p.mentions), num: true, sort: (p) => p.mentions },
    { label: 'Reposts', value: (p) => num(p.reposts), num: true, sort: (p) => p.reposts },
    { label: 'Quotes', value: (p) => num(p.quotes), num: true, sort: (p) => p.quotes },
    { label: 'Posts', value: (p) => num(p.posts), num: true, sort: (p) => p.posts },
    { label: 'Tie', value: (p) => p.strength, sort: (p) => p.score },
    { label: 'First', value: (p) => monthYear(p.first_contact, r.time_zone), sort: (p) => p.first_contact },
    { label: 'Last', value: (p) => monthYear(p.last_contact, r.time_zone), sort: (p) => p.last_contact },
  ], r.people, { sortable: true, limit: 20, className: 'people-table' }));
  return s;
}

function monthYear(iso, timeZone) {
  return new Date(iso).toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone });
}

function legend() {
  return el('ul', { class: 'legend', 'aria-label': 'Colours in the graph' },
    Object.entries(ACT_COLOURS).map(([act, colour]) => {
      const swatch = el('span', { class: 'swatch' });
      swatch.style.background = colour;
      return el('li', {}, swatch, ACT_LABELS[act]);
    }));
}

/**
 * A node of the graph: you, or a person (with the ring the layout pulls them to).
 * @typedef {import('d3-force').SimulationNodeDatum & { id: string, r: number,
 *   person?: import('../types').PersonTie, ring?: number }} GraphNode
 */

/**
 * The network graph for the people in `list`, laid out by d3-force.
 * @param {import('../types').PersonTie[]} list
 * @param {number} width
 */
function drawGraph(list, width, panel, ctx) {
  const height = Math.round(Math.min(620, Math.max(340, width * 0.7)));
  const max = Math.max(...list.map((p) => p.score), 1);
  const radius = (p) => 5 + 16 * Math.sqrt(p.score / max);
  /** @type {GraphNode[]} */
  const nodes = [{ id: '__you', fx: 0, fy: 0, r: 14 }, ...list.map((p) => ({ id: p.key, person: p, r: radius(p) }))];
  // nodes[i + 1] is list[i]'s node.
  const links = list.map((p, i) => ({ source: nodes[0], target: nodes[i + 1], strength: p.score / max }));
  // Laid out in a circle of radius 1000, then stretched to the picture: stronger ties sit
  // nearer the middle, the collision force keeps circles apart.
  const R = 1000;
  const inner = 180;
  // Rings by rank, not by raw score: ties of similar strength would otherwise crowd one
  // ring; the square root spreads them evenly over the disc's area.
  links.forEach((l, rank) => { l.target.ring = inner + (R - inner) * Math.sqrt(rank / Math.max(1, links.length - 1)); });
  const sx = (width / 2 - 40) / R;
  const sy = (height / 2 - 30) / R;
  const scale = Math.min(sx, sy);
  const sim = forceSimulation(nodes)
    .force('ring', forceRadial((/** @type {GraphNode} */ d) => d.ring ?? 0, 0, 0).strength(0.8))
    .force('charge', forceManyBody().strength(-30))
    .force('collide', forceCollide((/** @type {GraphNode} */ d) => (d.r + 4) / scale))
    .stop();
  for (let i = 0; i < 300; i += 1) sim.tick();
  for (const n of nodes) {
    n.x *= sx;
    n.y *= sy;
  }
  const root = svg('svg', { viewBox: `${-width / 2} ${-height / 2} ${width} ${height}`, width, height, class: 'network' });
  root.append(svg('title', {}));
  root.firstChild.textContent = 'Your network';
  const lines = svg('g', { class: 'links', 'aria-hidden': 'true' });
  for (const l of links) {
    const t = l.target;
    lines.append(svg('line', {
      x1: 0, y1: 0, x2: t.x.toFixed(1), y2: t.y.toFixed(1),
      'stroke-width': (0.6 + 3.5 * l.strength).toFixed(2),
      class: t.person.strength === 'weak' ? 'weak' : '',
    }));
  }
  root.append(lines);
  const group = svg('g', { class: 'people' });
  const labelled = new Set(list.slice(0, 12).map((p) => p.key));
  for (const n of nodes.slice(1)) {
    const p = n.person;
    const act = mainAct(p);
    const label = `${name(p)}: ${plural(p.replies, 'reply', 'replies')}, ${plural(p.mentions, 'mention', 'mentions')}, ${plural(p.reposts, 'repost', 'reposts')}, ${plural(p.quotes, 'quote', 'quotes')}; ${STRENGTH_LABELS[p.strength]}. Press Enter to see the posts.`;
    const g = svg('g', { class: `person ${p.strength}`, tabindex: 0, role: 'button', 'aria-label': label, transform: `translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`, 'data-key': p.key });
    g.append(svg('circle', { r: n.r.toFixed(1), fill: ACT_COLOURS[act] }));
    if (labelled.has(p.key)) {
      const t = svg('text', { x: (n.r + 3).toFixed(1), dy: '0.35em', 'aria-hidden': 'true' });
      t.textContent = name(p);
      g.append(t);
    }
    const show = () => showTie(panel, p, ctx, false);
    g.addEventListener('mouseenter', show);
    g.addEventListener('focus', show);
    g.addEventListener('click', () => showTie(panel, p, ctx, true));
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); showTie(panel, p, ctx, true); }
    });
    group.append(g);
  }
  root.append(group);
  // "You" last, so no circle or label covers it.
  const you = svg('g', { class: 'you', 'aria-hidden': 'true' });
  you.append(svg('circle', { r: 16 }), svg('text', { 'text-anchor': 'middle', dy: '0.35em' }));
  you.lastChild.textContent = 'you';
  root.append(you);
  return root;
}

/**
 * Shows one tie in the panel under the graph. Hover and focus show its figures in the
 * panel's first line; a click or Enter also pins the posts behind it below, which later
 * hovering leaves in place.
 */
function showTie(panel, p, ctx, posts) {
  const head = el('p', { class: 'tie-head' },
    el('strong', { text: name(p) }), p.name && p.handle ? ` (${p.name})` : '',
    `: ${plural(p.replies, 'reply', 'replies')}, ${plural(p.mentions, 'mention', 'mentions')}, ${plural(p.reposts, 'repost', 'reposts')}, ${plural(p.quotes, 'quote', 'quotes')}; a ${STRENGTH_LABELS[p.strength]} over ${plural(p.months_active, 'month', 'months')}, from ${date(p.first_contact, ctx.timeZone)} to ${date(p.last_contact, ctx.timeZone)}. `,
    el('button', { type: 'button', class: 'link', text: `Open the ${plural(p.posts, 'post', 'posts')} in \u201cYour posts\u201d`, onclick: () => ctx.showPosts({ ids: p.post_ids }, `Posts with ${name(p)}`) }));
  const old = panel.querySelector('.tie-head');
  if (old) old.replaceWith(head); else panel.replaceChildren(head);
  if (!posts) return;
  panel.querySelector('.tie-pinned')?.remove();
  const list = el('ol', { class: 'tie-posts' }, el('li', { class: 'small', text: 'Loading\u2026' }));
  panel.append(el('div', { class: 'tie-pinned' }, el('p', { class: 'small', text: `The first posts with ${name(p)}:` }), list));
  ctx.source.page({ ids: p.post_ids }, 0, 5).then((page) => {
    list.replaceChildren(...page.posts.map((post) => el('li', {},
      el('span', { class: 'small', text: `${date(post.created_at, ctx.timeZone)} \u00b7 ${post.kind} \u00b7 ${post.purpose}: ` }), post.text)));
    if (!page.posts.length) list.append(el('li', { class: 'small', text: ctx.source.missingText }));
  });
}
