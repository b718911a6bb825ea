// The painted calendar: cal's done days in their goals' colours. cal and
// calfriend are friends. cal has a red and a blue goal (friends) and a
// purple one of hers only; in this month she has
//
//   RED_DAY      one red todo, done (through My day)     filled red
//   TWO_DAY      a red and a blue todo, both done        red and blue stripes
//   SOME_DAY     two red todos, one done                 a red band
//   SECRET_DAY   a purple todo done, a blue one not      a purple band
//   PLAIN_DAY    a todo with no goal, done               filled grey
//
// A tap on a day of hers opens My day on it. calfriend's view of her month
// links each day with something to /people/{id}?date=, and never shows the
// purple: her purple todo does not reach him at all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addGoal, addTodo, BASE, day, follow, open, person, shoot, signUp, startSuite, userId } from './lib.mjs';

const MONTH = day(0).slice(0, 7);
const RED_DAY = `${MONTH}-03`;
const TWO_DAY = `${MONTH}-10`;
const SOME_DAY = `${MONTH}-17`;
const SECRET_DAY = `${MONTH}-24`;
const PLAIN_DAY = `${MONTH}-26`;
const EMPTY_DAY = `${MONTH}-05`;

const RED = '#e5484d';
const BLUE = '#3e63dd';
const PURPLE = '#8e4ec6';
const GREY = '#8a8f98'; // done todos with no goal

let chromium;
let cal;
let friend;
let calId;

before(async () => {
  chromium = await startSuite();
  [cal, friend] = await Promise.all([person(chromium.browser), person(chromium.browser)]);
});

after(async () => {
  await chromium?.close();
});

test('cal and calfriend sign up and become friends', async () => {
  await signUp(cal.page, { username: 'cal', name: 'Cal Painter' });
  await signUp(friend.page, { username: 'calfriend' });
  await follow(cal.page, 'calfriend');
  await follow(friend.page, 'cal');
  await cal.page.getByRole('heading', { name: 'Friends (1)' }).waitFor();
  calId = await userId(cal.page);
});

test('cal makes a red and a blue goal, and a purple one only she sees', async () => {
  await open(cal.page, 'Goals');
  await addGoal(cal.page, 'Red', RED, 'Friends');
  await addGoal(cal.page, 'Blue', BLUE, 'Friends');
  await addGoal(cal.page, 'Purple', PURPLE, 'Only me');
});

test('cal does a red todo in My day, and plans the other days of the month', async () => {
  const page = cal.page;
  await page.goto(`${BASE}/day?date=${RED_DAY}`);
  await addTodo(page, 'Red', 'Paint the fence');
  await page.getByRole('checkbox', { name: 'Paint the fence' }).check();
  await page.getByText('1 of 1 done').waitFor();

  const api = await signedIn('cal');
  const goals = Object.fromEntries((await api('GET', '/api/collections/goals/records?perPage=50')).items.map((g) => [g.title, g.id]));
  for (const [date, goal, contents, done] of [
    [TWO_DAY, 'Red', 'Red and', true],
    [TWO_DAY, 'Blue', 'blue', true],
    [SOME_DAY, 'Red', 'Half done', true],
    [SOME_DAY, 'Red', 'Half to do', false],
    [SECRET_DAY, 'Purple', 'A secret, done', true],
    [SECRET_DAY, 'Blue', 'A blue to do', false],
    [PLAIN_DAY, null, 'No goal, done', true],
  ]) {
    await api('POST', '/api/collections/todos/records', { date, contents, goal: goal ? goals[goal] : '', is_checked: done });
  }
});

test("cal's calendar: done days in their goals' colours, some done as a band", async () => {
  const page = cal.page;
  await open(page, 'Calendar');
  await page.locator(`.calendar li[data-day="${PLAIN_DAY}"] .count`).waitFor();

  // all done under one goal: filled with its colour
  const red = await paintOf(page, RED_DAY);
  assert.equal(red.painted, true, 'the red day is filled');
  assert.equal(red.color, rgb(RED));
  assert.equal(red.band, null);

  // two goals: both colours, as stripes
  const two = await paintOf(page, TWO_DAY);
  assert.equal(two.painted, true, 'the red and blue day is filled');
  assert.ok(two.image.includes(rgb(RED)) && two.image.includes(rgb(BLUE)), `red and blue stripes: ${two.image}`);

  // some done: a band in the colour, the cell itself not filled
  const some = await paintOf(page, SOME_DAY);
  assert.equal(some.painted, false, 'a day partly done is not filled');
  assert.equal(some.color, rgb('#ffffff'));
  assert.equal(some.band, rgb(RED), 'a red band');

  // her own purple goal paints her own calendar
  assert.equal((await paintOf(page, SECRET_DAY)).band, rgb(PURPLE), 'a purple band for cal');

  // a done todo with no goal: a neutral grey
  const plain = await paintOf(page, PLAIN_DAY);
  assert.equal(plain.painted, true);
  assert.equal(plain.color, rgb(GREY));

  // the labels still say what is done, not the colours
  assert.match(await page.locator(`.calendar li[data-day="${TWO_DAY}"] a`).getAttribute('aria-label'), /: 2 of 2 done$/);
  assert.equal(await page.locator(`.calendar li[data-day="${SOME_DAY}"] .count`).textContent(), '1/2');
  await shoot(page, 'calendar-painted');
});

