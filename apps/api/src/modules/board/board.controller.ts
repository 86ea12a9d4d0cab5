import { Controller, Get } from '@nestjs/common';
import type { TStatusBoard } from '@learnweek/contracts';
import { Roles } from '../../core/auth/auth.decorators.js';
import { ValidParam } from '../../core/errors/validation.js';
import { BoardService } from './board.service.js';

@Roles('organizer', 'approver')
@Controller('campaigns/:id/board')
export class BoardController {
  constructor(private readonly board: BoardService) {}

  /** The status board; the console refetches it when the live feed reports a change. */
  @Get()
  get(@ValidParam('id') campaignId: string): Promise<TStatusBoard> {
    return this.board.board(campaignId);
  }
}
