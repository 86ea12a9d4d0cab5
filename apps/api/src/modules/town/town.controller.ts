import { Controller } from '@nestjs/common';
import { ROUTES, type TTownScope, type TTownUnitsResponse } from '@learnweek/contracts';
import { CurrentUser } from '../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../core/auth/principal.js';
import { Endpoint, RouteParam } from '../../core/http/endpoint.decorator.js';
import { TownService } from './town.service.js';

const R = ROUTES.town;

/** Town supervision: the town a centre's coordinator follows up, and its units (read only). */
@Controller()
export class TownController {
  constructor(private readonly towns: TownService) {}

  @Endpoint(R.scope)
  scope(@CurrentUser() caller: UserPrincipal): Promise<TTownScope> {
    return this.towns.scope(caller);
  }

  @Endpoint(R.units)
  units(@RouteParam('id') campaignId: string, @CurrentUser() caller: UserPrincipal): Promise<TTownUnitsResponse> {
    return this.towns.units(campaignId, caller);
  }
}
