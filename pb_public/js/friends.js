// People as the app pictures them: an avatar (their photo, or their
// initial), and the row of my friends on top of My day and the Feed that
// opens a friend's day, as Todo Mate keeps one on its home screen.
import { pb, todomate, displayName } from './pb.js';
import { h } from './dom.js';

/** A user's avatar: the 100x100 thumb of their photo, or their initial. */
export function avatar(user, { size = 'small' } = {}) {
  if (user?.avatar) {
    const src = pb.files.getURL({ id: user.id, collectionName: 'users' }, user.avatar, { thumb: '100x100' });
    return h('img', { class: `avatar ${size}`, src, alt: '', width: 40, height: 40, loading: 'lazy' });
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
