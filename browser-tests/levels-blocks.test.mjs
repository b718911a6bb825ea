// Who sees it, and blocks, in three browsers. eve and gus are friends; hal
// is a stranger to eve. eve makes a goal and a diary at each level: gus's
// feed shows her "Friends" and "Everyone" things, hal sees her "Everyone"
// things on her calendar page, and her "Only me" things reach nobody's
// browser. Then eve blocks hal from his calendar page (after a confirm in
// the page): hal no longer finds her, her calendar page is "not found" to
// him, and unblocking from People gives her back to his search.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addGoal, addTodo, BASE, day, follow, open, person, shoot, signUp, startSuite, userId } from './lib.mjs';

const TODAY = day(0);
const TOMORROW = day(1);
// eve's "Only me" things: nobody else's browser may ever hold them
const SECRETS = ['Secret diet', 'Skip the cake', 'Diary words for me alone', '🙈'];
// eve's "Friends" things: gus may see them, hal never
const FRIENDS_ONLY = ['Team lunch', 'Lunch with the team'];

let chromium;
let eve;
let gus;
let hal;

before(async () => {
  chromium = await startSuite();
  [eve, gus, hal] = await Promise.all([person(chromium.browser), person(chromium.browser), person(chromium.browser)]);
});

after(async () => {
  await chromium?.close();
});

test('eve, gus and hal sign up; eve and gus become friends, hal is a stranger', async () => {
  await signUp(eve.page, { username: 'eve', name: 'Eve Park' });
  await signUp(gus.page, { username: 'gus' });
  await signUp(hal.page, { username: 'hal' });
  await follow(eve.page, 'gus');
  await follow(gus.page, 'eve');
  await eve.page.getByRole('heading', { name: 'Friends (1)' }).waitFor();
  await gus.page.getByRole('heading', { name: 'Friends (1)' }).waitFor();
});

test('eve makes a goal at each level; each goal shows its level', async () => {
  const page = eve.page;
  await open(page, 'Goals');
  // a new goal is for friends unless told otherwise
  assert.equal(await level(page.locator('form.goal-form')), 'Friends');
  await addGoal(page, 'Open run', '#e07a1f', 'Everyone');
  await addGoal(page, 'Team lunch', '#2a9d8f', 'Friends');
  await addGoal(page, 'Secret diet', '#9b3fbf', 'Only me');

  const forms = {
    'Open run': 'Everyone',
    'Team lunch': 'Friends',
    'Secret diet': 'Only me',
  };
  for (const [title, label] of Object.entries(forms)) {
    assert.equal(await level(page.getByRole('form', { name: `Goal ${title}` })), label, `goal ${title}`);
  }
  // the hint says the level in words
  await page.getByRole('form', { name: 'Goal Open run' }).getByText('Anyone signed in to todomate sees it and its todos.').waitFor();
  await page.getByRole('form', { name: 'Goal Secret diet' }).getByText('Only you see it and its todos.').waitFor();

  // what the server has: the levels survive a reload
  await page.reload();
  for (const [title, label] of Object.entries(forms)) {
    assert.equal(await level(page.getByRole('form', { name: `Goal ${title}` })), label, `goal ${title} after a reload`);
  }
  await shoot(page, 'levels-goals');
});

test('eve plans her day under the three goals', async () => {
  const page = eve.page;
  await open(page, 'My day');
  await addTodo(page, 'Open run', 'Park run at nine');
  await addTodo(page, 'Team lunch', 'Lunch with the team');
  await addTodo(page, 'Secret diet', 'Skip the cake');
  await page.getByText('0 of 3 done').waitFor();
  // My day marks the goals that are not for friends
  await page.getByRole('region', { name: 'Open run' }).locator('.badge', { hasText: 'everyone' }).waitFor();
  await page.getByRole('region', { name: 'Secret diet' }).locator('.badge', { hasText: 'only me' }).waitFor();
});

test("gus's feed shows eve's Friends and Everyone todos, not the Only me one", async () => {
  await open(gus.page, 'Feed');
  const card = gus.page.locator('article.friend[data-user="eve"]');
  await card.locator('li.todo', { hasText: 'Park run at nine' }).waitFor();
  await card.locator('li.todo', { hasText: 'Lunch with the team' }).waitFor();
  assert.equal(await card.locator('li.todo').count(), 2);
});

