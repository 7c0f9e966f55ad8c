// Overview: what the archive holds and what the posts do, at a glance: the period, posts by
// kind, the timeline, the week-by-hour grid, the purpose and topic mix, and the share of
// posts that talk with people.
import { el, figure, section, table, num, pct, date, monthLabel, plural, owner, KIND_LABELS } from './dom.js';
import { chart, monthsByKind, weekHours, bars, purposeColour, OKABE_ITO } from './charts.js';

const KIND_PLURALS = { original: 'Original posts', reply: 'Replies', thread: 'Thread posts', repost: 'Reposts', quote: 'Quotes' };

/**
 * The section, drawn from the report.
 * @param {import('../types').Report} r
 * @param {any} ctx
 */
export function overview(r, ctx) {
  const s = section('overview', 'Overview');
  const t = r.totals;
  const tz = r.time_zone;
  const who = owner(r.account, 'This archive');
  s.append(el('p', { class: 'lead' },
    `${who}: `, figure('totals.posts', t.posts), ` ${t.posts === 1 ? 'post' : 'posts'}`,
    r.period ? ` from ${date(r.period.first, tz)} to ${date(r.period.last, tz)}.` : '.',
    ` Times are shown in ${tz}.`));
  s.append(cards(r, ctx), ...timeline(r), ...weekChart(r));
  if (t.posts > 0) s.append(mixCharts(r, ctx), ...conversation(r));
  if (r.recoded) {
    s.append(el('p', { class: 'note' }, `You re-coded ${plural(r.recoded, 'post', 'posts')}: every figure uses your codes for ${r.recoded === 1 ? 'it' : 'them'}.`));
  }
  if (r.corrections) s.append(corrections(r.corrections, r));
  return s;
}

/**
 * How far the classifier agreed with the posts the person coded themselves, what they
 * changed most, and what the classifier learnt from it.
 * @param {import('../types').Corrections} c
 * @param {import('../types').Report} r
 */
function corrections(c, r) {
  const label = Object.fromEntries(r.codebook.purposes.map((p) => [p.code, p.label]));
  const box = el('div', { class: 'note corrections', id: 'corrections' });
  const kappa = c.purpose_kappa === null || c.purpose_kappa === undefined
    ? ' (too few posts, or one purpose only, for a kappa yet)'
    : `; Cohen’s kappa ${c.purpose_kappa.toFixed(2)}`;
  box.append(el('p', {},
    'The classifier gave the purpose you chose to ', figure('corrections.agreed', c.agreed), ` of the ${plural(c.posts, 'post', 'posts')} you coded yourself${kappa}. `,
    c.posts < 20 ? 'Code 20 or more (a few of each kind) before you trust this figure.' : ''));
  if (c.changed.length) {
    box.append(el('p', {}, 'You changed most often: ',
      c.changed.map((x) => `${label[x.from] || x.from} → ${label[x.to] || x.to} (${num(x.posts)})`).join('; '), '.'));
  }
  box.append(el('p', { class: 'small', text: c.learned
    ? `It learnt from your codes, on this machine only: ${plural(c.other_posts_changed, 'other post has', 'other posts have')} another purpose since.`
    : 'Your codebook is coded by its own weights, which do not learn from your codes.' }));
  if (c.not_applied_count) {
    box.append(el('p', { class: 'small', text: `${plural(c.not_applied_count, 'code', 'codes')} in your file could not be used: ${c.not_applied.join('; ')}.` }));
  }
  return box;
}

const KIND_HELP = { original: 'your own posts', reply: 'answers to others', thread: 'continuing your own posts', repost: 'passed on as they were', quote: 'others\u2019 posts with your comment' };

/**
 * The counts at the top: posts by kind (each opens its posts), likes, people, hashtags.
 * @param {import('../types').Report} r
 */
