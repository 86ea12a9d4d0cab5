import { Injectable } from '@nestjs/common';
import type { TNominationDetail } from '@learnweek/contracts';
import type { UserPrincipal } from '../../../core/auth/principal.js';
import { fieldError, notFound } from '../../../core/errors/api.exception.js';
import { inspectPhoto, isAmong, storedFileRow } from '../../../core/media/photo-image.js';
import { FileStore } from '../../../core/storage/file-store.js';
import { NominationService } from '../workflow/nomination.service.js';
import { NominationPhotoRepository } from './nomination-photo.repository.js';

/** A nomination shows at most this many photos. */
export const NOMINATION_PHOTOS = 6;

/** A nomination's photos, added and removed by its unit's coordinators while it is editable (under its lock). */
@Injectable()
export class NominationPhotoService {
  constructor(
    private readonly nominations: NominationService,
    private readonly repo: NominationPhotoRepository,
    private readonly store: FileStore,
  ) {}

  /** A photo, with the same rules as summary photos (type, size, resolution, not the same picture twice); at most 6. */
  async addPhoto(id: string, caller: UserPrincipal, file: Buffer | undefined): Promise<TNominationDetail> {
    const image = await inspectPhoto(file);
    await this.store.keepNew((fileId, key) =>
      this.nominations.editContent(id, caller, async (tx, n) => {
        if (n.photos.length >= NOMINATION_PHOTOS) throw fieldError(409, 'file', 'lw.nominationPhotoLimit');
        if (
          isAmong(
            image,
            n.photos.map((p) => p.file),
          )
        )
          throw fieldError(409, 'file', 'lw.photoDuplicate');
        const sortNo = Math.max(0, ...n.photos.map((p) => p.sortNo)) + 1;
        await this.repo.addPhoto(tx, storedFileRow(fileId, key, image, caller.id), id, sortNo);
        // Last, inside the transaction: a failed write rolls the rows back.
        await this.store.put(key, image);
      }),
    );
    return this.nominations.detail(id, caller, caller.locale);
  }

  async removePhoto(id: string, photoId: string, caller: UserPrincipal): Promise<void> {
    const key = await this.nominations.editContent(id, caller, async (tx) => {
      const removed = await this.repo.removePhoto(tx, id, photoId);
      if (removed === null) throw notFound();
      return removed;
    });
    await this.store.remove(key);
  }
}
