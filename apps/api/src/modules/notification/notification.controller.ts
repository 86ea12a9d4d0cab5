import { Controller } from '@nestjs/common';
import { ROUTES, type TListNotificationsResponse, type TQuery } from '@learnweek/contracts';
import { CurrentUser } from '../../core/auth/auth.decorators.js';
import type { UserPrincipal } from '../../core/auth/principal.js';
import { Clock } from '../../core/clock/clock.js';
import { ApiException } from '../../core/errors/api.exception.js';
import { Endpoint, RouteParam, RouteQuery } from '../../core/http/endpoint.decorator.js';
import { NotificationRepository } from './notification.repository.js';

const R = ROUTES.notifications;

@Controller()
export class NotificationController {
  constructor(
    private readonly repo: NotificationRepository,
    private readonly clock: Clock,
  ) {}

  @Endpoint(R.list)
  async list(@CurrentUser() user: UserPrincipal, @RouteQuery() q: TQuery<typeof R.list, 'output'>): Promise<TListNotificationsResponse> {
    const r = await this.repo.list(user.id, q.page, q.pageSize);
    return {
      page: q.page,
      pageSize: q.pageSize,
      total: r.total,
      unread: r.unread,
      items: r.items.map((n) => ({
        id: n.id,
        kind: n.kind,
        title: n.title,
        body: n.body,
        participationId: n.participationId,
        campaignTitle: n.campaign?.title ?? null,
        readAt: n.readAt?.toISOString() ?? null,
        createdAt: n.createdAt.toISOString(),
      })),
    };
  }

  /** Marks one as read; marking an already-read or foreign one is a 404, never a fake success. */
  @Endpoint(R.read)
  async read(@CurrentUser() user: UserPrincipal, @RouteParam('id') id: string): Promise<void> {
    if (!(await this.repo.markRead(user.id, id, this.clock.now()))) throw new ApiException(404, 'notFound');
  }
}
