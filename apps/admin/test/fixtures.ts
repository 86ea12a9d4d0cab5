import {
  DEFAULT_CAMPAIGN_RULES,
  type TActivity,
  type TCampaign,
  type TNominationDetail,
  type TParticipationDetail,
  type TSessionUser,
} from '@learnweek/contracts';
import type { DOMWrapper } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia, setActivePinia } from 'pinia';
import { vi } from 'vitest';
import { createAppI18n } from '../src/locales';
import { useSessionStore } from '../src/stores/session';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const campaign2017: TCampaign = {
  id: id(2017),
  year: 2017,
  title: '2017年全民终身学习推进周',
  theme: '学习成就梦想',
  status: 'closed',
  version: 1,
  timeline: {
    planDueAt: '2017-10-10T15:59:59.000Z',
    weekStartsAt: '2017-10-21T16:00:00.000Z',
    weekEndsAt: '2017-10-28T16:00:00.000Z',
    launchAt: '2017-10-24T01:00:00.000Z',
    launchVenue: '春江镇社区教育中心',
    summaryDueAt: '2017-10-31T15:59:59.000Z',
  },
  rules: DEFAULT_CAMPAIGN_RULES,
  enquiryContact: '',
};
export const campaign2026: TCampaign = {
  ...campaign2017,
  id: id(2026),
  year: 2026,
  title: '2026年全民终身学习推进周',
  status: 'published',
  timeline: {
    planDueAt: '2026-12-10T15:59:59.000Z',
    weekStartsAt: '2026-12-20T16:00:00.000Z',
    weekEndsAt: '2026-12-27T16:00:00.000Z',
    launchAt: '2026-12-23T01:00:00.000Z',
    launchVenue: '春江镇社区教育中心',
    summaryDueAt: '2026-12-29T15:59:59.000Z',
  },
};

export const coordinator: TSessionUser = {
  id: id(9),
  username: 'coord-XB-S001',
  displayName: '实验中学 刘立新',
  roles: ['coordinator'],
  unitId: id(100),
  locale: 'zh-CN',
  mustChangePassword: false,
};
export const organizer: TSessionUser = {
  id: id(8),
  username: 'organizer',
  displayName: '组织办',
  roles: ['organizer'],
  unitId: null,
  locale: 'zh-CN',
  mustChangePassword: false,
};

/** A school's participation in 2026, drafting, as its coordinator reads it. */
/**
 * A schedule row: by default a planned two-hour lecture on the morning of 22 December 2026 (China
 * time) in 学校报告厅, for everyone, run by 王老师; `extra` sets what a test needs.
 */
export const activityRow = (extra: Partial<TActivity> = {}): TActivity => ({
  id: id(300),
  version: 1,
  sortNo: 1,
  title: '终身学习主题讲座',
  type: 'lecture',
  form: '',
  startsAt: '2026-12-22T01:00:00.000Z',
  endsAt: '2026-12-22T03:00:00.000Z',
  place: '学校报告厅',
  audiences: [],
  expectedParticipants: 100,
  personInCharge: '王老师',
  phone: '',
  free: false,
  notes: '',
  status: 'planned',
  actualParticipants: null,
  report: null,
  cancelReason: null,
  heldAt: null,
  ...extra,
});

export const participation = (extra: Partial<TParticipationDetail> = {}): TParticipationDetail => ({
  id: id(500),
  campaignId: campaign2026.id,
  unit: { id: id(100), code: 'XB-S001', name: '常州市新北区实验中学', kind: 'school', town: '河海街道' },
  state: 'drafting',
  version: 3,
  latePlan: false,
  lateSummary: false,
  planOverdue: false,
  summaryOverdue: false,
  planSubmittedAt: null,
  summarySubmittedAt: null,
  updatedAt: '2026-11-30T01:00:00.000Z',
  plan: {
    leadingBody: '领导小组',
    budgetNote: '',
    publicity: '',
    text: '实施方案正文',
    version: 1,
    revision: 1,
    updatedAt: '2026-11-30T01:00:00.000Z',
  },
  planRevisions: [],
  activities: [],
  summary: {
    text: '',
    activitiesHeld: 0,
    participants: 0,
    discDelivered: false,
    discSentAt: null,
    discNote: '',
    version: 1,
    revision: 0,
    updatedAt: null,
  },
  summaryRevisions: [],
  photos: [],
  history: [],
  allowedEvents: ['SUBMIT_PLAN'],
  now: '2026-11-30T02:00:00.000Z',
  problems: [],
  ...extra,
});

type TRoute = (body: unknown) => { status?: number; body: unknown };
/**
 * A fetch that answers "METHOD /api/path" from `routes` (JSON bodies), recording each request;
 * anything else is a test error.
 */
export function fakeApi(routes: Record<string, TRoute>) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const path = url.split('?')[0]!;
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ method, path, body });
    const route = routes[`${method} ${path}`];
    if (!route) throw new Error(`no route for ${method} ${path}`);
    const r = route(body);
    return new Response(r.body === undefined ? null : JSON.stringify(r.body), { status: r.status ?? 200 });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls };
}

/** A school's learning-star nomination, a draft, as its coordinator reads it. */
export const nomination = (extra: Partial<TNominationDetail> = {}): TNominationDetail => ({
  id: id(700),
  campaignId: campaign2026.id,
  kind: 'learningStar',
  unit: { id: id(100), code: 'XB-S001', name: '常州市新北区实验中学', kind: 'school', town: '河海街道' },
  state: 'draft',
  version: 1,
  name: '王秀英',
  ageGroup: '老年',
  story: '退休后坚持在社区学校学习书法十年',
  achievements: '',
  yearsRunning: null,
  participantsReached: null,
  photos: [],
  score: null,
  updatedAt: '2026-11-30T01:00:00.000Z',
  history: [],
  allowedEvents: ['SUBMIT'],
  problems: [],
  myScores: null,
  criteria: [],
  ...extra,
});

/**
 * What a component of the console is mounted with: a fresh Pinia (active, as the app's is; `user`
 * signed in), the app's messages in zh-CN and Element Plus.
 */
export function consolePlugins(user: TSessionUser | null = coordinator) {
  const pinia = createPinia();
  setActivePinia(pinia);
  if (user) useSessionStore().user = user;
  return [pinia, createAppI18n('zh-CN'), ElementPlus];
}

/** The form item labelled `label` (Element Plus puts a field's error in it). */
export const formItem = (wrapper: { findAll(selector: string): DOMWrapper<Element>[] }, label: string) => {
  const item = wrapper
    .findAll('.el-form-item')
    .find((x) => x.find('.el-form-item__label').exists() && x.get('.el-form-item__label').text() === label);
  if (!item) throw new Error(`no form item labelled ${label}`);
  return item;
};
