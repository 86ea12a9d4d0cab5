import { createApi, type TCallInput, type TFileRoute } from '@learnweek/client';
import { useSessionStore } from '../stores/session';

/**
 * The admin's one client of the API (@learnweek/client, typed by the route declarations of
 * @learnweek/contracts): `api.call(ROUTES.participations.updatePlan, { params: { id }, body })`.
 * Every request carries the signed-in user's token and language; a 401 to one that carried a
 * token ends the sign-in (App.vue then opens the sign-in page).
 */
export const api = createApi({
  token: () => useSessionStore().token,
  locale: () => useSessionStore().locale,
  onUnauthorized: () => useSessionStore().logout(),
});

/**
 * Downloads a file the API gives and hands it to the browser under the server's name;
 * `onProgress` hears the bytes received so far (streamed exports have no length to count down).
 */
export async function saveDownload<R extends TFileRoute>(
  route: R,
  input: TCallInput<R>,
  onProgress?: (bytes: number) => void,
): Promise<void> {
  const file = await api.download(route, input, onProgress);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(file);
  a.download = file.name;
  a.click();
  // The click has started the download by the next task; the object URL is not needed after it.
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
