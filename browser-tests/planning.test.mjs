// Planning like Todo Mate, with pam: a routine made from My day on chosen
// weekdays, changed and deleted for "this and later days"; a todo moved to
// tomorrow, to another day, done again tomorrow, done today; a goal ended
// and reopened.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addGoal, addTodo, BASE, day, open, person, photo, shoot, signUp, startSuite } from './lib.mjs';

let chromium;
let pam;

before(async () => {
  chromium = await startSuite();
  pam = await person(chromium.browser);
});

after(async () => {
  await chromium?.close();
});

const TODAY = day(0);
const weekday = (offset) => new Date(`${day(offset)}T12:00:00`).toLocaleDateString(undefined, { weekday: 'short' });
const goTo = (page, date) => page.goto(`${BASE}/day?date=${date}`).then(() => page.getByRole('heading', { name: 'My day', level: 1 }).waitFor());
const region = (page, goal) => page.getByRole('region', { name: goal });

test('a routine made from My day is on every chosen weekday', async () => {
  const page = pam.page;
  await signUp(page, { username: 'pam' });
  await open(page, 'Goals');
  await addGoal(page, 'Fitness', '#2f9e44');
  await open(page, 'My day');

  const form = region(page, 'Fitness').locator('form.add-todo');
  await form.getByLabel('New todo in Fitness').fill('Stretch');
  await form.getByLabel('Repeat in Fitness').check();
  // today's weekday is chosen already; the day after tomorrow's is added
  const chips = form.getByRole('group', { name: 'On' });
  assert.equal(await chips.getByRole('checkbox', { name: weekday(0), exact: true }).isChecked(), true);
  await chips.getByRole('checkbox', { name: weekday(2), exact: true }).check();
  await form.getByLabel('Until').fill(day(20));
  await shoot(page, 'planning-routine-add');
  await form.getByRole('button', { name: 'Add to Fitness' }).click();
  await page.locator('.toast', { hasText: 'Routine added: Stretch' }).waitFor();
  await region(page, 'Fitness').getByRole('checkbox', { name: /^Stretch/ }).waitFor();

  for (const offset of [2, 7, 9, 14]) {
    await goTo(page, day(offset));
    await region(page, 'Fitness').getByRole('checkbox', { name: /^Stretch/ }).waitFor();
  }
  for (const offset of [1, 3, 21]) {
    await goTo(page, day(offset));
    assert.equal(await page.getByRole('checkbox', { name: /^Stretch/ }).count(), 0, `nothing on day ${offset}`);
  }
});

test('a routine changed for this and later days; the days before keep what they were', async () => {
  const page = pam.page;
  await goTo(page, day(7));
  const row = page.locator('li.todo', { hasText: 'Stretch' });
  await row.getByRole('button', { name: /^More for: Stretch/ }).click();
  await row.getByRole('button', { name: 'Edit' }).click();
  const edit = page.locator('li.todo.editing');
  await edit.getByLabel('Todo').fill('Yoga');
  await edit.getByRole('radio', { name: 'this and later days' }).check();
  await shoot(page, 'planning-edit-later');
  await edit.getByRole('button', { name: 'Save' }).click();
  await page.locator('.toast', { hasText: 'Saved for this and later days' }).waitFor();
  // still under its goal: the edit form offered it, selected
  await region(page, 'Fitness').getByRole('checkbox', { name: /^Yoga/ }).waitFor();

  await goTo(page, day(14));
  await region(page, 'Fitness').getByRole('checkbox', { name: /^Yoga/ }).waitFor();
  await goTo(page, day(2));
  await page.getByRole('checkbox', { name: /^Stretch/ }).waitFor();
});

test('a routine deleted for this and later days', async () => {
  const page = pam.page;
  await goTo(page, day(9));
  const row = page.locator('li.todo', { hasText: 'Yoga' });
  await row.getByRole('button', { name: /^More for: Yoga/ }).click();
  await row.getByRole('button', { name: 'Delete' }).click();
  const confirm = row.getByRole('group', { name: 'Confirm delete' });
  await confirm.getByRole('button', { name: 'This and later days' }).click();
  await page.locator('.toast', { hasText: 'Deleted this and later days: Yoga' }).waitFor();
  for (const offset of [9, 14]) {
    await goTo(page, day(offset));
    assert.equal(await page.getByRole('checkbox', { name: /^Yoga/ }).count(), 0, `day ${offset}`);
  }
  await goTo(page, day(7));
  await page.getByRole('checkbox', { name: /^Yoga/ }).waitFor();
});

