// Notifications: who cheered what, who followed me, who became my friend,
// newest first. Opening the screen marks what it shows as read; each can be
// deleted. New ones arrive live.
import { pb } from '../pb.js';
import { announce, coalesce, h, replace, reportError } from '../dom.js';
import { refreshUnread } from '../notifications.js';

export default async function notificationsView(main, ctx) {
  const list = h('ul', { class: 'notifications', 'aria-live': 'polite' });
  main.append(h('h1', { tabindex: '-1' }, 'Notifications'), list);

  async function load() {
    const items = await pb.collection('notifications').getFullList({ sort: '-created', expand: 'actor,todo,diary' });
    if (!ctx.alive()) return;
    draw(items);
    const unread = items.filter((n) => !n.read);
    if (unread.length > 0) {
      await Promise.all(unread.map((n) => pb.collection('notifications').update(n.id, { read: true })));
      await refreshUnread();
    }
  }

  function describe(n) {
    const who = n.expand?.actor ? `@${n.expand.actor.username}` : 'Someone';
    switch (n.kind) {
      case 'cheer': {
        const what = n.expand?.todo ? `“${n.expand.todo.contents}”` : n.expand?.diary ? `your diary of ${n.expand.diary.date}` : 'your post';
        return [h('strong', null, who), ` cheered `, h('span', { class: 'emoji', role: 'img', 'aria-label': n.emoji }, n.emoji), ` on ${what}`];
      }
      case 'follow':
        return [h('strong', null, who), ' followed you'];
      case 'friend':
        return [h('strong', null, who), ' followed you back: you are friends now'];
    }
    return [h('strong', null, who)];
  }

  function draw(items) {
    if (items.length === 0) {
      replace(list, h('li', { class: 'empty muted' }, 'Nothing yet. Cheers and new followers show up here.'));
      return;
    }
    replace(list, ...items.map((n) => h('li', { class: `notification${n.read ? '' : ' unread'}`, 'data-kind': n.kind, 'data-notification': n.id },
      h('p', null, ...describe(n)),
      h('time', { class: 'muted', datetime: n.created }, new Date(n.created.replace(' ', 'T')).toLocaleString()),
      h('button', { type: 'button', class: 'quiet', 'aria-label': 'Delete this notification', onclick: () => remove(n) }, 'Delete'))));
  }

  async function remove(n) {
    try {
      await pb.collection('notifications').delete(n.id);
      await load();
      announce('Notification deleted');
    } catch (err) {
      reportError(err, () => remove(n));
    }
  }

  await load();
  const reloadSoon = coalesce(() => load().catch((err) => reportError(err, reloadSoon)));
  // a new or deleted one changes the list; an update is only "read", which
  // this screen's own marking sends for every one it shows
  const off = await pb.collection('notifications').subscribe('*', (e) => { if (e.action !== 'update') reloadSoon(); })
    .catch((err) => { reportError(err); return null; });
  ctx.onCleanup(() => off?.().catch(() => {}));
}
