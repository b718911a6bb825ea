// Home and the social loop around it, with two friends, huw and ivy: the
// friends row on My day and the Feed (a friend who did nothing today is
// there too), a friend's day opened from it and cheered, the person
// cheered hearing who cheered with what on My day and the Diary, live;
// deletes that ask first or can be undone, visible save confirmations,
// the goal title's counter, and sign-up errors all at once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addGoal, addTodo, BASE, follow, open, person, shoot, signUp, startSuite } from './lib.mjs';

let chromium;
let huw;
let ivy;

before(async () => {
  chromium = await startSuite();
  [huw, ivy] = await Promise.all([person(chromium.browser), person(chromium.browser, { width: 360, height: 800 })]);
});

after(async () => {
  await chromium?.close();
});

const friendsRow = (page) => page.getByRole('navigation', { name: 'Friends' });

test('friends appear in each other’s row on My day, live when one follows back', async () => {
  await signUp(huw.page, { username: 'huw', name: 'Huw Roe' });
  await signUp(ivy.page, { username: 'ivy' });
  // no friends yet: the row says how to find some
  await friendsRow(huw.page).getByRole('link', { name: 'Find people' }).waitFor();

  await follow(huw.page, 'ivy');
  await open(huw.page, 'My day');
  await follow(ivy.page, 'huw');
  // huw's My day was open: ivy's follow back puts her in his row
  await friendsRow(huw.page).getByRole('link', { name: 'Day of @ivy' }).waitFor();
  await open(ivy.page, 'My day');
  await friendsRow(ivy.page).getByRole('link', { name: 'Day of Huw Roe' }).waitFor();
  assert.equal(await friendsRow(huw.page).getByRole('link').count(), 1);
});

test('a friend who did nothing today is in the row, and her day says so', async () => {
  await open(huw.page, 'Feed');
  // the feed has nobody, but huw has a friend: it does not tell him to find people
  await huw.page.getByText('Nothing from your friends on this day.').waitFor();
  await huw.page.getByText('Tap a friend above to see their day and calendar.').waitFor();
  assert.equal(await huw.page.locator('main .feed').getByRole('link', { name: 'Find people' }).count(), 0);
  await shoot(huw.page, 'feed-friends-empty');

  await friendsRow(huw.page).getByRole('link', { name: 'Day of @ivy' }).click();
  await huw.page.getByRole('heading', { name: '@ivy’s day', level: 1 }).waitFor();
  await huw.page.getByText('Nothing @ivy shares with you on this day.').waitFor();
  // one tap further: her calendar
  await huw.page.getByRole('link', { name: 'Calendar of @ivy' }).click();
  await huw.page.getByRole('heading', { name: '@ivy’s calendar' }).waitFor();
});

test('ivy opens huw’s day from her row and cheers; huw’s My day shows who, with what, live', async () => {
  await open(huw.page, 'Goals');
  await addGoal(huw.page, 'Run', '#e4572e');
  await open(huw.page, 'My day');
  await addTodo(huw.page, 'Run', 'Run 5k');
  await addTodo(huw.page, 'Run', 'Stretch');

  await friendsRow(ivy.page).getByRole('link', { name: 'Day of Huw Roe' }).click();
  await ivy.page.getByRole('heading', { name: 'Huw Roe’s day', level: 1 }).waitFor();
  const run = ivy.page.locator('li.todo', { hasText: 'Run 5k' });
  await run.waitFor();
  // the todo wears its goal's colour
  assert.equal(await run.evaluate((el) => getComputedStyle(el).getPropertyValue('--goal').trim()), '#e4572e');
  await run.getByRole('button', { name: 'Cheer Run 5k' }).click();
  await run.getByRole('button', { name: 'Cheer with 🔥' }).click();
  await run.getByRole('button', { name: 'Take back cheer on Run 5k' }).waitFor();
  assert.equal(await run.getByRole('button', { name: 'Take back cheer on Run 5k' }).textContent(), '🔥');
  await shoot(ivy.page, 'person-day');

  // huw's My day was open all along
  const cheeredBy = huw.page.locator('li.todo', { hasText: 'Run 5k' }).getByRole('list', { name: 'Cheered by 1 person' });
  await cheeredBy.waitFor();
  assert.deepEqual(await whoCheered(cheeredBy), [['🔥', '@ivy']]);
  assert.equal(await huw.page.locator('li.todo', { hasText: 'Stretch' }).locator('.cheered-by').count(), 0);
  await shoot(huw.page, 'my-day-cheers');
});

