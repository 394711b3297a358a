/**
 * What a copy's archive state needs, given its original's. Archiving goes only through v1's
 * archive task (confluence-real row 62); no REST operation restores a page from the archive, so
 * the app tries to bring a copy back only when it archived that copy itself, and once.
 */
export type ArchiveStep =
  /** Nothing to do about the archive. */
  | 'none'
  /** The original is archived, the copy is not: archive the copy. */
  | 'archive'
  /** The original is back from the archive and the app archived the copy: try a PUT with status current. */
  | 'unarchive'
  /** The original is back, the copy is archived and the app cannot bring it back: an admin restores it here. */
  | 'blocked';

export function archiveStep(original: 'current' | 'archived', copy: string, appArchivedCopy: boolean): ArchiveStep {
  if (original === 'archived') return copy === 'current' ? 'archive' : 'none';
  if (copy !== 'archived') return 'none';
  return appArchivedCopy ? 'unarchive' : 'blocked';
}

export const ARCHIVE_BLOCKED =
  'The original was restored from the archive, but this copy is still archived here: Confluence has no API to restore it. A space admin can restore it (Archive → Restore); the next sync then brings it up to date.';
