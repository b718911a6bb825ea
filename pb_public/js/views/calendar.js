// Calendar: a month at a glance — done/total per day and the diary's
// emoji — of what I may see of someone (GET /api/todomate/users/{id}/calendar):
// all of mine, a friend's shared things, a stranger's "everyone" things.
// A day with done todos is painted in their goals' colours: filled when all
// are done, a band along the bottom when some are. A tap on a day opens it.
// On someone else's calendar I can block them, or unblock them.
import { pb, me, todomate, displayName } from '../pb.js';
import { announce, h, replace, reportError } from '../dom.js';
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
  let block = null; // my block of this person, if any
  let friend = false;
  try {
    [owner, data, block, friend] = await Promise.all([
      mine ? self : pb.collection('users').getOne(userId, { fields: 'id,username,name' }),
      todomate(`/users/${encodeURIComponent(userId)}/calendar`, { month }),
      mine ? null : myBlockOf(self.id, userId),
      mine ? false : todomate('/friends').then((r) => (r.items ?? []).some((f) => f.id === userId)),
    ]);
  } catch (err) {
    if (err?.status !== 404) throw err;
    // nobody by that id, or someone who blocks me: the same to me
    if (!ctx.alive()) return;
    heading.textContent = 'Not found';
    main.append(h('div', { class: 'card empty' },
      h('p', null, 'This person was not found.'),
      h('p', null, h('a', { href: '/people' }, 'Back to people'))));
    return;
  }
  if (!ctx.alive()) return;

  const who = `@${owner.username}`;
  const bar = h('div', { class: 'person-bar' });
  const empty = h('div');
  if (!mine) {
    heading.textContent = `${displayName(owner)}’s calendar`;
    main.append(bar);
    drawBar();
  }

  const first = `${month}-01`;
  const lead = (parseDay(first).getDay() + 6) % 7; // Monday first
  const days = [];
  for (let day = first; day.startsWith(month); day = addDays(day, 1)) days.push(day);
  const weekdays = Array.from({ length: 7 }, (_, i) =>
    parseDay(addDays('2026-11-02', i)).toLocaleDateString(undefined, { weekday: 'short' })); // a Monday

  const grid = h('div');
  main.append(
    h('div', { class: 'month-nav' },
      h('a', { class: 'button quiet', href: `${base}?month=${addMonths(month, -1)}`, 'aria-label': 'Previous month' }, '‹'),
      h('h2', { 'aria-live': 'polite' }, monthTitle(month)),
      h('a', { class: 'button quiet', href: `${base}?month=${addMonths(month, 1)}`, 'aria-label': 'Next month' }, '›')),
    empty,
    grid);
  drawMonth();

  function drawMonth() {
    const now = today();
    const byDay = new Map(data.days.map((d) => [d.date, d]));
    replace(grid, h('div', { class: 'calendar', 'data-month': month },
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
        const paint = paintOf(d);
        if (paint?.band) inner.push(h('span', { class: 'band', 'aria-hidden': 'true', style: paint.style }));
        const cell = { class: paint?.fill ? 'painted' : null, style: paint?.fill ? paint.style : null, 'aria-label': label };
        return h('li', { class: `cell${day === now ? ' today' : ''}${d ? ' has' : ''}`, 'data-day': day },
          mine
            ? h('a', { ...cell, href: `/day?date=${day}` }, inner)
            : d
              ? h('a', { ...cell, href: `/people/${encodeURIComponent(userId)}?date=${day}` }, inner)
              : h('span', { ...cell, role: 'img' }, inner));
      }))));
    drawEmpty();
  }

  // a month with nothing to show says so, and why it may be so
  function drawEmpty() {
    if (data.days.length) return replace(empty);
    const why = block
      ? `You blocked ${who}: neither of you sees the other’s things.`
      : !mine && !friend && 'Friends (people who follow each other) may see more.';
    replace(empty, h('div', { class: 'card empty calendar-empty' },
      h('p', null, mine
        ? `Nothing planned in ${monthTitle(month)} yet.`
        : `Nothing ${displayName(owner)} shares with you in ${monthTitle(month)}.`),
      why && h('p', { class: 'muted' }, why)));
  }

  function drawBar() {
    if (block) {
      replace(bar,
        h('p', { class: 'muted' }, `You blocked ${who}.`),
        h('button', { type: 'button', 'data-focus': 'block', onclick: unblock }, `Unblock ${who}`));
    } else {
      replace(bar,
        friend ? null : h('p', { class: 'muted' }, `You see what ${who} shares with everyone.`),
        h('button', { type: 'button', class: 'danger', 'data-focus': 'block', 'aria-expanded': 'false', onclick: askBlock }, `Block ${who}`));
    }
  }

  // blocking ends the follows both ways and hides each from the other, so
  // it asks once more in place
  function askBlock() {
    if (bar.querySelector('.confirm')) return;
    bar.querySelector('[data-focus="block"]').setAttribute('aria-expanded', 'true');
    const cancel = () => { confirm.remove(); drawBar(); bar.querySelector('[data-focus="block"]').focus(); };
    const confirm = h('div', { class: 'confirm', role: 'group', 'aria-label': 'Confirm block' },
      h('p', null, h('strong', null, `Block ${who}?`), ' ',
        `You will stop following each other. Neither of you will see the other’s goals, todos or diary, and ${who} will not find you.`),
      h('button', { type: 'button', class: 'danger', onclick: doBlock }, 'Yes, block'),
      h('button', { type: 'button', onclick: cancel }, 'Cancel'));
    confirm.addEventListener('keydown', (e) => { if (e.key === 'Escape') cancel(); });
    bar.append(confirm);
    confirm.querySelector('button').focus();
  }

  async function doBlock() {
    try {
      block = await pb.collection('blocks').create({ blocked: userId });
      await reload();
      bar.querySelector('[data-focus="block"]')?.focus();
      announce(`Blocked ${who}`);
    } catch (err) {
      reportError(err, doBlock);
    }
  }

  async function unblock() {
    try {
      await pb.collection('blocks').delete(block.id);
      block = null;
      await reload();
      bar.querySelector('[data-focus="block"]')?.focus();
      announce(`Unblocked ${who}`);
    } catch (err) {
      reportError(err, unblock);
    }
  }

  // after a block or an unblock, what I see of them changed: the month
  // is drawn again
  async function reload() {
    const [fresh, fr] = await Promise.all([
      todomate(`/users/${encodeURIComponent(userId)}/calendar`, { month }),
      todomate('/friends'),
    ]);
    if (!ctx.alive()) return;
    data = fresh;
    friend = (fr.items ?? []).some((f) => f.id === userId);
    drawBar();
    drawMonth();
  }
}

