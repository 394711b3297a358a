/**
 * A copy follows its original into the archive. The page content is written first, as for any
 * page; archiving is a separate step (v1's archive task) that changes no version. When to
 * archive is the planner's (apply-plan.ts, archive-rule.ts); this is only the step.
 */
import { ARCHIVE_BLOCKED } from '../domain/archive-rule';
import { ConfluenceError } from '../confluence/client';
import type { DestinationContent } from './ports';

/** Why the copy is not in the archive state its original is in, or nothing when it is. */
export type ArchiveOutcome = { archived: boolean; problem?: string };

export async function archiveCopy(content: Pick<DestinationContent, 'archive'>, pageId: string): Promise<ArchiveOutcome> {
  try {
    const state = await content.archive(pageId);
    if (state === 'archived') return { archived: true };
    return { archived: false, problem: 'The original is archived; Confluence is still archiving this copy. The next sync checks it.' };
  } catch (e) {
    // 400: archiving is not available here (a free edition) or another archive job is running.
    if (!(e instanceof ConfluenceError) || e.status !== 400) throw e;
    return { archived: false, problem: `The original is archived, but Confluence did not archive this copy (${e.message}). The next sync tries again.` };
  }
}

export { ARCHIVE_BLOCKED };
