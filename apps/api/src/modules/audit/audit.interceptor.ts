import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { DOWNLOAD_KIND, routeAuditKind } from '@learnweek/contracts';
import type { FastifyReply } from 'fastify';
import { mergeMap, type Observable } from 'rxjs';
import type { AuthedRequest } from '../../core/auth/auth.decorators.js';
import { endpointOf } from '../../core/http/endpoint.decorator.js';
import { onDownload } from '../../core/http/request-context.js';
import { AuditService, downloadName } from './audit.service.js';

/**
 * Every successful write route leaves an audit entry, from its declaration alone (`@Endpoint`):
 * `routeAuditKind` says which routes and their kind (a write's `<tag>.<name>`, a download's
 * `export.downloaded`), AuditService.recordRoute writes it once the handler has succeeded, before
 * the JSON answer is sent; a download's before its first byte. A refusal (a throw) records nothing; a service that
 * recorded a richer entry for the request stands for it. Global (AuditModule), so a new route is
 * covered without a line in its handler; audit-coverage.int-spec.ts calls every write route to hold it.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const route = ctx.getType() === 'http' ? endpointOf(ctx.getHandler()) : undefined;
    const kind = route && routeAuditKind(route);
    if (!route || !kind) return next.handle();
    const http = ctx.switchToHttp();
    const req = http.getRequest<AuthedRequest>();
    const reply = http.getResponse<FastifyReply>();
    // A download is recorded before its first byte, with its file name (core/http/xlsx.ts asks).
    if (kind === DOWNLOAD_KIND) onDownload((filename) => this.audit.recordRoute(route, kind, req, undefined, filename));
    return next.handle().pipe(
      mergeMap(async (answer: unknown) => {
        // Once only: a download already recorded, or a service's richer entry, stands for it.
        await this.audit.recordRoute(route, kind, req, answer, downloadName({ ...reply.raw.getHeaders(), ...reply.getHeaders() }));
        return answer;
      }),
    );
  }
}
