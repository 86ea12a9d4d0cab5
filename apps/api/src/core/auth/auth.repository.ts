import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service.js';

@Injectable()
export class AuthRepository {
  constructor(private readonly prisma: PrismaService) {}

  findUserByUsername(username: string) {
    return this.prisma.client.user.findUnique({ where: { username } });
  }

  /** On every signed-in request: a plain indexed lookup (raw SQL skips Prisma's query planning on this hot path). */
  async isUserActive(id: string): Promise<boolean> {
    const rows = await this.prisma.client.$queryRaw<{ active: boolean }[]>`SELECT "active" FROM "User" WHERE "id" = ${id}::uuid`;
    return rows[0]?.active === true;
  }

  touchLogin(id: string, at: Date) {
    return this.prisma.client.user.update({ where: { id }, data: { lastLoginAt: at } });
  }

  findKioskByTokenHash(tokenHash: string) {
    return this.prisma.client.kioskDevice.findFirst({ where: { tokenHash, revokedAt: null } });
  }
}
