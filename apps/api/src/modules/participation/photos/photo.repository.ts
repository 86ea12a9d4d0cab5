import { Injectable } from '@nestjs/common';
import type { Prisma } from '@learnweek/db';
import { PrismaService } from '../../../core/prisma/prisma.service.js';

type Tx = Prisma.TransactionClient;

/** The summary's photos, their stored files, and the disc mark that stands in for them. */
@Injectable()
export class PhotoRepository {
  constructor(private readonly prisma: PrismaService) {}

  photosWithFiles(tx: Tx, participationId: string) {
    return tx.photo.findMany({ where: { participationId }, include: { file: true } });
  }

  async isActivityOf(tx: Tx, participationId: string, activityId: string): Promise<boolean> {
    return (await tx.activity.count({ where: { id: activityId, participationId } })) > 0;
  }

  async addPhoto(tx: Tx, file: Prisma.StoredFileUncheckedCreateInput, photo: Omit<Prisma.PhotoUncheckedCreateInput, 'fileId'>) {
    const stored = await tx.storedFile.create({ data: file });
    return tx.photo.create({ data: { ...photo, fileId: stored.id }, include: { file: true } });
  }

  /** Removes a photo and its file's row; the file's storage key, or null when there is no such photo. */
  async removePhoto(tx: Tx, participationId: string, photoId: string): Promise<string | null> {
    const photo = await tx.photo.findFirst({ where: { id: photoId, participationId }, include: { file: true } });
    if (!photo) return null;
    await tx.photo.delete({ where: { id: photoId } });
    await tx.storedFile.delete({ where: { id: photo.fileId } });
    return photo.file.storageKey;
  }

  setDiscDelivered(tx: Tx, participationId: string, discDelivered: boolean, by: string, at: Date) {
    const mark = { discDelivered, discMarkedById: by, discMarkedAt: at };
    return tx.summary.upsert({ where: { participationId }, create: { participationId, ...mark }, update: mark });
  }

  /** The coordinator's word that the disc was sent (with a note), or its withdrawal (null). */
  setDiscSent(tx: Tx, participationId: string, sent: { by: string; at: Date; note: string } | null) {
    const mark = sent
      ? { discSentAt: sent.at, discSentById: sent.by, discNote: sent.note }
      : { discSentAt: null, discSentById: null, discNote: '' };
    return tx.summary.upsert({ where: { participationId }, create: { participationId, ...mark }, update: mark });
  }

  storageKeyOf(fileId: string) {
    return this.prisma.client.storedFile.findUnique({ where: { id: fileId }, select: { storageKey: true } });
  }
}
