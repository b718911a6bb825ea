// Three people in three browsers. ann and ben follow each other (friends);
// cid follows ann, who does not follow back. ann plans her day under a
// goal and writes a diary with a photo; ben sees it arrive in his feed
// live, cheers, takes a cheer back, and opens ann's calendar. cid sees none
// of it, and ann's private goal and private diary reach nobody's browser.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addGoal, addTodo, BASE, day, follow, open, person, photo, shoot, signUp, startSuite, userId } from './lib.mjs';

const TODAY = day(0);
const YESTERDAY = day(-1);
// what only ann may ever see
const SECRETS = ['Hidden surprise party', 'Private plans', 'My secret diary words', '🦄'];

let chromium;
let ann;
let ben;
let cid;

before(async () => {
  chromium = await startSuite();
  [ann, ben, cid] = await Promise.all([person(chromium.browser), person(chromium.browser), person(chromium.browser)]);
});

after(async () => {
  await chromium?.close();
});

test('three people sign up', async () => {
  await ann.page.goto(`${BASE}/`);
  await ann.page.getByRole('heading', { name: 'Log in' }).waitFor();
  await shoot(ann.page, 'login');
  await signUp(ann.page, { username: 'ann', name: 'Ann Lee' });
  await signUp(ben.page, { username: 'ben' });
  await signUp(cid.page, { username: 'cid' });
  assert.equal(await ann.page.locator('#account .who').textContent(), 'Ann Lee');
});

test('ann and ben follow each other and become friends; cid follows ann one way', async () => {
  await follow(ann.page, 'ben');
  await follow(ben.page, 'ann');
  await follow(cid.page, 'ann');

  // ann's list updates live when ben follows back
  const friends = ann.page.getByRole('heading', { name: 'Friends (1)' });
  await friends.waitFor();
  // ben is a friend, and listed once: not again as followed and following
  await ann.page.getByRole('heading', { name: 'Followers (1)' }).waitFor();
  await ann.page.getByRole('heading', { name: 'Following (0)' }).waitFor();
  const friendList = ann.page.locator('section.people-list', { has: friends });
  assert.deepEqual(await friendList.locator('.person strong').allTextContents(), ['@ben']);
  assert.deepEqual(await ann.page.locator('.lists .person strong').allTextContents(), ['@ben', '@cid']);
  await shoot(ann.page, 'people');

  await cid.page.getByRole('heading', { name: 'Friends (0)' }).waitFor();
  await cid.page.getByRole('heading', { name: 'Following (1)' }).waitFor();
});

test('ann makes a goal and a private goal', async () => {
  await open(ann.page, 'Goals');
  await addGoal(ann.page, 'Health', '#22aa66');
  await addGoal(ann.page, 'Private plans', '#aa3377', 'Only me');
  // each goal's form shows who sees it
  assert.equal(await level(ann.page.getByRole('form', { name: 'Goal Private plans' })), 'Only me');
  assert.equal(await level(ann.page.getByRole('form', { name: 'Goal Health' })), 'Friends');
  await shoot(ann.page, 'goals');
});

test('ben and cid open their feeds before anything happens', async () => {
  await open(ben.page, 'Feed');
  await ben.page.getByText('Nothing from your friends on this day.').waitFor();
  await open(cid.page, 'Feed');
  await cid.page.getByText('Nothing from your friends on this day.').waitFor();
});

test("ann plans her day; ben's feed shows it live, without the private goal", async () => {
  await open(ann.page, 'My day');
  await addTodo(ann.page, 'Health', 'Run 5k');
  await addTodo(ann.page, 'Health', 'Stretch');
  await addTodo(ann.page, 'Private plans', 'Hidden surprise party');
  await ann.page.getByRole('checkbox', { name: 'Run 5k' }).check();
  await ann.page.getByText('1 of 3 done').waitFor();

  const annCard = ben.page.locator('article.friend[data-user="ann"]');
  await annCard.locator('li.todo', { hasText: 'Stretch' }).waitFor();
  await annCard.locator('li.todo[data-checked="true"]', { hasText: 'Run 5k' }).waitFor();
  assert.equal(await annCard.locator('li.todo').count(), 2);
  assert.equal(await annCard.locator('.goal-tag').first().textContent(), 'Health');
});

