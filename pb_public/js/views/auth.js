// Sign up and log in (by email or username).
import { pb } from '../pb.js';
import { field, formError, h, submitForm } from '../dom.js';
import { navigate } from '../app.js';

function afterLogin(ctx) {
  const next = ctx.params.get('next');
  navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/day', { replace: true });
}

export function loginView(main, ctx) {
  const form = h('form', { class: 'card auth', novalidate: true },
    field('Email or username', { name: 'identity', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: false }),
    field('Password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
    formError(),
    h('button', { type: 'submit', class: 'primary' }, 'Log in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const ok = await submitForm(form, () =>
      pb.collection('users').authWithPassword(String(data.get('identity')).trim(), String(data.get('password'))));
    if (ok) afterLogin(ctx);
  });
  main.append(h('div', { class: 'auth-page' },
    h('h1', { tabindex: '-1' }, 'Log in'),
    h('p', { class: 'muted' }, 'Plan your day, keep a one-emoji diary, cheer your friends.'),
    form,
    h('p', null, 'New here? ', h('a', { href: `/signup${location.search}` }, 'Create an account'))));
  form.querySelector('input').focus();
}

export function signupView(main, ctx) {
  const form = h('form', { class: 'card auth', novalidate: true },
    field('Email', { name: 'email', type: 'email', autocomplete: 'email', required: true }),
    field('Username', { name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: false },
      { hint: '3–30 characters: a–z, 0–9, _ and .' }),
    field('Name (optional)', { name: 'name', autocomplete: 'name' }),
    field('Password', { name: 'password', type: 'password', autocomplete: 'new-password', required: true }, { hint: 'At least 8 characters.' }),
    field('Repeat password', { name: 'passwordConfirm', type: 'password', autocomplete: 'new-password', required: true }),
    formError(),
    h('button', { type: 'submit', class: 'primary' }, 'Sign up'));
  let created = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    data.username = String(data.username).trim().toLowerCase();
    const ok = await submitForm(form, async () => {
      // a retry after "created but the login failed" only logs in
      if (!created) {
        await pb.collection('users').create(data);
        created = true;
      }
      await pb.collection('users').authWithPassword(data.username, data.password);
    });
    if (ok) afterLogin(ctx);
  });
  main.append(h('div', { class: 'auth-page' },
    h('h1', { tabindex: '-1' }, 'Sign up'),
    form,
    h('p', null, 'Have an account? ', h('a', { href: `/login${location.search}` }, 'Log in'))));
  form.querySelector('input').focus();
}
