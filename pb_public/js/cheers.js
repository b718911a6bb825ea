// Cheers (likes with an emoji) as every screen shows them: the control a
// friend cheers with on the feed or on someone's day, and the line on my
// own day and diary that says who cheered and with what.
import { pb, me, displayName } from './pb.js';
import { announce, disclosure, h, reportError } from './dom.js';

export const CHEERS = ['👏', '🔥', '❤️', '🎉', '💪'];

/**
 * The cheers of a feed todo or diary: how many, by emoji, and mine (an
 * older server sends only likes and liked).
 */
export function cheersOfFeed(thing) {
  return {
    likes: thing.likes,
    mine: thing.mine ?? (thing.liked ? '👏' : null),
    reactions: thing.reactions ?? (thing.likes > 0 ? [{ emoji: '👏', count: thing.likes }] : []),
  };
}

/**
 * The same, counted from like records (those the rules let me see): by
 * emoji, most first, ties by emoji, as the feed route orders them.
 */
export function cheersOfLikes(likes) {
  const counts = new Map();
  for (const like of likes) counts.set(like.emoji, (counts.get(like.emoji) ?? 0) + 1);
  const reactions = [...counts].map(([emoji, count]) => ({ emoji, count }))
    .sort((a, b) => b.count - a.count || (a.emoji < b.emoji ? -1 : a.emoji > b.emoji ? 1 : 0));
  return { likes: likes.length, mine: likes.find((l) => l.user === me()?.id)?.emoji ?? null, reactions };
}

/** Like records grouped by what they cheer (todo or diary id). */
export function likesByTarget(likes) {
  const byTarget = new Map();
  for (const like of likes) {
    const target = like.todo || like.diary;
    if (!byTarget.has(target)) byTarget.set(target, []);
    byTarget.get(target).push(like);
  }
  return byTarget;
}

/**
 * A cheer control: the cheers so far by emoji; pick an emoji to cheer, or
 * take my cheer back. `changed` runs after either, to reload what shows it.
 */
export function cheerControl({ kind, id, likes, mine, reactions, what }, changed) {
  const count = h('span', { class: 'count', 'aria-label': `${likes} ${likes === 1 ? 'cheer' : 'cheers'}` }, likes > 0 ? String(likes) : '');
  // (a lone cheer of mine is already on my button)
  const onlyMine = reactions.length === 1 && reactions[0].emoji === mine && reactions[0].count === 1;
  const byEmoji = reactions.length > 0 && !onlyMine && h('ul', { class: 'reactions', 'aria-label': `Cheers: ${reactions.map((r) => `${r.count} ${r.emoji}`).join(', ')}` },
    reactions.map((r) => h('li', { class: `reaction${r.emoji === mine ? ' mine' : ''}`, 'data-emoji': r.emoji }, r.emoji, r.count > 1 && h('span', { class: 'n' }, String(r.count)))));
  const focusKey = `cheer-${id}`;
  const refocus = () => document.querySelector(`[data-focus="${focusKey}"]`)?.focus();

  async function send(emoji) {
    try {
      await pb.collection('likes').create({ [kind]: id, emoji });
      await changed();
      refocus();
      announce(`Cheered with ${emoji}`);
    } catch (err) {
      reportError(err, () => send(emoji));
    }
  }

  async function takeBack() {
    try {
      const like = await pb.collection('likes').getFirstListItem(pb.filter(`user = {:me} && ${kind} = {:id}`, { me: me().id, id }));
      await pb.collection('likes').delete(like.id);
      await changed();
      refocus();
      announce('Cheer taken back');
    } catch (err) {
      reportError(err, takeBack);
    }
  }

  if (mine) {
    return h('div', { class: 'cheer' },
      h('button', { type: 'button', class: 'cheered', 'aria-pressed': 'true', 'data-focus': focusKey, 'aria-label': `Take back cheer on ${what}`, onclick: takeBack }, mine),
      count, byEmoji);
  }
  return h('div', { class: 'cheer' },
    disclosure({ class: 'icon cheer-open', 'data-focus': focusKey, 'aria-label': `Cheer ${what}` }, '+👏',
      h('div', { class: 'emoji-row', role: 'group', 'aria-label': 'Cheer with' },
        CHEERS.map((e) => h('button', { type: 'button', class: 'emoji', 'aria-label': `Cheer with ${e}`, onclick: () => send(e) }, e)))),
    count, byEmoji);
}

/**
 * Who cheered something of mine, emoji by emoji: "🔥 Ben, Cid · ❤️ Dan".
 * `likes` are like records with `expand.user`; nothing when there are none.
 */
export function cheeredBy(likes) {
  if (!likes?.length) return null;
  const { reactions } = cheersOfLikes(likes);
  const names = (emoji) => likes.filter((l) => l.emoji === emoji).map((l) => displayName(l.expand?.user));
  return h('ul', { class: 'cheered-by', 'aria-label': `Cheered by ${likes.length} ${likes.length === 1 ? 'person' : 'people'}` },
    reactions.map(({ emoji }) => h('li', { 'data-emoji': emoji },
      h('span', { class: 'emoji', 'aria-hidden': 'true' }, emoji), ' ',
      h('span', { class: 'names' }, names(emoji).join(', ')),
      h('span', { class: 'visually-hidden' }, ` cheered with ${emoji}`))));
}

/** The fields of the likes the cheered-by lines need. */
export const CHEERED_BY_QUERY = { expand: 'user', fields: 'id,emoji,user,todo,diary,expand.user.id,expand.user.username,expand.user.name', sort: 'created' };
