// Planning like Todo Mate, with pam: a routine made from My day on chosen
// weekdays, changed and deleted for "this and later days"; a todo moved to
// tomorrow, to another day, done again tomorrow, done today; a goal ended
// and reopened.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addGoal, addTodo, BASE, day, open, person, shoot, signUp, startSuite } from './lib.mjs';

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

  await menu('Swim', 'Move to tomorrow');
  await page.locator('.toast', { hasText: 'Swim' }).waitFor();
  assert.equal(await page.getByRole('checkbox', { name: 'Swim' }).count(), 0);

  await menu('Cycle', 'Do again tomorrow');
  await page.locator('.toast', { hasText: 'Added again' }).waitFor();
  await page.getByRole('checkbox', { name: 'Cycle' }).waitFor();

  await menu('Cycle', 'Another day…');
  const picker = page.getByRole('form', { name: 'Another day for Cycle' });
  await picker.getByLabel('Move to').fill(day(3));
  await shoot(page, 'planning-another-day');
  await picker.getByRole('button', { name: 'Move' }).click();
  await page.locator('.toast', { hasText: 'Cycle' }).waitFor();
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

test('no uncaught error in the page', () => {
  assert.deepEqual(pam.pageErrors, []);
});
