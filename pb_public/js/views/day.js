// My day: my friends on top, then the todos of one day grouped under
// coloured goals, each with who cheered it. Add (once, or as a routine on
// chosen weekdays), check, edit, delete (with Undo), reorder within a goal,
// do it another day, again tomorrow or today; a routine's day is changed or
// deleted alone or with its later days. Kept live by realtime subscriptions
// (another tab or device changes it, a friend cheers).
import { pb, me, getFileToken } from '../pb.js';
import { announce, append, coalesce, disclosure, field, formError, h, replace, reportError, submitForm, toast, trackUnsaved } from '../dom.js';
import { CHEERED_BY_QUERY, cheeredBy, likesByTarget } from '../cheers.js';
import { friendsRow } from '../friends.js';
import { addDays, longDay, today } from '../dates.js';
import { changeLater, deleteLater, describePattern, patternOf, routineFields } from '../routines.js';
import { alarmsOn, extrasBadges, extrasFields, remindToday, saveWithExtras } from '../todo_extras.js';
import { dateStrip } from '../datestrip.js';
import { levelLabel, levelOf } from '../visibility.js';

// the longest todo the server takes (SPEC: contents, max 300)
const TODO_LIMIT = 300;

export default async function dayView(main, ctx) {
  const user = me();
  const date = ctx.day();
  let goals = [];
  let todos = [];
  let likes = []; // the cheers on this day's todos, expand.user
  let alarms = new Map(); // my alarms of this day's todos, by todo
  let token = ''; // a file token, when a todo has a proof photo
  let stopReminders = () => {};
  ctx.onCleanup(() => stopReminders());
  // forms survive redraws, so nothing typed is lost when data reloads
  const addForms = new Map();
  const editForms = new Map();

  const progress = h('p', { class: 'progress', 'aria-live': 'polite' });
  const body = h('div', { class: 'groups' });
  const friendsHolder = h('div');
  main.append(
    h('div', { class: 'view-head' }, h('h1', { tabindex: '-1' }, 'My day'), progress),
    friendsHolder,
    dateStrip(date, (day) => ctx.go('/day', { date: day })),
    body);
  const loadFriends = () => friendsRow(date).then((row) => { if (ctx.alive()) replace(friendsHolder, row); });

  const mineOn = (day) => pb.filter('user = {:user} && date = {:date}', { user: user.id, date: day });

  // While this view's own writes run, a reload could fetch a half-written
  // order, or the server could answer it before a write lands; realtime
  // reloads wait until the writes are done, and a reload that overlapped a
  // write (started before one, or while one ran) is thrown away and made
  // again.
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
    const startedWhileWriting = writing > 0;
    const [freshGoals, freshTodos, freshLikes, freshAlarms] = await Promise.all([
      pb.collection('goals').getFullList({ filter: pb.filter('user = {:user}', { user: user.id }), sort: 'sort,created' }),
      pb.collection('todos').getFullList({ filter: mineOn(date), sort: 'sort,created' }),
      pb.collection('likes').getFullList({ filter: pb.filter('todo.user = {:user} && todo.date = {:date}', { user: user.id, date }), ...CHEERED_BY_QUERY }),
      alarmsOn(date),
    ]);
    const freshToken = freshTodos.some((t) => t.proof) ? await getFileToken() : '';
    if (writing) {
      missed = true;
      return;
    }
    if (before !== writes || startedWhileWriting) {
      reloadSoon();
      return;
    }
    // the echo of this view's own writes changes nothing: no redraw, so
    // focus and open menus stay where they are
    if (drawn && signature(freshGoals, freshTodos, freshLikes, [...freshAlarms.values()]) === signature(goals, todos, likes, [...alarms.values()])) return;
    [goals, todos, likes, alarms, token] = [freshGoals, freshTodos, freshLikes, freshAlarms, freshToken];
    stopReminders();
    stopReminders = remindToday(date, todos, alarms);
    if (ctx.alive()) draw();
  }

  // an ended goal takes no new todos: it shows only where it has some
  const groupsOf = () => {
    const known = new Set(goals.map((g) => g.id));
    return [
      ...goals.map((goal) => ({ key: goal.id, goal, items: todos.filter((t) => t.goal === goal.id) })),
      { key: 'none', goal: null, items: todos.filter((t) => !known.has(t.goal)) },
    ].filter(({ goal, items }) => !goal?.ended || items.length);
  };

  let drawn = false;
  let cheers = new Map(); // this day's likes by todo
  function draw() {
    drawn = true;
    cheers = likesByTarget(likes);
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
        goal && levelOf(goal) !== 'friends' && h('span', { class: 'badge' }, levelLabel(levelOf(goal)).toLowerCase()),
        goal?.ended && h('span', { class: 'badge' }, 'ended')),
      items.length ? h('ul', { class: 'todos' }, items.map((t, i) => drawTodo(t, i, items, cheers.get(t.id)))) : null,
      !goal?.ended && addForm(key, goal, title));
  }

  function drawTodo(todo, index, siblings, todoLikes = []) {
    if (editForms.has(todo.id)) return editForms.get(todo.id);
    const id = `todo-${todo.id}`;
    return h('li', { class: `todo${todo.is_checked ? ' done' : ''}`, 'data-id': todo.id },
      h('input', { type: 'checkbox', id, checked: todo.is_checked, 'data-focus': `check-${todo.id}`, onchange: (e) => toggle(todo, e.target.checked) }),
      h('div', { class: 'todo-main' },
        h('label', { for: id }, todo.contents, todo.routine && h('span', { class: 'repeat', title: 'Repeats', 'aria-label': ' (repeats)' }, ' 🔁')),
        h('div', { class: 'extras-row' }, extrasBadges(todo, alarms.get(todo.id), token)),
        cheeredBy(todoLikes)),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'icon', 'aria-label': `Move up: ${todo.contents}`, 'data-focus': `up-${todo.id}`, disabled: index === 0, onclick: () => move(siblings, index, -1) }, '↑'),
        h('button', { type: 'button', class: 'icon', 'aria-label': `Move down: ${todo.contents}`, 'data-focus': `down-${todo.id}`, disabled: index === siblings.length - 1, onclick: () => move(siblings, index, 1) }, '↓'),
        disclosure({ 'aria-label': `More for: ${todo.contents}`, 'data-focus': `more-${todo.id}` }, '⋯',
          h('button', { type: 'button', onclick: () => startEdit(todo) }, 'Edit'),
          h('button', { type: 'button', onclick: () => moveTo(todo, addDays(date, 1)) }, 'Move to tomorrow'),
          h('button', { type: 'button', onclick: () => askDay(todo) }, 'Another day…'),
          h('button', { type: 'button', onclick: () => again(todo, addDays(date, 1)) }, 'Do again tomorrow'),
          date < today() && !todo.is_checked && h('button', { type: 'button', onclick: () => moveTo(todo, today()) }, 'Do today'),
          h('button', { type: 'button', class: 'danger', onclick: () => remove(todo) }, 'Delete'))));
  }

  function addForm(key, goal, title) {
    if (addForms.has(key)) return addForms.get(key);
    const repeat = h('div', { class: 'repeat-fields', hidden: true });
    const form = h('form', { class: 'add-todo', novalidate: true, 'data-what': `a new todo in ${title}` },
      field(`New todo in ${title}`, { name: 'contents', placeholder: 'Add a todo', autocomplete: 'off' }, { limit: TODO_LIMIT }),
      h('button', { type: 'submit', 'aria-label': `Add to ${title}` }, 'Add'),
      h('label', { class: 'repeat-toggle' },
        h('input', { type: 'checkbox', name: 'repeat', 'aria-label': `Repeat in ${title}`, onchange: (e) => {
          repeat.hidden = !e.target.checked;
          if (e.target.checked && !repeat.firstChild) repeat.append(routineFields({ start: date }));
        } }),
        ' Repeat'),
      repeat,
      formError());
    // a todo typed and not added yet is what leaving would lose
    trackUnsaved(form, { isUnsaved: () => form.elements.contents.value.trim() !== '' });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const input = form.elements.contents;
      const sent = input.value;
      const routine = form.elements.repeat.checked;
      const ok = await submitForm(form, async () => {
        if (routine) {
          // its days are written by the server: this one is reloaded
          await write(pb.collection('routines').create({ contents: sent, goal: goal?.id ?? '', start: date, ...patternOf(form) }));
          return;
        }
        const created = await write(pb.collection('todos').create({
          // (no sort: the server puts it last on its day)
          contents: sent, date, goal: goal?.id ?? '',
        }));
        if (!todos.some((t) => t.id === created.id)) todos.push(created);
      }, { lock: routine });
      if (ok && routine) {
        input.value = '';
        input.recount?.();
        form.elements.repeat.checked = false;
        repeat.hidden = true;
        repeat.replaceChildren();
        form.markSaved();
        await load();
        input.focus();
        toast(`Routine added: ${sent}`);
        return;
      }
      if (ok) {
        // what was typed while the request ran stays
        if (input.value === sent) {
          input.value = '';
          input.recount?.();
          form.markSaved();
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

  async function startEdit(todo) {
    // a routine's day: changed alone, or with the later days of the routine
    const routine = todo.routine ? await pb.collection('routines').getOne(todo.routine).catch(() => null) : null;
    const later = routine && h('div', { class: 'later', hidden: true }, routineFields({ start: date, weekdays: routine.weekdays, end: routine.end }));
    // the alarm and the proof are this day's own
    const extras = extrasFields(todo, alarms.get(todo.id), token);
    const scope = routine && h('fieldset', { class: 'scope' },
      h('legend', null, `Repeats ${describePattern(routine)}. Change`),
      h('label', null, h('input', { type: 'radio', name: 'scope', value: 'day', checked: true, onchange: () => { later.hidden = true; extras.hidden = false; } }), ' this day'),
      h('label', null, h('input', { type: 'radio', name: 'scope', value: 'later', onchange: () => { later.hidden = false; extras.hidden = true; } }), ' this and later days'),
      later);
    const form = h('form', { class: 'edit-todo', novalidate: true, 'data-what': `the todo “${todo.contents}”` },
      field('Todo', { name: 'contents', value: todo.contents, autocomplete: 'off' }, { limit: TODO_LIMIT }),
      field('Goal', { name: 'goal' }, { as: 'select' }),
      scope,
      extras,
      formError(),
      h('div', { class: 'row' },
        h('button', { type: 'submit', class: 'primary' }, 'Save'),
        h('button', { type: 'button', onclick: () => { editForms.delete(todo.id); draw(); } }, 'Cancel')));
    // (the DOM's append takes nodes, not a list: dom.js append flattens)
    append(form.elements.goal, [
      h('option', { value: '' }, 'No goal'),
      goals.filter((g) => !g.ended || g.id === todo.goal).map((g) => h('option', { value: g.id }, g.title)),
    ]);
    form.elements.goal.value = todo.goal ?? '';
    form.querySelector('.row').append(trackUnsaved(form));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const withLater = form.elements.scope?.value === 'later';
      const ok = await submitForm(form, async () => {
        const changes = { contents: form.elements.contents.value, goal: form.elements.goal.value };
        if (withLater) {
          await write(changeLater(todo.id, { ...changes, ...patternOf(form) }));
          return;
        }
        const saved = await write(saveWithExtras(form, todo, alarms.get(todo.id), changes));
        Object.assign(todo, saved.todo);
        if (saved.alarm) alarms.set(todo.id, saved.alarm);
        else alarms.delete(todo.id);
        if (todo.proof && !token) token = await getFileToken();
        stopReminders();
        stopReminders = remindToday(date, todos, alarms);
      });
      if (ok) {
        editForms.delete(todo.id);
        if (withLater) await load();
        draw();
        body.querySelector(`[data-focus="check-${todo.id}"]`)?.focus();
        toast(withLater ? 'Saved for this and later days' : 'Todo saved');
      }
    });
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { editForms.delete(todo.id); draw(); }
    });
    editForms.set(todo.id, h('li', { class: 'todo editing', 'data-id': todo.id }, form));
    draw();
    form.elements.contents.focus();
  }

  // another day, in one request each: the server puts the todo last on
  // its new day (and a routine's day leaves its routine)
  async function moveTo(todo, day) {
    const from = { date: todo.date, sort: todo.sort };
    try {
      await write(pb.collection('todos').update(todo.id, { date: day }));
      todos = todos.filter((t) => t.id !== todo.id);
      draw();
      toast(`Moved to ${day === today() ? 'today' : longDay(day)}: ${todo.contents}`, {
        undo: () => write(pb.collection('todos').update(todo.id, from)).then(() => load()).catch((err) => reportError(err)),
      });
    } catch (err) {
      reportError(err, () => moveTo(todo, day));
    }
  }

  async function again(todo, day) {
    try {
      await write(pb.collection('todos').create({ contents: todo.contents, goal: todo.goal, date: day }));
      toast(`Added again on ${longDay(day)}: ${todo.contents}`);
    } catch (err) {
      reportError(err, () => again(todo, day));
    }
  }

  // "Another day…": a day picked in place
  function askDay(todo) {
    const row = body.querySelector(`li.todo[data-id="${CSS.escape(todo.id)}"]`);
    if (!row || row.querySelector('.confirm')) return;
    const cancel = () => { box.remove(); row.querySelector(`[data-focus="more-${todo.id}"]`)?.focus(); };
    const box = h('form', { class: 'confirm another-day', 'aria-label': `Another day for ${todo.contents}`, novalidate: true },
      field('Move to', { name: 'day', type: 'date', value: addDays(date, 1), required: true }),
      h('button', { type: 'submit', class: 'primary' }, 'Move'),
      h('button', { type: 'button', onclick: cancel }, 'Cancel'));
    box.addEventListener('submit', (e) => {
      e.preventDefault();
      const day = box.elements.day.value;
      if (!day || day === date) return cancel();
      moveTo(todo, day);
    });
    box.addEventListener('keydown', (e) => { if (e.key === 'Escape') cancel(); });
    row.append(box);
    box.elements.day.focus();
  }

  // a deleted todo can be brought back at once (Undo), as a new todo with
  // what it said; cheers cannot come back with it, so a cheered todo asks
  // first instead
  function remove(todo) {
    if (todo.routine) return askRemoveRoutineDay(todo);
    const cheered = likes.filter((l) => l.todo === todo.id).length;
    if (cheered) return askRemove(todo, cheered);
    return deleteTodo(todo, { undoable: true });
  }

  // a routine's day goes alone, or with every later day of the routine
  function askRemoveRoutineDay(todo) {
    const row = body.querySelector(`li.todo[data-id="${CSS.escape(todo.id)}"]`);
    if (!row || row.querySelector('.confirm')) return;
    const cancel = () => { confirm.remove(); row.querySelector(`[data-focus="more-${todo.id}"]`)?.focus(); };
    const confirm = h('div', { class: 'confirm', role: 'group', 'aria-label': 'Confirm delete' },
      h('p', null, `“${todo.contents}” repeats. Delete`),
      h('button', { type: 'button', class: 'danger', onclick: () => deleteTodo(todo, { undoable: false }) }, 'This day'),
      h('button', { type: 'button', class: 'danger', onclick: () => deleteWithLater(todo) }, 'This and later days'),
      h('button', { type: 'button', onclick: cancel }, 'Keep it'));
    confirm.addEventListener('keydown', (e) => { if (e.key === 'Escape') cancel(); });
    row.append(confirm);
    confirm.querySelector('button').focus();
  }

  async function deleteWithLater(todo) {
    try {
      await write(deleteLater(todo.id));
      todos = todos.filter((t) => t.id !== todo.id);
      draw();
      toast(`Deleted this and later days: ${todo.contents}`);
    } catch (err) {
      reportError(err, () => deleteWithLater(todo));
    }
  }

  function askRemove(todo, cheered) {
    const row = body.querySelector(`li.todo[data-id="${CSS.escape(todo.id)}"]`);
    if (!row || row.querySelector('.confirm')) return;
    const cancel = () => { confirm.remove(); row.querySelector(`[data-focus="more-${todo.id}"]`)?.focus(); };
    const confirm = h('div', { class: 'confirm', role: 'group', 'aria-label': 'Confirm delete' },
      h('p', null, `Delete “${todo.contents}” and its ${cheered} ${cheered === 1 ? 'cheer' : 'cheers'}?`),
      h('button', { type: 'button', class: 'danger', onclick: () => deleteTodo(todo, { undoable: false }) }, 'Yes, delete'),
      h('button', { type: 'button', onclick: cancel }, 'Keep it'));
    confirm.addEventListener('keydown', (e) => { if (e.key === 'Escape') cancel(); });
    row.append(confirm);
    confirm.querySelector('button').focus();
  }

  async function deleteTodo(todo, { undoable }) {
    try {
      await write(pb.collection('todos').delete(todo.id));
      todos = todos.filter((t) => t.id !== todo.id);
      draw();
      toast(`Deleted: ${todo.contents}`, undoable ? { undo: () => restore(todo) } : {});
    } catch (err) {
      reportError(err, () => deleteTodo(todo, { undoable }));
    }
  }

  async function restore(todo) {
    try {
      const { contents, goal, sort, is_checked: checked } = todo;
      const back = await write(pb.collection('todos').create({ contents, date: todo.date, goal, sort, is_checked: checked }));
      if (!todos.some((t) => t.id === back.id)) todos.push(back);
      todos.sort((x, y) => (x.sort ?? 0) - (y.sort ?? 0));
      draw();
      body.querySelector(`[data-focus="check-${back.id}"]`)?.focus();
      toast(`Restored: ${contents}`);
    } catch (err) {
      reportError(err, () => restore(todo));
    }
  }

  loadFriends().catch((err) => reportError(err));
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
  // a cheer on one of this day's todos, or taken back
  const onCheer = (e) => { if (todos.some((t) => t.id === e.record.todo)) onMine({ record: { user: user.id } }); };
  // someone I follow follows back, or a friend unfollows: the friends row
  const friendsSoon = coalesce(() => loadFriends().catch((err) => reportError(err)));
  const onFollow = (e) => { if (e.record.follower === user.id || e.record.following === user.id) friendsSoon(); };
  const unsubscribers = await Promise.all([
    pb.collection('todos').subscribe('*', onMine),
    pb.collection('goals').subscribe('*', onMine),
    pb.collection('likes').subscribe('*', onCheer),
    pb.collection('follows').subscribe('*', onFollow),
  ]).catch((err) => { reportError(err); return []; });
  ctx.onCleanup(() => unsubscribers.forEach((off) => off().catch(() => {})));
}

// what a redraw would show differently
const signature = (...lists) => JSON.stringify(lists.map((records) =>
  records.map((r) => [r.id, r.updated, r.sort]).sort(([a], [b]) => (a < b ? -1 : 1))));

