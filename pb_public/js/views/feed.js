// Feed: what my friends did on a day — their todos, diary and cheers —
// kept live by realtime subscriptions: a friend checks a todo and it shows
// checked here without a reload.
import { pb, me, todomate, getFileToken, photoURL, displayName } from '../pb.js';
import { announce, coalesce, disclosure, h, replace, reportError } from '../dom.js';
import { dateStrip } from '../datestrip.js';

const CHEERS = ['👏', '🔥', '❤️', '🎉', '💪'];
const PER_PAGE = 50;

export default async function feedView(main, ctx) {
  const user = me();
  const date = ctx.day();
  let items = [];
  let more = false;
  let token = '';
  const list = h('div', { class: 'feed', 'aria-live': 'off' });
  main.append(
    h('h1', { tabindex: '-1' }, 'Feed'),
    dateStrip(date, (day) => ctx.go('/feed', { date: day })),
    list);

  async function load(pages = Math.max(1, Math.ceil(items.length / PER_PAGE))) {
    const all = [];
    let page = 1;
    let last;
    do {
      last = await todomate('/feed', { date, page, perPage: PER_PAGE });
      all.push(...last.items);
      page++;
    } while (page <= pages && last.items.length === PER_PAGE);
    const hasPhotos = all.some((i) => i.diary?.photos?.length);
    token = hasPhotos ? await getFileToken() : '';
    items = all;
    more = last.items.length === PER_PAGE;
    if (ctx.alive()) draw();
  }

  function draw() {
    // a live update redraws the feed; a cheer picker that was open stays open
    const openPicker = list.querySelector('.cheer-open[aria-expanded="true"]')?.dataset.focus;
    replace(list,
      items.length
        ? items.map(drawFriend)
        : h('div', { class: 'card empty' },
          h('p', null, 'Nothing from your friends on this day.'),
          h('p', { class: 'muted' }, 'Friends are people you follow who follow you back. ', h('a', { href: '/people' }, 'Find people'), '.')),
      more && h('button', { type: 'button', onclick: () => load(Math.ceil(items.length / PER_PAGE) + 1).catch((e) => reportError(e)) }, 'Show more friends'));
    if (openPicker) list.querySelector(`.cheer-open[data-focus="${openPicker}"]`)?.click();
  }

  function drawFriend({ user: friend, todos, diary }) {
    const headingId = `friend-${friend.id}`;
    const done = todos.filter((t) => t.is_checked).length;
    return h('article', { class: 'card friend', 'aria-labelledby': headingId, 'data-user': friend.username },
      h('header', null,
        h('span', { class: 'avatar', 'aria-hidden': 'true' }, friend.username[0].toUpperCase()),
        h('h2', { id: headingId }, displayName(friend), friend.name && h('span', { class: 'muted' }, ` @${friend.username}`)),
        todos.length > 0 && h('span', { class: 'progress' }, `${done}/${todos.length}`),
        h('a', { href: `/calendar/${friend.id}`, class: 'button quiet', 'aria-label': `Calendar of @${friend.username}` }, 'Calendar')),
      todos.length > 0 && h('ul', { class: 'todos' }, todos.map((t) => h('li', {
        class: `todo${t.is_checked ? ' done' : ''}`,
        style: { '--goal': t.goal?.color ?? '#8a8f98' },
        'data-todo': t.id,
        'data-checked': String(t.is_checked),
      },
      h('span', { class: 'check', role: 'img', 'aria-label': t.is_checked ? 'done' : 'not done' }, t.is_checked ? '✓' : ''),
      h('span', { class: 'text' }, t.contents, t.goal && h('span', { class: 'goal-tag' }, t.goal.title)),
      cheer({ kind: 'todo', id: t.id, ...cheersOf(t), what: t.contents })))),
      diary && drawDiary(friend, diary));
  }

  function drawDiary(friend, diary) {
    return h('section', { class: 'diary', 'aria-label': `Diary of @${friend.username}`, 'data-diary': diary.id },
      h('p', null, h('span', { class: 'big-emoji', role: 'img', 'aria-label': `mood ${diary.emoji}` }, diary.emoji), ' ', diary.content),
      diary.photos?.length > 0 && h('ul', { class: 'thumbs' }, diary.photos.map((name, i) => h('li', null,
        h('img', { src: photoURL(diary.id, name, token), alt: `Photo ${i + 1} of @${friend.username}'s diary`, width: 120, height: 120, loading: 'lazy' })))),
      cheer({ kind: 'diary', id: diary.id, ...cheersOf(diary), what: `@${friend.username}'s diary` }));
  }

  // the cheers of a feed todo or diary: how many, by emoji, and mine (an
  // older server sends only likes and liked)
  function cheersOf(thing) {
    return {
      likes: thing.likes,
      mine: thing.mine ?? (thing.liked ? '👏' : null),
      reactions: thing.reactions ?? (thing.likes > 0 ? [{ emoji: '👏', count: thing.likes }] : []),
    };
  }

  // a cheer: the cheers so far by emoji; pick an emoji to cheer, or take
  // my cheer back
  function cheer({ kind, id, likes, mine, reactions, what }) {
    const count = h('span', { class: 'count', 'aria-label': `${likes} ${likes === 1 ? 'cheer' : 'cheers'}` }, likes > 0 ? String(likes) : '');
    // (a lone cheer of mine is already on my button)
    const onlyMine = reactions.length === 1 && reactions[0].emoji === mine && reactions[0].count === 1;
    const byEmoji = reactions.length > 0 && !onlyMine && h('ul', { class: 'reactions', 'aria-label': `Cheers: ${reactions.map((r) => `${r.count} ${r.emoji}`).join(', ')}` },
      reactions.map((r) => h('li', { class: `reaction${r.emoji === mine ? ' mine' : ''}`, 'data-emoji': r.emoji }, r.emoji, r.count > 1 && h('span', { class: 'n' }, String(r.count)))));
    if (mine) {
      return h('div', { class: 'cheer' },
        h('button', { type: 'button', class: 'cheered', 'aria-pressed': 'true', 'data-focus': `cheer-${id}`, 'aria-label': `Take back cheer on ${what}`, onclick: () => uncheer(kind, id) }, mine),
        count, byEmoji);
    }
    return h('div', { class: 'cheer' },
      disclosure({ class: 'icon cheer-open', 'data-focus': `cheer-${id}`, 'aria-label': `Cheer ${what}` }, '+👏',
        h('div', { class: 'emoji-row', role: 'group', 'aria-label': 'Cheer with' },
          CHEERS.map((e) => h('button', { type: 'button', class: 'emoji', 'aria-label': `Cheer with ${e}`, onclick: () => sendCheer(kind, id, e) }, e)))),
      count, byEmoji);
  }

  async function sendCheer(kind, id, emoji) {
    try {
      await pb.collection('likes').create({ [kind]: id, emoji });
      await load();
      list.querySelector(`[data-focus="cheer-${id}"]`)?.focus();
      announce(`Cheered with ${emoji}`);
    } catch (err) {
      reportError(err, () => sendCheer(kind, id, emoji));
    }
  }

  async function uncheer(kind, id) {
    try {
      const like = await pb.collection('likes').getFirstListItem(pb.filter(`user = {:me} && ${kind} = {:id}`, { me: user.id, id }));
      await pb.collection('likes').delete(like.id);
      await load();
      list.querySelector(`[data-focus="cheer-${id}"]`)?.focus();
      announce('Cheer taken back');
    } catch (err) {
      reportError(err, () => uncheer(kind, id));
    }
  }

  await load();

  // any change my friends make that I may see arrives here (the server
  // sends only records I may view); the feed is fetched again at once
  const reloadSoon = coalesce(() => load().catch((err) => reportError(err, reloadSoon)));
  const offs = await Promise.all(['todos', 'diaries', 'likes', 'follows', 'goals'].map((name) =>
    pb.collection(name).subscribe('*', (e) => { if (name !== 'follows' || e.record.follower === user.id || e.record.following === user.id) reloadSoon(); }),
  )).catch((err) => { reportError(err); return []; });
  ctx.onCleanup(() => offs.forEach((off) => off().catch(() => {})));
}
