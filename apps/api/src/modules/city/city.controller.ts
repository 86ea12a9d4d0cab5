import { Controller } from '@nestjs/common';
import { ROUTES, type TCityBoard, type TQuery } from '@learnweek/contracts';
import { CurrentUser } from '../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../core/auth/principal.js';
import { Endpoint, RouteQuery } from '../../core/http/endpoint.decorator.js';
import { CityService } from './city.service.js';

const R = ROUTES.city;

/** The city office's view over its districts: read only. */
@Controller()
export class CityController {
  constructor(private readonly city: CityService) {}

  @Endpoint(R.board)
  board(@CurrentUser() caller: UserPrincipal, @RouteQuery() q: TQuery<typeof R.board, 'output'>): Promise<TCityBoard> {
    return this.city.board(caller, q.year);
  }
}
