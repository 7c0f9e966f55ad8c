// The class view: many anonymous summaries side by side (issue 12). Drawn from the
// Worker's `class` answer (src/class.rs builds it, as `pln-lens class` does): every
// figure with each student's value and the class's spread, the chats and kinds of sites
// students share, and questions for the class. Students appear only under the pseudonym
// they chose; nothing here came from anyone's posts.
import * as Plot from '@observablehq/plot';
import { el, section, table, num, pct, figure } from './dom.js';
import { chart, OKABE_ITO } from './charts.js';

/**
 * A value as the figure shows it: a share as a percentage, a count as a number.
 * @param {import('../types').ClassFigure} f
 * @param {number | null | undefined} v
 */
function show(f, v) {
  if (v === null || v === undefined) return '\u2013';
  return f.share ? pct(v) : num(Math.round(v));
}

/**
 * A dot strip per figure: one dot per student, placed on the figure's own axis.
 * @param {import('../types').ClassView} c
 * @param {import('../types').ClassFigure[]} figures
 */
function strips(c, figures) {
  const rows = figures.flatMap((f) => f.values.map((v, i) => ({ figure: f.label, student: c.names[i], value: v }))
    .filter((d) => d.value !== null && d.value !== undefined));
  return (width) => Plot.plot({
    // The class "pl" carries Plot's legend layout in style.css (see charts.js `base`).
    className: 'pl',
    style: { fontFamily: 'inherit', fontSize: '12px', background: 'transparent' },
    width,
    height: 40 + figures.length * 34,
    marginLeft: Math.min(320, width / 2.4),
    x: { domain: [0, 1], tickFormat: (d) => pct(d), label: 'share of posts or interactions', grid: true },
    y: { domain: figures.map((f) => f.label), label: null },
    color: { domain: c.names, range: OKABE_ITO, legend: true },
    marks: [
      Plot.dot(rows, { x: 'value', y: 'figure', stroke: 'student', fill: 'student', r: 6, fillOpacity: 0.8, title: (d) => `${d.student}: ${pct(d.value)}` }),
    ],
  });
}

/**
 * The class view as a section.
 * @param {import('../types').ClassView} c
 * @param {string[]} problems files that were not summaries
 */
export function classView(c, problems) {
  const s = section('class-side', 'The class side by side',
    'Each student appears under the name they chose. The figures come from anonymous summaries: no posts, names, links or dates finer than a month.');
  s.append(el('p', { class: 'lead' }, figure('students', c.students), ` ${c.students === 1 ? 'summary' : 'summaries'}: ${c.names.join(', ')}.`));
  if (problems.length) {
    s.append(el('div', { class: 'notice', role: 'status' }, el('p', { text: 'Some files were not PLN Lens summaries and were left out:' }),
      el('ul', {}, problems.map((p) => el('li', { text: p })))));
  }
  if (!c.students) return s;

  const shares = c.figures.filter((f) => f.share && f.values.some((v) => v !== null && v !== undefined && v > 0));
  s.append(el('h3', { text: 'Where each student sits' }));
  s.append(chart({
    label: 'Shares per student, one row per figure',
    caption: 'Each dot is one student. Rows are shares: of posts (purposes, topics, talking with people) or of interactions (the five closest people).',
    draw: strips(c, shares),
    alt: () => figureTable(c, shares),
  }));
  s.append(figureTable(c, c.figures.filter((f) => !f.share), 'Counts per student'));
  s.append(el('details', { class: 'alt' }, el('summary', { text: 'Every share as a table' }), figureTable(c, shares)));

  s.append(el('h3', { text: 'Chats in common' }));
  if (c.chats.length) {
    s.append(table('Public education chats, by how many students took part', [
      { label: 'Chat', value: (x) => `#${x.key}` },
      { label: 'Name', value: (x) => x.label },
      { label: 'Students', value: (x) => num(x.students.length), num: true },
      { label: 'Sessions in all', value: (x) => num(x.count), num: true },
      { label: 'Who', value: (x) => x.students.join(', ') },
    ], c.chats));
  } else {
    s.append(el('p', { class: 'empty', text: 'No student took part in a public chat of the directory.' }));
  }
  s.append(el('h3', { text: 'Kinds of sites linked to' }));
  s.append(table('Kinds of sites, by how many students linked to them', [
    { label: 'Kind', value: (x) => x.label },
    { label: 'Students', value: (x) => num(x.students.length), num: true },
    { label: 'Posts in all', value: (x) => num(x.count), num: true },
  ], c.tools));
  s.append(el('h3', { text: 'For discussion' }));
  s.append(el('ol', { class: 'prompts' }, c.prompts.map((p) => el('li', { text: p }))));
  return s;
}

/**
 * Figures as rows, students as columns, with the class's spread.
 * @param {import('../types').ClassView} c
 * @param {import('../types').ClassFigure[]} figures
 * @param {string} [caption]
 */
function figureTable(c, figures, caption = 'Shares per student') {
  return table(caption, [
    { label: 'Figure', value: (f) => f.label },
    ...c.names.map((name, i) => ({ label: name, value: (f) => show(f, f.values[i]), num: true })),
    { label: 'Lowest', value: (f) => show(f, f.min), num: true },
    { label: 'Median', value: (f) => show(f, f.median), num: true },
    { label: 'Highest', value: (f) => show(f, f.max), num: true },
  ], figures, { className: 'class-table' });
}
