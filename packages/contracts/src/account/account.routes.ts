import { defineRoutes } from '../common/endpoint.js';
import { ZLoginResponse } from '../auth/login.contract.js';
import {
  ZAccount,
  ZChangePasswordRequest,
  ZForgotPasswordRequest,
  ZForgotPasswordResponse,
  ZListAccountsQuery,
  ZListAccountsResponse,
  ZResetAccountPasswordRequest,
  ZResetAccountPasswordResponse,
  ZResetPasswordRequest,
  ZSetAccountActiveRequest,
  ZUpdateAccountRequest,
} from './account.contract.js';

/** Passwords and the organiser's management of accounts (docs/PRODUCT.md §6, accounts and passwords). */
export const ACCOUNT_ROUTES = defineRoutes('accounts', {
  changePassword: {
    method: 'post',
    path: '/profile/password',
    summary:
      'Change my password (the current one and a new one by the policy): every other session of mine ends, this one gets a fresh token; the way out of a first sign-in with an initial or reset password',
    who: 'signed in',
    beforePasswordChange: true,
    writes: 'none',
    body: ZChangePasswordRequest,
    response: ZLoginResponse,
  },
  forgotPassword: {
    method: 'post',
    path: '/auth/password/forgot',
    summary:
      'Ask for a reset link by e-mail (username or address): the same answer whether or not the account exists; a link valid 30 minutes, once; 429 when this address asked too often',
    who: 'anyone (rate-limited)',
    access: 'public',
    writes: 'none',
    body: ZForgotPasswordRequest,
    response: ZForgotPasswordResponse,
    status: 202,
    refusals: [429],
  },
  resetPassword: {
    method: 'post',
    path: '/auth/password/reset',
    summary:
      'Set a new password with a reset link’s token (400 on `token` when it is unknown, used or expired); every session of the account ends',
    who: 'anyone holding a reset link',
    access: 'public',
    writes: 'none',
    body: ZResetPasswordRequest,
    status: 204,
  },
  list: {
    method: 'get',
    path: '/users',
    summary: 'Accounts, paged; filters q (username, name, e-mail, unit), role, unitId, active',
    who: 'organizer',
    roles: ['organizer'],
    query: ZListAccountsQuery,
    response: ZListAccountsResponse,
  },
  update: {
    method: 'put',
    path: '/users/:id',
    summary: 'Edit a person’s name, phone and e-mail',
    who: 'organizer',
    roles: ['organizer'],
    writes: 'none',
    body: ZUpdateAccountRequest,
    response: ZAccount,
  },
  setActive: {
    method: 'put',
    path: '/users/:id/active',
    summary: 'Deactivate or reactivate an account (not one’s own): a deactivated one is signed out at once and cannot sign in',
    who: 'organizer',
    roles: ['organizer'],
    writes: 'none',
    body: ZSetAccountActiveRequest,
    response: ZAccount,
  },
  resetUserPassword: {
    method: 'post',
    path: '/users/:id/password-reset',
    summary:
      'Reset a person’s password (not one’s own): a one-time password shown once, to be changed at the next sign-in, or a reset link by e-mail (SMTP and an address needed); every session of the account ends',
    who: 'organizer',
    roles: ['organizer'],
    writes: 'none',
    body: ZResetAccountPasswordRequest,
    response: ZResetAccountPasswordResponse,
  },
});
