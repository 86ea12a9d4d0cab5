import { defineRoutes } from '../common/endpoint.js';
import { ZCloneCampaignRequest, ZCloseCampaignRequest, ZCreateCampaignRequest, ZUpdateCampaignRequest } from './campaign-admin.contract.js';
import { ZCampaign, ZListCampaignsResponse } from './campaign.contract.js';
import { ZTimelinePreview, ZTimelinePreviewQuery } from './timeline-preview.contract.js';

export const CAMPAIGN_ROUTES = defineRoutes('campaigns', {
  list: {
    method: 'get',
    path: '/campaigns',
    summary: 'Campaigns with timeline and rules',
    who: 'signed in',
    response: ZListCampaignsResponse,
  },
  detail: { method: 'get', path: '/campaigns/:id', summary: 'One campaign', who: 'signed in', response: ZCampaign },
  create: {
    method: 'post',
    path: '/campaigns',
    summary: 'Create a draft campaign; every active unit is invited',
    who: 'organizer',
    roles: ['organizer'],
    writes: 'none',
    body: ZCreateCampaignRequest,
    response: ZCampaign,
    status: 201,
  },
  update: {
    method: 'put',
    path: '/campaigns/:id',
    summary:
      'Edit title, theme, timeline or rules (until closed); overdue marks follow edited due dates; 409 with the current campaign when `version` is stale',
    who: 'organizer',
    roles: ['organizer'],
    writes: 'campaign',
    body: ZUpdateCampaignRequest,
    response: ZCampaign,
    conflict: ZCampaign,
  },
  previewTimeline: {
    method: 'get',
    path: '/campaigns/:id/timeline-preview',
    summary:
      'What new dates would do before they are saved: the dates moving, activities falling outside the week, units overdue at once (a dry run; nothing changes)',
    who: 'organizer',
    roles: ['organizer'],
    query: ZTimelinePreviewQuery,
    response: ZTimelinePreview,
  },
  publish: {
    method: 'post',
    path: '/campaigns/:id/publish',
    summary: 'Publish a draft: coordinators can start',
    who: 'organizer',
    roles: ['organizer'],
    writes: 'campaign',
    response: ZCampaign,
  },
  close: {
    method: 'post',
    path: '/campaigns/:id/close',
    summary:
      'Close a published campaign (a read-only record); with units outstanding, 409 `confirmationRequired` with the counts unless `confirmOutstanding`',
    who: 'organizer',
    roles: ['organizer'],
    writes: 'campaign',
    body: ZCloseCampaignRequest,
    response: ZCampaign,
  },
  clone: {
    method: 'post',
    path: '/campaigns/:id/clone',
    summary: 'Clone into another year: same active units and rules, dates moved by whole years, no submissions',
    who: 'organizer',
    roles: ['organizer'],
    writes: 'none',
    body: ZCloneCampaignRequest,
    response: ZCampaign,
    status: 201,
  },
});