// the colour of done todos with no goal: a neutral grey
const NO_GOAL = '#8a8f98';
const HEX = /^#[0-9a-f]{6}$/i;

/**
 * How a day of the calendar is painted: null when nothing is done; else its
 * colours as CSS (one colour, or equal stripes with hard stops), to fill the
 * cell when all is done (fill) or to draw a band when some is (band).
 */
function paintOf(d) {
  if (!d?.done) return null;
  // the API gives the colours of the goals of done todos only: done todos
  // and no colour are done todos with no goal (how many of a painted day's
  // done todos have none, it does not say)
  const given = (d.colors ?? []).filter((c) => HEX.test(c));
  const colors = given.length ? given : [NO_GOAL];
  const style = { 'background-color': colors[0] };
  if (colors.length > 1) style['background-image'] = stripes(colors);
  const fill = d.done >= d.total;
  return { fill, band: !fill, style };
}

/** Equal vertical stripes of the colours, left to right. */
function stripes(colors) {
  const width = 100 / colors.length;
  const stops = colors.map((c, i) => `${c} ${(i * width).toFixed(2)}% ${((i + 1) * width).toFixed(2)}%`);
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** My block of a user, or null (the blocks I see are only my own). */
function myBlockOf(self, userId) {
  return pb.collection('blocks')
    .getFirstListItem(pb.filter('blocker = {:self} && blocked = {:user}', { self, user: userId }))
    .catch((err) => { if (err?.status === 404) return null; throw err; });
}
