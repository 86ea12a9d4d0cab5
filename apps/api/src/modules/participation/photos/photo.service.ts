import { Injectable } from '@nestjs/common';
import { inDistrict } from '@learnweek/db';
import { ZParticipationState, type TPhoto, type TSummary } from '@learnweek/contracts';
import { participationStates } from '@learnweek/workflow';
import { hasRole, type UserPrincipal } from '../../../core/auth/principal.js';
import { ApiException, fieldError, forbidden, notFound } from '../../../core/errors/api.exception.js';
import { Clock } from '../../../core/clock/clock.js';
import { toCampaign } from '../../../core/mappers/campaign.mapper.js';
import { toPhoto } from '../../../core/mappers/photo.mapper.js';
import { inspectPhoto, isAmong, storedFileRow, weekDateCheck } from '../../../core/media/photo-image.js';
import { FileStore, type TFileVariant } from '../../../core/storage/file-store.js';
import { FileUrls, type TServedSize } from '../../../core/storage/file-urls.js';
import { toSummary } from '../participation.mapper.js';
import { ParticipationService } from '../workflow/participation.service.js';
import { PhotoRepository } from './photo.repository.js';

/**
 * The summary's typical photos (典型照片): exactly the campaign's count, each a real photo of one
 * of the unit's activities, checked and copied with sharp before anything is stored; or the
 * "disc delivered" mark an approver sets instead.
 */
@Injectable()
export class PhotoService {
  constructor(
    private readonly participations: ParticipationService,
    private readonly repo: PhotoRepository,
    private readonly store: FileStore,
    private readonly urls: FileUrls,
    private readonly clock: Clock,
  ) {}

  async upload(
    id: string,
    caller: UserPrincipal,
    file: Buffer | undefined,
    fields: { activityId: string; caption: string },
  ): Promise<TPhoto> {
    const image = await inspectPhoto(file);
    const photo = await this.store.keepNew((fileId, key) =>
      this.participations.editContent(id, caller, ['summaryEditable'], async (tx, p) => {
        const existing = await this.repo.photosWithFiles(tx, id);
        const slots = toCampaign(p.campaign).rules.photosRequired;
        const free = Array.from({ length: slots }, (_, i) => i + 1).find((n) => !existing.some((e) => e.sortNo === n));
        if (free === undefined) throw fieldError(409, 'file', 'lw.photoLimit');
        if (!(await this.repo.isActivityOf(tx, id, fields.activityId))) {
          throw fieldError(422, 'activityId', 'lw.photoActivity');
        }
        if (
          isAmong(
            image,
            existing.map((e) => e.file),
          )
        )
          throw fieldError(409, 'file', 'lw.photoDuplicate');
        const row = await this.repo.addPhoto(tx, storedFileRow(fileId, key, image, caller.id), {
          participationId: id,
          activityId: fields.activityId,
          caption: fields.caption,
          dateCheck: weekDateCheck(image, p.campaign),
          sortNo: free,
        });
        // Last, inside the transaction: a failed write rolls the rows back.
        await this.store.put(key, image);
        return row;
      }),
    );
    return toPhoto(photo, this.urls);
  }

  async remove(id: string, photoId: string, caller: UserPrincipal): Promise<void> {
    const key = await this.participations.editContent(id, caller, ['summaryEditable'], async (tx) => {
      const removed = await this.repo.removePhoto(tx, id, photoId);
      if (removed === null) throw notFound();
      return removed;
    });
    await this.store.remove(key);
  }

  /** An approver confirms the photo disc (光盘) received, which stands in for the photos. */
  async markDisc(id: string, caller: UserPrincipal, delivered: boolean): Promise<TSummary> {
    if (!hasRole(caller, 'approver', 'organizer')) throw forbidden();
    return this.participations.underLock(id, async (tx, p) => {
      if (!participationStates('discMarkable').includes(ZParticipationState.parse(p.state))) throw new ApiException(409, 'notEditable');
      return toSummary(await this.repo.setDiscDelivered(tx, id, delivered, caller.id, this.clock.now()));
    });
  }

  /**
   * The unit's coordinator says the disc was sent (the notice allows "3张照片或光盘"), with a note, while
   * the summary is theirs to edit; it stands in for the photos at submission, the approver confirms receipt.
   */
  async markDiscSent(id: string, caller: UserPrincipal, req: { sent: boolean; note: string }): Promise<TSummary> {
    return this.participations.editContent(id, caller, ['summaryEditable'], async (tx) =>
      toSummary(await this.repo.setDiscSent(tx, id, req.sent ? { by: caller.id, at: this.clock.now(), note: req.note } : null)),
    );
  }

  /**
   * A served copy (never the original), for the holder of a signed link. A link that names its
   * district is looked up in it (row-level security): another district's file is not found there.
   */
  async served(fileId: string, size: TServedSize, exp: number, sig: string, districtId?: string): Promise<Buffer> {
    if (!this.urls.verify(fileId, size, exp, sig, districtId)) throw forbidden();
    const lookup = () => this.repo.storageKeyOf(fileId);
    const file = await (districtId === undefined ? lookup() : inDistrict(districtId, lookup));
    if (!file) throw notFound();
    return this.store.read(file.storageKey, size satisfies TFileVariant);
  }
}
