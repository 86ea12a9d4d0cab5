import { defineRoutes } from '../common/endpoint.js';
import { ZLoginRequest, ZLoginResponse, ZSessionUser } from './login.contract.js';

export const AUTH_ROUTES = defineRoutes('auth', {
  login: {
    method: 'post',
    path: '/auth/login',
    summary: 'Sign in (401 wrong username or password, 403 the account’s unit is deactivated, 429 too many failed attempts for the account or the address, with Retry-After)',
    who: 'anyone (rate-limited)',
    access: 'public',
    writes: 'none',
    body: ZLoginRequest,
    response: ZLoginResponse,
    refusals: [401, 403, 429],
  },
  me: { method: 'get', path: '/auth/me', summary: 'The signed-in user', who: 'signed in', response: ZSessionUser },
});
