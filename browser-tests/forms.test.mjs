// Errors are shown beside the field they belong to, nothing typed is lost,
// a request that never reached the server can be retried, and the day can
// be planned with the keyboard alone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, open, person, shoot, startSuite } from './lib.mjs';

let chromium;
let fay;

before(async () => {
  chromium = await startSuite();
  fay = await person(chromium.browser, { width: 360, height: 740 });
});

after(async () => {
  await chromium?.close();
});

/** The label of the level a goal's form shows. */
const level = (form) => form.getByLabel('Who sees it').locator('option:checked').textContent();

/** The text of the error element that a control names in aria-describedby. */
async function errorOf(control) {
  const ids = (await control.getAttribute('aria-describedby')).split(' ');
  const texts = await Promise.all(ids.map((id) => control.page().locator(`[id="${id}"]`).textContent()));
  return texts.join(' ').trim();
}

test('sign-up errors sit beside their fields and keep what was typed', async () => {
  const page = fay.page;
  await page.goto(`${BASE}/signup`);
  await page.getByLabel('Email').fill('fay@example.com');
  await page.getByLabel('Username').fill('no spaces!');
  await page.getByLabel('Name (optional)').fill('Fay Day');
  await page.getByLabel('Password', { exact: true }).fill('password123');
  await page.getByLabel('Repeat password').fill('password124');
  await page.getByRole('button', { name: 'Sign up' }).click();

  // PocketBase checks the repeated password first, then the record's fields
  const repeat = page.getByLabel('Repeat password');
  await page.locator('input[name="passwordConfirm"][aria-invalid="true"]').waitFor();
  assert.match(await errorOf(repeat), /Values don't match/i);
  assert.equal(await page.evaluate(() => document.activeElement.name), 'passwordConfirm');

  await repeat.fill('password123');
  await page.getByRole('button', { name: 'Sign up' }).click();
  const username = page.getByLabel('Username');
  await page.locator('input[name="username"][aria-invalid="true"]').waitFor();
  assert.match(await errorOf(username), /Invalid value format/i);
  assert.equal(await repeat.getAttribute('aria-invalid'), null, 'an error that was fixed is cleared');
  assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), null);
  // focus goes to the field in error, and everything typed is still there
  assert.equal(await page.evaluate(() => document.activeElement.name), 'username');
  assert.equal(await page.getByLabel('Email').inputValue(), 'fay@example.com');
  assert.equal(await page.getByLabel('Name (optional)').inputValue(), 'Fay Day');
  assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), 'password123');

  await username.fill('fay');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('heading', { name: 'My day', level: 1 }).waitFor();
});

test('a wrong password says so on the form; log in by email or username', async () => {
  const page = fay.page;
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  await page.getByLabel('Email or username').fill('fay');
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('form .form-error').getByText('Failed to authenticate.').waitFor();
  assert.equal(await page.getByLabel('Email or username').inputValue(), 'fay');

  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'My day', level: 1 }).waitFor();

  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByLabel('Email or username').fill('fay@example.com');
  await page.getByLabel('Password').fill('password123');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'My day', level: 1 }).waitFor();
});

test('offline: adding a todo says so, keeps the text, and Retry sends it', async () => {
  const page = fay.page;
  const input = page.getByLabel('New todo in No goal');
  await fay.context.setOffline(true);
  await input.fill('Buy stamps');
  await page.getByRole('button', { name: 'Add to No goal' }).click();
  const retry = page.locator('form.add-todo .form-error').getByRole('button', { name: 'Retry' });
  await retry.waitFor();
  assert.match(await page.locator('form.add-todo .form-error').textContent(), /Could not reach the server/);
  assert.equal(await input.inputValue(), 'Buy stamps');

  await fay.context.setOffline(false);
  await retry.click();
  await page.getByRole('checkbox', { name: 'Buy stamps' }).waitFor();
  assert.equal(await input.inputValue(), '');
});

test('a blank todo is refused beside its field', async () => {
  const page = fay.page;
  const input = page.getByLabel('New todo in No goal');
  await input.fill('   ');
  await page.getByRole('button', { name: 'Add to No goal' }).click();
  await page.locator('form.add-todo input[aria-invalid="true"]').waitFor();
  assert.match(await errorOf(input), /blank|required/i);
  await input.fill('');
});

test('a todo over 300 characters is counted, refused beside its field, and kept whole to shorten', async () => {
  const page = fay.page;
  const input = page.getByLabel('New todo in No goal');
  const long = 'a'.repeat(403);
  await input.fill(long);
  const counter = page.locator('form.add-todo .counter');
  assert.equal(await counter.textContent(), '403/300: 103 too many');
  await shoot(page, 'todo-too-long');
  await page.getByRole('button', { name: 'Add to No goal' }).click();
  await page.locator('form.add-todo input[aria-invalid="true"]').waitFor();
  assert.match(await errorOf(input), /300/);
  assert.equal(await input.inputValue(), long, 'nothing of what was typed is cut');

  await input.fill('b'.repeat(250));
  assert.equal(await counter.textContent(), '250/300');
  await input.fill('Short again');
  assert.equal(await counter.isHidden(), true);
  await input.fill('');
});

