// Goals: named, coloured groups of todos. Each says who sees it and its
// todos: only me, my friends, or everyone signed in.
import { pb, me } from '../pb.js';
import { field, formError, h, replace, reportError, submitForm, toast, trackUnsaved } from '../dom.js';
import { levelOf, visibilityField } from '../visibility.js';

const DEFAULT_COLOR = '#4f7cff';
// the longest goal title the server takes (SPEC: title, max 50)
const TITLE_LIMIT = 50;
const WHAT = 'it and its todos';

const endedNote = () => h('p', { class: 'ended-note' }, 'Ended: it takes no new todos; its past todos, colours and cheers stay.');

export default async function goalsView(main, ctx) {
  const user = me();
  // loaded before the form shows, so a goal added at once is not lost to a
  // slower first load
  let goals = await pb.collection('goals').getFullList({ filter: pb.filter('user = {:user}', { user: user.id }), sort: 'sort,created' });
  if (!ctx.alive()) return;
  const list = h('ul', { class: 'goals' });
  // a goal's form is kept across redraws (a goal added or deleted), so
  // what was changed in it and not saved yet stays
  const items = new Map();

  const create = h('form', { class: 'card goal-form', novalidate: true, 'data-what': 'the new goal' },
    h('h2', null, 'New goal'),
    field('Title', { name: 'title', required: true, autocomplete: 'off' }, { limit: TITLE_LIMIT }),
    h('div', { class: 'row' },
      field('Colour', { name: 'color', type: 'color', value: DEFAULT_COLOR }),
      visibilityField('friends', WHAT)),
    formError(),
    h('button', { type: 'submit', class: 'primary' }, 'Add goal'));
  // the level picked stays for the next goal, as the colour does; a title
  // typed and not added yet is what leaving would lose
  trackUnsaved(create, { isUnsaved: () => create.elements.title.value.trim() !== '' });
  create.addEventListener('submit', async (event) => {
    event.preventDefault();
    const el = create.elements;
    const ok = await submitForm(create, async () => {
      goals.push(await pb.collection('goals').create({
        title: el.title.value, color: el.color.value, visibility: el.visibility.value,
        sort: goals.length ? Math.max(...goals.map((g) => g.sort)) + 1 : 0,
      }));
    });
    if (ok) {
      el.title.value = '';
      el.title.recount();
      create.markSaved();
      draw();
      el.title.focus();
      toast(`Goal added: ${goals.at(-1).title}`);
    }
  });

  main.append(h('h1', { tabindex: '-1' }, 'Goals'), create, h('h2', null, 'Your goals'), list);

  function draw() {
    replace(list, goals.length ? goals.map(drawGoal) : h('li', { class: 'muted' }, 'No goals yet.'));
  }

  function drawGoal(goal) {
    if (items.has(goal.id)) return items.get(goal.id);
    const level = visibilityField(levelOf(goal), WHAT);
    const actions = h('div', { class: 'row actions' },
      h('button', { type: 'submit' }, 'Save'),
      h('button', { type: 'button', 'data-focus': `end-${goal.id}`, onclick: () => setEnded(goal, !goal.ended) }, goal.ended ? 'Reopen' : 'End goal'),
      h('button', { type: 'button', class: 'danger', onclick: () => askDelete(goal, form) }, 'Delete'));
    const form = h('form', { class: `goal${goal.ended ? ' ended' : ''}`, novalidate: true, style: { '--goal': goal.color } },
      goal.ended && endedNote(),
      field('Title', { name: 'title', value: goal.title, autocomplete: 'off' }, { limit: TITLE_LIMIT }),
      field('Colour', { name: 'color', type: 'color', value: goal.color || DEFAULT_COLOR }),
      level,
      formError(),
      actions);
    form.setAttribute('aria-label', `Goal ${goal.title}`);
    actions.append(trackUnsaved(form));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const el = form.elements;
      const ok = await submitForm(form, async () => {
        Object.assign(goal, await pb.collection('goals').update(goal.id, {
          title: el.title.value, color: el.color.value, visibility: el.visibility.value,
        }));
      });
      if (ok) {
        // the form shows the level the server has
        level.setLevel(levelOf(goal));
        form.markSaved();
        form.style.setProperty('--goal', goal.color);
        form.setAttribute('aria-label', `Goal ${goal.title}`);
        toast('Goal saved');
      }
    });
    const item = h('li', null, form);
    items.set(goal.id, item);
    return item;
  }

  // an ended goal takes no new todos and keeps its past ones; reopened,
  // it takes them again
  async function setEnded(goal, ended) {
    try {
      Object.assign(goal, await pb.collection('goals').update(goal.id, { ended }));
      // in place, so that what is being changed in the form stays
      const form = items.get(goal.id)?.querySelector('form');
      form?.classList.toggle('ended', goal.ended);
      form?.querySelector('.ended-note')?.remove();
      if (goal.ended) form?.prepend(endedNote());
      const button = list.querySelector(`[data-focus="end-${goal.id}"]`);
      if (button) button.textContent = goal.ended ? 'Reopen' : 'End goal';
      button?.focus();
      toast(goal.ended ? `Ended goal ${goal.title}` : `Reopened goal ${goal.title}`);
    } catch (err) {
      reportError(err, () => setEnded(goal, ended));
    }
  }

  // deleting a goal deletes its todos too, so it asks once more in place
  function askDelete(goal, form) {
    const confirm = h('div', { class: 'confirm', role: 'group', 'aria-label': 'Confirm delete' },
      h('p', null, `Delete “${goal.title}” and all its todos?`),
      h('button', { type: 'button', class: 'danger', onclick: () => remove(goal) }, 'Yes, delete'),
      h('button', { type: 'button', onclick: () => { confirm.remove(); form.querySelector('.danger').focus(); } }, 'Keep it'));
    form.append(confirm);
    confirm.querySelector('button').focus();
  }

  async function remove(goal) {
    try {
      await pb.collection('goals').delete(goal.id);
      goals = goals.filter((g) => g.id !== goal.id);
      items.delete(goal.id);
      draw();
      toast(`Deleted goal ${goal.title}`);
      create.elements.title.focus();
    } catch (err) {
      reportError(err, () => remove(goal));
    }
  }

  draw();
}
