// The app shell: a small router over the History API (the server answers
// every unknown path with index.html), the navigation, and the account bar.
import { pb, me, displayName } from './pb.js';
import { h, reportError } from './dom.js';
import { isDay, today } from './dates.js';
import { loginView, signupView } from './views/auth.js';
import dayView from './views/day.js';
import goalsView from './views/goals.js';
import diaryView from './views/diary.js';
import peopleView from './views/people.js';
import feedView from './views/feed.js';
import calendarView from './views/calendar.js';
import notificationsView from './views/notifications.js';
import profileView from './views/profile.js';
import personView from './views/person.js';
import { onUnread, watchUnread } from './notifications.js';

const routes = [
  { pattern: /^\/login$/, view: loginView, title: 'Log in', public: true },
  { pattern: /^\/signup$/, view: signupView, title: 'Sign up', public: true },
  { pattern: /^\/day$/, view: dayView, title: 'My day', nav: 'day' },
  { pattern: /^\/feed$/, view: feedView, title: 'Feed', nav: 'feed' },
  { pattern: /^\/diary$/, view: diaryView, title: 'Diary', nav: 'diary' },
  { pattern: /^\/goals$/, view: goalsView, title: 'Goals', nav: 'goals' },
  { pattern: /^\/people$/, view: peopleView, title: 'People', nav: 'people' },
  { pattern: /^\/people\/([a-z0-9]+)$/, view: personView, title: 'Day', nav: 'people' },
  { pattern: /^\/calendar(?:\/([a-z0-9]+))?$/, view: calendarView, title: 'Calendar', nav: 'calendar' },
  { pattern: /^\/notifications$/, view: notificationsView, title: 'Notifications' },
  { pattern: /^\/profile$/, view: profileView, title: 'Profile', nav: 'profile' },
];

const navItems = [
  ['day', '/day', 'My day'],
  ['feed', '/feed', 'Feed'],
  ['diary', '/diary', 'Diary'],
  ['goals', '/goals', 'Goals'],
  ['people', '/people', 'People'],
  ['calendar', '/calendar', 'Calendar'],
];

// The day picked on My day, Diary or Feed carries over between them.
let selectedDay = today();

export function navigate(url, { replace = false, force = false } = {}) {
  if (!force && unsavedForms().length) return askLeave(() => navigate(url, { replace, force: true }));
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  render({ focus: true });
}

// Forms with changes not saved yet (dom.js trackUnsaved): leaving the
// screen asks first, in the page, instead of dropping them silently.
const unsavedForms = () => [...document.querySelectorAll('#main form[data-unsaved]')];
let leavePrompt = null;

function askLeave(proceed) {
  leavePrompt?.remove();
  const forms = unsavedForms();
  const names = forms.map((f) => f.dataset.what ?? f.getAttribute('aria-label') ?? 'a form').join(', ');
  const close = () => { box.remove(); leavePrompt = null; };
  const box = h('div', { class: 'alert leave', role: 'alertdialog', 'aria-label': 'Unsaved changes', 'aria-describedby': 'leave-text' },
    h('p', { id: 'leave-text' }, `Changes to ${names} are not saved. Leave without saving?`),
    h('button', { type: 'button', onclick: () => { close(); forms[0]?.querySelector('input, select, textarea')?.focus(); } }, 'Stay'),
    h('button', { type: 'button', class: 'danger', onclick: () => { close(); proceed(); } }, 'Leave without saving'));
  box.addEventListener('keydown', (e) => { if (e.key === 'Escape') box.querySelector('button').click(); });
  document.getElementById('alerts').append(box);
  leavePrompt = box;
  box.querySelector('button').focus();
}

window.addEventListener('beforeunload', (event) => {
  if (unsavedForms().length) event.preventDefault();
});

let generation = 0;
let shownUrl = location.href;
let cleanups = [];

