// Reflection: the questions the figures raise, for the teacher, and a mentor's walk through
// the figures, one step at a time (people, spaces, tools, purposes, change), with questions
// to discuss. Every prompt shows the figures it rests on, linked to where they are drawn.
import { el, section } from './dom.js';

// Where each area's figures are drawn.
const AREA_SECTION = {
  people: 'people', spaces: 'spaces', chats: 'chats', tools: 'spaces', purposes: 'overview',
  conversation: 'overview', reading: 'overview', change: 'change',
};

function basisList(prompt) {
  return el('p', { class: 'basis' }, 'Based on: ',
    prompt.basis.map((b, i) => [
      i ? '; ' : '',
      el('span', { 'data-basis': b.figure }, `${b.label} `, el('strong', { text: b.value })),
    ]),
    ' ', el('a', { href: `#${AREA_SECTION[prompt.area] || 'overview'}`, text: 'see the figures' }));
}

/**
 * The section, drawn from the report.
 * @param {import('../types').Report} r
 */
export function reflection(r) {
  const s = section('reflection', 'Reflection',
    'Questions drawn from your own figures. They ask; they do not judge: reading along, giving and asking all count in a learning network.');
  const teacher = r.prompts.filter((p) => p.audience === 'teacher');
  const mentor = r.prompts.filter((p) => p.audience === 'mentor').sort((a, b) => a.step - b.step);

  s.append(el('h3', { text: 'For you' }));
  s.append(el('ul', { class: 'prompts' }, teacher.map((p) => el('li', { class: 'prompt', 'data-prompt': p.id },
    el('h4', { text: p.title }), el('p', { class: 'prompt-text', text: p.text }), basisList(p)))));

  s.append(el('h3', { text: 'With a mentor' }));
  s.append(el('p', { class: 'small', text: 'For an early-career teacher and their mentor, or a pair in a teacher-education class: walk through the figures one step at a time and talk about the questions.' }));
  const stepper = el('div', { class: 'stepper' });
  const tabs = el('div', { class: 'steps', role: 'tablist', 'aria-label': 'Mentor steps' });
  const panels = [];
  let current = 0;
  const select = (i, focus) => {
    current = i;
    /** @type {HTMLElement[]} */ ([...tabs.children]).forEach((b, j) => {
      b.setAttribute('aria-selected', String(j === i));
      b.tabIndex = j === i ? 0 : -1;
    });
    panels.forEach((p, j) => { p.hidden = j !== i; });
    if (focus) /** @type {HTMLElement} */ (tabs.children[i]).focus();
  };
  mentor.forEach((p, i) => {
    const tabId = `mentor-tab-${p.step}`;
    const panelId = `mentor-panel-${p.step}`;
    const tab = el('button', { type: 'button', role: 'tab', id: tabId, 'aria-controls': panelId, text: `${p.step}. ${p.title.split(':')[0]}` });
    tab.addEventListener('click', () => select(i));
    tab.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowRight') select((current + 1) % mentor.length, true);
      if (e.key === 'ArrowLeft') select((current + mentor.length - 1) % mentor.length, true);
    });
    tabs.append(tab);
    const nav = el('p', { class: 'step-nav' },
      i > 0 ? el('button', { type: 'button', class: 'secondary', text: 'Previous step', onclick: () => select(i - 1, true) }) : null,
      i < mentor.length - 1 ? el('button', { type: 'button', text: 'Next step', onclick: () => select(i + 1, true) }) : null);
    const panel = el('div', { role: 'tabpanel', id: panelId, 'aria-labelledby': tabId, class: 'step', 'data-prompt': p.id },
      el('h4', { text: `Step ${p.step}. ${p.title}` }),
      el('p', { class: 'prompt-text', text: p.text }),
      basisList(p),
      el('p', { class: 'small', text: 'To talk about:' }),
      el('ol', { class: 'questions' }, p.questions.map((q) => el('li', { text: q }))),
      nav);
    panels.push(panel);
  });
  stepper.append(tabs, ...panels);
  s.append(stepper);
  if (mentor.length) select(0);
  return s;
}