test('hal, a stranger, finds eve and sees only her Everyone todo on her calendar page', async () => {
  const page = hal.page;
  await open(page, 'People');
  await page.getByLabel('Find people by username').fill('eve');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.locator('.results').getByRole('link', { name: 'Calendar of @eve' }).click();
  await page.getByRole('heading', { name: 'Eve Park’s calendar' }).waitFor();
  const cell = page.locator(`.calendar li[data-day="${TODAY}"]`);
  await cell.locator('.count').waitFor();
  assert.equal(await cell.locator('.count').textContent(), '0/1');
  assert.equal(await cell.locator('.emoji').textContent(), '');
});

test('eve writes her diary for friends: gus sees it live, hal sees nothing new', async () => {
  const page = eve.page;
  await open(page, 'Diary');
  await page.getByLabel('Emoji of the day').fill('🌍');
  await page.getByLabel('A few words').fill('Sunny day in the park');
  assert.equal(await level(page.locator('form.diary-form')), 'Friends', 'a new diary is for friends');
  await page.getByRole('button', { name: 'Write diary' }).click();
  await page.getByRole('button', { name: 'Save diary' }).waitFor();

  await gus.page.getByRole('region', { name: 'Diary of @eve' }).getByText('Sunny day in the park').waitFor();

  await hal.page.reload();
  const cell = hal.page.locator(`.calendar li[data-day="${TODAY}"]`);
  await cell.locator('.count').waitFor();
  assert.equal(await cell.locator('.emoji').textContent(), '');
});

test("eve opens her diary to everyone: its emoji shows on hal's view of her calendar", async () => {
  const page = eve.page;
  const form = page.locator('form.diary-form');
  await form.getByLabel('Who sees it').selectOption({ label: 'Everyone' });
  await form.getByText('Unsaved changes').waitFor();
  await form.getByText('Anyone signed in to todomate sees this diary.').waitFor();
  await page.getByRole('button', { name: 'Save diary' }).click();
  // saved: the form is drawn again from the server's record
  await page.locator('form.diary-form[data-unsaved]').waitFor({ state: 'detached' });
  assert.equal(await level(form), 'Everyone');
  await shoot(page, 'levels-diary');

  await hal.page.reload();
  const cell = hal.page.locator(`.calendar li[data-day="${TODAY}"]`);
  await cell.locator('.count').waitFor();
  assert.equal(await cell.locator('.emoji').textContent(), '🌍');
  assert.equal(await cell.locator('.count').textContent(), '0/1');
  await shoot(hal.page, 'calendar-stranger');
  // gus still sees it
  await gus.page.getByRole('region', { name: 'Diary of @eve' }).getByText('Sunny day in the park').waitFor();
});

test('a diary for Only me stays with eve', async () => {
  const page = eve.page;
  await page.goto(`${BASE}/diary?date=${TOMORROW}`);
  await page.getByLabel('Emoji of the day').fill('🙈');
  await page.getByLabel('A few words').fill('Diary words for me alone');
  await page.getByLabel('Who sees it').selectOption({ label: 'Only me' });
  await page.getByRole('button', { name: 'Write diary' }).click();
  await page.getByRole('button', { name: 'Save diary' }).waitFor();
  assert.equal(await level(page.locator('form.diary-form')), 'Only me');

  await gus.page.goto(`${BASE}/feed?date=${TOMORROW}`);
  await gus.page.getByText('Nothing from your friends on this day.').waitFor();
  const eveId = await userId(eve.page);
  for (const p of [gus.page, hal.page]) {
    await p.goto(`${BASE}/calendar/${eveId}?month=${TOMORROW.slice(0, 7)}`);
    const cell = p.locator(`.calendar li[data-day="${TOMORROW}"]`);
    await cell.waitFor();
    assert.equal(await cell.locator('.emoji').textContent(), '');
    assert.equal(await cell.getAttribute('class'), 'cell');
  }
});

