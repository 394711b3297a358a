/**
 * A copy follows its original into and out of the archive. The page content is written first,
 * as for any page; archiving is a separate step (v1's archive task) that changes no version.
 */
import { ARCHIVE_BLOCKED, archiveStep } from '../domain/archive-rule';
import { ConfluenceError } from '../confluence/client';
import type { DestinationContent, DestinationPage, MapRecord } from './ports';
import type { PageSnapshot } from './snapshot';

/** Why the copy is not in the archive state its original is in, or nothing when it is. */
export type ArchiveOutcome = { archived: boolean; problem?: string };

export const original = (s: PageSnapshot) => (s.status === 'archived' ? 'archived' : 'current');

/** After the content is written: archives the copy of an archived original. */
export async function archiveIfNeeded(content: DestinationContent, snapshot: PageSnapshot, page: DestinationPage, record: MapRecord): Promise<ArchiveOutcome> {
  if (archiveStep(original(snapshot), page.status, record.archived ?? false) !== 'archive') return { archived: snapshot.status === 'archived' && page.status === 'archived' };
  try {
    const state = await content.archive(page.id);
    if (state === 'archived') return { archived: true };
    return { archived: false, problem: 'The original is archived; Confluence is still archiving this copy. The next sync checks it.' };
  } catch (e) {
    // 400: archiving is not available here (a free edition) or another archive job is running.
    if (!(e instanceof ConfluenceError) || e.status !== 400) throw e;
    return { archived: false, problem: `The original is archived, but Confluence did not archive this copy (${e.message}). The next sync tries again.` };
  }
}

export { ARCHIVE_BLOCKED };
