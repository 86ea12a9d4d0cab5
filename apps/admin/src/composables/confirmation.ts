import { ApiError } from '@learnweek/client';
import { ElMessageBox } from 'element-plus';

/** The server's "ask first" answer (409 `confirmationRequired`): its problems say what, with the counts. */
export const confirmationAsked = (e: unknown): e is ApiError => e instanceof ApiError && e.body.code === 'confirmationRequired';

/**
 * A step the server may want confirmed (拟表彰 or 公布 with scores missing, closing a campaign with
 * units outstanding): sent as it is first; when the server asks, its reasons are shown in a warning
 * and the step is sent again, confirmed, only if the user agrees. True when it went through, false
 * when the user declined; any other refusal is thrown on (for `useApiAction`'s `run`).
 */
export async function withConfirmation(
  call: (confirmed: boolean) => Promise<unknown>,
  title: string,
  labels: { confirm: string; cancel: string },
): Promise<boolean> {
  try {
    await call(false);
    return true;
  } catch (e) {
    if (!confirmationAsked(e)) throw e;
    const reasons = (e.body.problems ?? []).map((p) => p.message).join('\n') || e.message;
    const agreed = await ElMessageBox.confirm(reasons, title, {
      type: 'warning',
      confirmButtonText: labels.confirm,
      cancelButtonText: labels.cancel,
      customClass: 'confirmation-box',
    }).then(
      () => true,
      () => false,
    );
    if (!agreed) return false;
    await call(true);
    return true;
  }
}
