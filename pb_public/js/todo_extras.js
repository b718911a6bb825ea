// What a todo may carry besides its words: an alarm time, its owner's
// alone (the `alarms` collection: nobody else lists, views or expands one),
// and one proof photo (a protected file, shown through a file token to
// whoever may see the todo). While the app is open, today's alarms remind
// with the Notifications API when the user allowed it.
import { pb } from './pb.js';
import { field, h } from './dom.js';
import { today } from './dates.js';

const PHOTO_TYPES = 'image/jpeg,image/png,image/webp,image/gif';

/** The URL of a todo's proof photo thumb, through a file token. */
export const proofURL = (todo, token) =>
  pb.files.getURL({ id: todo.id, collectionName: 'todos' }, todo.proof, { token, thumb: '300x300' });

/** My alarms of a day's todos, by todo id. */
export async function alarmsOn(date) {
  const alarms = await pb.collection('alarms').getFullList({ filter: pb.filter('todo.date = {:date}', { date }) });
  return new Map(alarms.map((a) => [a.todo, a]));
}

/** The alarm and proof shown in a todo's row. */
export function extrasBadges(todo, alarm, token) {
  return [
    alarm && h('span', { class: 'alarm-badge', title: 'Alarm' }, h('span', { 'aria-hidden': 'true' }, '⏰ '), alarm.time),
    todo.proof && h('img', { class: 'proof-thumb', src: proofURL(todo, token), alt: `Proof photo of ${todo.contents}`, width: 40, height: 40, loading: 'lazy' }),
  ];
}

/**
 * The alarm and proof fields of a todo's edit form: a time (`time`, empty
 * for none) and a photo (`proof`) with a preview before saving, and a
 * "Remove" when it has one. The form's field errors find their slots by
 * these names.
 */
export function extrasFields(todo, alarm, token) {
  const preview = h('div', { class: 'proof-preview' },
    todo.proof && h('img', { src: proofURL(todo, token), alt: 'Proof photo', width: 96, height: 96 }));
  let previewURL = null;
  const photo = field('Proof photo', { name: 'proof', type: 'file', accept: PHOTO_TYPES, onchange: (e) => {
    if (previewURL) URL.revokeObjectURL(previewURL);
    const file = e.target.files[0];
    previewURL = file ? URL.createObjectURL(file) : null;
    preview.replaceChildren(...(file ? [h('img', { src: previewURL, alt: 'Proof photo, not saved yet', width: 96, height: 96 }), h('span', { class: 'muted' }, 'Not saved yet')] : []));
  } }, { hint: 'One photo: JPEG, PNG, WebP or GIF. Whoever sees this todo sees it.' });
  return h('fieldset', { class: 'extras' },
    h('legend', { class: 'visually-hidden' }, 'Alarm and proof'),
    field('Alarm', { name: 'time', type: 'time', value: alarm?.time ?? '' }, { hint: 'Only you see it.' }),
    photo,
    preview,
    todo.proof && field('Remove the proof photo', { name: 'removeProof', type: 'checkbox' }));
}

/**
 * Saves what the extras fields say: the proof photo with the todo (one
 * multipart update, with the other changes), then the alarm (created,
 * changed or deleted). Answers the todo as saved and the alarm or null.
 */
export async function saveWithExtras(form, todo, alarm, changes) {
  const file = form.elements.proof.files[0];
  let saved;
  if (file || form.elements.removeProof?.checked) {
    const data = new FormData();
    for (const [key, value] of Object.entries(changes)) data.append(key, value);
    data.append('proof', file ?? '');
    saved = await pb.collection('todos').update(todo.id, data);
  } else {
    saved = await pb.collection('todos').update(todo.id, changes);
  }

  const time = form.elements.time.value;
  if (!time) {
    if (alarm) await pb.collection('alarms').delete(alarm.id);
    return { todo: saved, alarm: null };
  }
  if (alarm?.time === time) return { todo: saved, alarm };
  const next = alarm
    ? await pb.collection('alarms').update(alarm.id, { time })
    : await pb.collection('alarms').create({ todo: todo.id, time });
  askToRemind();
  return { todo: saved, alarm: next };
}

// asked once, when a first alarm is set; the answer is the browser's
function askToRemind() {
  if ('Notification' in window && Notification.permission === 'default') Notification.requestPermission().catch(() => {});
}

/**
 * Reminds of today's alarms of the todos given, while the app is open:
 * one notification at each time not passed yet, for a todo not done.
 * Answers a function that cancels them.
 */
export function remindToday(date, todos, alarms) {
  if (date !== today() || !('Notification' in window)) return () => {};
  const timers = [];
  for (const todo of todos) {
    const alarm = alarms.get(todo.id);
    if (!alarm || todo.is_checked) continue;
    const [hours, minutes] = alarm.time.split(':').map(Number);
    const at = new Date();
    at.setHours(hours, minutes, 0, 0);
    const wait = at - Date.now();
    if (wait < 0) continue;
    timers.push(setTimeout(() => {
      if (Notification.permission === 'granted') new Notification('todomate', { body: `⏰ ${alarm.time} ${todo.contents}`, tag: `alarm-${todo.id}` });
    }, wait));
  }
  return () => timers.forEach(clearTimeout);
}
