// The week strip at the top of My day, Diary and Feed: seven days, the
// selected one pressed, arrows to the weeks around it.
import { h } from './dom.js';
import { addDays, longDay, parseDay, shortWeekday, today, weekStart } from './dates.js';

export function dateStrip(selected, pick) {
  const now = today();
  const days = Array.from({ length: 7 }, (_, i) => addDays(weekStart(selected), i));
  return h('div', { class: 'date-strip' },
    h('div', { class: 'week', role: 'group', 'aria-label': 'Choose a day' },
      h('button', { type: 'button', class: 'step', 'aria-label': 'Previous week', 'data-focus': 'prev-week', onclick: () => pick(addDays(selected, -7)) }, '‹'),
      days.map((day) => h('button', {
        type: 'button',
        class: `day${day === now ? ' today' : ''}`,
        'aria-pressed': String(day === selected),
        'aria-label': `${longDay(day)}${day === now ? ' (today)' : ''}`,
        'data-day': day,
        'data-focus': `day-${day}`,
        onclick: () => pick(day),
      },
      h('span', { class: 'wd', 'aria-hidden': 'true' }, shortWeekday(day)),
      h('span', { class: 'dn', 'aria-hidden': 'true' }, String(parseDay(day).getDate())))),
      h('button', { type: 'button', class: 'step', 'aria-label': 'Next week', 'data-focus': 'next-week', onclick: () => pick(addDays(selected, 7)) }, '›')),
    h('p', { class: 'date-title' },
      h('strong', null, longDay(selected)),
      selected !== now && h('button', { type: 'button', class: 'link', onclick: () => pick(now) }, 'Back to today')));
}
