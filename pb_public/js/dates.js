// Days are the user's local calendar days, written YYYY-MM-DD as the API
// stores them (SPEC: text dates that sort lexically).

const pad = (n) => String(n).padStart(2, '0');

export const dayString = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

export function parseDay(s) {
  const [y, m, d] = s.split('-').map(Number);
  return new Date(y, m - 1, d);
}

export const today = () => dayString(new Date());

export const isDay = (s) => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && dayString(parseDay(s)) === s;

export const isMonth = (s) => typeof s === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(s);

export function addDays(s, n) {
  const d = parseDay(s);
  d.setDate(d.getDate() + n);
  return dayString(d);
}

export function addMonths(month, n) {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(y, m - 1 + n, 1);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
}

/** The Monday of the week that holds day s. */
export function weekStart(s) {
  const d = parseDay(s);
  return addDays(s, -((d.getDay() + 6) % 7));
}

export const longDay = (s) =>
  parseDay(s).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' });

export const shortWeekday = (s) => parseDay(s).toLocaleDateString(undefined, { weekday: 'short' });

export const monthTitle = (month) =>
  parseDay(`${month}-01`).toLocaleDateString(undefined, { month: 'long', year: 'numeric' });
