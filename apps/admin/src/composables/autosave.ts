import { onBeforeUnmount, ref, watch } from 'vue';

/** How long after the last keystroke a draft saves itself. */
export const AUTOSAVE_DELAY_MS = 1_200;

/** `pending`: changed, waiting for typing to stop; `failed`: the last save was refused, the draft is still unsaved. */
export type TAutosaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'failed';

export interface TAutosaveOptions<T extends object> {
  /** The draft: the reactive object the form edits. Its content now is taken as saved. */
  draft: T;
  /** Saves a copy of the draft; resolves false when it was refused (the draft stays unsaved). */
  save: (copy: T) => Promise<boolean>;
  /** Whether the draft may save itself now (the form is open). */
  enabled: () => boolean;
  delayMs?: number;
}

/**
 * A draft that saves itself `delayMs` after the last change, and when the component goes (a page
 * left mid-sentence). One save at a time: a change made while one runs is saved after it. A draft
 * changed back to what was saved does not save. `flush()` saves a pending change now and resolves
 * once nothing is left to save (a submit right after typing goes after the draft); `saveNow()` (the
 * form's own save button) saves whatever is unsaved, a refused draft too.
 */
export function useAutosave<T extends object>({ draft, save, enabled, delayMs = AUTOSAVE_DELAY_MS }: TAutosaveOptions<T>) {
  const status = ref<TAutosaveStatus>('idle');
  /** How the last save ended: what the status returns to when nothing is pending. */
  let settled: TAutosaveStatus = 'idle';
  let saved = JSON.stringify(draft);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();

  const cancel = () => {
    clearTimeout(timer);
    timer = undefined;
  };

  /** Saves the draft now if it differs from what was saved; true once what the form has is saved. */
  function saveNow(): Promise<boolean> {
    cancel();
    // A save that threw (a bug, not a refusal) is its caller's to report; the next one still runs.
    running = running
      .catch(() => undefined)
      .then(async () => {
        const text = JSON.stringify(draft);
        if (text === saved) return;
        status.value = 'saving';
        let ok = false;
        try {
          ok = await save(JSON.parse(text) as T);
          if (ok) saved = text;
        } finally {
          settled = ok ? 'saved' : 'failed';
          status.value = timer !== undefined ? 'pending' : settled;
        }
      });
    return running.then(() => JSON.stringify(draft) === saved);
  }

  watch(
    () => JSON.stringify(draft),
    (text) => {
      if (text === saved) {
        // Typed back to what the server has: nothing to save.
        cancel();
        if (status.value === 'pending') status.value = settled;
        return;
      }
      if (!enabled()) return;
      cancel();
      status.value = 'pending';
      timer = setTimeout(() => void saveNow(), delayMs);
    },
  );

  const flush = (): Promise<void> => (timer !== undefined ? saveNow().then(() => undefined) : running);
  /** Takes the draft as it is now as saved (the server's value put into the form): nothing to save. */
  function reset() {
    cancel();
    saved = JSON.stringify(draft);
    settled = 'idle';
    status.value = 'idle';
  }
  onBeforeUnmount(() => void flush());

  return { status, flush, saveNow, reset };
}
