// My day: the todos of one day grouped under coloured goals. Add, check,
// edit, delete, reorder within a goal, move to tomorrow; kept live by a
// realtime subscription (another tab or device changes it too).
import { pb, me } from '../pb.js';
import { announce, coalesce, disclosure, field, formError, h, replace, reportError, submitForm } from '../dom.js';
import { addDays } from '../dates.js';
import { dateStrip } from '../datestrip.js';
import { levelLabel, levelOf } from '../visibility.js';

// the longest todo the server takes (SPEC: contents, max 300)
const TODO_LIMIT = 300;

export default async function dayView(main, ctx) {
  const user = me();
  const date = ctx.day();
  let goals = [];
  let todos = [];
  // forms survive redraws, so nothing typed is lost when data reloads
  const addForms = new Map();
  const editForms = new Map();

  const progress = h('p', { class: 'progress', 'aria-live': 'polite' });
  const body = h('div', { class: 'groups' });
  main.append(
    h('div', { class: 'view-head' }, h('h1', { tabindex: '-1' }, 'My day'), progress),
    dateStrip(date, (day) => ctx.go('/day', { date: day })),
    body);

  const mineOn = (day) => pb.filter('user = {:user} && date = {:date}', { user: user.id, date: day });

  // While this view's own writes run, a reload could fetch a half-written
  // order; realtime reloads wait until they are done, and a reload that
  // started before a write is thrown away and made again.
  let writing = 0;
  let writes = 0;
  let missed = false;
  const reloadSoon = coalesce(() => load().catch((err) => reportError(err)));
  async function write(promise) {
    writing++;
    writes++;
    try {
      return await promise;
    } finally {
      if (--writing === 0 && missed) {
        missed = false;
        reloadSoon();
      }
    }
  }

  async function load() {
    const before = writes;
    const [freshGoals, freshTodos] = await Promise.all([
      pb.collection('goals').getFullList({ filter: pb.filter('user = {:user}', { user: user.id }), sort: 'sort,created' }),
      pb.collection('todos').getFullList({ filter: mineOn(date), sort: 'sort,created' }),
    ]);
    if (writing) {
      missed = true;
      return;
    }
    if (before !== writes) {
      reloadSoon();
      return;
    }
    // the echo of this view's own writes changes nothing: no redraw, so
    // focus and open menus stay where they are
    if (drawn && signature(freshGoals, freshTodos) === signature(goals, todos)) return;
    [goals, todos] = [freshGoals, freshTodos];
    if (ctx.alive()) draw();
  }

  const groupsOf = () => {
    const known = new Set(goals.map((g) => g.id));
    return [
      ...goals.map((goal) => ({ key: goal.id, goal, items: todos.filter((t) => t.goal === goal.id) })),
      { key: 'none', goal: null, items: todos.filter((t) => !known.has(t.goal)) },
    ];
  };

  let drawn = false;
  function draw() {
    drawn = true;
    const done = todos.filter((t) => t.is_checked).length;
    progress.textContent = todos.length ? `${done} of ${todos.length} done` : 'Nothing planned yet';
    replace(body,
      groupsOf().map(drawGroup),
      !goals.length && h('p', { class: 'muted' }, 'Tip: ', h('a', { href: '/goals' }, 'make a goal'), ' to group and colour your todos.'));
  }

  function drawGroup({ key, goal, items }) {
    const headingId = `group-${key}`;
    const title = goal ? goal.title : 'No goal';
    return h('section', { class: 'group', 'aria-labelledby': headingId, style: { '--goal': goal?.color ?? '#8a8f98' } },
      h('h2', { id: headingId, class: 'goal-title' },
        h('span', { class: 'dot', 'aria-hidden': 'true' }), title,
        goal && levelOf(goal) !== 'friends' && h('span', { class: 'badge' }, levelLabel(levelOf(goal)).toLowerCase())),
      items.length ? h('ul', { class: 'todos' }, items.map((t, i) => drawTodo(t, i, items))) : null,
      addForm(key, goal, title));
  }

  function drawTodo(todo, index, siblings) {
    if (editForms.has(todo.id)) return editForms.get(todo.id);
    const id = `todo-${todo.id}`;
    return h('li', { class: `todo${todo.is_checked ? ' done' : ''}`, 'data-id': todo.id },
      h('input', { type: 'checkbox', id, checked: todo.is_checked, 'data-focus': `check-${todo.id}`, onchange: (e) => toggle(todo, e.target.checked) }),
      h('label', { for: id }, todo.contents),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'icon', 'aria-label': `Move up: ${todo.contents}`, 'data-focus': `up-${todo.id}`, disabled: index === 0, onclick: () => move(siblings, index, -1) }, '↑'),
        h('button', { type: 'button', class: 'icon', 'aria-label': `Move down: ${todo.contents}`, 'data-focus': `down-${todo.id}`, disabled: index === siblings.length - 1, onclick: () => move(siblings, index, 1) }, '↓'),
        disclosure({ 'aria-label': `More for: ${todo.contents}`, 'data-focus': `more-${todo.id}` }, '⋯',
          h('button', { type: 'button', onclick: () => startEdit(todo) }, 'Edit'),
          h('button', { type: 'button', onclick: () => toTomorrow(todo) }, 'Move to tomorrow'),
            h('button', { type: 'button', class: 'danger', onclick: () => remove(todo) }, 'Delete'))));
  }

  function addForm(key, goal, title) {
    if (addForms.has(key)) return addForms.get(key);
    const form = h('form', { class: 'add-todo', novalidate: true },
      field(`New todo in ${title}`, { name: 'contents', placeholder: 'Add a todo', autocomplete: 'off' }, { limit: TODO_LIMIT }),
      h('button', { type: 'submit', 'aria-label': `Add to ${title}` }, 'Add'),
      formError());
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const input = form.elements.contents;
      const sent = input.value;
      const ok = await submitForm(form, async () => {
        const created = await write(pb.collection('todos').create({
          contents: sent, date, goal: goal?.id ?? '', sort: nextSort(todos),
        }));
        if (!todos.some((t) => t.id === created.id)) todos.push(created);
      }, { lock: false });
      if (ok) {
        // what was typed while the request ran stays
        if (input.value === sent) {
          input.value = '';
          input.recount?.();
        }
        draw();
        input.focus();
        announce('Todo added');
      }
    });
    addForms.set(key, form);
    return form;
  }

  async function toggle(todo, checked) {
    todo.is_checked = checked;
    draw();
    try {
      Object.assign(todo, await write(pb.collection('todos').update(todo.id, { is_checked: checked })));
    } catch (err) {
      todo.is_checked = !checked;
      draw();
      reportError(err, () => toggle(todo, checked));
    }
  }

  // swaps a todo with its neighbour in its goal, then numbers the whole day
  // again so `sort` stays a plain order
  async function move(siblings, index, step) {
    const a = siblings[index];
    const b = siblings[index + step];
    const order = groupsOf().flatMap((g) => g.items);
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    [order[ia], order[ib]] = [order[ib], order[ia]];
    const changed = order.map((t, i) => [t, i]).filter(([t, i]) => t.sort !== i);
    changed.forEach(([t, i]) => { t.sort = i; });
    todos = order;
    draw();
    // keep focus on the button pressed, unless it just became disabled
    (body.querySelector(`[data-focus="${step < 0 ? 'up' : 'down'}-${a.id}"]:not(:disabled)`)
      ?? body.querySelector(`[data-focus="check-${a.id}"]`))?.focus();
    announce(`Moved ${step < 0 ? 'up' : 'down'}: ${a.contents}`);
    try {
      await write(Promise.all(changed.map(async ([t, i]) => Object.assign(t, await pb.collection('todos').update(t.id, { sort: i })))));
    } catch (err) {
      reportError(err, () => move(siblings, index, step));
      await load().catch(() => {});
    }
  }

  function startEdit(todo) {
    const form = h('form', { class: 'edit-todo', novalidate: true },
      field('Todo', { name: 'contents', value: todo.contents, autocomplete: 'off' }, { limit: TODO_LIMIT }),
      field('Goal', { name: 'goal' }, { as: 'select' }),
      formError(),
      h('div', { class: 'row' },
        h('button', { type: 'submit', class: 'primary' }, 'Save'),
        h('button', { type: 'button', onclick: () => { editForms.delete(todo.id); draw(); } }, 'Cancel')));
    form.elements.goal.append(
      h('option', { value: '' }, 'No goal'),
      goals.map((g) => h('option', { value: g.id, selected: g.id === todo.goal }, g.title)));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const ok = await submitForm(form, async () => {
        Object.assign(todo, await write(pb.collection('todos').update(todo.id, {
          contents: form.elements.contents.value, goal: form.elements.goal.value,
        })));
      });
      if (ok) {
        editForms.delete(todo.id);
        draw();
        body.querySelector(`[data-focus="check-${todo.id}"]`)?.focus();
        announce('Saved');
      }
    });
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { editForms.delete(todo.id); draw(); }
    });
    editForms.set(todo.id, h('li', { class: 'todo editing', 'data-id': todo.id }, form));
    draw();
    form.elements.contents.focus();
  }

  async function toTomorrow(todo) {
    const tomorrow = addDays(date, 1);
    try {
      const last = await pb.collection('todos').getList(1, 1, { filter: mineOn(tomorrow), sort: '-sort' });
      await write(pb.collection('todos').update(todo.id, { date: tomorrow, sort: nextSort(last.items) }));
      todos = todos.filter((t) => t.id !== todo.id);
      draw();
      announce(`Moved to tomorrow: ${todo.contents}`);
    } catch (err) {
      reportError(err, () => toTomorrow(todo));
    }
  }

  async function remove(todo) {
    try {
      await write(pb.collection('todos').delete(todo.id));
      todos = todos.filter((t) => t.id !== todo.id);
      draw();
      announce(`Deleted: ${todo.contents}`);
    } catch (err) {
      reportError(err, () => remove(todo));
    }
  }

  try {
    await load();
  } catch (err) {
    body.append(h('p', { class: 'muted' }, 'Could not load your day.'));
    reportError(err, () => load().catch((e) => reportError(e)));
  }

  // other tabs and devices: reload when one of my todos or goals changes
  const onMine = (e) => {
    if (e.record.user !== user.id) return;
    if (writing) missed = true;
    else reloadSoon();
  };
  const unsubscribers = await Promise.all([
    pb.collection('todos').subscribe('*', onMine),
    pb.collection('goals').subscribe('*', onMine),
  ]).catch((err) => { reportError(err); return []; });
  ctx.onCleanup(() => unsubscribers.forEach((off) => off().catch(() => {})));
}

// what a redraw would show differently
const signature = (goals, todos) => JSON.stringify([goals, todos].map((records) =>
  records.map((r) => [r.id, r.updated, r.sort]).sort(([a], [b]) => (a < b ? -1 : 1))));

const nextSort = (items) => (items.length ? Math.max(...items.map((t) => t.sort ?? 0)) + 1 : 0);
