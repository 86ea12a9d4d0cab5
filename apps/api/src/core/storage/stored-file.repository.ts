import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service.js';

@Injectable()
export class StoredFileRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Which of these storage keys a StoredFile row holds. */
  async known(keys: string[]): Promise<Set<string>> {
    const rows = await this.prisma.client.storedFile.findMany({ where: { storageKey: { in: keys } }, select: { storageKey: true } });
    return new Set(rows.map((r) => r.storageKey));
  }
}
