import { defineRoutes } from '../common/endpoint.js';
import { ZPageQuery } from '../common/paging.js';
import { ZNoticePreferences, ZUpdateNoticePreferencesRequest } from './notice-preferences.contract.js';
import { ZListNotificationsResponse } from './notification.contract.js';
import { ZProfile, ZUpdateProfileRequest } from './profile.contract.js';

export const NOTIFICATION_ROUTES = defineRoutes('notifications', {
  list: {
    method: 'get',
    path: '/notifications',
    summary: 'My notifications',
    who: 'signed in',
    query: ZPageQuery,
    response: ZListNotificationsResponse,
  },
  read: {
    method: 'post',
    path: '/notifications/:id/read',
    summary: 'Mark one of mine read (404 for another’s, or one already read)',
    who: 'signed in',
    writes: 'none',
    status: 204,
  },
  profile: {
    method: 'get',
    path: '/profile',
    summary: 'My email address and language for notices, and whether this service sends email',
    who: 'signed in',
    beforePasswordChange: true,
    response: ZProfile,
  },
  updateProfile: {
    method: 'put',
    path: '/profile',
    summary: 'Set my email address (null removes it) and the language of my notices and emails',
    who: 'signed in',
    writes: 'none',
    body: ZUpdateProfileRequest,
    response: ZProfile,
  },
  preferences: {
    method: 'get',
    path: '/profile/notices',
    summary: 'How I hear of each topic of my notices by email: at once, in a daily digest, or not (the bell shows them all)',
    who: 'signed in',
    response: ZNoticePreferences,
  },
  updatePreferences: {
    method: 'put',
    path: '/profile/notices',
    summary: 'Choose, per topic of mine, email at once, a daily digest or none (400 naming a topic not among my roles’)',
    who: 'signed in',
    writes: 'none',
    body: ZUpdateNoticePreferencesRequest,
    response: ZNoticePreferences,
  },
});
