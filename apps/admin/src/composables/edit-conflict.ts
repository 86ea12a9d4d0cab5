import { conflictOf, type ApiError } from '@learnweek/client';
import type { TConflict, TEndpoint } from '@learnweek/contracts';
import { ref, type Ref } from 'vue';

/**
 * A form's stale save (docs/ARCHITECTURE.md, "Versions"): the server refused it with the value as it
 * is now. `take` goes to `useApiAction({ conflict })`: it holds that value (`theirs`) for the
 * conflict dialog (components/EditConflict.vue) instead of a message. The form keeps what the user
 * typed until they choose: `overwrite` (mine, sent again from their version) or `load` (theirs, whose
 * version the form's `version` becomes).
 */
export function useEditConflict<R extends TEndpoint>(route: R, version: Ref<number>) {
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
  /** Their value, its version now the form's; the conflict closed. */
  function load(): TConflict<R> {
    const value = theirs.value!;
    version.value = (value as { version: number }).version;
    resolved();
    return value;
  }
  /** Mine over theirs: `save` sends the form again, from their version. */
  async function overwrite(save: () => Promise<unknown>) {
    load();
    await save();
  }
  return { theirs, take, resolved, load, overwrite };
}