test('a tap on a painted day of mine opens My day on it', async () => {
  const page = cal.page;
  await page.locator(`.calendar li[data-day="${RED_DAY}"] a`).click();
  await page.getByRole('heading', { name: 'My day', level: 1 }).waitFor();
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, `/day?date=${RED_DAY}`);
  await page.getByRole('checkbox', { name: 'Paint the fence' }).waitFor();
  assert.equal(await page.getByRole('checkbox', { name: 'Paint the fence' }).isChecked(), true);
});

test("calfriend's view of cal's month: links to her days, and never her purple", async () => {
  const page = friend.page;
  await page.goto(`${BASE}/calendar/${calId}`);
  await page.getByRole('heading', { name: 'Cal Painter’s calendar' }).waitFor();
  await page.locator(`.calendar li[data-day="${PLAIN_DAY}"] .count`).waitFor();

  // every day with something is a link to that day of hers; a day with
  // nothing is none
  for (const date of [RED_DAY, TWO_DAY, SOME_DAY, SECRET_DAY, PLAIN_DAY]) {
    assert.equal(await page.locator(`.calendar li[data-day="${date}"] a`).getAttribute('href'), `/people/${calId}?date=${date}`, date);
  }
  assert.equal(await page.locator(`.calendar li[data-day="${EMPTY_DAY}"] a`).count(), 0, 'a day with nothing is not a link');

  assert.equal((await paintOf(page, RED_DAY)).color, rgb(RED), 'the red day is red to a friend too');
  const two = await paintOf(page, TWO_DAY);
  assert.ok(two.image.includes(rgb(RED)) && two.image.includes(rgb(BLUE)), `red and blue stripes: ${two.image}`);

  // the purple day shows only its blue todo, not done: nothing painted
  const secret = await paintOf(page, SECRET_DAY);
  assert.equal(await page.locator(`.calendar li[data-day="${SECRET_DAY}"] .count`).textContent(), '0/1');
  assert.deepEqual([secret.painted, secret.band, secret.image], [false, null, 'none']);
  const purpleAnywhere = await page.locator('.calendar *').evaluateAll((els, purple) => els.filter((el) => {
    const style = getComputedStyle(el);
    return `${style.backgroundColor} ${style.backgroundImage}`.includes(purple);
  }).length, rgb(PURPLE));
  assert.equal(purpleAnywhere, 0, 'nothing of the calendar is purple');
  assert.ok(!(await friend.everything()).toLowerCase().includes(PURPLE), "cal's purple never reached calfriend's browser");
  await shoot(page, 'calendar-painted-friend');
});

test('no uncaught error in the page', () => {
  assert.deepEqual([...cal.pageErrors, ...friend.pageErrors], []);
});

/** How a day's cell is painted: its fill, stripes and band (null if none). */
function paintOf(page, date) {
  return page.locator(`.calendar li[data-day="${date}"] > *`).evaluate((cell) => {
    const style = getComputedStyle(cell);
    const band = cell.querySelector('.band');
    return {
      painted: cell.classList.contains('painted'),
      color: style.backgroundColor,
      image: style.backgroundImage,
      band: band && getComputedStyle(band).backgroundColor,
    };
  });
}

/** "#e5484d" as computed styles write it: "rgb(229, 72, 77)". */
function rgb(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

/** A caller of the REST API signed in as username. */
async function signedIn(username) {
  const login = await (await fetch(`${BASE}/api/collections/users/auth-with-password`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identity: username, password: 'password123' }),
  })).json();
  return async (method, path, body) => {
    const res = await fetch(`${BASE}${path}`, {
      method, headers: { 'content-type': 'application/json', Authorization: login.token }, body: body && JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
}




