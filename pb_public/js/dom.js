// Small DOM helpers: building elements, form fields with their error
// slots, and telling the user what happened (errors, offline, retry).

let uid = 0;
const nextId = (prefix) => `${prefix}-${++uid}`;

/**
 * h('button', {class: 'x', onclick: fn}, 'text', child...) builds an element.
 * Props starting with "on" are listeners; booleans and non-string values
 * are set as properties (checked, disabled, value...); others as attributes.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'style' && typeof value === 'object') {
      for (const [prop, v] of Object.entries(value)) el.style.setProperty(prop, v);
    } else if (typeof value !== 'string' && key in el) {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : value);
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replaces the children of el, keeping keyboard focus where it was. */
export function replace(el, ...children) {
  const active = el.contains(document.activeElement) ? document.activeElement : null;
  const key = active?.closest('[data-focus]')?.dataset.focus;
  el.replaceChildren();
  append(el, children);
  // a kept node (a form being typed in) is focused again; a redrawn one is
  // found by its data-focus key
  if (active?.isConnected) active.focus();
  else if (key) el.querySelector(`[data-focus="${CSS.escape(key)}"]`)?.focus();
}

/**
 * A labelled form control with a slot for its field error, tied together
 * with aria-describedby. `input` is the control's props; `as` the tag.
 */
export function field(label, input, { as = 'input', hint, limit } = {}) {
  const id = input.id ?? nextId('f');
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const counterId = limit ? `${id}-count` : null;
  const control = h(as, { ...input, id, 'aria-describedby': [hintId, counterId, errorId].filter(Boolean).join(' ') });
  const isCheck = input.type === 'checkbox';
  const counter = limit && h('p', { class: 'counter', id: counterId, hidden: true });
  const error = h('p', { class: 'field-error', id: errorId, 'data-error-for': input.name ?? '' });
  // an error said of what was typed goes once it is changed
  control.addEventListener('input', () => {
    if (control.hasAttribute('aria-invalid')) {
      error.replaceChildren();
      control.removeAttribute('aria-invalid');
    }
  });
  if (limit) {
    // a length limit is shown, not enforced by cutting: a maxlength would
    // drop the end of a pasted text without a word; the server says no
    // instead, beside the field, and the text stays to be shortened
    const count = () => {
      const n = [...control.value].length;
      counter.hidden = n < limit * 0.8;
      counter.textContent = n > limit ? `${n}/${limit}: ${n - limit} too many` : `${n}/${limit}`;
      counter.classList.toggle('over', n > limit);
    };
    control.addEventListener('input', count);
    control.recount = count;
  }
  return h('div', { class: isCheck ? 'field check' : 'field' },
    isCheck ? [control, h('label', { for: id }, label)] : [h('label', { for: id }, label), control],
    hint && h('p', { class: 'hint', id: hintId }, hint),
    counter,
    error);
}

/**
 * A button that shows and hides a small panel (a menu of actions, an emoji
 * picker). Escape or a click elsewhere closes it and focus returns.
 */
export function disclosure(buttonProps, label, ...panelChildren) {
  const panelId = nextId('panel');
  const panel = h('div', { class: 'menu-items', id: panelId, hidden: true }, ...panelChildren);
  const button = h('button', { type: 'button', class: 'icon', 'aria-expanded': 'false', 'aria-controls': panelId, ...buttonProps }, label);
  const wrap = h('div', { class: 'menu' }, button, panel);
  const close = (refocus) => {
    panel.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    document.removeEventListener('click', outside, true);
    if (refocus) button.focus();
  };
  const outside = (e) => { if (!wrap.contains(e.target)) close(false); };
  button.addEventListener('click', () => {
    if (!panel.hidden) return close(false);
    panel.hidden = false;
    keepInView(panel);
    button.setAttribute('aria-expanded', 'true');
    document.addEventListener('click', outside, true);
    panel.querySelector('button')?.focus();
  });
  wrap.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !panel.hidden) { e.stopPropagation(); close(true); } });
  // a chosen action closes the panel (the action then moves focus where
  // it belongs)
  panel.addEventListener('click', (e) => { if (e.target.closest('button')) close(false); });
  return wrap;
}

// keepInView opens an absolutely placed panel towards the side with room:
// it hangs from its button's right edge, unless that puts it past the
// window's left edge (a cheer on the left of a phone's screen), when it
// hangs from the left edge instead.
function keepInView(panel) {
  panel.style.left = '';
  panel.style.right = '';
  if (panel.getBoundingClientRect().left < 0) {
    panel.style.left = '0';
    panel.style.right = 'auto';
  }
}

/** Status messages for screen readers (and a visible line). */
export function announce(message) {
  const status = document.getElementById('status');
  status.textContent = '';
  // a new text node, so the same message twice is read twice
  requestAnimationFrame(() => { status.textContent = message; });
}

/**
 * A visible confirmation of what was just done ("Saved", "Deleted"), read
 * out too, that goes by itself after a few seconds; with `undo`, it offers
 * an Undo button until then. One at a time: a new one replaces the last.
 */
