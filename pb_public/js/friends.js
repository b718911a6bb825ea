// People as the app pictures them: an avatar (their photo, or their
// initial), and the row of my friends on top of My day and the Feed that
// opens a friend's day, as Todo Mate keeps one on its home screen.
import { todomate, displayName, avatarURL, loadWithToken } from './pb.js';
import { h } from './dom.js';
import { proofURL } from './todo_extras.js';

/** A user's avatar: the 100x100 thumb of their photo, or their initial. */
export function avatar(user, { size = 'small' } = {}) {
  if (user?.avatar) {
    // avatars are protected files: the URL carries a file token
    return loadWithToken(h('img', { class: `avatar ${size}`, alt: '', width: 40, height: 40, loading: 'lazy' }),
      (token) => avatarURL(user, token));
  }
  return h('span', { class: `avatar ${size}`, 'aria-hidden': 'true' }, (user?.username ?? '?')[0].toUpperCase());
}

/** The link to a person's day (their calendar is one tap further). */
export const personDayHref = (userId, date) => `/people/${encodeURIComponent(userId)}${date ? `?date=${date}` : ''}`;

/**
 * The row of my friends, each a link to their day on `date`: every friend,
 * whether or not they did anything that day. Resolves to the row, and to
 * the number of friends in it as `row.friendCount`.
 */
export async function friendsRow(date) {
  const { items = [] } = await todomate('/friends');
  const row = h('nav', { class: 'friends-row', 'aria-label': 'Friends' },
    items.length
      ? h('ul', null, items.map((friend) => h('li', null,
        h('a', { href: personDayHref(friend.id, date), 'data-user': friend.username, 'aria-label': `Day of ${displayName(friend)}` },
          avatar(friend), h('span', { class: 'name', 'aria-hidden': 'true' }, friend.name || friend.username)))))
      : h('p', { class: 'muted' }, 'No friends yet: friends are people you follow who follow you back. ', h('a', { href: '/people' }, 'Find people'), '.'));
  row.friendCount = items.length;
  return row;
}

/**
 * A friend's todo as the feed and their day show it: checked or not, in its
 * goal's colour (`goal` is {title, color} or null), its proof photo
 * through a file token, and `cheer`, the control to cheer it with.
 */
export function friendTodo(todo, goal, token, cheer) {
  return h('li', {
    class: `todo${todo.is_checked ? ' done' : ''}`,
    style: { '--goal': goal?.color ?? '#8a8f98' },
    'data-todo': todo.id,
    'data-checked': String(todo.is_checked),
  },
  h('span', { class: 'check', role: 'img', 'aria-label': todo.is_checked ? 'done' : 'not done' }, todo.is_checked ? '✓' : ''),
  h('span', { class: 'text' }, todo.contents, goal && h('span', { class: 'goal-tag' }, goal.title),
    todo.proof && h('img', { class: 'proof-thumb', src: proofURL(todo, token), alt: `Proof photo of ${todo.contents}`, width: 40, height: 40, loading: 'lazy' })),
  cheer);
}
