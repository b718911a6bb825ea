// Routines as the app shows them: the weekday chips and the end day of a
// routine being made or changed, and the two requests that change a
// routine from one of its days on ("this and later days").
import { pb } from './pb.js';
import { field, h } from './dom.js';
import { addDays, dayString, parseDay } from './dates.js';

// the API's weekday values, Monday first (SPEC: routines.weekdays)
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const weekdayName = (value, style) =>
  parseDay(addDays('2026-11-02', WEEKDAYS.indexOf(value))).toLocaleDateString(undefined, { weekday: style }); // a Monday

/** The API weekday of a YYYY-MM-DD day. */
export const weekdayOf = (day) => WEEKDAYS[(parseDay(day).getDay() + 6) % 7];

/** The last day a routine starting on start may end on: a year later. */
export function lastEnd(start) {
  const d = parseDay(start);
  d.setFullYear(d.getFullYear() + 1); // a 29 February goes on to 1 March, as on the server
  return dayString(d);
}

/**
 * The fields of a routine's pattern: the weekdays as toggle chips (named
 * `weekdays`, one checkbox each) and the end day (`end`), with the error
 * slots the server's field errors go to.
 */
export function routineFields({ start, weekdays = [weekdayOf(start)], end = addDays(start, 27) }) {
  const chips = h('fieldset', { class: 'weekdays' },
    h('legend', null, 'On'),
    h('div', { class: 'chips' }, WEEKDAYS.map((value) => h('label', { class: 'chip', title: weekdayName(value, 'long') },
      h('input', { type: 'checkbox', name: 'weekdays', value, checked: weekdays.includes(value) }),
      h('span', null, weekdayName(value, 'short'))))),
    h('p', { class: 'field-error', 'data-error-for': 'weekdays' }));
  return h('div', { class: 'routine-fields' },
    chips,
    field('Until', { name: 'end', type: 'date', value: end, min: start, max: lastEnd(start) }, { hint: 'At most a year on.' }));
}

/** The weekdays and end of a form holding routineFields. */
export const patternOf = (form) => ({
  weekdays: [...form.querySelectorAll('input[name="weekdays"]:checked')].map((c) => c.value),
  end: form.elements.end.value,
});

/** "Mon, Wed, Fri until 31 Dec": a routine's pattern for people. */
export function describePattern(routine) {
  const days = WEEKDAYS.filter((w) => routine.weekdays?.includes(w)).map((w) => weekdayName(w, 'short'));
  const until = parseDay(routine.end).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
  return `${days.join(', ')} until ${until}`;
}

/** Changes the routine of todo from its day on; answers the routine. */
export const changeLater = (todoId, changes) =>
  pb.send(`/api/todomate/todos/${encodeURIComponent(todoId)}/later`, { method: 'POST', body: changes });

/** Deletes todo's day and the later days of its routine. */
export const deleteLater = (todoId) =>
  pb.send(`/api/todomate/todos/${encodeURIComponent(todoId)}/later`, { method: 'DELETE' });
