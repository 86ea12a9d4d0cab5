import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service.js';

@Injectable()
export class AuthRepository {
  constructor(private readonly prisma: PrismaService) {}

  findUserByUsername(username: string) {
    return this.prisma.client.user.findUnique({ where: { username } });
  }

  async isUserActive(id: string): Promise<boolean> {
    const u = await this.prisma.client.user.findUnique({ where: { id }, select: { active: true } });
    return u?.active === true;
  }

  touchLogin(id: string, at: Date) {
    return this.prisma.client.user.update({ where: { id }, data: { lastLoginAt: at } });
  }

  findKioskByTokenHash(tokenHash: string) {
    return this.prisma.client.kioskDevice.findFirst({ where: { tokenHash, revokedAt: null } });
  }
}
