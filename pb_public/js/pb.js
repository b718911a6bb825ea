// The one PocketBase client of the app. The server that serves the app is
// the API, so the SDK's default base URL ("/") is right everywhere.
import PocketBase from '/vendor/pocketbase.es.mjs';

export const pb = new PocketBase();

// Views load several lists of one collection at once (my goals and my
// todos, followers and following); the SDK's auto-cancellation would cancel
// all but the last of them.
pb.autoCancellation(false);

/** The signed-in user's record, or null. */
export const me = () => (pb.authStore.isValid ? pb.authStore.record : null);

/** Calls the todomate routes (SPEC "Custom routes") with the auth token. */
export function todomate(path, query = {}) {
  return pb.send(`/api/todomate${path}`, { method: 'GET', query });
}

// A file token lasts a few minutes; one is shared by every photo on screen
// and fetched again shortly before it runs out.
let fileToken = { value: '', until: 0 };

/** A file token for protected files (avatars, diary and proof photos). */
export async function getFileToken() {
  if (Date.now() < fileToken.until) return fileToken.value;
  const value = await pb.files.getToken();
  fileToken = { value, until: Date.now() + 60_000 };
  return value;
}

pb.authStore.onChange(() => { fileToken = { value: '', until: 0 }; });

/** The URL of one diary photo's 300x300 thumb, through a file token. */
export function photoURL(diaryId, name, token) {
  return pb.files.getURL({ id: diaryId, collectionName: 'diaries' }, name, { token, thumb: '300x300' });
}

/** The URL of a user's 100x100 avatar thumb, through a file token. */
export function avatarURL(user, token) {
  return pb.files.getURL({ id: user.id, collectionName: 'users' }, user.avatar, { token, thumb: '100x100' });
}

/**
 * Gives img the URL of a protected file once the shared file token is
 * there, so that a view can draw it at once, at its size, without waiting.
 * Without a token (offline, signed out) the image stays empty: the view's
 * own requests are the ones that report it.
 */
export function loadWithToken(img, urlOf) {
  getFileToken().then((token) => { img.src = urlOf(token); }, () => {});
  return img;
}

/** Display name of a user: the name if any, else @username. */
export const displayName = (u) => (u?.name ? u.name : `@${u?.username ?? '?'}`);
