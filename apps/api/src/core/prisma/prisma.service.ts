import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createPrismaClient, type PrismaClient } from '@learnweek/db';

/** Owns the Prisma client. Only repositories use it. */
@Injectable()
export class PrismaService implements OnModuleDestroy {
  readonly client: PrismaClient;

  constructor(url: string, poolMax: number) {
    this.client = createPrismaClient(url, poolMax);
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.$disconnect();
  }
}
