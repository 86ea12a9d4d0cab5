import { Controller } from '@nestjs/common';
import {
  ROUTES,
  type TBody,
  type TListHeldCheckinsResponse,
  type TReviewHeldResponse,
  type TVoidCheckinsResponse,
} from '@learnweek/contracts';
import { Endpoint, RouteBody, RouteParam } from '../../core/http/endpoint.decorator.js';
import { CheckinReviewService } from './checkin-review.service.js';

const R = ROUTES.checkin;

/** The organiser's review of self check-ins: held ones approved or discarded, check-ins voided. */
@Controller()
export class CheckinReviewController {
  constructor(private readonly review: CheckinReviewService) {}

  @Endpoint(R.heldCheckins)
  held(@RouteParam('id') sessionId: string): Promise<TListHeldCheckinsResponse> {
    return this.review.held(sessionId);
  }

  @Endpoint(R.reviewHeld)
  reviewHeld(@RouteParam('id') sessionId: string, @RouteBody() body: TBody<typeof R.reviewHeld, 'output'>): Promise<TReviewHeldResponse> {
    return this.review.review(sessionId, body);
  }

  @Endpoint(R.voidCheckins)
  voidCheckins(
    @RouteParam('id') sessionId: string,
    @RouteBody() body: TBody<typeof R.voidCheckins, 'output'>,
  ): Promise<TVoidCheckinsResponse> {
    return this.review.void(sessionId, body);
  }
}
