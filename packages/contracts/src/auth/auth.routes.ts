import { defineRoutes } from '../common/endpoint.js';
import {
  ZClearSignInThrottleRequest,
  ZClearSignInThrottleResponse,
  ZLoginRequest,
  ZLoginResponse,
  ZSessionUser,
  ZSignInThrottles,
} from './login.contract.js';

export const AUTH_ROUTES = defineRoutes('auth', {
  login: {
    method: 'post',
    path: '/auth/login',
    summary:
      'Sign in (401 wrong username or password, or a deactivated account or unit: one answer; 429 with Retry-After while this account is throttled for this address, or the address for every account: docs/PRODUCT.md §6, sign-in protection)',
    who: 'anyone (rate-limited)',
    access: 'public',
    writes: 'none',
    body: ZLoginRequest,
    response: ZLoginResponse,
    refusals: [401, 429],
  },
  me: {
    method: 'get',
    path: '/auth/me',
    summary: 'The signed-in user',
    who: 'signed in',
    beforePasswordChange: true,
    response: ZSessionUser,
  },
  throttles: {
    method: 'get',
    path: '/auth/throttles',
    summary: 'The sign-in throttles now: accounts and addresses with failed sign-ins, those that make someone wait first',
    who: 'organizer',
    roles: ['organizer'],
    response: ZSignInThrottles,
  },
  clearThrottle: {
    method: 'post',
    path: '/auth/throttles/clear',
    summary:
      'Clear the sign-in throttles of an account (on every address) and/or of an address (on every account); audited; 404 for a name that is not an account of the caller’s district',
    who: 'organizer',
    roles: ['organizer'],
    writes: 'none',
    body: ZClearSignInThrottleRequest,
    response: ZClearSignInThrottleResponse,
    refusals: [404],
  },
});