function cards(r, ctx) {
  const t = r.totals;
  const list = el('ul', { class: 'cards', 'aria-label': 'Posts by kind and other counts' });
  const card = (key, value, label, help, onclick = null) => {
    const body = [el('span', { class: 'card-value' }, figure(key, value)), el('span', { class: 'card-label', text: label })];
    if (help) body.push(el('span', { class: 'card-help', text: help }));
    list.append(el('li', { class: 'card' }, onclick
      ? el('button', { type: 'button', class: 'card-button', onclick }, body, el('span', { class: 'visually-hidden', text: ': show these posts' }))
      : body));
  };
  for (const kind of Object.keys(KIND_LABELS)) {
    card(`totals.by_kind.${kind}`, t.by_kind[kind], KIND_PLURALS[kind], KIND_HELP[kind],
      t.by_kind[kind] ? () => ctx.showPosts({ kind }, KIND_PLURALS[kind]) : null);
  }
  if (r.sources.some((x) => x.holds === 'likes')) card('totals.likes', t.likes, 'Likes', 'posts you liked (reading along)');
  else list.append(el('li', { class: 'card' }, el('span', { class: 'card-value', text: '\u2013' }), el('span', { class: 'card-label', text: 'Likes' }), el('span', { class: 'card-help', text: 'not in this archive' })));
  card('concentration.people', r.concentration.people, 'People', 'you replied to, named or passed on');
  card('spaces.length', r.spaces.length, 'Hashtags', 'you posted with');
  card('chats.length', r.chats.length, 'Chats', 'education chats you took part in');
  return list;
}

/**
 * Posts per month, stacked by kind.
 * @param {import('../types').Report} r
 */
function timeline(r) {
  const months = r.timeline.months;
  if (!months.length) return [];
  const busiest = months.reduce((a, b) => (b.posts > a.posts ? b : a), months[0]);
  const quiet = months.filter((m) => m.posts === 0).length;
  return [el('h3', { text: 'Posts per month' }), chart({
    label: 'Bar chart of posts per month, stacked by kind',
    caption: `Busiest month: ${monthLabel(busiest.month)} with ${plural(busiest.posts, 'post', 'posts')}. ${quiet ? `${plural(quiet, 'month', 'months')} without a post.` : 'A post in every month.'}`,
    draw: monthsByKind(months),
    alt: () => table('Posts per month', [
      { label: 'Month', value: (m) => monthLabel(m.month) },
      { label: 'Posts', value: (m) => num(m.posts), num: true },
      ...Object.keys(KIND_LABELS).map((k) => ({ label: KIND_LABELS[k], value: (m) => num(m.by_kind[k]), num: true })),
    ], months),
  })];
}

/**
 * Posts by weekday and hour.
 * @param {import('../types').Report} r
 */
function weekChart(r) {
  const week = r.timeline.week_hours;
  if (!week.busiest) return [];
  return [el('h3', { text: 'When you post' }), chart({
    label: 'Grid of posts by weekday and hour of the day',
    caption: `Your busiest hour is ${week.busiest.day} ${String(week.busiest.hour).padStart(2, '0')}:00 (${plural(week.busiest.posts, 'post', 'posts')}), in ${r.time_zone}.${r.chats.some((c) => c.sessions.length > 2) ? ' A weekly chat shows as a dark cell at its hour.' : ''}${week.time_unknown ? ` ${plural(week.time_unknown, 'post', 'posts')} from before November 2010 have a date but no time of day in the archive, so they are left out here and in chats.` : ''}`,
    draw: weekHours(week),
    alt: () => table('Posts by weekday and hour', [
      { label: 'Day', value: (row) => row.day },
      ...[...Array(24).keys()].map((h) => ({ label: `${h}`, value: (row) => (row.counts[h] ? num(row.counts[h]) : ''), num: true })),
    ], week.days.map((day, i) => ({ day, counts: week.counts[i] })), { className: 'compact' }),
  })];
}

/**
 * What the posts do (purposes) and are about (topics), side by side.
 * @param {import('../types').Report} r
 */
