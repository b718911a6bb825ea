// Calendar: a month at a glance — done/total per day and the diary's
// emoji — for me or for a friend (GET /api/todomate/users/{id}/calendar).
import { pb, me, todomate, displayName } from '../pb.js';
import { h } from '../dom.js';
import { addDays, addMonths, isMonth, longDay, monthTitle, parseDay, today } from '../dates.js';

export default async function calendarView(main, ctx) {
  const self = me();
  const userId = ctx.args[0] || self.id;
  const mine = userId === self.id;
  const month = isMonth(ctx.params.get('month')) ? ctx.params.get('month') : today().slice(0, 7);
  const base = mine ? '/calendar' : `/calendar/${userId}`;

  const heading = h('h1', { tabindex: '-1' }, mine ? 'My calendar' : 'Calendar');
  main.append(heading);

  let owner = self;
  let data;
  try {
    [owner, data] = await Promise.all([
      mine ? self : pb.collection('users').getOne(userId, { fields: 'id,username,name' }),
      todomate(`/users/${encodeURIComponent(userId)}/calendar`, { month }),
    ]);
  } catch (err) {
    if (err?.status !== 404) throw err;
    main.append(h('div', { class: 'card' }, h('p', null, 'This calendar is shared with friends only.'),
      h('p', null, h('a', { href: '/people' }, 'Back to people'))));
    return;
  }
  if (!ctx.alive()) return;
  if (!mine) heading.textContent = `${displayName(owner)}’s calendar`;

  const byDay = new Map(data.days.map((d) => [d.date, d]));
  const first = `${month}-01`;
  const lead = (parseDay(first).getDay() + 6) % 7; // Monday first
  const days = [];
  for (let day = first; day.startsWith(month); day = addDays(day, 1)) days.push(day);
  const weekdays = Array.from({ length: 7 }, (_, i) =>
    parseDay(addDays('2026-11-02', i)).toLocaleDateString(undefined, { weekday: 'short' })); // a Monday

  const now = today();
  main.append(
    h('div', { class: 'month-nav' },
      h('a', { class: 'button quiet', href: `${base}?month=${addMonths(month, -1)}`, 'aria-label': 'Previous month' }, '‹'),
      h('h2', { 'aria-live': 'polite' }, monthTitle(month)),
      h('a', { class: 'button quiet', href: `${base}?month=${addMonths(month, 1)}`, 'aria-label': 'Next month' }, '›')),
    h('div', { class: 'calendar', 'data-month': month },
      weekdays.map((w) => h('div', { class: 'wd', 'aria-hidden': 'true' }, w)),
      Array.from({ length: lead }, () => h('div', { class: 'blank', 'aria-hidden': 'true' })),
      h('ol', { class: 'days', 'aria-label': monthTitle(month), style: { display: 'contents' } }, days.map((day) => {
        const d = byDay.get(day);
        const summary = d ? `${d.done} of ${d.total} done${d.emoji ? `, diary ${d.emoji}` : ''}` : 'nothing';
        const inner = [
          h('span', { class: 'dn' }, String(parseDay(day).getDate())),
          h('span', { class: 'emoji', 'aria-hidden': 'true' }, d?.emoji ?? ''),
          d?.total ? h('span', { class: `count${d.done === d.total ? ' all' : ''}`, 'aria-hidden': 'true' }, `${d.done}/${d.total}`) : null,
        ];
        const label = `${longDay(day)}: ${summary}`;
        return h('li', { class: `cell${day === now ? ' today' : ''}${d ? ' has' : ''}`, 'data-day': day },
          mine
            ? h('a', { href: `/day?date=${day}`, 'aria-label': label }, inner)
            : h('span', { 'aria-label': label, role: 'img' }, inner));
      }))));
}