test('ann reorders, edits and moves a todo to tomorrow', async () => {
  const page = ann.page;
  const health = page.getByRole('region', { name: 'Health' });
  await health.getByRole('button', { name: 'Move up: Stretch' }).click();
  await waitForOrder(health, ['Stretch', 'Run 5k']);
  // the order is saved: it survives a reload
  await page.reload();
  await waitForOrder(page.getByRole('region', { name: 'Health' }), ['Stretch', 'Run 5k']);

  await addTodo(page, 'Health', 'Drink water');
  await page.getByRole('region', { name: 'Health' }).getByLabel('More for: Drink water').click();
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByLabel('Todo', { exact: true }).fill('Drink 2 l of water');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('checkbox', { name: 'Drink 2 l of water' }).waitFor();

  await page.getByLabel('More for: Drink 2 l of water').click();
  await page.getByRole('button', { name: 'Move to tomorrow' }).click();
  await page.getByRole('checkbox', { name: 'Drink 2 l of water' }).waitFor({ state: 'detached' });
  await page.goto(`${BASE}/day?date=${day(1)}`);
  await page.getByRole('checkbox', { name: 'Drink 2 l of water' }).waitFor();
  await page.getByRole('button', { name: 'Back to today' }).click();
  await page.getByRole('checkbox', { name: 'Run 5k' }).waitFor();
  await shoot(page, 'my-day');
});

test("ann writes a diary with a photo; ben's feed shows it live, photo through a file token", async () => {
  await open(ann.page, 'Diary');
  await ann.page.getByLabel('Emoji of the day').fill('🔥');
  await ann.page.getByLabel('A few words').fill('Great run by the river');
  await ann.page.getByLabel('Add photos').setInputFiles({ name: 'river.png', mimeType: 'image/png', buffer: await photo(chromium.browser) });
  await ann.page.getByRole('button', { name: 'Write diary' }).click();
  await ann.page.getByRole('button', { name: 'Save diary' }).waitFor();
  await ann.page.getByRole('img', { name: 'Photo 1 of your diary' }).waitFor();
  await shoot(ann.page, 'diary');

  const diary = ben.page.getByRole('region', { name: 'Diary of @ann' });
  await diary.getByText('Great run by the river').waitFor();
  const img = diary.getByRole('img', { name: "Photo 1 of @ann's diary" });
  await img.waitFor();
  assert.match(await img.getAttribute('src'), /\/api\/files\/diaries\/\w+\/\w+\.png\?.*token=/);
  await ben.page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
});

test("ann checks a todo; it shows checked in ben's feed without a reload", async () => {
  const annCard = ben.page.locator('article.friend[data-user="ann"]');
  const stretch = annCard.locator('li.todo', { hasText: 'Stretch' });
  assert.equal(await stretch.getAttribute('data-checked'), 'false');
  const navigations = [];
  ben.page.on('framenavigated', (f) => navigations.push(f.url()));

  await open(ann.page, 'My day');
  const started = Date.now();
  await ann.page.getByRole('checkbox', { name: 'Stretch' }).check();
  await annCard.locator('li.todo[data-checked="true"]', { hasText: 'Stretch' }).waitFor();
  console.log(`ann checked a todo; ben's feed showed it after ${Date.now() - started} ms`);
  assert.deepEqual(navigations, [], 'the feed must update without a reload');
  assert.equal(await annCard.locator('.progress').textContent(), '2/2');
});

