// People: find someone by username, follow and unfollow, and see your
// friends (mutual follows), whom else you follow, who else follows you, and
// whom you block, each person once (blocking is done from a person's
// calendar page; unblocking here too).
import { pb, me, todomate } from '../pb.js';
import { announce, coalesce, field, formError, h, replace, reportError, submitForm } from '../dom.js';

export default async function peopleView(main, ctx) {
  const user = me();
  let following = []; // follows records where I am the follower, expand.following
  let followers = []; // follows records where I am followed, expand.follower
  let friends = [];
  let blocks = []; // blocks records where I am the blocker, expand.blocked
  let results = null;

  const search = h('form', { class: 'card search', role: 'search', novalidate: true },
    field('Find people by username', { name: 'q', type: 'search', autocomplete: 'off', autocapitalize: 'none', spellcheck: false }),
    h('button', { type: 'submit' }, 'Search'),
    formError());
  const resultsBox = h('div', { class: 'results', 'aria-live': 'polite' });
  const lists = h('div', { class: 'lists' });
  main.append(h('h1', { tabindex: '-1' }, 'People'), search, resultsBox, lists);

  search.addEventListener('submit', async (event) => {
    event.preventDefault();
    const q = search.elements.q.value.trim().toLowerCase();
    if (!q) { results = null; draw(); return; }
    await submitForm(search, async () => {
      const page = await pb.collection('users').getList(1, 20, {
        filter: pb.filter('username ~ {:q} && id != {:me}', { q, me: user.id }),
        sort: 'username',
        fields: 'id,username,name,avatar,collectionId',
      });
      results = page.items;
      draw();
    });
  });

  const followRecord = (userId) => following.find((f) => f.following === userId);
  const isFriend = (userId) => friends.some((f) => f.id === userId);
  const blockRecord = (userId) => blocks.find((b) => b.blocked === userId);

  function personRow(person, extra = []) {
    const followed = followRecord(person.id);
    const blocked = blockRecord(person.id);
    return h('li', { class: 'person' },
      h('span', { class: 'avatar', 'aria-hidden': 'true' }, (person.username ?? '?')[0].toUpperCase()),
      h('span', { class: 'who' }, h('strong', null, `@${person.username}`), person.name && h('span', { class: 'muted' }, ` ${person.name}`),
        isFriend(person.id) && h('span', { class: 'badge' }, 'friend'),
        blocked && h('span', { class: 'badge' }, 'blocked')),
      h('span', { class: 'actions' },
        h('a', { href: `/calendar/${person.id}`, class: 'button', 'aria-label': `Calendar of @${person.username}` }, 'Calendar'),
        blocked
          ? h('button', { type: 'button', 'data-focus': `block-${person.id}`, 'aria-label': `Unblock @${person.username}`, onclick: () => unblock(blocked, person) }, 'Unblock')
          : followed
          ? h('button', { type: 'button', 'data-focus': `follow-${person.id}`, 'aria-label': `Unfollow @${person.username}`, onclick: () => unfollow(followed, person) }, 'Unfollow')
          : h('button', { type: 'button', class: 'primary', 'data-focus': `follow-${person.id}`, 'aria-label': `Follow @${person.username}`, onclick: () => follow(person) }, 'Follow'),
        extra));
  }

  function section(title, items, empty) {
    return h('section', { class: 'people-list' }, h('h2', null, `${title} (${items.length})`),
      items.length ? h('ul', null, items) : h('p', { class: 'muted' }, empty));
  }

  function draw() {
    replace(resultsBox, results && section('Search results', results.map((p) => personRow(p)), 'Nobody by that username.'));
    // each person once: a friend is both followed and a follower, and is
    // listed as a friend only
    const removeButton = (f) => h('button', { type: 'button', class: 'quiet', 'aria-label': `Remove follower @${f.expand?.follower?.username}`, onclick: () => removeFollower(f) }, 'Remove');
    const followerRecord = (userId) => followers.find((f) => f.follower === userId);
    const oneWayOut = following.filter((f) => !isFriend(f.following));
    const oneWayIn = followers.filter((f) => !isFriend(f.follower));
    replace(lists,
      section('Friends', friends.map((p) => personRow(p, followerRecord(p.id) ? removeButton(followerRecord(p.id)) : [])), 'Friends are people who follow you back. Follow someone to start.'),
      section('Following', oneWayOut.map((f) => personRow(f.expand?.following ?? { id: f.following, username: '?' })),
        following.length ? 'Everyone you follow follows you back.' : 'You follow nobody yet.'),
      section('Followers', oneWayIn.map((f) => personRow(f.expand?.follower ?? { id: f.follower, username: '?' }, removeButton(f))),
        followers.length ? 'You follow back everyone who follows you.' : 'Nobody follows you yet.'),
      section('Blocked', blocks.map((b) => personRow(b.expand?.blocked ?? { id: b.blocked, username: '?' })),
        'You block nobody. To block someone, open their calendar.'));
  }

  async function load() {
    const [out, inc, fr, bl] = await Promise.all([
      pb.collection('follows').getFullList({ filter: pb.filter('follower = {:me}', { me: user.id }), expand: 'following', sort: 'created' }),
      pb.collection('follows').getFullList({ filter: pb.filter('following = {:me}', { me: user.id }), expand: 'follower', sort: 'created' }),
      todomate('/friends'),
      pb.collection('blocks').getFullList({ filter: pb.filter('blocker = {:me}', { me: user.id }), expand: 'blocked', sort: 'created' }),
    ]);
    blocks = bl;
    following = out;
    followers = inc;
    friends = fr.items ?? [];
    if (ctx.alive()) draw();
  }

  async function follow(person) {
    try {
      await pb.collection('follows').create({ following: person.id });
      await load();
      announce(`Following @${person.username}${isFriend(person.id) ? ' — you are friends now' : ''}`);
    } catch (err) {
      reportError(err, () => follow(person));
    }
  }

  async function unfollow(record, person) {
    try {
      await pb.collection('follows').delete(record.id);
      await load();
      announce(`Unfollowed @${person.username}`);
    } catch (err) {
      reportError(err, () => unfollow(record, person));
    }
  }

  async function unblock(record, person) {
    try {
      await pb.collection('blocks').delete(record.id);
      await load();
      announce(`Unblocked @${person.username}`);
    } catch (err) {
      reportError(err, () => unblock(record, person));
    }
  }

  async function removeFollower(record) {
    try {
      await pb.collection('follows').delete(record.id);
      await load();
      announce('Follower removed');
    } catch (err) {
      reportError(err, () => removeFollower(record));
    }
  }

  await load();
  // someone follows or unfollows me while I look
  const reloadSoon = coalesce(() => load().catch((err) => reportError(err)));
  const off = await pb.collection('follows').subscribe('*', (e) => {
    if (e.record.following === user.id || e.record.follower === user.id) reloadSoon();
  }).catch((err) => { reportError(err); return null; });
  ctx.onCleanup(() => off?.().catch(() => {}));
}