test('another day: tomorrow, a picked day, again tomorrow, and today', async () => {
  const page = pam.page;
  await goTo(page, TODAY);
  await addTodo(page, 'Fitness', 'Swim');
  await addTodo(page, 'Fitness', 'Cycle');

  const menu = async (text, item) => {
    const row = page.locator('li.todo', { hasText: text });
    await row.getByRole('button', { name: `More for: ${text}` }).click();
    await row.getByRole('button', { name: item }).click();
  };

  // each step waits for its own toast: one toast replaces the last, and the
  // one before may name the same todo
  await menu('Swim', 'Move to tomorrow');
  await page.locator('.toast', { hasText: /^Moved to .*: Swim/ }).waitFor();
  assert.equal(await page.getByRole('checkbox', { name: 'Swim' }).count(), 0);

  await menu('Cycle', 'Do again tomorrow');
  await page.locator('.toast', { hasText: 'Added again' }).waitFor();
  await page.getByRole('checkbox', { name: 'Cycle' }).waitFor();

  await menu('Cycle', 'Another day…');
  const picker = page.getByRole('form', { name: 'Another day for Cycle' });
  await picker.getByLabel('Move to').fill(day(3));
  await shoot(page, 'planning-another-day');
  await picker.getByRole('button', { name: 'Move' }).click();
  await page.locator('.toast', { hasText: /^Moved to .*: Cycle/ }).waitFor();
  assert.equal(await page.getByRole('checkbox', { name: 'Cycle' }).count(), 0);

  // tomorrow: Swim first, the copy of Cycle after it (each put last)
  await goTo(page, day(1));
  await region(page, 'Fitness').getByRole('checkbox', { name: 'Cycle' }).waitFor();
  const labels = await region(page, 'Fitness').locator('li.todo label').allTextContents();
  assert.deepEqual(labels.map((l) => l.trim()), ['Swim', 'Cycle']);
  await goTo(page, day(3));
  await page.getByRole('checkbox', { name: 'Cycle' }).waitFor();

  // yesterday's unfinished todo, done today
  await goTo(page, day(-1));
  await addTodo(page, 'Fitness', 'Read');
  await menu('Read', 'Do today');
  await page.locator('.toast', { hasText: 'Moved to today: Read' }).waitFor();
  await goTo(page, TODAY);
  await page.getByRole('checkbox', { name: 'Read' }).waitFor();
});

test('an alarm and a proof photo on a todo; the alarm reminds while the app is open', async () => {
  // a second browser of pam's, whose clock the test moves, and whose
  // Notifications API records what it is asked to show
  const context = await chromium.browser.newContext({ viewport: { width: 360, height: 800 } });
  await context.clock.install({ time: new Date(`${TODAY}T07:00:00`) });
  await context.addInitScript(() => {
    window.__notified = [];
    window.Notification = class {
      static permission = 'granted';
      static requestPermission() { return Promise.resolve('granted'); }
      constructor(title, options) { window.__notified.push(options.body); }
    };
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${BASE}/login`);
  await page.getByLabel('Email or username').fill('pam');
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'My day', level: 1 }).waitFor();
  await addTodo(page, 'Fitness', 'Morning run');

  const row = page.locator('li.todo', { hasText: 'Morning run' });
  await row.getByRole('button', { name: 'More for: Morning run' }).click();
  await row.getByRole('button', { name: 'Edit' }).click();
  const edit = page.locator('li.todo.editing');
  await edit.getByLabel('Alarm').fill('07:30');
  await edit.getByLabel('Proof photo').setInputFiles({ name: 'run.png', mimeType: 'image/png', buffer: await photo(chromium.browser) });
  await edit.getByText('Not saved yet').waitFor();
  await shoot(page, 'planning-alarm-proof-edit');
  await edit.getByRole('button', { name: 'Save' }).click();
  await page.locator('.toast', { hasText: 'Todo saved' }).waitFor();

  const saved = page.locator('li.todo', { hasText: 'Morning run' });
  await saved.getByText('07:30').waitFor();
  const proof = saved.getByRole('img', { name: 'Proof photo of Morning run' });
  await proof.waitFor();
  assert.match(await proof.getAttribute('src'), /\/api\/files\/todos\/[a-z0-9]+\/run_\w+\.png\?.*token=/);
  assert.equal(await proof.evaluate((img) => img.complete && img.naturalWidth > 0), true, 'the photo loads');
  await shoot(page, 'planning-alarm-proof');

  // half an hour on: the reminder
  await page.clock.fastForward('31:00');
  await page.waitForFunction(() => window.__notified.length > 0);
  assert.deepEqual(await page.evaluate(() => window.__notified), ['⏰ 07:30 Morning run']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an ended goal takes no new todo on My day; reopened, it does', async () => {
  const page = pam.page;
  await open(page, 'Goals');
  await addGoal(page, 'Old project', '#9c36b5');
  const goal = page.getByRole('form', { name: 'Goal Old project' });
  await goal.getByRole('button', { name: 'End goal' }).click();
  await page.locator('.toast', { hasText: 'Ended goal Old project' }).waitFor();
  await goal.getByText(/^Ended:/).waitFor();
  await shoot(page, 'planning-goal-ended');
  await open(page, 'My day');
  await region(page, 'Fitness').waitFor();
  assert.equal(await region(page, 'Old project').count(), 0, 'no group, no add form for an ended goal');

  await open(page, 'Goals');
  await goal.getByRole('button', { name: 'Reopen' }).click();
  await page.locator('.toast', { hasText: 'Reopened goal Old project' }).waitFor();
  await open(page, 'My day');
  await addTodo(page, 'Old project', 'Wrap up');
});

test('no uncaught error in the page', () => {
  assert.deepEqual(pam.pageErrors, []);
});
