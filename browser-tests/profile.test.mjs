// The profile screen: pia reaches it from the account bar, picks an avatar
// (seen before it is saved), names herself and writes a bio; an over-long
// bio is counted and refused beside the field; leaving unsaved changes
// asks first; she changes her password and stays signed in. Her friend
// quinn, on a phone, sees her avatar (a protected file, through a file
// token) above his day and on hers. pia2, on a phone, deletes her account,
// which asks for her username first.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { adminRequest, BASE, follow, open, person, photo, shoot, signUp, startSuite } from './lib.mjs';

let chromium;
let pia;
let pia2;
let quinn;
let avatarPNG;

before(async () => {
  chromium = await startSuite();
  pia = await person(chromium.browser);
  pia2 = await person(chromium.browser, { width: 360, height: 740 });
  quinn = await person(chromium.browser, { width: 360, height: 740 });
  avatarPNG = await photo(chromium.browser);
});

after(async () => {
  await chromium?.close();
});

/** The text of the elements a control names in aria-describedby (hint, counter, error). */
async function describedBy(control) {
  const ids = (await control.getAttribute('aria-describedby')).split(' ');
  const texts = await Promise.all(ids.map((id) => control.page().locator(`[id="${id}"]`).textContent()));
  return texts.join(' ').trim();
}

/** Opens the profile through the name in the account bar. */
async function openProfile(page) {
  await page.locator('#account a.who').click();
  await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
}

const avatarFile = () => ({ name: 'sunset.png', mimeType: 'image/png', buffer: avatarPNG });

async function logIn(page, identity, password) {
  await page.getByLabel('Email or username').fill(identity);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

test('the account bar leads to the profile; an avatar is previewed, then saved with a name and bio', async () => {
  const page = pia.page;
  await signUp(page, { username: 'pia' });
  assert.equal(await page.locator('#account .who').textContent(), '@pia');
  await openProfile(page);
  assert.equal(new URL(page.url()).pathname, '/profile');
  assert.equal(await page.locator('#account .who').getAttribute('aria-current'), 'page');
  const facts = page.locator('dl.account-facts');
  assert.equal(await facts.locator('dd').nth(0).textContent(), '@pia');
  assert.equal(await facts.locator('dd').nth(1).textContent(), 'pia@example.com');

  // no avatar yet: the initial letter, and nothing to remove
  const form = page.getByRole('form', { name: 'Avatar, name and bio' });
  assert.equal(await form.locator('.profile-avatar').textContent(), 'P', 'the initial letter, alone');
  assert.equal(await form.getByLabel('Remove avatar').count(), 0);

  // the chosen picture shows before anything is sent
  const uploads = [];
  page.on('request', (req) => { if (req.method() === 'PATCH') uploads.push(req.url()); });
  await form.getByLabel('Choose a new avatar').setInputFiles(avatarFile());
  const preview = form.getByRole('img', { name: 'Preview of your new avatar' });
  await preview.waitFor();
  assert.match(await preview.getAttribute('src'), /^blob:/);
  assert.ok(await preview.evaluate((img) => img.complete && img.naturalWidth > 0), 'the preview shows the picture');
  await form.getByText('Unsaved changes').waitFor();
  assert.deepEqual(uploads, [], 'nothing is saved before Save');

  await form.getByLabel('Name').fill('Pia Park');
  await form.getByLabel('Bio').fill('Runs at dawn, plans at night.');
  await form.getByRole('button', { name: 'Save profile' }).click();
  await form.locator('.saved-note', { hasText: 'Saved' }).waitFor();
  assert.equal(uploads.length, 1);
  await form.getByText('Unsaved changes').waitFor({ state: 'hidden' });
  // the account bar has the new name at once
  assert.equal(await page.locator('#account .who').textContent(), 'Pia Park');
  assert.equal(await form.getByRole('img', { name: 'Preview of your new avatar' }).count(), 0);

  await page.reload();
  const avatar = form.getByRole('img', { name: 'Your avatar' });
  await avatar.waitFor();
  const src = await avatar.getAttribute('src');
  // a protected file: the thumb, through a file token
  assert.match(src, /\/api\/files\/users\/[a-z0-9]+\/sunset_\w+\.png\?/);
  const query = new URL(src, BASE).searchParams;
  assert.equal(query.get('thumb'), '100x100');
  assert.ok(query.get('token'), 'a file token in the URL');
  await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await avatar.elementHandle());
  const file = await pia.context.request.get(src);
  assert.equal(file.status(), 200);
  assert.equal(file.headers()['content-type'], 'image/png');
  assert.equal(await page.locator('#account .who').textContent(), 'Pia Park');
  assert.equal(await form.getByLabel('Name').inputValue(), 'Pia Park');
  assert.equal(await form.getByLabel('Bio').inputValue(), 'Runs at dawn, plans at night.');
  assert.equal(await form.getByLabel('Remove avatar').count(), 1, 'a stored avatar can be removed');
});

