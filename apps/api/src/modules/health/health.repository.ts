import { Injectable } from '@nestjs/common';
import { PrismaService } from '../../core/prisma/prisma.service.js';

@Injectable()
export class HealthRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** True when the database answers within two seconds. */
  async ping(): Promise<boolean> {
    const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 2_000).unref());
    const query = this.prisma.client.$queryRaw`SELECT 1`.then(
      () => true,
      () => false,
    );
    return Promise.race([query, timeout]);
  }
}
