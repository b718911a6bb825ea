// Who sees a goal (and its todos) or a diary (SPEC "visibility levels"):
// only me, my friends (the default), or everyone signed in.
import { field } from './dom.js';

export const LEVELS = [
  ['me', 'Only me'],
  ['friends', 'Friends'],
  ['everyone', 'Everyone'],
];

const WHO = {
  me: 'Only you see',
  friends: 'Your friends (people who follow you back) see',
  everyone: 'Anyone signed in to todomate sees',
};

/** The level of a goal or diary; a record from before levels has only `private`. */
export const levelOf = (record) =>
  (LEVELS.some(([v]) => v === record?.visibility) ? record.visibility : record?.private ? 'me' : 'friends');

export const levelLabel = (value) => LEVELS.find(([v]) => v === value)?.[1] ?? value;

/**
 * The "Who sees it" select, named `visibility` (its field errors land
 * beside it); the hint under it says in words who sees `what`.
 */
export function visibilityField(value, what) {
  const describe = (v) => `${WHO[v]} ${what}.`;
  const wrap = field('Who sees it', { name: 'visibility', class: 'level' }, { as: 'select', hint: describe(value) });
  wrap.classList.add('visibility');
  const select = wrap.querySelector('select');
  for (const [v, label] of LEVELS) select.append(new Option(label, v, v === value, v === value));
  const hint = wrap.querySelector('.hint');
  select.addEventListener('change', () => { hint.textContent = describe(select.value); });
  /** Shows a saved value (after a save, or when the form is reused). */
  wrap.setLevel = (v) => { select.value = v; hint.textContent = describe(v); };
  return wrap;
}