/** Waits until img has loaded a picture, and returns the URL it loaded. */
async function loaded(img) {
  await img.waitFor();
  await img.page().waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
  return new URL(await img.getAttribute('src'), BASE);
}

test("pia's friend sees her avatar above his day and on hers, through a file token; without it, nothing", async () => {
  await signUp(quinn.page, { username: 'quinn' });
  await follow(quinn.page, 'pia');
  await follow(pia.page, 'quinn');
  await openProfile(pia.page); // where the tests after this one go on

  const page = quinn.page;
  await open(page, 'My day');
  const inRow = page.getByRole('navigation', { name: 'Friends' }).getByRole('link', { name: 'Day of Pia Park' }).locator('img.avatar');
  const rowURL = await loaded(inRow);
  assert.equal(rowURL.searchParams.get('thumb'), '100x100');
  assert.ok(rowURL.searchParams.get('token'), 'a file token in the URL');
  await shoot(page, 'avatar-friends-row');

  await page.getByRole('navigation', { name: 'Friends' }).getByRole('link', { name: 'Day of Pia Park' }).click();
  await page.getByRole('heading', { name: 'Pia Park’s day', level: 1 }).waitFor();
  await loaded(page.locator('.person-bar img.avatar'));
  await shoot(page, 'avatar-person-day');

  // the same URL without its token is refused
  rowURL.searchParams.delete('token');
  const bare = await quinn.context.request.get(rowURL.href);
  assert.equal(bare.status(), 404);
});

test('a bio of 160 characters is counted, refused beside the field and kept whole; nothing is saved', async () => {
  const page = pia.page;
  const form = page.getByRole('form', { name: 'Avatar, name and bio' });
  const bio = form.getByLabel('Bio');
  const long = `${'Early runs, late plans. '.repeat(6)}${'z'.repeat(16)}`;
  assert.equal(long.length, 160);
  await bio.fill(long);
  const counter = form.locator('.counter.over');
  assert.equal(await counter.textContent(), '160/150: 10 too many');

  await form.getByRole('button', { name: 'Save profile' }).click();
  await form.locator('textarea[name="bio"][aria-invalid="true"]').waitFor();
  assert.match(await describedBy(bio), /no more than 150/);
  assert.equal(await bio.inputValue(), long, 'nothing of what was typed is cut');
  assert.equal(await form.locator('.saved-note').textContent(), '');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'bio');

  // with a new avatar picked too: the preview and the counter, for the eye
  await form.getByLabel('Choose a new avatar').setInputFiles(avatarFile());
  await form.getByRole('img', { name: 'Preview of your new avatar' }).waitFor();
  await shoot(page, 'profile');

  // the server kept the old bio (read in a second tab: this one holds changes)
  const other = await pia.context.newPage();
  await other.goto(`${BASE}/profile`);
  await other.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
  assert.equal(await other.getByLabel('Bio', { exact: true }).inputValue(), 'Runs at dawn, plans at night.');
  await other.close();
});

test('leaving the profile with unsaved changes asks first', async () => {
  const page = pia.page;
  const form = page.getByRole('form', { name: 'Avatar, name and bio' });
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'My day' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Unsaved changes' });
  await ask.getByText('Changes to your profile are not saved. Leave without saving?').waitFor();
  await ask.getByRole('button', { name: 'Stay' }).click();
  await ask.waitFor({ state: 'detached' });
  assert.equal(await page.locator('main h1').textContent(), 'Profile');
  assert.equal((await form.getByLabel('Bio').inputValue()).length, 160, 'staying keeps the changes');

  await nav.getByRole('link', { name: 'My day' }).click();
  await ask.getByRole('button', { name: 'Leave without saving' }).click();
  await page.getByRole('heading', { name: 'My day', level: 1 }).waitFor();
  await openProfile(page);
  assert.equal(await form.getByLabel('Bio').inputValue(), 'Runs at dawn, plans at night.');
  assert.equal(await form.getByRole('img', { name: 'Preview of your new avatar' }).count(), 0);
  await form.getByRole('img', { name: 'Your avatar' }).waitFor();
});

