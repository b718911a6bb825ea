// My profile: avatar, name and bio; my password; and deleting my account.
// Each is a form of its own, with its own errors and its own "saved".
import { pb, me, avatarURL, loadWithToken } from '../pb.js';
import { announce, field, formError, h, replace, submitForm, trackUnsaved } from '../dom.js';
import { navigate, refreshChrome } from '../app.js';

const AVATAR_TYPES = 'image/jpeg,image/png,image/webp,image/gif';

export default async function profileView(main, ctx) {
  const user = me();
  // the stored record, not the one kept at login: another tab may have
  // changed it since, and saving the form sends all of it back
  const record = await pb.collection('users').getOne(user.id);
  if (!ctx.alive()) return;
  main.append(
    h('h1', { tabindex: '-1' }, 'Profile'),
    accountFacts(record),
    profileForm(record, ctx),
    passwordForm(record),
    deleteSection(record));
}

/** Who I am to the app, which this screen does not change. */
function accountFacts(record) {
  return h('dl', { class: 'card account-facts' },
    h('div', null, h('dt', null, 'Username'), h('dd', null, `@${record.username}`)),
    h('div', null, h('dt', null, 'Email'), h('dd', null, record.email ?? '')));
}

/**
 * A line beside a form's button saying it was saved; it goes when the
 * form is changed again.
 */
function savedNote(form) {
  const note = h('span', { class: 'saved-note', role: 'status' });
  form.addEventListener('input', () => { note.textContent = ''; });
  note.say = (text) => { note.textContent = text; };
  return note;
}

/** The first letter of a user's name or username, for a user with no avatar. */
const initialOf = (record) => ([...(record.name || record.username || '?')][0] ?? '?').toUpperCase();

function profileForm(initial, ctx) {
  let record = initial;
  // the object URL of the chosen file's preview; each one holds the file in
  // memory until revoked
  let previewURL = null;
  const forgetPreview = () => {
    if (previewURL) URL.revokeObjectURL(previewURL);
    previewURL = null;
  };
  ctx.onCleanup(forgetPreview);

  const picture = h('div', { class: 'profile-avatar' });
  const removeSlot = h('div', { class: 'remove-avatar' });
  const fileField = field('Choose a new avatar', { name: 'avatar', type: 'file', accept: AVATAR_TYPES },
    { hint: 'JPEG, PNG, WebP or GIF, up to 5 MB. You see it here before saving.' });
  const fileInput = fileField.querySelector('input');
  const nameField = field('Name', { name: 'name', value: record.name ?? '', autocomplete: 'name' },
    { limit: 50, hint: 'Shown to others instead of your @username.' });
  const bioField = field('Bio', { name: 'bio', rows: 3 }, { as: 'textarea', limit: 150, hint: 'A line or two about you.' });
  const saveButton = h('button', { type: 'submit', class: 'primary' }, 'Save profile');
  const actions = h('div', { class: 'row actions' }, saveButton);

  const form = h('form', { class: 'card profile-form', novalidate: true, 'aria-labelledby': 'profile-heading', 'data-what': 'your profile' },
    h('h2', { id: 'profile-heading' }, 'Avatar, name and bio'),
    h('div', { class: 'avatar-edit' }, picture, h('div', { class: 'avatar-controls' }, fileField, removeSlot)),
    nameField,
    bioField,
    formError(),
    actions);
  // a textarea's "value" attribute is not its text
  form.elements.bio.value = record.bio ?? '';
  form.elements.name.recount();
  form.elements.bio.recount();
  const note = savedNote(form);
  drawRemoveOption();
  drawAvatar();
  // taken last, once every control holds the stored values
  actions.append(note, trackUnsaved(form));

  // what the picture shows: the chosen file; else the stored avatar; else,
  // or when the stored one is to be removed, the initial letter
  function drawAvatar() {
    const removing = form.elements.removeAvatar?.checked;
    if (previewURL) {
      replace(picture, h('img', { src: previewURL, alt: 'Preview of your new avatar', class: 'preview', width: 96, height: 96 }),
        h('p', { class: 'preview-note' }, 'Preview: not saved yet'));
    } else if (record.avatar && !removing) {
      const stored = record;
      replace(picture, loadWithToken(h('img', { alt: 'Your avatar', width: 96, height: 96 }), (token) => avatarURL(stored, token)));
    } else {
      replace(picture, h('span', { class: 'avatar-initial', role: 'img', 'aria-label': 'No avatar' }, initialOf(record)),
        removing ? h('p', { class: 'preview-note' }, 'Removed when you save') : null);
    }
  }

  // "Remove avatar" is offered only while there is one stored
  function drawRemoveOption() {
    replace(removeSlot, record.avatar ? field('Remove avatar', { type: 'checkbox', name: 'removeAvatar', onchange: chooseRemove }) : null);
  }

  function chooseRemove(event) {
    if (event.target.checked) {
      fileInput.value = '';
      forgetPreview();
    }
    drawAvatar();
  }

  fileInput.addEventListener('change', () => {
    forgetPreview();
    const file = fileInput.files[0];
    if (file) {
      previewURL = URL.createObjectURL(file);
      if (form.elements.removeAvatar) form.elements.removeAvatar.checked = false;
    }
    drawAvatar();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const el = form.elements;
    const ok = await submitForm(form, async () => {
      const data = new FormData();
      data.append('name', el.name.value);
      data.append('bio', el.bio.value);
      if (el.avatar.files[0]) data.append('avatar', el.avatar.files[0]);
      else if (el.removeAvatar?.checked) data.append('avatar', '');
      // the SDK keeps the signed-in user's record in step with the answer
      record = await pb.collection('users').update(record.id, data);
    });
    if (!ok) return;
    fileInput.value = '';
    forgetPreview();
    drawRemoveOption();
    drawAvatar();
    form.markSaved();
    refreshChrome();
    saveButton.focus();
    note.say('Saved');
    announce('Profile saved');
  });

  return form;
}

