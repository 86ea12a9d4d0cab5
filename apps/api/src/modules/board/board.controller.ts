import { Controller } from '@nestjs/common';
import { ROUTES, type TGalleryResponse, type TQuery, type TStatusBoard } from '@learnweek/contracts';
import { Endpoint, RouteParam, RouteQuery } from '../../core/http/endpoint.decorator.js';
import { BoardService } from './board.service.js';

const R = ROUTES.console;

@Controller()
export class BoardController {
  constructor(private readonly board: BoardService) {}

  /** The status board; the console refetches it when the live feed reports a change. */
  @Endpoint(R.board)
  get(@RouteParam('id') campaignId: string): Promise<TStatusBoard> {
    return this.board.board(campaignId);
  }

  /** Every summary photo of the campaign, with its date check, to look through at once. */
  @Endpoint(R.gallery)
  gallery(@RouteParam('id') campaignId: string, @RouteQuery() q: TQuery<typeof R.gallery, 'output'>): Promise<TGalleryResponse> {
    return this.board.gallery(campaignId, q);
  }
}
