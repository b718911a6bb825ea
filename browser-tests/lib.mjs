// Shared by the browser tests: the server under test, Debian's Chromium,
// sign-up through the UI, screenshots, and a watcher that records every
// API answer and realtime message a browser receives (to prove that
// private things never reach it).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const BASE = process.env.TODOMATE_URL ?? 'http://127.0.0.1:8090';
export const SCREENSHOTS = new URL('./screenshots/', import.meta.url).pathname;
export const TIMEOUT = 10_000;

// What the probe of this machine found Chromium needs here: no sandbox as
// root, and no background connections to a network that is closed.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Starts Chromium. Playwright gives every launch a fresh, empty user data
 * dir of its own (and refuses --user-data-dir), which is what we want.
 */
export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
  return { browser, close: () => browser.close() };
}

/** Superuser call to the API (settings); the app itself never uses one. */
export async function adminRequest(method, path, body) {
  const auth = await fetch(`${BASE}/api/collections/_superusers/auth-with-password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identity: process.env.TODOMATE_ADMIN_EMAIL, password: process.env.TODOMATE_ADMIN_PASSWORD }),
  });
  if (!auth.ok) throw new Error(`superuser login: ${auth.status} ${await auth.text()}`);
  const { token } = await auth.json();
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: token },
    body: body && JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Waits until the server under test answers its health check. */
export async function waitForServer() {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`server at ${BASE} did not answer in 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A browser context (one person) whose every API answer and realtime
 * message is kept, to search for what must never arrive.
 */
export async function person(browser, { width = 1280, height = 860 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, reducedMotion: 'reduce' });
  context.setDefaultTimeout(TIMEOUT);
  const received = [];
  // realtime messages arrive through EventSource, which responses cannot show
  await context.addInitScript(() => {
    window.__received = [];
    const Native = window.EventSource;
    window.EventSource = class extends Native {
      constructor(...args) {
        super(...args);
        const keep = (e) => window.__received.push(String(e.data));
        const add = this.addEventListener.bind(this);
        this.addEventListener = (type, fn, opts) => { add(type, keep); add(type, fn, opts); };
      }
    };
  });
  context.on('response', async (res) => {
    if (!res.url().includes('/api/') || (res.headers()['content-type'] ?? '').includes('event-stream')) return;
    try { received.push(await res.text()); } catch { /* page gone */ }
  });
  const page = await context.newPage();
  // bugs in the app: uncaught exceptions, and errors the app caught and
  // logged that are not API answers (the tests assert there are none)
  const pageErrors = [];
  page.on('pageerror', (err) => {
    pageErrors.push(err.message);
    console.error(`[page error] ${err.message}`);
  });
  page.on('console', (m) => {
    if (m.type() !== 'error' || /^Failed to load resource|ClientResponseError/.test(m.text())) return;
    pageErrors.push(m.text());
    console.error(`[console error] ${m.text()}`);
  });
  return {
    context,
    page,
    pageErrors,
    /** Everything that reached this browser: API answers, realtime data, the page's text. */
    async everything() {
      const pages = await Promise.all(context.pages().map(async (p) => {
        const [sse, text] = await p.evaluate(() => [window.__received ?? [], document.body.innerText]).catch(() => [[], '']);
        return [...sse, text];
      }));
      return [...received, ...pages.flat()].join('\n');
    },
  };
}

/** Signs up through the form; lands on My day. */
export async function signUp(page, { username, name = '', password = 'password123' }) {
  await page.goto(`${BASE}/signup`);
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Username').fill(username);
  if (name) await page.getByLabel('Name (optional)').fill(name);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Repeat password').fill(password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('heading', { name: 'My day', level: 1 }).waitFor();
}

/** Goes to a screen through the main navigation. */
export async function open(page, label) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
  await page.locator('main h1').filter({ hasText: label === 'Calendar' ? 'calendar' : label }).waitFor();
}

/** Saves the current screen at 360 px and 1280 px wide. */
export async function shoot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  const size = page.viewportSize();
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true, animations: 'disabled' });
  }
  await page.setViewportSize(size);
}

/** Today and other days as the app writes them: the local calendar day. */
export function day(offset = 0) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A real PNG photo: Chromium draws a sunset-coloured square and screenshots it. */
export async function photo(browser) {
  const page = await browser.newPage({ viewport: { width: 160, height: 160 } });
  await page.setContent('<body style="margin:0;background:linear-gradient(135deg,#ff9a3c,#ff4f70)"></body>');
  const png = await page.screenshot({ type: 'png' });
  await page.close();
  return png;
}

/**
 * Before a file's tests: waits for the server, switches the rate limiter
 * off (every sign-up and login comes from one loopback IP) and starts
 * Chromium. close() stops Chromium and switches the limiter back on.
 */
export async function startSuite() {
  await waitForServer();
  await adminRequest('PATCH', '/api/settings', { rateLimits: { enabled: false } });
  const chromium = await launch();
  return {
    browser: chromium.browser,
    async close() {
      await chromium.close();
      await adminRequest('PATCH', '/api/settings', { rateLimits: { enabled: true } }).catch(() => {});
    },
  };
}

/** Follows a user through the People screen's search. */
export async function follow(page, username) {
  await open(page, 'People');
  await page.getByLabel('Find people by username').fill(username);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('button', { name: `Follow @${username}`, exact: true }).first().click();
  await page.getByRole('button', { name: `Unfollow @${username}`, exact: true }).first().waitFor();
}

/** Adds a goal on the Goals screen; `level` is the label of who sees it. */
export async function addGoal(page, title, color, level = 'Friends') {
  const form = page.locator('form.goal-form');
  await form.getByLabel('Title').fill(title);
  await form.getByLabel('Colour').fill(color);
  await form.getByLabel('Who sees it').selectOption({ label: level });
  await form.getByRole('button', { name: 'Add goal' }).click();
  await page.getByRole('form', { name: `Goal ${title}` }).waitFor();
}

/** Adds a todo under a goal on My day. */
export async function addTodo(page, goal, text) {
  await page.getByLabel(`New todo in ${goal}`).fill(text);
  await page.getByRole('button', { name: `Add to ${goal}` }).click();
  await page.getByRole('region', { name: goal }).getByRole('checkbox', { name: text }).waitFor();
}

/** The signed-in user's id in a page. */
export const userId = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('pocketbase_auth')).record.id);