test('password: a wrong current one is refused beside it; a change keeps pia signed in', async () => {
  const page = pia.page;
  const form = page.getByRole('form', { name: 'Password' });
  const current = form.getByLabel('Current password', { exact: true });
  await current.fill('not-my-password');
  await form.getByLabel('New password', { exact: true }).fill('newpass456');
  await form.getByLabel('Repeat new password', { exact: true }).fill('newpass456');
  await form.getByRole('button', { name: 'Change password' }).click();
  await form.locator('input[name="oldPassword"][aria-invalid="true"]').waitFor();
  assert.match(await describedBy(current), /invalid old password/i);

  await current.fill('password123');
  await form.getByRole('button', { name: 'Change password' }).click();
  await form.locator('.saved-note', { hasText: 'Password changed' }).waitFor();
  for (const label of ['Current password', 'New password', 'Repeat new password']) {
    assert.equal(await form.getByLabel(label, { exact: true }).inputValue(), '', `${label} is cleared`);
  }

  // still signed in, with a session the server takes: the profile loads
  // again from the server after a reload
  await page.reload();
  await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
  assert.equal(await page.getByRole('form', { name: 'Avatar, name and bio' }).getByLabel('Name').inputValue(), 'Pia Park');
  await open(page, 'Goals');

  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  await logIn(page, 'pia', 'password123');
  await page.locator('form .form-error').getByText('Failed to authenticate.').waitFor();
  await logIn(page, 'pia', 'newpass456');
  await page.getByRole('heading', { name: 'My day', level: 1 }).waitFor();
});

test('the avatar can be removed', async () => {
  const page = pia.page;
  await openProfile(page);
  const form = page.getByRole('form', { name: 'Avatar, name and bio' });
  await form.getByLabel('Remove avatar').check();
  await form.getByText('Removed when you save').waitFor();
  await form.getByRole('button', { name: 'Save profile' }).click();
  await form.locator('.saved-note', { hasText: 'Saved' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
  assert.equal(await form.locator('.profile-avatar').textContent(), 'P', 'the initial letter, alone');
  assert.equal(await form.locator('img').count(), 0);
  assert.equal(await form.getByLabel('Remove avatar').count(), 0);
});

test('deleting the account asks for the username; Cancel keeps it; confirmed, it is gone', async () => {
  const page = pia2.page;
  await signUp(page, { username: 'pia2', name: 'Pia Two' });
  await open(page, 'Goals');
  await page.locator('form.goal-form').getByLabel('Title').fill('Swim');
  await page.getByRole('button', { name: 'Add goal' }).click();
  await page.getByRole('form', { name: 'Goal Swim' }).waitFor();
  const id = await page.evaluate(() => JSON.parse(localStorage.getItem('pocketbase_auth')).record.id);

  // on a phone the account bar's name is there to reach the profile
  await openProfile(page);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'nothing wider than the phone');

  const askDelete = page.getByRole('button', { name: 'Delete account…' });
  const confirm = page.getByRole('group', { name: 'Confirm account delete' });
  const typed = confirm.getByLabel('Type your username, pia2, to confirm');
  const deleteButton = confirm.getByRole('button', { name: 'Delete my account' });

  await askDelete.click();
  await confirm.getByText(/todos, goals, diaries with their photos, cheers, follows/).waitFor();
  assert.equal(await askDelete.getAttribute('aria-expanded'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.name), 'confirmUsername', 'focus moves into the confirmation');
  assert.equal(await deleteButton.isDisabled(), true);
  await typed.fill('pia');
  assert.equal(await deleteButton.isDisabled(), true, 'a wrong username does not enable it');
  await page.keyboard.press('Escape');
  await confirm.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Delete account…');

  await askDelete.click();
  await typed.fill('pia2');
  assert.equal(await deleteButton.isDisabled(), false);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await confirm.waitFor({ state: 'detached' });
  assert.equal(await askDelete.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Delete account…');
  await page.reload();
  await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
  const kept = await adminRequest('GET', `/api/collections/users/records?filter=${encodeURIComponent(`id="${id}"`)}`);
  assert.equal(kept.totalItems, 1, 'Cancel keeps the account');

  await askDelete.click();
  await typed.fill('pia2');
  await shoot(page, 'profile-delete-confirm');
  await deleteButton.click();
  await page.getByRole('heading', { name: 'Log in', level: 1 }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/login');
  await page.waitForFunction(() => document.getElementById('status').textContent === 'Your account was deleted');
  assert.equal(await page.evaluate(() => localStorage.getItem('pocketbase_auth')), null);

  const gone = await adminRequest('GET', `/api/collections/users/records?filter=${encodeURIComponent(`id="${id}"`)}`);
  assert.equal(gone.totalItems, 0);
  const goals = await adminRequest('GET', `/api/collections/goals/records?filter=${encodeURIComponent(`user="${id}"`)}`);
  assert.equal(goals.totalItems, 0, 'the goals go with the account');

  await logIn(page, 'pia2', 'password123');
  await page.locator('form .form-error').getByText('Failed to authenticate.').waitFor();
});

test('no uncaught error in the page', () => {
  assert.deepEqual(quinn.pageErrors, []);
  assert.deepEqual(pia.pageErrors, []);
  assert.deepEqual(pia2.pageErrors, []);
});
