import { Controller, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  ROUTES,
  type TAccount,
  type TBody,
  type TForgotPasswordResponse,
  type TListAccountsResponse,
  type TLoginResponse,
  type TQuery,
  type TResetAccountPasswordResponse,
} from '@learnweek/contracts';
import { CurrentUser } from '../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../core/auth/principal.js';
import { Endpoint, RouteBody, RouteParam, RouteQuery } from '../../core/http/endpoint.decorator.js';
import { AccountService } from './account.service.js';

const R = ROUTES.accounts;

@Controller()
export class AccountController {
  constructor(private readonly accounts: AccountService) {}

  @Endpoint(R.changePassword)
  changePassword(@CurrentUser() user: UserPrincipal, @RouteBody() body: TBody<typeof R.changePassword, 'output'>): Promise<TLoginResponse> {
    return this.accounts.changePassword(user, body);
  }

  /** The same answer whether or not the account exists; req.ip as for sign-in (TRUST_PROXY). */
  @Endpoint(R.forgotPassword)
  async forgotPassword(
    @RouteBody() body: TBody<typeof R.forgotPassword, 'output'>,
    @Req() req: FastifyRequest,
  ): Promise<TForgotPasswordResponse> {
    await this.accounts.forgotPassword(body.account, req.ip);
    return { accepted: true };
  }

  @Endpoint(R.resetPassword)
  resetPassword(@RouteBody() body: TBody<typeof R.resetPassword, 'output'>): Promise<void> {
    return this.accounts.resetPassword(body);
  }

  @Endpoint(R.list)
  list(@RouteQuery() q: TQuery<typeof R.list, 'output'>): Promise<TListAccountsResponse> {
    return this.accounts.list(q);
  }

  @Endpoint(R.update)
  update(@RouteParam('id') id: string, @RouteBody() body: TBody<typeof R.update, 'output'>): Promise<TAccount> {
    return this.accounts.update(id, body);
  }

  @Endpoint(R.setActive)
  setActive(
    @CurrentUser() user: UserPrincipal,
    @RouteParam('id') id: string,
    @RouteBody() body: TBody<typeof R.setActive, 'output'>,
  ): Promise<TAccount> {
    return this.accounts.setActive(user, id, body.active);
  }

  @Endpoint(R.resetUserPassword)
  resetUserPassword(
    @CurrentUser() user: UserPrincipal,
    @RouteParam('id') id: string,
    @RouteBody() body: TBody<typeof R.resetUserPassword, 'output'>,
  ): Promise<TResetAccountPasswordResponse> {
    return this.accounts.resetUserPassword(user, id, body.by);
  }
}