test('a cheer on huw’s diary shows on his Diary with who cheered', async () => {
  await open(huw.page, 'Diary');
  await huw.page.getByLabel('Emoji of the day').fill('🌱');
  await huw.page.getByLabel('A few words').fill('First run in weeks');
  await huw.page.getByRole('button', { name: 'Write diary' }).click();
  await huw.page.getByRole('button', { name: 'Save diary' }).waitFor();
  // the save is confirmed where it can be seen
  await huw.page.locator('.toast', { hasText: 'Diary saved' }).waitFor();

  const diary = ivy.page.getByRole('region', { name: "Diary of @huw" });
  await diary.getByText('First run in weeks').waitFor();
  await diary.getByRole('button', { name: "Cheer @huw's diary" }).click();
  // at 360 px the picker is inside the screen
  const picker = diary.getByRole('group', { name: 'Cheer with' });
  const box = await picker.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 360, `picker at x=${box.x}, width ${box.width}`);
  await diary.getByRole('button', { name: 'Cheer with ❤️' }).click();
  await diary.getByRole('button', { name: "Take back cheer on @huw's diary" }).waitFor();

  const line = huw.page.locator('.diary-cheers').getByRole('list', { name: 'Cheered by 1 person' });
  await line.waitFor();
  assert.deepEqual(await whoCheered(line), [['❤️', '@ivy']]);
  // what huw was typing is not lost to the live update
  await huw.page.getByLabel('A few words').fill('First run in weeks, legs sore');
  await huw.page.getByText('Unsaved changes').waitFor();
  await shoot(huw.page, 'diary-cheers');
});

test('the diary asks before it goes with its cheers; Keep it keeps it', async () => {
  const page = huw.page;
  await page.getByRole('button', { name: 'Save diary' }).click();
  // saved: the form has no unsaved changes left
  await page.locator('form.diary-form:not([data-unsaved])').waitFor();
  await page.getByRole('button', { name: 'Delete diary' }).click();
  const confirm = page.getByRole('group', { name: 'Confirm delete' });
  await confirm.getByText('Its 1 cheer goes too.').waitFor();
  await shoot(page, 'diary-delete-confirm');
  await confirm.getByRole('button', { name: 'Keep it' }).click();
  await confirm.waitFor({ state: 'detached' });
  await page.reload();
  assert.equal(await page.getByLabel('A few words').inputValue(), 'First run in weeks, legs sore');

  await page.getByRole('button', { name: 'Delete diary' }).click();
  await page.getByRole('group', { name: 'Confirm delete' }).getByRole('button', { name: 'Yes, delete' }).click();
  await page.locator('.toast', { hasText: 'Diary deleted' }).waitFor();
  await page.getByRole('button', { name: 'Write diary' }).waitFor();
  await page.reload();
  assert.equal(await page.getByLabel('A few words').inputValue(), '');
});

test('a todo is deleted with Undo; a cheered one asks first', async () => {
  const page = huw.page;
  await open(page, 'My day');
  const stretch = page.locator('li.todo', { hasText: 'Stretch' });
  await stretch.getByRole('button', { name: 'More for: Stretch' }).click();
  await stretch.getByRole('button', { name: 'Delete' }).click();
  await stretch.waitFor({ state: 'detached' });
  const undo = page.locator('.toast', { hasText: 'Deleted: Stretch' }).getByRole('button', { name: 'Undo' });
  await undo.waitFor();
  await shoot(page, 'todo-undo');
  await undo.click();
  await page.locator('.toast', { hasText: 'Restored: Stretch' }).waitFor();
  await page.getByRole('region', { name: 'Run' }).getByRole('checkbox', { name: 'Stretch' }).waitFor();
  await page.reload();
  await page.getByRole('region', { name: 'Run' }).getByRole('checkbox', { name: 'Stretch' }).waitFor();

  // Run 5k has ivy's cheer, which no Undo could bring back
  const run = page.locator('li.todo', { hasText: 'Run 5k' });
  await run.getByRole('button', { name: 'More for: Run 5k' }).click();
  await run.getByRole('button', { name: 'Delete' }).click();
  const confirm = run.getByRole('group', { name: 'Confirm delete' });
  await confirm.getByText('Delete “Run 5k” and its 1 cheer?').waitFor();
  await confirm.getByRole('button', { name: 'Keep it' }).click();
  await confirm.waitFor({ state: 'detached' });
  await page.reload();
  await run.getByRole('list', { name: 'Cheered by 1 person' }).waitFor();
});

