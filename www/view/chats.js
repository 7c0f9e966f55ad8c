// Chats: each education chat the person took part in, with its sessions on a calendar,
// posts live and later, their role, and the chat posts they liked (reading along); then
// the events and their own series, which are not chats.
import { el, figure, section, table, num, plural, details, ROLE_LABELS, safeLink, withIndex } from './dom.js';
import { chart, sessionCalendar, drawCharts } from './charts.js';

/** Events listed before "Show all". */
const EVENTS_SHOWN = 10;
/** Chat cards drawn before "Show all". */
const CHATS_SHOWN = 5;

const WEEKDAYS = { Mon: 'Mondays', Tue: 'Tuesdays', Wed: 'Wednesdays', Thu: 'Thursdays', Fri: 'Fridays', Sat: 'Saturdays', Sun: 'Sundays' };

/**
 * The section, drawn from the report.
 * @param {import('../types').Report} r
 * @param {any} ctx
 */
export function chats(r, ctx) {
  const s = section('chats', 'Chats',
    'Education chats are weekly hours (or slower conversations) on one hashtag, where a moderator posts questions Q1, Q2... and people answer A1, A2.... Live posts fall inside a session; later posts answer after it ended.');
  if (!r.chats.length) {
    s.append(el('p', { class: 'empty', text: 'None of your posts were part of an education chat, and none of the posts you liked carried a chat\u2019s hashtag.' }));
  }
  r.chats.forEach((c, i) => {
    const key = `chats[${i}]`;
    const card = el('article', { class: 'chat', 'aria-labelledby': `chat-${i}` });
    const title = el('h3', { id: `chat-${i}` }, `#${c.tag}`);
    if (c.name && c.name.replace(/^#/, '').toLowerCase() !== c.tag.toLowerCase()) title.append(el('span', { class: 'subtitle', text: ` ${c.name}` }));
    card.append(title);
    const facts = el('p', { class: 'chat-facts' },
      el('span', { class: `role role-${c.role}`, text: ROLE_LABELS[c.role] || c.role }), ' \u00b7 ',
      figure(`${key}.sessions.length`, c.sessions.length), ` ${c.sessions.length === 1 ? 'session' : 'sessions'}`, ' \u00b7 ',
      figure(`${key}.live_posts`, c.live_posts), ' live, ', figure(`${key}.later_posts`, c.later_posts), ' later');
    if (c.questions || c.answers) facts.append(` \u00b7 ${plural(c.questions, 'question', 'questions')} (Q), ${plural(c.answers, 'answer', 'answers')} (A)`);
    card.append(facts);
    const about = [];
    if (c.subject) about.push(c.subject);
    if (c.typical_weekday && c.typical_hour !== null && c.typical_hour !== undefined) {
      about.push(`you usually joined on ${WEEKDAYS[c.typical_weekday] || c.typical_weekday} at ${String(c.typical_hour).padStart(2, '0')}:00 ${c.time_zone}`);
    }
    if (c.first_session) {
      about.push(c.first_session === c.last_session ? `on ${c.first_session}` : `from ${c.first_session} to ${c.last_session}`);
    }
    about.push(c.known ? 'in the directory of known chats' : 'found from your own recurring posts (not in the directory)');
    card.append(el('p', { class: 'small', text: about.join('; ') + '.' }));
    if (c.lurking.likes) {
      card.append(el('p', {}, 'Reading along: you liked ', figure(`${key}.lurking.likes`, c.lurking.likes), ` ${c.lurking.likes === 1 ? 'post' : 'posts'} carrying #${c.tag}.`));
    }
    if (c.sessions.length) {
      card.append(chart({
        label: `Calendar of your #${c.tag} sessions by month`,
        caption: `Sessions you posted in, per month. ${c.schedules.length ? `Schedule: ${c.schedules.join('; ')}.` : ''}`,
        draw: sessionCalendar(c.sessions),
        className: 'calendar',
        alt: () => table(`#${c.tag} sessions`, [
          { label: 'Date', value: (x) => x.date },
          { label: 'Start', value: (x) => `${x.local_start.slice(11, 16)} ${x.time_zone}` },
          { label: 'Live', value: (x) => num(x.live_posts), num: true },
          { label: 'Later', value: (x) => num(x.later_posts), num: true },
          { label: 'Q / A', value: (x) => `${x.questions} / ${x.answers}` },
          { label: 'Found by', value: (x) => ({ schedule: 'schedule', burst: 'your posts', slow_week: 'slow chat week' })[x.found_by] || x.found_by },
          { label: '', value: (x) => el('button', { type: 'button', class: 'link', text: 'Posts', onclick: () => ctx.showPosts({ ids: x.live_post_ids.concat(x.later_post_ids) }, `#${c.tag} on ${x.date}`) }) },
        ], c.sessions),
      }));
      card.append(el('p', {}, el('button', {
        type: 'button', class: 'link', text: `Show all my #${c.tag} posts`,
        onclick: () => ctx.showPosts({ chat: c.tag }, `Posts in #${c.tag}`),
      })));
    }
    if (c.sources.length) {
      card.append(details('Where the schedule comes from', el('ul', {}, c.sources.map((src) => el('li', {}, safeLink(src))))));
    }
    // Chats come most sessions first: past the first few, a card waits behind "Show all".
    if (i >= CHATS_SHOWN) {
      card.hidden = true;
      card.classList.add('more-chat');
    }
    s.append(card);
  });
  if (r.chats.length > CHATS_SHOWN) {
    const more = el('button', { type: 'button', class: 'link more', id: 'chats-more', text: `Show all ${num(r.chats.length)} chats` });
    more.addEventListener('click', () => {
      for (const card of s.querySelectorAll('article.more-chat')) /** @type {HTMLElement} */ (card).hidden = false;
      more.remove();
      drawCharts();
    });
    s.append(more);
  }

  if (r.events.length) {
    s.append(el('h3', { text: 'Events' }));
    s.append(el('p', { class: 'small', text: 'Conference and event hashtags: a burst of posts on a few days, or a year in the name. They are not chats.' }));
    // A long archive has dozens of one-day bursts: the events with most posts first, the
    // conferences (a year in the name) marked, and the rest behind "Show all" (issue 12).
    const events = withIndex(r.events).sort((a, b) => b.posts - a.posts || a.tag.localeCompare(b.tag));
    s.append(table('Events, most posts first', [
      { label: 'Hashtag', value: (e) => `#${e.tag}` },
      { label: 'Posts', value: (e) => figure(`events[${e.index}].posts`, e.posts), num: true },
      { label: 'What', value: (e) => (e.year_in_name ? `conference ${e.year_in_name}` : e.days <= 1 ? 'one day' : `${e.days} days`) },
      { label: 'Days', value: (e) => (e.first_day === e.last_day ? e.first_day : `${e.first_day} to ${e.last_day}`) },
      { label: 'Liked', value: (e) => (e.lurking.likes ? num(e.lurking.likes) : ''), num: true },
      { label: '', value: (e) => el('button', { type: 'button', class: 'link', text: 'Show posts', onclick: () => ctx.showPosts({ ids: e.post_ids }, `Posts on #${e.tag}`) }) },
    ], events, { limit: EVENTS_SHOWN }));
  }
  if (r.series.length) {
    s.append(el('h3', { text: 'Your own series' }));
    s.append(el('p', { class: 'small', text: 'Numbered posts on your own hashtag (\u201cDay 12/100\u201d): a series of yours, not a conversation.' }));
    s.append(table('Your own series', [
      { label: 'Hashtag', value: (x) => `#${x.tag}` },
      { label: 'Posts', value: (x) => figure(`series[${x.index}].posts`, x.posts), num: true },
      { label: 'From', value: (x) => x.first_day },
      { label: 'To', value: (x) => x.last_day },
      { label: '', value: (x) => el('button', { type: 'button', class: 'link', text: 'Show posts', onclick: () => ctx.showPosts({ ids: x.post_ids }, `Posts on #${x.tag}`) }) },
    ], withIndex(r.series).sort((a, b) => b.posts - a.posts), { limit: EVENTS_SHOWN }));
  }
  return s;
}