function mixCharts(r, ctx) {
  const byPosts = (list) => list.filter((x) => x.posts > 0).sort((a, b) => b.posts - a.posts);
  const top = byPosts(r.purposes)[0];
  const topics = byPosts(r.topics);
  return el('div', { class: 'two-up' },
    el('div', {},
      el('h3', { text: 'What your posts do' }),
      chart({
        label: 'Bar chart of the purpose of your posts',
        caption: top ? `The purpose your posts have most often is \u201c${top.label.toLowerCase()}\u201d (${pct(top.share)}).` : '',
        draw: bars(r.purposes.map((p) => ({ label: p.label, value: p.share, colour: purposeColour(p.code, r.codebook.purposes) })), { share: true }),
        alt: codeTable('Purpose of your posts', r.purposes, 'purposes', ctx, 'purpose'),
      }),
      accuracyNote(r)),
    el('div', {},
      el('h3', { text: 'What they are about' }),
      chart({
        label: 'Bar chart of the topics of your posts',
        caption: topics.length ? `A post can have several topics or none. Most often: ${topics.slice(0, 3).map((x) => x.label.toLowerCase()).join(', ')}.` : 'No topics were found.',
        draw: bars(r.topics.map((x, i) => ({ label: x.label, value: x.share, colour: OKABE_ITO[(i + 5) % 6] })), { share: true }),
        alt: codeTable('Topics of your posts', r.topics, 'topics', ctx, 'topic'),
      })));
}

/**
 * How far to trust the mix: what the coder reached on people it was not trained on, and
 * that every post's codes can be checked and changed.
 * @param {import('../types').Report} r
 */
function accuracyNote(r) {
  const measured = r.codebook.coder.model?.measured;
  return el('p', { class: 'small', id: 'accuracy-note' },
    measured
      ? `How far to trust this: the classifier's purposes agree with careful human coders ${measured}; about four posts in ten get another purpose than theirs. Read it as a profile of your posting, check the posts behind each bar, and re-code the ones it got wrong: it learns from you.`
      : 'These purposes come from your codebook\u2019s cues; check the posts behind each bar, and re-code the ones it got wrong.');
}

/**
 * Talking with people against broadcasting.
 * @param {import('../types').Report} r
 */
function conversation(r) {
  const c = r.conversation;
  const meter = el('div', { class: 'meter', role: 'img', 'aria-label': `${pct(c.conversing_share)} of posts talk with someone` },
    el('span', { class: 'meter-part talk' }), el('span', { class: 'meter-part cast' }));
  /** @type {HTMLElement} */ (meter.firstChild).style.width = `${(c.conversing_share * 100).toFixed(1)}%`;
  return [
    el('h3', { text: 'Talking or broadcasting' }),
    meter,
    el('p', { class: 'meter-legend small' },
      el('span', { class: 'swatch talk' }), 'talking with someone ', el('span', { class: 'swatch cast' }), 'broadcasting'),
    el('p', {},
      figure('conversation.conversing', c.conversing), ` of your posts (${pct(c.conversing_share)}) talk with someone: replies to others, posts that name someone, posts in a chat. `,
      figure('conversation.broadcasting', c.broadcasting), ' broadcast: announcements, shared links and reposts that name no one. Research on teachers\u2019 networks finds much more broadcasting than conversation; neither is wrong.'),
  ];
}

/** A table of code counts whose rows open the posts behind them. */
export function codeTable(caption, codes, key, ctx, filterKey) {
  return table(caption, [
    { label: 'Code', value: (c) => c.label },
    { label: 'Posts', value: (c) => figure(`${key}[${c.index}].posts`, c.posts), num: true },
    { label: 'Share', value: (c) => pct(c.share), num: true },
    { label: 'Re-coded by you', value: (c) => (c.recoded ? num(c.recoded) : ''), num: true },
    { label: '', value: (c) => (c.posts ? el('button', { type: 'button', class: 'link', text: 'Show posts', onclick: () => ctx.showPosts({ [filterKey]: c.code }, `Posts coded ${c.label.toLowerCase()}`) }) : '') },
  ], codes.map((c, index) => ({ ...c, index })));
}
