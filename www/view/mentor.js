// Mentor mode (issue 12): a guided walk-through for two people at one screen. One section
// of the report at a time, the mentor's question for it (the report's mentor prompts,
// src/report/prompts.rs), a box for notes, and a printable one-page summary of the
// conversation. Notes live in this page only: nothing stores or sends them; they leave the
// page only if printed or saved by the person.
import { el, owner } from './dom.js';
import { drawCharts } from './charts.js';

// Where each prompt area's figures are drawn (as in reflection.js).
const AREA_SECTION = {
  people: 'people', spaces: 'spaces', chats: 'chats', tools: 'spaces', purposes: 'overview',
  conversation: 'overview', reading: 'overview', change: 'change',
};

/**
 * The steps: the report's mentor prompts in order, each with its section.
 * @param {import('../types').Report} r
 */
export function mentorSteps(r) {
  return r.prompts.filter((p) => p.audience === 'mentor')
    .sort((a, b) => (a.step ?? 0) - (b.step ?? 0))
    .map((p) => ({ prompt: p, section: AREA_SECTION[p.area] || 'overview', notes: '' }));
}

/**
 * The one-page summary of the session: who, when, each step's question and notes.
 * @param {import('../types').Report} r
 * @param {{ prompt: import('../types').Prompt, notes: string }[]} steps
 */
export function mentorSheet(r, steps) {
  return el('div', { id: 'mentor-sheet', class: 'mentor-sheet' },
    el('h1', { text: 'Mentor session: notes' }),
    el('p', { class: 'small', text: `PLN Lens report of ${owner(r.account, 'an archive')}, talked through on ${new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}.` }),
    el('ol', {}, steps.map((s) => el('li', {},
      el('h2', { text: s.prompt.title }),
      el('p', { class: 'small', text: s.prompt.text }),
      s.prompt.questions.length ? el('p', { class: 'question', text: `Asked: ${s.prompt.questions[0]}` }) : null,
      el('p', { class: 'notes', text: s.notes.trim() || '(no notes)' })))));
}

/**
 * Starts mentor mode over the drawn report in `root`; returns a function that ends it.
 * @param {HTMLElement} root the report's element
 * @param {import('../types').Report} r
 */
export function startMentor(root, r) {
  const steps = mentorSteps(r);
  let at = 0;
  const title = el('h2', { id: 'mentor-title', tabindex: '-1' });
  const text = el('p', { class: 'mentor-text' });
  const questions = el('ul', { class: 'mentor-questions' });
  const notes = el('textarea', { id: 'mentor-notes', rows: '4', 'aria-label': 'Notes on this step (stay on this computer)' });
  const where = el('p', { class: 'small' });
  const prev = el('button', { type: 'button', class: 'secondary', id: 'mentor-prev', text: 'Previous' });
  const next = el('button', { type: 'button', id: 'mentor-next', text: 'Next' });
  const print = el('button', { type: 'button', class: 'secondary', id: 'mentor-print', text: 'Print the one-page summary' });
  const end = el('button', { type: 'button', class: 'secondary', id: 'mentor-end', text: 'End the session' });
  const panel = el('aside', { id: 'mentor-panel', class: 'mentor-panel', 'aria-labelledby': 'mentor-title' },
    el('p', { class: 'small', text: 'Mentor session: one part of the report at a time. Ask the question, talk, and note what you agree on. Notes stay in this page.' }),
    where, title, text, el('p', { class: 'question-label', text: 'Questions to ask:' }), questions,
    el('label', { for: 'mentor-notes', class: 'notes-label', text: 'Notes' }), notes,
    el('div', { class: 'dialog-buttons' }, prev, next, print, end));

  const show = () => {
    const s = steps[at];
    where.textContent = `Step ${at + 1} of ${steps.length}`;
    title.textContent = s.prompt.title;
    text.textContent = s.prompt.text;
    questions.replaceChildren(...s.prompt.questions.map((q) => el('li', { text: q })));
    notes.value = s.notes;
    prev.disabled = at === 0;
    next.disabled = at === steps.length - 1;
    for (const sec of root.querySelectorAll('.report-section')) sec.classList.toggle('mentor-current', sec.id === s.section);
    drawCharts({ all: true });
    title.focus();
  };
  notes.addEventListener('input', () => { steps[at].notes = notes.value; });
  prev.addEventListener('click', () => { if (at > 0) { at -= 1; show(); } });
  next.addEventListener('click', () => { if (at < steps.length - 1) { at += 1; show(); } });
  print.addEventListener('click', () => {
    document.getElementById('mentor-sheet')?.remove();
    document.querySelector('main')?.append(mentorSheet(r, steps));
    document.body.dataset.printing = 'mentor';
    window.print();
  });
  window.addEventListener('afterprint', () => { delete document.body.dataset.printing; });

  const stop = () => {
    panel.remove();
    document.getElementById('mentor-sheet')?.remove();
    delete document.body.dataset.mentor;
    for (const sec of root.querySelectorAll('.report-section')) sec.classList.remove('mentor-current');
    drawCharts({ all: true });
  };
  end.addEventListener('click', stop);
  root.prepend(panel);
  document.body.dataset.mentor = 'on';
  if (!steps.length) {
    title.textContent = 'There are no mentor questions for this report.';
    next.disabled = true;
    return stop;
  }
  show();
  window.scrollTo(0, 0);
  return stop;
}