test('an edited todo is saved with a visible confirmation', async () => {
  const page = huw.page;
  const run = page.locator('li.todo', { hasText: 'Run 5k' });
  await run.getByRole('button', { name: 'More for: Run 5k' }).click();
  await run.getByRole('button', { name: 'Edit' }).click();
  await page.locator('li.todo.editing').getByLabel('Todo').fill('Run 6k');
  await page.locator('li.todo.editing').getByRole('button', { name: 'Save' }).click();
  await page.locator('.toast', { hasText: 'Todo saved' }).waitFor();
  // still under its goal (the edit form once offered "No goal" alone)
  await page.getByRole('region', { name: 'Run' }).getByRole('checkbox', { name: 'Run 6k' }).waitFor();
});

test('a todo typed and not added, or an edit not saved, is not lost to leaving', async () => {
  const page = huw.page;
  const nav = page.getByRole('navigation', { name: 'Main' });
  await page.getByLabel('New todo in Run').fill('Buy new shoes');
  await nav.getByRole('link', { name: 'Feed' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Unsaved changes' });
  await ask.getByText('Changes to a new todo in Run are not saved.').waitFor();
  await ask.getByRole('button', { name: 'Stay' }).click();
  assert.equal(await page.getByLabel('New todo in Run').inputValue(), 'Buy new shoes');
  await page.getByRole('button', { name: 'Add to Run' }).click();
  await page.getByRole('checkbox', { name: 'Buy new shoes' }).waitFor();

  const run = page.locator('li.todo', { hasText: 'Run 6k' });
  await run.getByRole('button', { name: 'More for: Run 6k' }).click();
  await run.getByRole('button', { name: 'Edit' }).click();
  const edit = page.locator('li.todo.editing');
  await edit.getByLabel('Todo').fill('Run 7k');
  await edit.getByText('Unsaved changes').waitFor();
  await nav.getByRole('link', { name: 'Goals' }).click();
  await ask.getByText('Changes to the todo “Run 6k” are not saved.').waitFor();
  await shoot(page, 'todo-leave-unsaved');
  await ask.getByRole('button', { name: 'Stay' }).click();
  await edit.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('checkbox', { name: 'Run 7k' }).waitFor();
  // nothing unsaved now: leaving asks nothing
  await nav.getByRole('link', { name: 'Feed' }).click();
  await page.getByRole('heading', { name: 'Feed', level: 1 }).waitFor();
  assert.equal(await ask.count(), 0);
});

test('at 360 px the diary’s emoji suggestions share one row', async () => {
  const page = ivy.page;
  await open(page, 'Diary');
  const suggestions = page.getByRole('group', { name: 'Suggested emoji' }).getByRole('button');
  await suggestions.last().waitFor();
  const tops = await suggestions.evaluateAll((buttons) => buttons.map((b) => Math.round(b.getBoundingClientRect().top)));
  assert.equal(tops.length, 8);
  assert.equal(new Set(tops).size, 1, `rows at ${tops}`);
  await shoot(page, 'diary-suggestions');
});

test('a goal title past 50 characters is counted and refused beside it, kept whole', async () => {
  const page = huw.page;
  await open(page, 'Goals');
  const form = page.locator('form.goal-form');
  const title = 'A goal with a title that runs on for fifty-five chars!';
  assert.equal([...title].length, 54);
  await form.getByLabel('Title').fill(`${title}!`);
  await form.getByText('55/50: 5 too many').waitFor();
  await form.getByRole('button', { name: 'Add goal' }).click();
  await form.locator('[data-error-for="title"]').filter({ hasText: /./ }).waitFor();
  assert.equal(await form.getByLabel('Title').inputValue(), `${title}!`);
  assert.equal(await page.getByRole('form', { name: /^Goal A goal with/ }).count(), 0);
  await shoot(page, 'goal-title-too-long');
});

test('sign-up: two passwords that differ are told with every other error at once', async () => {
  const context = await chromium.browser.newContext({ viewport: { width: 360, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${BASE}/signup`);
  await page.getByLabel('Email').fill('not an email');
  await page.getByLabel('Username').fill('huw');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel('Repeat password').fill('other');
  await page.getByRole('button', { name: 'Sign up' }).click();
  const errorOf = (name) => page.locator(`[data-error-for="${name}"]`);
  for (const name of ['email', 'username', 'password', 'passwordConfirm']) {
    await errorOf(name).filter({ hasText: /./ }).waitFor();
  }
  assert.match(await errorOf('passwordConfirm').textContent(), /match/i);
  await shoot(page, 'signup-all-errors');
  await context.close();
});

test('no uncaught error in the page', () => {
  assert.deepEqual([...huw.pageErrors, ...ivy.pageErrors], []);
});

/** A cheered-by line as [emoji, names] pairs. */
const whoCheered = (list) => list.locator('li').evaluateAll((items) =>
  items.map((li) => [li.dataset.emoji, li.querySelector('.names').textContent]));



