import { ApiError, NetworkError } from '@learnweek/client';
import type { TFieldError } from '@learnweek/contracts';
import { ElMessage } from 'element-plus';
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';

/** A refused call as a form shows it. */
export interface TRefusal {
  /** The reasons shown under the form's items, by the form's field name. */
  fields: Record<string, string>;
  /** The reasons no form item shows: field errors on other paths (a sheet's 第3行·活动类型) and the workflow's problems. */
  others: TFieldError[];
  /** The server's message, in the user's language. */
  message: string;
}

/**
 * The one mapping of an ApiError to a form, used by every form of the admin: a field error whose
 * path (as `fieldOf` reads it) is one of `fields` goes under that form item (two for one item are
 * joined); every other field error, and each of the workflow's problems, is one of `others`.
 */
export function refusalOf(e: ApiError, fields: readonly string[] = [], fieldOf: (path: string) => string = (path) => path): TRefusal {
  const byField: Record<string, string> = {};
  const others: TFieldError[] = [];
  for (const x of e.body.errors ?? []) {
    const field = fieldOf(x.path);
    if (fields.includes(field)) byField[field] = byField[field] ? `${byField[field]}；${x.message}` : x.message;
    else others.push(x);
  }
  for (const p of e.body.problems ?? []) others.push({ path: '', message: p.message });
  return { fields: byField, others, message: e.message };
}

/** A refusal in one line: the server's message, then the reasons no form item shows. */
export const refusalText = (r: TRefusal): string =>
  r.others.length ? `${r.message}：${r.others.map((x) => x.message).join('；')}` : r.message;

export interface TApiActionOptions {
  /** The form's fields: a reason about one of them shows under its form item (`errors`). */
  fields?: readonly string[];
  /** The form's field of an error's path, where the two differ (`timeline.planDueAt` → `planDueAt`). */
  fieldOf?: (path: string) => string;
  /**
   * Where the rest of a refusal goes. `toast` (the default): the server's message and every reason
   * no form item shows, in a toast. `inline`: in `message` (one line) and `issues` (one per reason,
   * with its path) for the component to show by the form, and only when something is not shown
   * under a form item already.
   */
  show?: 'toast' | 'inline';
  /**
   * Takes a refusal over before it is shown (a stale version shown as the conflict, `useEditConflict`):
   * true when it did, and the refusal is not shown again.
   */
  conflict?: (e: ApiError) => boolean;
}

/**
 * Runs API calls for a component: `busy` while one runs, a toast on success when given, and a
 * refusal (an ApiError) shown once, in the same way everywhere: its field errors under the form's
 * items (`errors`, through `refusalOf`), the rest as `show` says. A call that got no answer says so
 * (the network); any other error is a bug and is thrown on.
 */
export function useApiAction(options: TApiActionOptions = {}) {
  const { fields = [], fieldOf, show = 'toast', conflict } = options;
  const { t } = useI18n();
  const busy = ref(false);
  const errors = ref<Record<string, string>>({});
  const message = ref('');
  const issues = ref<TFieldError[]>([]);

  function clear() {
    errors.value = {};
    message.value = '';
    issues.value = [];
  }

  function say(text: string, others: TFieldError[]) {
    if (show === 'toast') ElMessage.error({ message: text, duration: 6_000 });
    else {
      message.value = text;
      issues.value = others.length ? others : [{ path: '', message: text }];
    }
  }

  function fail(e: unknown) {
    if (e instanceof ApiError && conflict?.(e)) return;
    if (e instanceof ApiError) {
      const refusal = refusalOf(e, fields, fieldOf);
      errors.value = refusal.fields;
      const shownByItems = Object.keys(refusal.fields).length > 0 && refusal.others.length === 0;
      if (show === 'toast' || !shownByItems) say(refusalText(refusal), refusal.others);
    } else if (e instanceof NetworkError) say(t('app.networkFailed'), []);
    else throw e;
  }

  /**
   * Runs `call`; true when it went through (and `success`, if given, was said: a text, or one made
   * from the answer), false when it was refused or got no answer.
   */
  async function run<T>(call: () => Promise<T>, success?: string | ((answer: T) => string)): Promise<boolean> {
    busy.value = true;
    clear();
    let answer: T;
    try {
      answer = await call();
    } catch (e) {
      fail(e);
      return false;
    } finally {
      busy.value = false;
    }
    if (success) ElMessage.success(typeof success === 'string' ? success : success(answer));
    return true;
  }

  return { run, busy, errors, message, issues, clear };
}