test('ben cheers with an emoji and takes it back', async () => {
  const page = ben.page;
  await page.getByRole('button', { name: 'Cheer Run 5k' }).click();
  await page.getByRole('button', { name: 'Cheer with 🔥' }).click();
  const takeBack = page.getByRole('button', { name: 'Take back cheer on Run 5k' });
  await takeBack.waitFor();
  const run = page.locator('article.friend[data-user="ann"] li.todo', { hasText: 'Run 5k' });
  assert.equal(await run.locator('.count').textContent(), '1');
  // the cheer chosen, not a generic one, on the button (a lone cheer of
  // one's own is not listed again by emoji)
  assert.equal(await takeBack.textContent(), '🔥');
  assert.equal(await run.locator('.reaction').count(), 0);

  // ann cheers her own todo with 🎉 (through the API): ben's open feed lists
  // the cheers by emoji, ties by emoji, his own marked
  const login = await (await fetch(`${BASE}/api/collections/users/auth-with-password`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identity: 'ann', password: 'password123' }),
  })).json();
  const cheered = await fetch(`${BASE}/api/collections/likes/records`, {
    method: 'POST', headers: { 'content-type': 'application/json', Authorization: login.token },
    body: JSON.stringify({ todo: await run.getAttribute('data-todo'), emoji: '🎉' }),
  });
  assert.equal(cheered.status, 200);
  await run.locator('.reaction').nth(1).waitFor();
  assert.deepEqual(await run.locator('.reaction').evaluateAll((els) => els.map((e) => [e.dataset.emoji, e.classList.contains('mine')])),
    [['🎉', false], ['🔥', true]]);
  assert.equal(await run.locator('.count').textContent(), '2');
  await shoot(page, 'feed-reactions');

  await takeBack.click();
  await page.getByRole('button', { name: 'Cheer Run 5k' }).waitFor();
  assert.equal(await run.locator('.count').textContent(), '1');
  assert.deepEqual(await run.locator('.reaction').evaluateAll((els) => els.map((e) => e.dataset.emoji)), ['🎉']);

  // on a phone the diary's picker opens inside the screen, every emoji in reach
  const size = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 800 });
  await page.getByRole('button', { name: "Cheer @ann's diary" }).click();
  for (const emoji of ['👏', '🔥', '❤️', '🎉', '💪']) {
    const box = await page.getByRole('button', { name: `Cheer with ${emoji}` }).boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 360, `${emoji} at x ${box.x}..${box.x + box.width} of 360`);
  }
  await shoot(page, 'cheer-picker');
  await page.getByRole('button', { name: 'Cheer with 🎉' }).click();
  await page.setViewportSize(size);
  await page.getByRole('button', { name: "Take back cheer on @ann's diary" }).waitFor();
  assert.equal(await page.getByRole('button', { name: "Take back cheer on @ann's diary" }).textContent(), '🎉');
  await shoot(page, 'feed');
});

test("ann hears of ben's cheer: the bell counts it live, the screen says who, which emoji, on what", async () => {
  const page = ann.page;
  // ben's 🎉 on her diary is still there (his cheer on Run 5k was taken back)
  const counted = page.getByRole('link', { name: /^Notifications, \d+ unread$/ });
  await counted.waitFor();
  assert.ok(Number(await page.locator('.bell .badge-count').textContent()) >= 1);
  await shoot(page, 'bell-unread');
  await counted.click();
  await page.getByRole('heading', { name: 'Notifications' }).waitFor();
  const cheers = page.locator('.notification[data-kind="cheer"]');
  assert.equal(await cheers.count(), 1, 'a cheer taken back is no longer told');
  assert.match(await cheers.first().locator('p').textContent(), /^@ben cheered 🎉 on your diary of \d{4}-\d{2}-\d{2}$/);
  // seen: the count goes
  await page.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
  await shoot(page, 'notifications');
});

test("ben opens ann's calendar: done/total and the diary emoji, nothing private", async () => {
  const page = ben.page;
  await page.getByRole('link', { name: 'Calendar of @ann' }).click();
  await page.getByRole('heading', { name: 'Ann Lee’s calendar' }).waitFor();
  const cell = page.locator(`.calendar li[data-day="${TODAY}"]`);
  await cell.waitFor();
  // two visible todos, both done; the private goal's todo is not counted
  assert.equal(await cell.locator('.count').textContent(), '2/2');
  assert.equal(await cell.locator('.emoji').textContent(), '🔥');
  await shoot(page, 'calendar-friend');

  // ann's own calendar counts everything of hers
  await open(ann.page, 'Calendar');
  const own = ann.page.locator(`.calendar li[data-day="${TODAY}"]`);
  assert.equal(await own.locator('.count').textContent(), '2/3');
  await shoot(ann.page, 'calendar');
});

test('a private diary stays with its owner', async () => {
  await ann.page.goto(`${BASE}/diary?date=${YESTERDAY}`);
  await ann.page.getByLabel('Emoji of the day').fill('🦄');
  await ann.page.getByLabel('A few words').fill('My secret diary words');
  await ann.page.getByLabel('Who sees it').selectOption({ label: 'Only me' });
  await ann.page.getByRole('button', { name: 'Write diary' }).click();
  await ann.page.getByRole('button', { name: 'Save diary' }).waitFor();

  await ben.page.goto(`${BASE}/feed?date=${YESTERDAY}`);
  await ben.page.getByText('Nothing from your friends on this day.').waitFor();
  await ben.page.goto(`${BASE}/calendar/${await userId(ann.page)}?month=${YESTERDAY.slice(0, 7)}`);
  await ben.page.locator(`.calendar li[data-day="${YESTERDAY}"]`).waitFor();
  assert.equal(await ben.page.locator(`.calendar li[data-day="${YESTERDAY}"] .emoji`).textContent(), '');
});

