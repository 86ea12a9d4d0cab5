import { ZPhotoDateCheck, type TPhoto } from '@learnweek/contracts';
import type { FileUrls } from '../storage/file-urls.js';

/** A summary photo with signed links to its served copies (a participation's detail, the board's gallery). */
export function toPhoto(
  ph: {
    id: string;
    fileId: string;
    activityId: string | null;
    caption: string;
    dateCheck: string;
    file: { width: number | null; height: number | null; takenAt: Date | null };
  },
  urls: FileUrls,
): TPhoto {
  return {
    id: ph.id,
    activityId: ph.activityId,
    caption: ph.caption,
    dateCheck: ZPhotoDateCheck.parse(ph.dateCheck),
    width: ph.file.width,
    height: ph.file.height,
    takenAt: ph.file.takenAt?.toISOString() ?? null,
    url: urls.url(ph.fileId, 'web'),
    thumbUrl: urls.url(ph.fileId, 'thumb'),
  };
}