test('the day can be planned with the keyboard alone', async () => {
  const page = fay.page;
  const input = page.getByLabel('New todo in No goal');
  await input.focus();
  for (const text of ['Post letter', 'Call mum']) {
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
    await page.getByRole('checkbox', { name: text }).waitFor();
  }
  const labels = () => page.locator('li.todo label').allTextContents();
  assert.deepEqual(await labels(), ['Buy stamps', 'Post letter', 'Call mum']);

  // from "Call mum"'s checkbox, Tab reaches its "Move up" button
  await page.getByRole('checkbox', { name: 'Call mum' }).focus();
  await page.keyboard.press('Space');
  await page.locator('li.todo.done', { hasText: 'Call mum' }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Move up: Call mum');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('li.todo label')].map((l) => l.textContent).join('|') === 'Buy stamps|Call mum|Post letter');
  // focus stays on the moved todo's button, so pressing again moves it again
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('li.todo label')].map((l) => l.textContent).join('|') === 'Call mum|Buy stamps|Post letter');

  // the menu opens from the keyboard and Escape closes it again
  await page.getByRole('button', { name: 'More for: Post letter' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Edit' }).waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Edit' }).waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'More for: Post letter');

  await page.reload();
  await page.getByRole('checkbox', { name: 'Call mum' }).waitFor();
  assert.deepEqual(await labels(), ['Call mum', 'Buy stamps', 'Post letter']);
  assert.equal(await page.getByRole('checkbox', { name: 'Call mum' }).isChecked(), true);
});

test('a diary with a bad emoji is refused beside the emoji; the words stay', async () => {
  const page = fay.page;
  await open(page, 'Diary');
  await page.getByLabel('Emoji of the day').fill('ok');
  await page.getByLabel('A few words').fill('Quiet day at home');
  await page.getByRole('button', { name: 'Write diary' }).click();
  await page.locator('input[name="emoji"][aria-invalid="true"]').waitFor();
  assert.match(await errorOf(page.getByLabel('Emoji of the day')), /one emoji/i);
  assert.equal(await page.getByLabel('A few words').inputValue(), 'Quiet day at home');

  await page.getByRole('button', { name: 'Use 😴' }).click();
  await page.getByRole('button', { name: 'Write diary' }).click();
  await page.getByRole('button', { name: 'Save diary' }).waitFor();
  assert.equal(await page.getByLabel('Emoji of the day').inputValue(), '😴');
});

test('goals: a blank title is refused beside it; a goal is renamed, recoloured and deleted', async () => {
  const page = fay.page;
  await open(page, 'Goals');
  const create = page.locator('form.goal-form');
  await create.getByRole('button', { name: 'Add goal' }).click();
  await create.locator('input[name="title"][aria-invalid="true"]').waitFor();
  assert.match(await errorOf(create.getByLabel('Title')), /blank/i);

  await create.getByLabel('Title').fill('Home');
  await create.getByRole('button', { name: 'Add goal' }).click();
  const home = page.getByRole('form', { name: 'Goal Home' });
  await home.waitFor();
  await home.getByLabel('Title').fill('Home and garden');
  await home.getByLabel('Colour').fill('#118833');
  await home.getByRole('button', { name: 'Save' }).click();
  const renamed = page.getByRole('form', { name: 'Goal Home and garden' });
  await renamed.waitFor();

  // the new name and colour are what the server has
  await page.reload();
  assert.equal(await renamed.getByLabel('Colour').inputValue(), '#118833');

  await renamed.getByRole('button', { name: 'Delete' }).click();
  await renamed.getByRole('button', { name: 'Yes, delete' }).click();
  await renamed.waitFor({ state: 'detached' });
  await page.getByText('No goals yet.').waitFor();
});

test('goals: a level changed and not saved survives a redraw, and leaving asks first', async () => {
  const page = fay.page;
  const create = page.locator('form.goal-form');
  await create.getByLabel('Title').fill('Reading');
  await create.getByLabel('Who sees it').selectOption({ label: 'Everyone' });
  await create.getByRole('button', { name: 'Add goal' }).click();
  const reading = page.getByRole('form', { name: 'Goal Reading' });
  await reading.waitFor();
  assert.equal(await level(reading), 'Everyone');

  // changed, not saved: the form says so, and adding another goal keeps it
  await reading.getByLabel('Who sees it').selectOption({ label: 'Only me' });
  await reading.getByText('Unsaved changes').waitFor();
  await create.getByLabel('Title').fill('Cooking');
  await create.getByLabel('Who sees it').selectOption({ label: 'Friends' });
  await create.getByRole('button', { name: 'Add goal' }).click();
  await page.getByRole('form', { name: 'Goal Cooking' }).waitFor();
  assert.equal(await level(reading), 'Only me');
  await reading.getByText('Unsaved changes').waitFor();

  // leaving asks in the page; Stay keeps the screen and the change
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'My day' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Unsaved changes' });
  await ask.getByText('Changes to Goal Reading are not saved. Leave without saving?').waitFor();
  await shoot(page, 'leave-prompt');
  await ask.getByRole('button', { name: 'Stay' }).click();
  await ask.waitFor({ state: 'detached' });
  assert.equal(await page.locator('main h1').textContent(), 'Goals');
  assert.equal(await level(reading), 'Only me');

  // saved, it is what the server has
  await reading.getByRole('button', { name: 'Save' }).click();
  await reading.getByText('Unsaved changes').waitFor({ state: 'hidden' });
  await page.reload();
  assert.equal(await level(reading), 'Only me');

  // "Leave without saving" drops the change, as asked
  const cooking = page.getByRole('form', { name: 'Goal Cooking' });
  await cooking.getByLabel('Who sees it').selectOption({ label: 'Everyone' });
  await nav.getByRole('link', { name: 'My day' }).click();
  await ask.getByRole('button', { name: 'Leave without saving' }).click();
  await page.getByRole('heading', { name: 'My day', level: 1 }).waitFor();
  await page.getByRole('region', { name: 'Reading' }).locator('.badge', { hasText: 'only me' }).waitFor();
  assert.equal(await page.getByRole('region', { name: 'Cooking' }).locator('.badge').count(), 0);
  await open(page, 'Goals');
  assert.equal(await level(cooking), 'Friends');
});

test('no uncaught error in the page', () => {
  assert.deepEqual(fay.pageErrors, []);
});