let shownToast = null;
export function toast(message, { undo } = {}) {
  shownToast?.dismiss();
  const close = () => { clearTimeout(timer); box.remove(); if (shownToast === box) shownToast = null; };
  const box = h('div', { class: 'alert toast', 'data-toast': '' }, h('p', null, message));
  if (undo) box.append(h('button', { type: 'button', onclick: () => { close(); undo(); } }, 'Undo'));
  box.append(h('button', { type: 'button', class: 'quiet', 'aria-label': 'Dismiss', onclick: close }, '✕'));
  box.dismiss = close;
  // long enough to read and reach Undo; focus inside keeps it
  let timer = setTimeout(close, undo ? 8000 : 4000);
  box.addEventListener('focusin', () => clearTimeout(timer));
  box.addEventListener('focusout', () => { clearTimeout(timer); timer = setTimeout(close, 4000); });
  document.getElementById('alerts').append(box);
  shownToast = box;
  announce(undo ? `${message}. Undo is available.` : message);
  return box;
}

/** True when the request never reached the server (offline, refused). */
export const isNetworkError = (err) => err?.status === 0 && !err?.isAbort;

/** One sentence for an API error, for people. */
export function describeError(err) {
  if (isNetworkError(err)) return 'Could not reach the server. Check your connection and try again.';
  if (err?.status === 429) return 'Too many tries in a short time. Wait a few seconds and try again.';
  if (err?.status === 401) return 'Your session has ended. Log in again.';
  if (err?.status === 404) return 'Not found (or not shared with you).';
  const message = err?.response?.message || err?.message;
  return message && message !== 'ClientResponseError' ? message : 'Something went wrong.';
}

/** Shows an error of an action that has no form, with a Retry button. */
export function reportError(err, retry) {
  const alerts = document.getElementById('alerts');
  const box = h('div', { class: 'alert', role: 'alert' }, h('p', null, describeError(err)));
  const close = () => box.remove();
  if (retry && (isNetworkError(err) || err?.status === 429 || (err?.status ?? 0) >= 500)) {
    box.append(h('button', { type: 'button', onclick: () => { close(); retry(); } }, 'Retry'));
  }
  box.append(h('button', { type: 'button', class: 'quiet', 'aria-label': 'Dismiss', onclick: close }, '✕'));
  alerts.append(box);
  console.error(err);
}

/** Clears the field and form errors of a form. */
export function clearErrors(form) {
  for (const slot of form.querySelectorAll('.field-error, .form-error')) slot.replaceChildren();
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
}

/**
 * Runs action() for a submitted form: puts
 * each of PocketBase's field errors (`data.<field>.message`) beside its
 * control, and anything else in the form's error line with a Retry button
 * when the request did not go through. What was typed stays typed.
 * Its buttons are disabled meanwhile unless `lock` is false.
 * Returns true when the action succeeded.
 */
export async function submitForm(form, action, { lock = true } = {}) {
  clearErrors(form);
  // a form that may be sent again at once (add a todo, Enter, the next one)
  // is not locked while its request runs
  const buttons = lock ? [...form.querySelectorAll('button')] : [];
  buttons.forEach((b) => { b.disabled = true; });
  form.setAttribute('aria-busy', 'true');
  try {
    await action();
    return true;
  } catch (err) {
    showFormError(form, err);
    return false;
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
    form.removeAttribute('aria-busy');
  }
}

export function showFormError(form, err) {
  const fields = err?.response?.data ?? {};
  let first = null;
  const unplaced = [];
  for (const [name, fieldErr] of Object.entries(fields)) {
    const slot = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    const message = fieldErr?.message ?? String(fieldErr);
    if (!slot) { unplaced.push(`${name}: ${message}`); continue; }
    slot.textContent = message;
    const control = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      first ??= control;
    }
  }
  const hasFieldErrors = Object.keys(fields).length > unplaced.length;
  const line = form.querySelector('.form-error');
  if (line && (!hasFieldErrors || unplaced.length)) {
    line.append(h('span', null, [describeError(err), ...unplaced].join(' ')));
    if (isNetworkError(err) || err?.status === 429 || (err?.status ?? 0) >= 500) {
      line.append(' ', h('button', { type: 'button', onclick: () => form.requestSubmit() }, 'Retry'));
    }
  }
  (first ?? line?.querySelector('button'))?.focus();
  if (!first) announce(describeError(err));
  if (!line && !hasFieldErrors) reportError(err);
}

/**
 * Tells when a form holds changes that are not saved: the form gets
 * `data-unsaved` (the router asks before leaving such a form) and the
 * returned note says "Unsaved changes". `isUnsaved` replaces the default
 * test (any control differs from when it was last saved); form.markSaved()
 * takes the current values as saved. Code that sets a control's value
 * dispatches an "input" event.
 */
export function trackUnsaved(form, { isUnsaved } = {}) {
  let saved = controlsSnapshot(form);
  const note = h('span', { class: 'unsaved-note', role: 'status' });
  const check = () => {
    const dirty = isUnsaved ? isUnsaved() : controlsSnapshot(form) !== saved;
    form.toggleAttribute('data-unsaved', dirty);
    note.textContent = dirty ? 'Unsaved changes' : '';
  };
  form.addEventListener('input', check);
  form.addEventListener('change', check);
  form.markSaved = () => { saved = controlsSnapshot(form); check(); };
  return note;
}

const controlsSnapshot = (form) => JSON.stringify([...form.elements]
  .filter((el) => el.matches('input, select, textarea'))
  .map((el) => (el.type === 'checkbox' || el.type === 'radio' ? el.checked : el.type === 'file' ? el.files.length : el.value)));

/** The form-level error line that submitForm fills. */
export const formError = () => h('div', { class: 'form-error', role: 'alert' });

/** Runs fn at most once per frame-ish burst (realtime events come in bursts). */
export function coalesce(fn, wait = 50) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, wait);
  };
}
