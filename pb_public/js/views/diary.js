// The diary of a day: one emoji, a few words, up to 4 photos (protected
// files, shown through a file token), who sees it, and who cheered it.
import { pb, me, getFileToken, photoURL } from '../pb.js';
import { coalesce, field, formError, h, reportError, submitForm, toast, trackUnsaved } from '../dom.js';
import { dateStrip } from '../datestrip.js';
import { longDay } from '../dates.js';
import { CHEERED_BY_QUERY, cheeredBy } from '../cheers.js';
import { levelOf, visibilityField } from '../visibility.js';

const MAX_PHOTOS = 4;
// the longest diary text the server takes (SPEC: content, max 2000)
const CONTENT_LIMIT = 2000;
const SUGGESTED = ['😀', '🔥', '💪', '😴', '🥳', '😢', '🌱', '☕'];

export default async function diaryView(main, ctx) {
  const user = me();
  const date = ctx.day();
  const holder = h('div');
  const cheersHolder = h('div', { class: 'diary-cheers', 'aria-live': 'polite' });
  main.append(
    h('h1', { tabindex: '-1' }, 'Diary'),
    dateStrip(date, (day) => ctx.go('/diary', { date: day })),
    cheersHolder,
    holder);

  let cheerCount = 0; // on the diary shown
  let diary = await pb.collection('diaries')
    .getFirstListItem(pb.filter('user = {:user} && date = {:date}', { user: user.id, date }))
    .catch((err) => { if (err?.status === 404) return null; throw err; });
  if (!ctx.alive()) return;
  holder.append(await diaryForm(diary));
  await loadCheers();

  // who cheered it, apart from the form, so that a cheer arriving live
  // leaves what is being typed alone
  async function loadCheers() {
    const likes = diary ? await pb.collection('likes').getFullList({ filter: pb.filter('diary = {:id}', { id: diary.id }), ...CHEERED_BY_QUERY }) : [];
    if (!ctx.alive()) return;
    cheerCount = likes.length;
    const line = cheeredBy(likes);
    cheersHolder.replaceChildren(...(line ? [h('p', { class: 'muted' }, 'Cheers on this diary'), line] : []));
  }
  const cheersSoon = coalesce(() => loadCheers().catch((err) => reportError(err)));
  const off = await pb.collection('likes').subscribe('*', (e) => { if (diary && e.record.diary === diary.id) cheersSoon(); })
    .catch((err) => { reportError(err); return null; });
  ctx.onCleanup(() => off?.().catch(() => {}));

  async function diaryForm(entry) {
    const emoji = field('Emoji of the day', { name: 'emoji', value: entry?.emoji ?? '', required: true, autocomplete: 'off', class: 'emoji-input' },
      { hint: 'Exactly one emoji.' });
    const picks = h('div', { class: 'emoji-picks', role: 'group', 'aria-label': 'Suggested emoji' },
      SUGGESTED.map((e) => h('button', { type: 'button', class: 'emoji', 'aria-label': `Use ${e}`, onclick: () => {
        const input = emoji.querySelector('input');
        input.value = e;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      } }, e)));
    const photos = h('fieldset', { class: 'photos' },
      h('legend', null, `Photos (up to ${MAX_PHOTOS})`),
      h('ul', { class: 'thumbs' }),
      field('Add photos', { name: 'photos', type: 'file', accept: 'image/jpeg,image/png,image/webp,image/gif', multiple: true }));

    const form = h('form', { class: 'card diary-form', novalidate: true, 'data-what': `the diary of ${longDay(date)}` },
      emoji, picks,
      field('A few words', { name: 'content', rows: 4, value: entry?.content ?? '' }, { as: 'textarea', limit: CONTENT_LIMIT }),
      photos,
      visibilityField(entry ? levelOf(entry) : 'friends', 'this diary'),
      formError(),
      h('div', { class: 'row actions' },
        h('button', { type: 'submit', class: 'primary' }, entry ? 'Save diary' : 'Write diary'),
        entry && h('button', { type: 'button', class: 'danger', 'data-focus': 'delete-diary', onclick: () => askRemove(entry, form) }, 'Delete diary')));
    // a textarea's "value" attribute is not its text
    form.elements.content.value = entry?.content ?? '';

    const removing = new Set();
    if (entry?.photos?.length) {
      const token = await getFileToken().catch(() => '');
      photos.querySelector('.thumbs').append(...entry.photos.map((name, i) => h('li', null,
        h('img', { src: photoURL(entry.id, name, token), alt: `Photo ${i + 1} of your diary`, width: 96, height: 96, loading: 'lazy' }),
        field(`Remove photo ${i + 1}`, { type: 'checkbox', onchange: (e) => (e.target.checked ? removing.add(name) : removing.delete(name)) }))));
    }
    form.querySelector('.actions').append(trackUnsaved(form));

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const el = form.elements;
      const files = [...el.photos.files];
      let saved = null;
      const ok = await submitForm(form, async () => {
        const kept = (entry?.photos?.length ?? 0) - removing.size;
        if (kept + files.length > MAX_PHOTOS) {
          throw { status: 400, response: { message: 'Too many photos.', data: { photos: { message: `At most ${MAX_PHOTOS} photos a day; remove some first.` } } } };
        }
        const data = new FormData();
        data.append('emoji', el.emoji.value.trim());
        data.append('content', el.content.value);
        data.append('visibility', el.visibility.value);
        if (entry) {
          files.forEach((f) => data.append('photos+', f));
          removing.forEach((name) => data.append('photos-', name));
          saved = await pb.collection('diaries').update(entry.id, data);
        } else {
          data.append('date', date);
          files.forEach((f) => data.append('photos', f));
          saved = await pb.collection('diaries').create(data);
        }
      });
      if (ok) {
        diary = saved;
        holder.replaceChildren(await diaryForm(saved));
        holder.querySelector('button[type=submit]').focus();
        toast('Diary saved');
      }
    });
    return form;
  }

  // a diary goes with its photos and cheers, and cannot come back: it
  // asks once more in place
  function askRemove(entry, form) {
    if (form.querySelector('.confirm')) return;
    const photos = entry.photos?.length ?? 0;
    const cancel = () => { confirm.remove(); form.querySelector('[data-focus="delete-diary"]').focus(); };
    const confirm = h('div', { class: 'confirm', role: 'group', 'aria-label': 'Confirm delete' },
      h('p', null, h('strong', null, `Delete the diary of ${longDay(date)}?`), ' ',
        [photos && `Its ${photos} ${photos === 1 ? 'photo goes' : 'photos go'} with it.`, cheerCount && `Its ${cheerCount} ${cheerCount === 1 ? 'cheer goes' : 'cheers go'} too.`].filter(Boolean).join(' ') || 'It cannot be brought back.'),
      h('button', { type: 'button', class: 'danger', onclick: () => remove(entry) }, 'Yes, delete'),
      h('button', { type: 'button', onclick: cancel }, 'Keep it'));
    confirm.addEventListener('keydown', (e) => { if (e.key === 'Escape') cancel(); });
    form.append(confirm);
    confirm.querySelector('button').focus();
  }

  async function remove(entry) {
    try {
      await pb.collection('diaries').delete(entry.id);
      diary = null;
      holder.replaceChildren(await diaryForm(null));
      cheerCount = 0;
      cheersHolder.replaceChildren();
      toast('Diary deleted');
    } catch (err) {
      reportError(err, () => remove(entry));
    }
  }
}