test("Only me reached nobody's browser; Friends did not reach the stranger's", async () => {
  // gus did see eve's shared things: the watcher works
  assert.ok((await gus.everything()).includes('Lunch with the team'));
  for (const [who, p] of [['gus', gus], ['hal', hal]]) {
    const seen = await p.everything();
    for (const secret of SECRETS) assert.ok(!seen.includes(secret), `${who}'s browser received "${secret}"`);
  }
  const halSaw = await hal.everything();
  for (const text of FRIENDS_ONLY) assert.ok(!halSaw.includes(text), `hal's browser received "${text}"`);
});

test('eve blocks hal from his calendar page, after a confirm in the page', async () => {
  await follow(hal.page, 'eve');
  await hal.page.getByRole('heading', { name: 'Following (1)' }).waitFor();

  const page = eve.page;
  await open(page, 'People');
  // gus is a friend (listed once, as a friend); hal follows one way
  await page.getByRole('heading', { name: 'Followers (1)' }).waitFor();
  await page.getByLabel('Find people by username').fill('hal');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.locator('.results').getByRole('link', { name: 'Calendar of @hal' }).click();
  await page.getByRole('heading', { name: '@hal’s calendar' }).waitFor();

  // Cancel changes nothing
  await page.getByRole('button', { name: 'Block @hal' }).click();
  const confirm = page.getByRole('group', { name: 'Confirm block' });
  await confirm.getByText('Block @hal?').waitFor();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await confirm.waitFor({ state: 'detached' });

  await page.getByRole('button', { name: 'Block @hal' }).click();
  await confirm.getByRole('button', { name: 'Yes, block' }).waitFor();
  await shoot(page, 'block-confirm');
  await confirm.getByRole('button', { name: 'Yes, block' }).click();
  await page.getByRole('button', { name: 'Unblock @hal' }).waitFor();
  await page.getByText('You blocked @hal.').waitFor();
  await shoot(page, 'calendar-blocked');
});

test('blocked, hal no longer finds eve, and her calendar page says she is not found', async () => {
  const page = hal.page;
  await open(page, 'People');
  // the block ended the follow
  await page.getByRole('heading', { name: 'Following (0)' }).waitFor();
  await page.getByLabel('Find people by username').fill('eve');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('heading', { name: 'Search results (0)' }).waitFor();
  await page.getByText('Nobody by that username.').waitFor();

  await page.goto(`${BASE}/calendar/${await userId(eve.page)}`);
  await page.getByText('This person was not found.').waitFor();
  assert.equal(await page.locator('.calendar').count(), 0);

  await open(eve.page, 'People');
  await eve.page.getByRole('heading', { name: 'Followers (0)' }).waitFor();
  const blocked = eve.page.locator('section.people-list', { has: eve.page.getByRole('heading', { name: 'Blocked (1)' }) });
  assert.deepEqual(await blocked.locator('.person strong').allTextContents(), ['@hal']);
  await shoot(eve.page, 'people-blocked');
});

test('eve unblocks hal from People; hal finds her again', async () => {
  const page = eve.page;
  const blocked = page.locator('section.people-list', { has: page.getByRole('heading', { name: /^Blocked/ }) });
  await blocked.getByRole('button', { name: 'Unblock @hal' }).click();
  await page.getByRole('heading', { name: 'Blocked (0)' }).waitFor();

  await open(hal.page, 'People');
  await hal.page.getByLabel('Find people by username').fill('eve');
  await hal.page.getByRole('button', { name: 'Search' }).click();
  await hal.page.getByRole('button', { name: 'Follow @eve' }).waitFor();
  await hal.page.locator('.results').getByRole('link', { name: 'Calendar of @eve' }).click();
  await hal.page.getByRole('heading', { name: 'Eve Park’s calendar' }).waitFor();
  await hal.page.locator(`.calendar li[data-day="${TODAY}"] .count`).waitFor();
});

test('no uncaught error in any of the three browsers', () => {
  assert.deepEqual([...eve.pageErrors, ...gus.pageErrors, ...hal.pageErrors], []);
});




/** The label of the level a goal's or diary's form shows. */
const level = (form) => form.getByLabel('Who sees it').locator('option:checked').textContent();

