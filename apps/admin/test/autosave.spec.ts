import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, nextTick, reactive } from 'vue';
import { AUTOSAVE_DELAY_MS, useAutosave } from '../src/composables/autosave';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A promise the test settles. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * A component with a draft saving itself through `save` (which resolves true unless told), open
 * while `open.value`; the test types into `draft` and moves the clock.
 */
function harness(save = vi.fn(async (_copy: { text: string }) => true), initial = '草稿') {
  const open = { value: true };
  let exposed!: ReturnType<typeof useAutosave<{ text: string }>> & { draft: { text: string } };
  const wrapper = mount(
    defineComponent({
      setup() {
        const draft = reactive({ text: initial });
        exposed = { ...useAutosave({ draft, save, enabled: () => open.value }), draft };
        return () => null;
      },
    }),
  );
  /** Types into the draft; the watcher runs before the next tick. */
  const type = async (text: string) => {
    exposed.draft.text = text;
    await nextTick();
  };
  return { wrapper, save, open, type, autosave: () => exposed };
}

describe('useAutosave', () => {
  it('saves a copy once, the delay after the last keystroke', async () => {
    const { save, type, autosave } = harness();
    await type('一');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 200);
    await type('一、指导思想');
    expect(autosave().status.value).toBe('pending');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 1);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith({ text: '一、指导思想' });
    expect(save.mock.calls[0]![0]).not.toBe(autosave().draft);
    expect(autosave().status.value).toBe('saved');
  });

  it('does not save while the form is closed, nor a draft typed back to what was saved', async () => {
    const { save, open, type, autosave } = harness();
    open.value = false;
    await type('改动');
    await vi.advanceTimersByTimeAsync(5 * AUTOSAVE_DELAY_MS);
    expect(save).not.toHaveBeenCalled();

    open.value = true;
    await type('草稿。');
    await type('草稿');
    expect(autosave().status.value).toBe('idle');
    await vi.advanceTimersByTimeAsync(5 * AUTOSAVE_DELAY_MS);
    expect(save).not.toHaveBeenCalled();
  });

  it('saves one draft at a time: what is typed during a save goes after it', async () => {
    const first = deferred<boolean>();
    const save = vi.fn((_copy: { text: string }) => (save.mock.calls.length === 1 ? first.promise : Promise.resolve(true)));
    const { type, autosave } = harness(save);
    await type('一');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(autosave().status.value).toBe('saving');
    await type('一二');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(save).toHaveBeenCalledTimes(1);

    first.resolve(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(save.mock.calls.map(([copy]) => copy.text)).toEqual(['一', '一二']);
    expect(autosave().status.value).toBe('saved');
  });

  it('keeps a refused draft unsaved: the next keystroke or the save button tries again', async () => {
    const save = vi.fn(async (copy: { text: string }) => !copy.text.includes('\u0007'));
    const { type, autosave } = harness(save);
    await type('响铃\u0007');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(autosave().status.value).toBe('failed');
    expect(await autosave().saveNow()).toBe(false);
    expect(save).toHaveBeenCalledTimes(2);

    await type('响铃');
    expect(await autosave().saveNow()).toBe(true);
    expect(save).toHaveBeenLastCalledWith({ text: '响铃' });
    // Nothing left to save: the button says so without a request.
    expect(await autosave().saveNow()).toBe(true);
    expect(save).toHaveBeenCalledTimes(3);
  });

  it('saves a pending draft at once on flush (a step sent right after typing), and when the page goes', async () => {
    const { wrapper, save, type, autosave } = harness();
    await type('提交前最后一句');
    await autosave().flush();
    expect(save).toHaveBeenCalledWith({ text: '提交前最后一句' });
    await vi.advanceTimersByTimeAsync(5 * AUTOSAVE_DELAY_MS);
    expect(save).toHaveBeenCalledTimes(1);

    await type('离开前最后一句');
    wrapper.unmount();
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledTimes(2);
    expect(save).toHaveBeenLastCalledWith({ text: '离开前最后一句' });
  });
});
