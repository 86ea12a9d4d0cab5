import { Injectable } from '@nestjs/common';
import { Batcher } from '../batch/batcher.js';
import { PrismaService } from '../prisma/prisma.service.js';

@Injectable()
export class AuthRepository {
  /** Concurrent requests share one lookup (see Batcher): still read after each request arrived. */
  private readonly activeLookup = new Batcher<string, boolean>('active-user lookup', async (ids) => {
    const { rows } = await this.prisma.pool.query<{ id: string }>(`SELECT "id" FROM "User" WHERE "id" = ANY($1::uuid[]) AND "active"`, [[...new Set(ids)]]);
    const active = new Set(rows.map((r) => r.id));
    return ids.map((id) => active.has(id));
  });

  constructor(private readonly prisma: PrismaService) {}

  findUserByUsername(username: string) {
    return this.prisma.client.user.findUnique({ where: { username } });
  }

  /** On every signed-in request, so that a deactivated user is shut out at once. */
  isUserActive(id: string): Promise<boolean> {
    return this.activeLookup.push(id);
  }

  touchLogin(id: string, at: Date) {
    return this.prisma.client.user.update({ where: { id }, data: { lastLoginAt: at } });
  }

  findKioskByTokenHash(tokenHash: string) {
    return this.prisma.client.kioskDevice.findFirst({ where: { tokenHash, revokedAt: null } });
  }
}
