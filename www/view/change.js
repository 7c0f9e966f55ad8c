// Change over time: how people, spaces and purposes shifted year by year.
import { el, section, table, num, pct, figure } from './dom.js';
import { chart, yearStack, purposeColour } from './charts.js';

/**
 * The section, drawn from the report.
 * @param {import('../types').Report} r
 */
export function change(r) {
  const s = section('change', 'Change over time');
  const years = r.people_by_year;
  if (years.length < 2) {
    s.append(el('p', { class: 'empty', text: years.length ? `All your posts are from ${years[0].year}, so there is no change to show yet.` : 'There are no posts to compare.' }));
    return s;
  }
  const first = years[0];
  const last = years[years.length - 1];
  s.append(el('p', { class: 'lead' },
    `From ${first.year} to ${last.year}: ${num(first.posts)} posts and ${num(first.people)} people in ${first.year}; `,
    figure(`people_by_year[${years.length - 1}].posts`, last.posts), ` posts and `, figure(`people_by_year[${years.length - 1}].people`, last.people), ` people in ${last.year}.`));

  s.append(el('h3', { text: 'People, year by year' }));
  const peopleRows = [];
  for (const y of years) {
    peopleRows.push({ year: y.year, key: 'new', value: y.new });
    peopleRows.push({ year: y.year, key: 'kept from the year before', value: y.kept });
    peopleRows.push({ year: y.year, key: 'back after a gap', value: y.returning });
  }
  s.append(chart({
    label: 'Stacked bars of the people you interacted with each year: new, kept and back',
    caption: `Each bar is the people you interacted with that year: new to you, kept from the year before, or back after a gap. The table also gives the people you did not meet again.${years.some((y) => y.months < 12) ? ' The first and last years may be partial (the table says how many months the archive covers).' : ''}`,
    draw: yearStack(peopleRows, ['kept from the year before', 'back after a gap', 'new'], ['#0072B2', '#56B4E9', '#E69F00'], { label: 'people' }),
    alt: table('People by year', [
      { label: 'Year', value: (y) => (y.months < 12 ? `${y.year} (${y.months} ${y.months === 1 ? 'month' : 'months'})` : `${y.year}`) },
      { label: 'Posts', value: (y) => num(y.posts), num: true },
      { label: 'People', value: (y) => num(y.people), num: true },
      { label: 'New', value: (y) => num(y.new), num: true },
      { label: 'Kept', value: (y) => num(y.kept), num: true },
      { label: 'Back', value: (y) => num(y.returning), num: true },
      { label: 'Not met again', value: (y) => num(y.lost), num: true },
      { label: 'Top five take', value: (y) => (y.interactions ? pct(y.top5_share) : ''), num: true },
    ], years),
  }));

  s.append(el('h3', { text: 'Hashtags, year by year' }));
  s.append(table('Hashtags by year', [
    { label: 'Year', value: (y) => `${y.year}` },
    { label: 'Hashtags', value: (y) => num(y.hashtags), num: true },
    { label: 'New', value: (y) => num(y.new), num: true },
    { label: 'Kept', value: (y) => num(y.kept), num: true },
    { label: 'Dropped', value: (y) => num(y.lost), num: true },
    { label: 'Chats', value: (y) => y.chats.map((c) => `#${c}`).join(', ') },
    { label: 'Most used', value: (y) => y.top.map((t) => `#${t}`).join(', ') },
  ], r.spaces_by_year));

  s.append(el('h3', { text: 'What your posts do, year by year' }));
  const codes = r.purposes.map((p) => p.code);
  const labels = Object.fromEntries(r.purposes.map((p) => [p.code, p.label]));
  const mixRows = [];
  for (const y of r.timeline.years) for (const code of codes) mixRows.push({ year: y.year, key: labels[code], value: y.purposes[code] || 0 });
  s.append(chart({
    label: 'Stacked bars of the purpose mix of your posts each year',
    caption: 'Each bar is one year of posts, split by purpose (as shares, so quiet and busy years compare).',
    draw: yearStack(mixRows, codes.map((c) => labels[c]), codes.map((c) => purposeColour(c, r.codebook.purposes)), { normalise: true }),
    alt: table('Purposes by year', [
      { label: 'Year', value: (y) => `${y.year}` },
      { label: 'Posts', value: (y) => num(y.posts), num: true },
      ...codes.map((c) => ({ label: labels[c], value: (y) => num(y.purposes[c] || 0), num: true })),
    ], r.timeline.years),
  }));
  s.append(el('h3', { text: 'Talking or broadcasting, year by year' }));
  s.append(table('Talking and broadcasting by year', [
    { label: 'Year', value: (y) => `${y.year}` },
    { label: 'Talking', value: (y) => num(y.conversing), num: true },
    { label: 'Broadcasting', value: (y) => num(y.broadcasting), num: true },
    { label: 'Talking share', value: (y) => pct(y.conversing / Math.max(1, y.conversing + y.broadcasting)), num: true },
  ], r.conversation.years));
  return s;
}
