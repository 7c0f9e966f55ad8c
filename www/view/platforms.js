// Platforms: where the posts came from. For one export, a line naming the platform and
// what its export cannot hold (a Mastodon archive has no follower lists: said, never
// shown as zero). For several exports read together, each platform's figures side by side
// (posts by kind, purposes, chats, people; each count opens its posts) and what moved with
// the person: the chats and the people met on more than one platform.
import { el, figure, section, table, num, date, plural, KIND_LABELS, PLATFORM_LABELS } from './dom.js';

/**
 * The section, drawn from the report.
 * @param {import('../types').Report} r
 * @param {any} ctx
 */
export function platforms(r, ctx) {
  const s = section('platforms', 'Platforms');
  const list = r.platforms || [];
  if (list.length <= 1) {
    const only = list[0];
    s.append(el('p', {}, only
      ? `All ${plural(only.posts, 'post', 'posts')} come from one export: ${only.label}.`
      : 'The archive holds no posts.'));
  } else {
    s.append(el('p', { class: 'intro' },
      `Your posts come from ${list.length} exports read together: `,
      (r.archive.files || []).map((f, i) => [i ? ', ' : '', el('strong', { text: f.name }), ` (${f.platform_label})`]),
      '. Every figure of the report counts them all; here they are side by side.'));
    s.append(sideBySide(r, ctx), ...moved(r));
  }
  if (r.followers_only) {
    s.append(el('p', { class: 'note' },
      figure('followers_only', r.followers_only), ` ${r.followers_only === 1 ? 'post' : 'posts'} only your followers could see ${r.followers_only === 1 ? 'is' : 'are'} included. `,
      el('button', { type: 'button', class: 'link', text: 'Show them', onclick: () => ctx.showPosts({ followers_only: true }, 'Followers-only posts') }),
      '; the post list can leave them out.'));
  }
  for (const l of r.lacking || []) {
    s.append(el('p', { class: 'note lacking', 'data-lacking': `${l.platform}.${l.holds}` },
      `${capitalised(l.holds)}: not in a ${PLATFORM_LABELS[l.platform] || l.platform} export (${l.why}).`));
  }
  return s;
}

function capitalised(holds) {
  const s = holds.replaceAll('_', ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * One column per platform, one row per figure.
 * @param {import('../types').Report} r
 */
function sideBySide(r, ctx) {
  const list = r.platforms;
  const cell = (i, key, value, filter, label) => (value && filter
    ? el('button', { type: 'button', class: 'link', onclick: () => ctx.showPosts({ platform: list[i].platform, ...filter }, `${label} on ${list[i].label}`) }, figure(`platforms[${i}].${key}`, value))
    : figure(`platforms[${i}].${key}`, value));
  const rows = [
    { label: 'Posts', value: (p, i) => cell(i, 'posts', p.posts, {}, 'Posts') },
    ...Object.keys(KIND_LABELS).map((k) => ({ label: KIND_LABELS[k], value: (p, i) => cell(i, `by_kind.${k}`, p.by_kind[k], { kind: k }, KIND_LABELS[k]) })),
    ...r.codebook.purposes.map((c, j) => ({ label: c.label, value: (p, i) => cell(i, `purposes[${j}].posts`, p.purposes[j]?.posts ?? 0, { purpose: c.code }, c.label) })),
    { label: 'People named', value: (p, i) => figure(`platforms[${i}].people`, p.people) },
    { label: 'Chats', value: (p, i) => figure(`platforms[${i}].chats.length`, p.chats.length) },
    { label: 'First post', value: (p) => (p.first ? date(p.first, r.time_zone) : '\u2013') },
    { label: 'Last post', value: (p) => (p.last ? date(p.last, r.time_zone) : '\u2013') },
  ];
  return table('Your posts on each platform', [
    { label: 'Figure', value: (row) => row.label },
    ...list.map((p, i) => ({ label: p.label, num: true, value: (row) => row.value(p, i) })),
  ], rows);
}

/**
 * Chats and people met on more than one platform.
 * @param {import('../types').Report} r
 */
function moved(r) {
  const across = r.across;
  if (!across) return [];
  const out = [el('h3', { text: 'What moved with you' })];
  const columns = (name) => [
    { label: name, value: (m) => m.name },
    ...r.platforms.map((p, i) => ({ label: p.label, num: true, value: (m) => num(m.on[i]?.posts ?? 0) })),
  ];
  out.push(across.chats.length
    ? table('Chats you took part in on more than one platform (posts on each)', columns('Chat'), across.chats)
    : el('p', { text: 'No chat appears on more than one platform.' }));
  out.push(across.people.length
    ? table('People you named on more than one platform (posts on each; matched by the name in their handle, so check them)', columns('Name'), across.people, { limit: 15 })
    : el('p', { text: 'Nobody you named on one platform has a handle of the same name on another.' }));
  return out;
}