function passwordForm(record) {
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Change password');
  const actions = h('div', { class: 'row actions' }, submit);
  const form = h('form', { class: 'card password-form', novalidate: true, 'aria-labelledby': 'password-heading' },
    h('h2', { id: 'password-heading' }, 'Password'),
    field('Current password', { name: 'oldPassword', type: 'password', autocomplete: 'current-password', required: true }),
    field('New password', { name: 'password', type: 'password', autocomplete: 'new-password', required: true }, { hint: 'At least 8 characters.' }),
    field('Repeat new password', { name: 'passwordConfirm', type: 'password', autocomplete: 'new-password', required: true }),
    formError(),
    actions);
  const note = savedNote(form);
  actions.append(note);

  // set once the server took the new password: a retry after "changed but
  // the new login failed" only logs in again
  let changedTo = null;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const el = form.elements;
    const ok = await submitForm(form, async () => {
      if (!changedTo) {
        await pb.collection('users').update(record.id, {
          oldPassword: el.oldPassword.value, password: el.password.value, passwordConfirm: el.passwordConfirm.value,
        });
        changedTo = el.password.value;
      }
      // PocketBase ends every session of a user whose password changes;
      // this one signs in again at once, with the new password
      await pb.collection('users').authWithPassword(record.username, changedTo);
    });
    if (!ok) return;
    changedTo = null;
    for (const name of ['oldPassword', 'password', 'passwordConfirm']) el[name].value = '';
    submit.focus();
    note.say('Password changed');
    announce('Password changed');
  });
  return form;
}

function deleteSection(record) {
  const openButton = h('button', { type: 'button', class: 'danger', 'aria-expanded': 'false', onclick: askDelete }, 'Delete account…');
  const section = h('section', { class: 'card danger-zone', 'aria-labelledby': 'delete-heading' },
    h('h2', { id: 'delete-heading' }, 'Delete account'),
    h('p', { class: 'muted' }, 'Your account and everything in it go for good.'),
    openButton);

  // deleting cannot be undone, so it asks in place and wants the username
  // typed: a slip of the finger is not enough
  function askDelete() {
    if (section.querySelector('.confirm')) return;
    openButton.setAttribute('aria-expanded', 'true');
    const typed = field(`Type your username, ${record.username}, to confirm`,
      { name: 'confirmUsername', autocomplete: 'off', autocapitalize: 'none', spellcheck: false });
    const input = typed.querySelector('input');
    const deleteButton = h('button', { type: 'submit', class: 'danger', disabled: true }, 'Delete my account');
    const cancel = () => {
      confirm.remove();
      openButton.setAttribute('aria-expanded', 'false');
      openButton.focus();
    };
    const confirm = h('form', { class: 'confirm delete-confirm', role: 'group', 'aria-label': 'Confirm account delete', novalidate: true },
      h('p', null, h('strong', null, 'Delete your account?'), ' ',
        'Your todos, goals, diaries with their photos, cheers, follows, blocks and notifications are deleted with it. This cannot be undone.'),
      typed,
      formError(),
      deleteButton,
      h('button', { type: 'button', onclick: cancel }, 'Cancel'));
    const matches = () => input.value.trim() === record.username;
    input.addEventListener('input', () => { deleteButton.disabled = !matches(); });
    confirm.addEventListener('keydown', (e) => { if (e.key === 'Escape') cancel(); });
    confirm.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!matches()) return;
      const ok = await submitForm(confirm, () => pb.collection('users').delete(record.id));
      if (ok) endDeleted();
    });
    section.append(confirm);
    input.focus();
  }

  return section;
}

// The SDK forgets a deleted signed-in user by itself, and the shell then
// shows the login; this makes sure of both.
function endDeleted() {
  pb.realtime.unsubscribe().catch(() => {});
  if (pb.authStore.token) pb.authStore.clear();
  if (location.pathname !== '/login') navigate('/login', { replace: true, force: true });
  announce('Your account was deleted');
}
