import { Injectable } from '@nestjs/common';
import type { Prisma } from '@learnweek/db';
import { PrismaService } from '../../../core/prisma/prisma.service.js';

/** A nomination's photos and their stored files. */
@Injectable()
export class NominationPhotoRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** What decides whether a photo upload may start: the unit, the state, the photos kept. */
  findUploadTarget(id: string) {
    return this.prisma.client.nomination.findUnique({
      where: { id },
      select: { unitId: true, state: true, _count: { select: { photos: true } } },
    });
  }

  async addPhoto(tx: Prisma.TransactionClient, file: Prisma.StoredFileUncheckedCreateInput, nominationId: string, sortNo: number) {
    const stored = await tx.storedFile.create({ data: file });
    return tx.nominationPhoto.create({ data: { nominationId, fileId: stored.id, sortNo }, include: { file: true } });
  }

  async removePhoto(tx: Prisma.TransactionClient, nominationId: string, photoId: string): Promise<string | null> {
    const photo = await tx.nominationPhoto.findFirst({ where: { id: photoId, nominationId }, include: { file: true } });
    if (!photo) return null;
    await tx.nominationPhoto.delete({ where: { id: photoId } });
    await tx.storedFile.delete({ where: { id: photo.fileId } });
    return photo.file.storageKey;
  }
}
