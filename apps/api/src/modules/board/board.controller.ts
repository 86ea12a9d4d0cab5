import { Controller, Get } from '@nestjs/common';
import { ZGalleryQuery, type TGalleryResponse, type TStatusBoard } from '@learnweek/contracts';
import type { z } from 'zod';
import { Roles } from '../../core/auth/auth.decorators.js';
import { ValidParam, ValidQuery } from '../../core/errors/validation.js';
import { BoardService } from './board.service.js';

@Roles('organizer', 'approver')
@Controller('campaigns/:id')
export class BoardController {
  constructor(private readonly board: BoardService) {}

  /** The status board; the console refetches it when the live feed reports a change. */
  @Get('board')
  get(@ValidParam('id') campaignId: string): Promise<TStatusBoard> {
    return this.board.board(campaignId);
  }

  /** Every summary photo of the campaign, with its date check, to look through at once. */
  @Get('photos')
  gallery(@ValidParam('id') campaignId: string, @ValidQuery(ZGalleryQuery) q: z.output<typeof ZGalleryQuery>): Promise<TGalleryResponse> {
    return this.board.gallery(campaignId, q);
  }
}