async function render({ focus = false } = {}) {
  const mine = ++generation;
  cleanups.forEach((fn) => fn());
  cleanups = [];
  leavePrompt?.remove();
  leavePrompt = null;
  shownUrl = location.href;

  const url = new URL(location.href);
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return navigate(me() ? '/day' : '/login', { replace: true, force: true });

  const route = routes.find((r) => r.pattern.test(path));
  if (route && !route.public && !me()) {
    return navigate(`/login?next=${encodeURIComponent(path + url.search)}`, { replace: true, force: true });
  }
  if (route?.public && me()) return navigate('/day', { replace: true, force: true });

  const date = url.searchParams.get('date');
  if (isDay(date)) selectedDay = date;

  drawChrome(route?.nav);
  const main = document.getElementById('main');
  main.replaceChildren();
  document.title = `${route?.title ?? 'Not found'} · todomate`;

  if (!route) {
    main.append(h('h1', { tabindex: '-1' }, 'Not found'), h('p', null, h('a', { href: '/day' }, 'Go to my day')));
  } else {
    const ctx = {
      params: url.searchParams,
      args: path.match(route.pattern).slice(1),
      day: () => selectedDay,
      // go to a path with query params, keeping the selected day
      go: (to, query = {}) => {
        const q = new URLSearchParams(query);
        navigate(q.size ? `${to}?${q}` : to);
      },
      alive: () => mine === generation,
      onCleanup: (fn) => (mine === generation ? cleanups.push(fn) : fn()),
    };
    try {
      await route.view(main, ctx);
    } catch (err) {
      if (mine === generation) reportError(err, () => render());
    }
  }
  if (focus && mine === generation) main.querySelector('h1')?.focus();
}

function drawChrome(current) {
  const user = me();
  const nav = document.getElementById('nav');
  const account = document.getElementById('account');
  nav.hidden = !user;
  if (!user) {
    nav.replaceChildren();
    account.replaceChildren();
    return;
  }
  const withDay = (href) => (['/day', '/diary', '/feed'].includes(href) && selectedDay !== today() ? `${href}?date=${selectedDay}` : href);
  nav.replaceChildren(h('ul', null, navItems.map(([key, href, label]) =>
    h('li', null, h('a', { href: withDay(href), 'aria-current': key === current ? 'page' : null }, label)))));
  account.replaceChildren(
    bell(current === 'notifications'),
    h('a', { href: '/profile', class: 'who', 'aria-current': current === 'profile' ? 'page' : null, title: user.email ?? '' }, displayName(user)),
    h('button', { type: 'button', class: 'quiet', onclick: logout }, 'Log out'));
}

/** Draws the navigation and account bar again: the signed-in user's name changed. */
export const refreshChrome = () => drawChrome(routes.find((r) => r.pattern.test(location.pathname))?.nav);

// the bell: a link to the notifications, with the unread count on it
let stopBell = () => {};
function bell(here) {
  const badge = h('span', { class: 'badge-count', hidden: true });
  const link = h('a', { href: '/notifications', class: 'bell', 'aria-current': here ? 'page' : null, 'aria-label': 'Notifications' },
    h('span', { 'aria-hidden': 'true' }, '🔔'), badge);
  stopBell();
  stopBell = onUnread((n) => {
    badge.hidden = n === 0;
    badge.textContent = n > 99 ? '99+' : String(n);
    link.setAttribute('aria-label', n === 0 ? 'Notifications' : `Notifications, ${n} unread`);
  });
  return link;
}

function logout() {
  if (unsavedForms().length) return askLeave(endSession);
  endSession();
}

function endSession() {
  pb.realtime.unsubscribe().catch(() => {});
  pb.authStore.clear();
  navigate('/login', { force: true });
}

// links inside the app change the view without a page load
document.addEventListener('click', (event) => {
  const link = event.target.closest?.('a[href]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const href = link.getAttribute('href');
  if (!href.startsWith('/') || href.startsWith('//') || href.startsWith('/api/') || href.startsWith('/_/') || link.target) return;
  event.preventDefault();
  navigate(href);
});

window.addEventListener('popstate', () => {
  // Back or Forward cannot be held: the screen with unsaved changes is put
  // back, and going on is asked for
  if (unsavedForms().length) {
    const target = location.href;
    history.pushState(null, '', shownUrl);
    askLeave(() => navigate(target, { force: true }));
    return;
  }
  render({ focus: true });
});

// the unread count follows whoever is signed in
watchUnread();
let countedFor = me()?.id ?? null;
// a session that ends elsewhere (another tab logs out) ends here too
pb.authStore.onChange(() => {
  if ((me()?.id ?? null) !== countedFor) {
    countedFor = me()?.id ?? null;
    watchUnread();
  }
  if (!me() && !routes.find((r) => r.public && r.pattern.test(location.pathname))) navigate('/login', { replace: true, force: true });
});

// refresh a kept session once, so an expired or deleted user lands on login
if (pb.authStore.isValid) {
  pb.collection('users').authRefresh().catch((err) => {
    if (err?.status === 401 || err?.status === 404) pb.authStore.clear();
  });
}

render();
