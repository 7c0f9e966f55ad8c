// Spaces and tools: the hashtags you post in (chats, events and your own series marked),
// the sites you link to by kind, and both over the years.
import { el, figure, section, table, num, pct , withIndex } from './dom.js';
import { chart, bars, rowsByYear, OKABE_ITO } from './charts.js';

const SPACE_KINDS = { chat: 'chat', event: 'event', series: 'your series', hashtag: 'hashtag' };
const TOOL_KINDS = {
  own_site: 'your own site', resource: 'teaching resource', research: 'research', video: 'video', document: 'document',
  news: 'news', blog: 'blog', social: 'social media', app: 'app or tool', shortener: 'short link', other: 'other',
};
const TOP = 15;

/** A table of rows by year: `rows` are [label, [{ year, count }]]. */
function yearTable(caption, rows) {
  const years = [...new Set(rows.flatMap(([, ys]) => ys.map((y) => y.year)))].sort((a, b) => a - b);
  return table(caption, [
    { label: '', value: ([label]) => label },
    ...years.map((year) => ({ label: `${year}`, value: ([, ys]) => num(ys.find((y) => y.year === year)?.count || 0), num: true })),
  ], rows);
}

/**
 * The section, drawn from the report.
 * @param {import('../types').Report} r
 * @param {any} ctx
 */
export function spaces(r, ctx) {
  const s = section('spaces', 'Spaces and tools',
    'Spaces are the hashtags you post with; tools are the sites you link to (Krutka, Carpenter & Trust, 2017).');

  s.append(el('h3', { text: 'Hashtags' }));
  if (!r.spaces.length) {
    s.append(el('p', { class: 'empty', text: 'None of your posts carry a hashtag.' }));
  } else {
    const top = r.spaces.slice(0, TOP);
    const withTags = r.spaces_by_year.reduce((a, y) => a + y.posts_with_hashtags, 0);
    s.append(el('p', {}, `You used `, figure('spaces.length', r.spaces.length), ` different hashtags, in ${pct(withTags / Math.max(1, r.totals.posts))} of your posts.`));
    const rows = [];
    for (const sp of top) for (const y of sp.years) rows.push({ row: `#${sp.tag}`, year: y.year, value: y.count });
    s.append(chart({
      label: `Grid of your ${top.length} most used hashtags by year`,
      caption: `Your ${top.length} most used hashtags and the years you used them (darker: more posts).`,
      draw: rowsByYear(rows, top.map((sp) => `#${sp.tag}`)),
      alt: () => yearTable('Posts per hashtag and year', top.map((sp) => [`#${sp.tag}`, sp.years])),
    }));
    s.append(table('Hashtags', [
      { label: 'Hashtag', value: (sp) => `#${sp.tag}`, sort: (sp) => sp.tag.toLowerCase() },
      { label: 'Kind', value: (sp) => SPACE_KINDS[sp.kind] || sp.kind, sort: (sp) => sp.kind },
      { label: 'Posts', value: (sp) => figure(`spaces[${sp.index}].posts`, sp.posts), num: true, sort: (sp) => sp.posts },
      { label: 'Years', value: (sp) => sp.years.map((y) => y.year).join(', ') },
      { label: '', value: (sp) => el('button', { type: 'button', class: 'link', text: 'Show posts', onclick: () => ctx.showPosts({ ids: sp.post_ids }, `Posts with #${sp.tag}`) }) },
    ], withIndex(r.spaces), { sortable: true, limit: 20 }));
  }

  s.append(el('h3', { text: 'Tools: the sites you link to' }));
  if (!r.tools.length) {
    s.append(el('p', { class: 'empty', text: 'None of your posts link to a site.' }));
    return s;
  }
  s.append(el('p', {}, figure('link_posts', r.link_posts), ` of your posts link to `, figure('tools.length', r.tools.length), ` ${r.tools.length === 1 ? 'site' : 'sites'}.`));
  s.append(chart({
    label: 'Bar chart of your links by kind of site',
    caption: 'Share of your posts with links that go to each kind of site (a post can link to more than one kind).',
    draw: bars(r.tool_kinds.map((k, i) => ({ label: k.label, value: k.share, colour: OKABE_ITO[i % OKABE_ITO.length] })), { share: true }),
    alt: table('Links by kind of site', [
      { label: 'Kind', value: (k) => k.label },
      { label: 'Posts', value: (k) => figure(`tool_kinds[${k.index}].posts`, k.posts), num: true },
      { label: 'Sites', value: (k) => num(k.sites), num: true },
      { label: 'Share', value: (k) => pct(k.share), num: true },
    ], withIndex(r.tool_kinds)),
  }));
  const topTools = r.tools.slice(0, TOP);
  const rows = [];
  for (const t of topTools) for (const y of t.years) rows.push({ row: t.domain, year: y.year, value: y.count });
  s.append(chart({
    label: `Grid of your ${topTools.length} most linked sites by year`,
    caption: `Your ${topTools.length} most linked sites and the years you linked to them.`,
    draw: rowsByYear(rows, topTools.map((t) => t.domain)),
    alt: () => yearTable('Posts per site and year', topTools.map((t) => [t.domain, t.years])),
  }));
  s.append(table('Sites', [
    { label: 'Site', value: (t) => t.domain, sort: (t) => t.domain },
    { label: 'Kind', value: (t) => TOOL_KINDS[t.kind] || t.kind, sort: (t) => t.kind },
    { label: 'Posts', value: (t) => figure(`tools[${t.index}].posts`, t.posts), num: true, sort: (t) => t.posts },
    { label: '', value: (t) => el('button', { type: 'button', class: 'link', text: 'Show posts', onclick: () => ctx.showPosts({ ids: t.post_ids }, `Posts linking to ${t.domain}`) }) },
  ], withIndex(r.tools), { sortable: true, limit: 20 }));
  return s;
}
