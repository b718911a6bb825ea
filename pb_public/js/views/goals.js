// Goals: named, coloured groups of todos. A private goal and its todos are
// seen by their owner only.
import { pb, me } from '../pb.js';
import { announce, field, formError, h, replace, reportError, submitForm } from '../dom.js';

const DEFAULT_COLOR = '#4f7cff';

export default async function goalsView(main, ctx) {
  const user = me();
  // loaded before the form shows, so a goal added at once is not lost to a
  // slower first load
  let goals = await pb.collection('goals').getFullList({ filter: pb.filter('user = {:user}', { user: user.id }), sort: 'sort,created' });
  if (!ctx.alive()) return;
  const list = h('ul', { class: 'goals' });

  const create = h('form', { class: 'card goal-form', novalidate: true },
    h('h2', null, 'New goal'),
    field('Title', { name: 'title', maxlength: 50, required: true, autocomplete: 'off' }),
    h('div', { class: 'row' },
      field('Colour', { name: 'color', type: 'color', value: DEFAULT_COLOR }),
      field('Private (only you see it and its todos)', { name: 'private', type: 'checkbox' })),
    formError(),
    h('button', { type: 'submit', class: 'primary' }, 'Add goal'));
  create.addEventListener('submit', async (event) => {
    event.preventDefault();
    const el = create.elements;
    const ok = await submitForm(create, async () => {
      goals.push(await pb.collection('goals').create({
        title: el.title.value, color: el.color.value, private: el.private.checked,
        sort: goals.length ? Math.max(...goals.map((g) => g.sort)) + 1 : 0,
      }));
    });
    if (ok) {
      el.title.value = '';
      el.private.checked = false;
      draw();
      el.title.focus();
      announce('Goal added');
    }
  });

  main.append(h('h1', { tabindex: '-1' }, 'Goals'), create, h('h2', null, 'Your goals'), list);

  function draw() {
    replace(list, goals.length ? goals.map(drawGoal) : h('li', { class: 'muted' }, 'No goals yet.'));
  }

  function drawGoal(goal) {
    const form = h('form', { class: 'goal', novalidate: true, style: { '--goal': goal.color } },
      field('Title', { name: 'title', value: goal.title, maxlength: 50, autocomplete: 'off' }),
      field('Colour', { name: 'color', type: 'color', value: goal.color || DEFAULT_COLOR }),
      field('Private', { name: 'private', type: 'checkbox', checked: goal.private }),
      formError(),
      h('div', { class: 'row' },
        h('button', { type: 'submit' }, 'Save'),
        h('button', { type: 'button', class: 'danger', onclick: () => askDelete(goal, form) }, 'Delete')));
    form.setAttribute('aria-label', `Goal ${goal.title}`);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const el = form.elements;
      const ok = await submitForm(form, async () => {
        Object.assign(goal, await pb.collection('goals').update(goal.id, {
          title: el.title.value, color: el.color.value, private: el.private.checked,
        }));
      });
      if (ok) {
        form.style.setProperty('--goal', goal.color);
        form.setAttribute('aria-label', `Goal ${goal.title}`);
        announce('Goal saved');
      }
    });
    return h('li', null, form);
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
      draw();
      announce(`Deleted goal ${goal.title}`);
      create.elements.title.focus();
    } catch (err) {
      reportError(err, () => remove(goal));
    }
  }

  draw();
}
