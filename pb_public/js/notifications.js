// The unread count of my notifications, kept right by realtime: the shell
// shows it on the bell in the account bar.
import { pb, me } from './pb.js';
import { coalesce } from './dom.js';

let listeners = [];
let unsubscribe = null;
let current = 0;

/** The unread count now, and each change of it after, to fn. */
export function onUnread(fn) {
  listeners.push(fn);
  fn(current);
  return () => { listeners = listeners.filter((l) => l !== fn); };
}

/** Counts my unread notifications again (after marking some read). */
export async function refreshUnread() {
  if (!me()) return;
  const page = await pb.collection('notifications').getList(1, 1, { filter: 'read = false', fields: 'id' });
  current = page.totalItems;
  listeners.forEach((fn) => fn(current));
}

/** Starts counting for the signed-in user (again after a new sign-in). */
export async function watchUnread() {
  if (unsubscribe) { await unsubscribe().catch(() => {}); unsubscribe = null; }
  if (!me()) { current = 0; listeners.forEach((fn) => fn(0)); return; }
  const recount = coalesce(() => refreshUnread().catch(() => {}));
  unsubscribe = await pb.collection('notifications').subscribe('*', recount).catch(() => null);
  await refreshUnread().catch(() => {});
}
