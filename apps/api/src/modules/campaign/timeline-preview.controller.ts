import { Controller } from '@nestjs/common';
import { ROUTES, type TQuery, type TTimelinePreview } from '@learnweek/contracts';
import { Endpoint, RouteParam, RouteQuery } from '../../core/http/endpoint.decorator.js';
import { TimelinePreviewService } from './timeline-preview.service.js';

/** The dry run of a change of dates, shown before it is saved (the settings page asks with it). */
@Controller()
export class TimelinePreviewController {
  constructor(private readonly previews: TimelinePreviewService) {}

  @Endpoint(ROUTES.campaigns.previewTimeline)
  preview(
    @RouteParam('id') campaignId: string,
    @RouteQuery() q: TQuery<typeof ROUTES.campaigns.previewTimeline, 'output'>,
  ): Promise<TTimelinePreview> {
    return this.previews.preview(campaignId, q);
  }
}
