// Feed: what my friends did on a day — their todos, diary and cheers —
// kept live by realtime subscriptions: a friend checks a todo and it shows
// checked here without a reload.
import { pb, me, todomate, getFileToken, photoURL, displayName } from '../pb.js';
import { coalesce, h, replace, reportError } from '../dom.js';
import { cheerControl, cheersOfFeed } from '../cheers.js';
import { avatar, friendsRow, friendTodo, personDayHref } from '../friends.js';
import { dateStrip } from '../datestrip.js';

const PER_PAGE = 50;

export default async function feedView(main, ctx) {
  const user = me();
  const date = ctx.day();
  let items = [];
  let more = false;
  let token = '';
  const list = h('div', { class: 'feed', 'aria-live': 'off' });
  const friendsHolder = h('div');
  main.append(
    h('h1', { tabindex: '-1' }, 'Feed'),
    friendsHolder,
    dateStrip(date, (day) => ctx.go('/feed', { date: day })),
    list);
  // every friend, also those with nothing on this day
  let friendCount = 0;
  async function loadFriends() {
    const row = await friendsRow(date);
    friendCount = row.friendCount;
    if (ctx.alive()) replace(friendsHolder, row);
  }

  async function load(pages = Math.max(1, Math.ceil(items.length / PER_PAGE))) {
    const all = [];
    let page = 1;
    let last;
    do {
      last = await todomate('/feed', { date, page, perPage: PER_PAGE });
      all.push(...last.items);
      page++;
    } while (page <= pages && last.items.length === PER_PAGE);
    const hasPhotos = all.some((i) => i.diary?.photos?.length || i.todos.some((t) => t.proof));
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
          friendCount > 0
            ? h('p', { class: 'muted' }, 'Tap a friend above to see their day and calendar.')
            : h('p', { class: 'muted' }, 'Friends are people you follow who follow you back. ', h('a', { href: '/people' }, 'Find people'), '.')),
      more && h('button', { type: 'button', onclick: () => load(Math.ceil(items.length / PER_PAGE) + 1).catch((e) => reportError(e)) }, 'Show more friends'));
    if (openPicker) list.querySelector(`.cheer-open[data-focus="${openPicker}"]`)?.click();
  }

  function drawFriend({ user: friend, todos, diary }) {
    const headingId = `friend-${friend.id}`;
    const done = todos.filter((t) => t.is_checked).length;
    return h('article', { class: 'card friend', 'aria-labelledby': headingId, 'data-user': friend.username },
      h('header', null,
        avatar(friend),
        h('h2', { id: headingId }, h('a', { href: personDayHref(friend.id, date) }, displayName(friend)), friend.name && h('span', { class: 'muted' }, ` @${friend.username}`)),
        todos.length > 0 && h('span', { class: 'progress' }, `${done}/${todos.length}`),
        h('a', { href: `/calendar/${friend.id}`, class: 'button quiet', 'aria-label': `Calendar of @${friend.username}` }, 'Calendar')),
      todos.length > 0 && h('ul', { class: 'todos' }, todos.map((t) =>
        friendTodo(t, t.goal, token, cheerControl({ kind: 'todo', id: t.id, ...cheersOfFeed(t), what: t.contents }, load)))),
      diary && drawDiary(friend, diary));
  }

  function drawDiary(friend, diary) {
    return h('section', { class: 'diary', 'aria-label': `Diary of @${friend.username}`, 'data-diary': diary.id },
      h('p', null, h('span', { class: 'big-emoji', role: 'img', 'aria-label': `mood ${diary.emoji}` }, diary.emoji), ' ', diary.content),
      diary.photos?.length > 0 && h('ul', { class: 'thumbs' }, diary.photos.map((name, i) => h('li', null,
        h('img', { src: photoURL(diary.id, name, token), alt: `Photo ${i + 1} of @${friend.username}'s diary`, width: 120, height: 120, loading: 'lazy' })))),
      cheerControl({ kind: 'diary', id: diary.id, ...cheersOfFeed(diary), what: `@${friend.username}'s diary` }, load));
  }

  await Promise.all([loadFriends(), load()]);
  // the empty feed's words depend on both
  if (ctx.alive()) draw();

  // any change my friends make that I may see arrives here (the server
  // sends only records I may view); the feed is fetched again at once
  const reloadSoon = coalesce(() => load().catch((err) => reportError(err, reloadSoon)));
  const friendsSoon = coalesce(() => loadFriends().then(() => draw()).catch((err) => reportError(err, friendsSoon)));
  const offs = await Promise.all(['todos', 'diaries', 'likes', 'follows', 'goals'].map((name) =>
    pb.collection(name).subscribe('*', (e) => {
      if (name !== 'follows') return reloadSoon();
      if (e.record.follower === user.id || e.record.following === user.id) {
        reloadSoon();
        friendsSoon();
      }
    }),
  )).catch((err) => { reportError(err); return []; });
  ctx.onCleanup(() => offs.forEach((off) => off().catch(() => {})));
}