test('cid, who follows ann one way, sees none of her day', async () => {
  const page = cid.page;
  await page.goto(`${BASE}/feed?date=${TODAY}`);
  await page.getByText('Nothing from your friends on this day.').waitFor();
  // a stranger's calendar shows only what ann shares with everyone: nothing
  await page.goto(`${BASE}/calendar/${await userId(ann.page)}`);
  await page.getByText(/^Nothing Ann Lee shares with you in /).waitFor();
  assert.equal(await page.locator('.calendar li.cell.has').count(), 0);
  const seen = await cid.everything();
  for (const text of ['Run 5k', 'Stretch', 'Great run by the river', ...SECRETS]) {
    assert.ok(!seen.includes(text), `cid's browser received "${text}"`);
  }
});

test("ann's private goal and private diary never reached ben's or cid's browser", async () => {
  // ben did see ann's shared day: the watcher works
  assert.ok((await ben.everything()).includes('Great run by the river'));
  for (const [who, p] of [['ben', ben], ['cid', cid]]) {
    const seen = await p.everything();
    for (const secret of SECRETS) assert.ok(!seen.includes(secret), `${who}'s browser received "${secret}"`);
  }
});

test("ann makes her diary and her Health goal private; ben's open feed drops them without a reload", async () => {
  await ben.page.goto(`${BASE}/feed?date=${TODAY}`);
  const annCard = ben.page.locator('article.friend[data-user="ann"]');
  const diary = ben.page.getByRole('region', { name: 'Diary of @ann' });
  await diary.getByText('Great run by the river').waitFor();
  await annCard.locator('li.todo', { hasText: 'Stretch' }).waitFor();
  const navigations = [];
  const watch = (f) => navigations.push(f.url());
  ben.page.on('framenavigated', watch);

  await ann.page.goto(`${BASE}/diary?date=${TODAY}`);
  await ann.page.getByLabel('Who sees it').selectOption({ label: 'Only me' });
  await ann.page.getByRole('button', { name: 'Save diary' }).click();
  await diary.waitFor({ state: 'detached' });
  await annCard.locator('li.todo', { hasText: 'Stretch' }).waitFor();
  await shoot(ben.page, 'feed-after-private-diary');

  await open(ann.page, 'Goals');
  const health = ann.page.getByRole('form', { name: 'Goal Health' });
  await health.getByLabel('Who sees it').selectOption({ label: 'Only me' });
  await health.getByRole('button', { name: 'Save' }).click();
  await ben.page.getByText('Nothing from your friends on this day.').waitFor();
  ben.page.off('framenavigated', watch);
  assert.deepEqual(navigations, [], 'the feed must drop them without a reload');
  await shoot(ben.page, 'feed-after-private-goal');

  // and back: shared again, they come back the same way
  await health.getByLabel('Who sees it').selectOption({ label: 'Friends' });
  await health.getByRole('button', { name: 'Save' }).click();
  await annCard.locator('li.todo', { hasText: 'Stretch' }).waitFor();
});

test('cid unfollows ann; ann has one follower fewer', async () => {
  await open(cid.page, 'People');
  await cid.page.getByRole('button', { name: 'Unfollow @ann' }).click();
  await cid.page.getByRole('heading', { name: 'Following (0)' }).waitFor();
  await open(ann.page, 'People');
  // ben, a friend, is listed as a friend: no one-way follower is left
  await ann.page.getByRole('heading', { name: 'Followers (0)' }).waitFor();
  await ann.page.getByText('You follow back everyone who follows you.').waitFor();
});

test('no uncaught error in any of the three browsers', () => {
  assert.deepEqual([...ann.pageErrors, ...ben.pageErrors, ...cid.pageErrors], []);
});




async function waitForOrder(region, expected) {
  await region.page().waitForFunction(
    ([el, want]) => [...el.querySelectorAll('li.todo label')].map((l) => l.textContent).join('|') === want.join('|'),
    [await region.elementHandle(), expected]);
}

/** The label of the level a goal's or diary's form shows. */
const level = (form) => form.getByLabel('Who sees it').locator('option:checked').textContent();

