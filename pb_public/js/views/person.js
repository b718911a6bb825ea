// Someone's day: what a friend (or anyone, of their "everyone" things)
// planned and did on one day, under their goals' colours, with their
// diary and the cheers on each; cheered from here as from the feed. The
// records API answers only what I may see of them, so nothing is hidden
// here: what arrives is what I may see.
import { pb, me, getFileToken, photoURL, displayName } from '../pb.js';
import { coalesce, h, replace, reportError } from '../dom.js';
import { dateStrip } from '../datestrip.js';
import { avatar, friendTodo } from '../friends.js';
import { cheerControl, cheersOfLikes, likesByTarget } from '../cheers.js';
import { navigate } from '../app.js';

export default async function personView(main, ctx) {
  const userId = ctx.args[0];
  const date = ctx.day();
  if (userId === me().id) return navigate(`/day?date=${date}`, { replace: true, force: true });

  const heading = h('h1', { tabindex: '-1' }, 'Day');
  main.append(heading);
  const person = await pb.collection('users').getOne(userId, { fields: 'id,username,name,avatar' })
    .catch((err) => { if (err?.status === 404) return null; throw err; });
  if (!ctx.alive()) return;
  if (!person) {
    // nobody by that id, or someone who blocks me: the same to me
    heading.textContent = 'Not found';
    main.append(h('div', { class: 'card empty' },
      h('p', null, 'This person was not found.'),
      h('p', null, h('a', { href: '/people' }, 'Back to people'))));
    return;
  }

  const who = `@${person.username}`;
  heading.textContent = `${displayName(person)}’s day`;
  const body = h('div', { class: 'person-day' });
  main.append(
    h('div', { class: 'person-bar' },
      avatar(person),
      h('p', null, person.name ? h('span', null, person.name, ' ', h('span', { class: 'muted' }, who)) : who),
      h('a', { href: `/calendar/${person.id}`, class: 'button quiet', 'aria-label': `Calendar of ${who}` }, 'Calendar')),
    dateStrip(date, (day) => ctx.go(`/people/${person.id}`, { date: day })),
    body);

  const onDay = pb.filter('user = {:user} && date = {:date}', { user: person.id, date });
  async function load() {
    const [todos, diaries, likes] = await Promise.all([
      pb.collection('todos').getFullList({ filter: onDay, sort: 'sort,created', expand: 'goal', fields: 'id,contents,is_checked,goal,proof,expand.goal.id,expand.goal.title,expand.goal.color' }),
      pb.collection('diaries').getList(1, 1, { filter: onDay }),
      pb.collection('likes').getFullList({
        filter: pb.filter('(todo.user = {:user} && todo.date = {:date}) || (diary.user = {:user} && diary.date = {:date})', { user: person.id, date }),
        fields: 'id,emoji,user,todo,diary',
      }),
    ]);
    const diary = diaries.items[0] ?? null;
    const token = diary?.photos?.length || todos.some((t) => t.proof) ? await getFileToken() : '';
    if (ctx.alive()) draw(todos, diary, likesByTarget(likes), token);
  }

  function draw(todos, diary, likes, token) {
    const cheers = (kind, id, what) => cheerControl({ kind, id, what, ...cheersOfLikes(likes.get(id) ?? []) }, load);
    const done = todos.filter((t) => t.is_checked).length;
    replace(body,
      todos.length > 0 && h('p', { class: 'progress' }, `${done} of ${todos.length} done`),
      todos.length > 0 && h('ul', { class: 'todos' }, todos.map((t) =>
        friendTodo(t, t.expand?.goal, token, cheers('todo', t.id, t.contents)))),
      diary && h('section', { class: 'diary card', 'aria-label': `Diary of ${who}`, 'data-diary': diary.id },
        h('p', null, h('span', { class: 'big-emoji', role: 'img', 'aria-label': `mood ${diary.emoji}` }, diary.emoji), ' ', diary.content),
        diary.photos?.length > 0 && h('ul', { class: 'thumbs' }, diary.photos.map((name, i) => h('li', null,
          h('img', { src: photoURL(diary.id, name, token), alt: `Photo ${i + 1} of ${who}'s diary`, width: 120, height: 120, loading: 'lazy' })))),
        cheers('diary', diary.id, `${who}'s diary`)),
      !todos.length && !diary && h('div', { class: 'card empty' },
        h('p', null, `Nothing ${displayName(person)} shares with you on this day.`)));
  }

  await load();

  // their changes I may see, and cheers on them, arrive live (the server
  // sends only records I may view)
  const reloadSoon = coalesce(() => load().catch((err) => reportError(err, reloadSoon)));
  const offs = await Promise.all(['todos', 'diaries', 'likes', 'goals'].map((name) =>
    pb.collection(name).subscribe('*', (e) => { if (name === 'likes' || e.record.user === person.id) reloadSoon(); }),
  )).catch((err) => { reportError(err); return []; });
  ctx.onCleanup(() => offs.forEach((off) => off().catch(() => {})));
}
