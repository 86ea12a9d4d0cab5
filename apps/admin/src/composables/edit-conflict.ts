import { conflictOf, type ApiError } from '@learnweek/client';
import type { TConflict, TEndpoint } from '@learnweek/contracts';
import { ref, type Ref } from 'vue';

/**
 * A form's stale save (docs/ARCHITECTURE.md, "Versions"): the server refused it with the value as it
 * is now. `take` goes to `useApiAction({ conflict })`: it holds that value (`theirs`) for the
 * conflict dialog (components/EditConflict.vue) instead of a message. The form keeps what the user
 * typed; `resolved()` once the user chose to overwrite or to load theirs.
 */
export function useEditConflict<R extends TEndpoint>(route: R) {
  const theirs = ref(null) as Ref<TConflict<R> | null>;
  function take(e: ApiError): boolean {
    const current = conflictOf(route, e);
    if (current === undefined) return false;
    theirs.value = current;
    return true;
  }
  const resolved = () => {
    theirs.value = null;
  };
  return { theirs, take, resolved };
}
