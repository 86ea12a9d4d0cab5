import { defineRoutes } from '../common/endpoint.js';
import { ZPageQuery } from '../common/paging.js';
import { ZListNotificationsResponse } from './notification.contract.js';
import { ZProfile, ZUpdateProfileRequest } from './profile.contract.js';

export const NOTIFICATION_ROUTES = defineRoutes('notifications', {
  list: { method: 'get', path: '/notifications', summary: 'My notifications', who: 'signed in', query: ZPageQuery, response: ZListNotificationsResponse },
  read: { method: 'post', path: '/notifications/:id/read', summary: 'Mark one of mine read (404 for another’s, or one already read)', who: 'signed in', writes: 'none', status: 204 },
  profile: { method: 'get', path: '/profile', summary: 'My email address and language for notices, and whether this service sends email', who: 'signed in', beforePasswordChange: true, response: ZProfile },
  updateProfile: {
    method: 'put',
    path: '/profile',
    summary: 'Set my email address (null removes it) and the language of my notices and emails',
    who: 'signed in',
    writes: 'none',
    body: ZUpdateProfileRequest,
    response: ZProfile,
  },
});
