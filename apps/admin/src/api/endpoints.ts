import type {
  TActivity,
  TBulkEventRequest,
  TBulkEventResponse,
  TCreateActivityRequest,
  TDeadlineMatrixResponse,
  TListActivitiesResponse,
  TListCampaignsResponse,
  TListNotificationsResponse,
  TListParticipationsQuery,
  TListParticipationsResponse,
  TLoginRequest,
  TLoginResponse,
  TParticipationDetail,
  TPhoto,
  TPlan,
  TSendEventRequest,
  TSendEventResponse,
  TSendRemindersRequest,
  TSendRemindersResponse,
  TStatusBoard,
  TSummary,
  TUpdateActivityRequest,
  TUpdatePlanRequest,
  TUpdateSummaryRequest,
} from '@learnweek/contracts';
import { download, http, upload } from './http';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const queryString = (query: object) =>
  new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])).toString();

/** One function per endpoint of SPEC §6, typed by packages/contracts. */
export const api = {
  login: (body: TLoginRequest) => http<TLoginResponse>('POST', '/auth/login', body),
  campaigns: () => http<TListCampaignsResponse>('GET', '/campaigns'),
  participations: (campaignId: string, query: TListParticipationsQuery) =>
    http<TListParticipationsResponse>('GET', `/campaigns/${campaignId}/participations?${queryString(query)}`),
  deadlines: (campaignId: string, query: TListParticipationsQuery) => http<TDeadlineMatrixResponse>('GET', `/campaigns/${campaignId}/deadlines?${queryString(query)}`),
  remind: (campaignId: string, body: TSendRemindersRequest) => http<TSendRemindersResponse>('POST', `/campaigns/${campaignId}/deadlines/reminders`, body),
  board: (campaignId: string) => http<TStatusBoard>('GET', `/campaigns/${campaignId}/board`),
  downloadExport: (campaignId: string, file: 'schedule.xlsx' | 'status.xlsx' | 'summaries.zip', onProgress: (bytes: number) => void) =>
    download(`/campaigns/${campaignId}/exports/${file}`, onProgress),
  participation: (id: string) => http<TParticipationDetail>('GET', `/participations/${id}`),
  updatePlan: (id: string, body: TUpdatePlanRequest) => http<TPlan>('PUT', `/participations/${id}/plan`, body),
  createActivity: (id: string, body: TCreateActivityRequest) => http<TActivity>('POST', `/participations/${id}/activities`, body),
  updateActivity: (id: string, activityId: string, body: TUpdateActivityRequest) =>
    http<TActivity>('PUT', `/participations/${id}/activities/${activityId}`, body),
  deleteActivity: (id: string, activityId: string) => http<void>('DELETE', `/participations/${id}/activities/${activityId}`),
  updateSummary: (id: string, body: TUpdateSummaryRequest) => http<TSummary>('PUT', `/participations/${id}/summary`, body),
  bulkEvent: (campaignId: string, body: TBulkEventRequest) => http<TBulkEventResponse>('POST', `/campaigns/${campaignId}/participations/events`, body),
  sendEvent: (id: string, body: TSendEventRequest) => http<TSendEventResponse>('POST', `/participations/${id}/events`, body),
  notifications: () => http<TListNotificationsResponse>('GET', '/notifications?pageSize=50'),
  readNotification: (id: string) => http<void>('POST', `/notifications/${id}/read`),
  downloadSchedule: (id: string, template = false) => download(`/participations/${id}/activities.xlsx${template ? '?template=1' : ''}`),
  importSchedule: (id: string, file: File) => http<TListActivitiesResponse>('POST', `/participations/${id}/activities.xlsx`, new Blob([file], { type: XLSX })),
  uploadPhoto: (id: string, form: FormData, onProgress: (percent: number) => void) => upload<TPhoto>(`/participations/${id}/photos`, form, onProgress),
  deletePhoto: (id: string, photoId: string) => http<void>('DELETE', `/participations/${id}/photos/${photoId}`),
  markDisc: (id: string, delivered: boolean) => http<TSummary>('PUT', `/participations/${id}/disc`, { delivered }),
};
