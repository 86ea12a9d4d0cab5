import { Module } from '@nestjs/common';
import { CampaignModule } from '../campaign/campaign.module.js';
import { BoardController } from './board.controller.js';
import { BoardRepository } from './board.repository.js';
import { BoardService } from './board.service.js';

@Module({ imports: [CampaignModule], controllers: [BoardController], providers: [BoardRepository, BoardService] })
export class BoardModule {}
