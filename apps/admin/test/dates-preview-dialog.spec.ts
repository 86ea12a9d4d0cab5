import type { TTimelinePreview } from '@learnweek/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { describe, expect, it } from 'vitest';
import { createAppI18n } from '../src/locales';
import DatesPreviewDialog from '../src/views/campaign/settings/DatesPreviewDialog.vue';

const PREVIEW: TTimelinePreview = {
  changes: [{ key: 'weekStartsAt', from: '2026-12-19T16:00:00.000Z', to: '2026-12-23T16:00:00.000Z' }],
  activitiesOutside: 21,
  activities: Array.from({ length: 20 }, (_, i) => ({ unit: `单位${i}`, title: `讲座${i}`, startsAt: '2026-12-21T01:00:00.000Z' })),
  becomeOverdue: 2,
  unitsAffected: 9,
};

async function open(preview: TTimelinePreview | null) {
  const wrapper = mount(DatesPreviewDialog, {
    props: { preview: null, busy: false },
    attachTo: document.body,
    global: { plugins: [createAppI18n('zh-CN'), ElementPlus] },
  });
  await wrapper.setProps({ preview });
  await flushPromises();
  return wrapper;
}
const text = (testId: string) => document.querySelector(`[data-test=${testId}]`)?.textContent ?? '';

describe('the preview of new dates', () => {
  it('shows the dates moving, the activities leaving the week, the units overdue at once and how many units, then asks', async () => {
    const wrapper = await open(PREVIEW);
    expect(text('dates-preview-changes')).toBe('活动周开始：2026/12/20 00:00 → 2026/12/24 00:00');
    expect(text('dates-preview-outside')).toContain('21 项已安排的活动将不在活动周内');
    expect(text('dates-preview-outside')).toContain('单位0 · 讲座0');
    expect(text('dates-preview-outside')).toContain('另有 1 项未列出');
    expect(text('dates-preview-overdue')).toContain('2 个单位仍未提交，按新的截止时间将立即逾期');
    expect(text('dates-preview-units')).toBe('共涉及 9 个单位');
    (document.querySelector('[data-test=dates-preview-confirm]') as HTMLButtonElement).click();
    expect(wrapper.emitted('confirm')).toHaveLength(1);
    wrapper.unmount();
  });

  it('says so when no unit is concerned', async () => {
    const wrapper = await open({ changes: PREVIEW.changes, activitiesOutside: 0, activities: [], becomeOverdue: 0, unitsAffected: 0 });
    expect(document.querySelector('[data-test=dates-preview-outside]')).toBeNull();
    expect(text('dates-preview-units')).toBe('没有单位受影响');
    wrapper.unmount();
  });
});
