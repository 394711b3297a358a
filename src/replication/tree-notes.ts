/**
 * What a copy of a tree node lacks, in an admin's words. The REST API creates whiteboards and
 * databases (v2 POST /whiteboards, /databases) but has no call that reads or writes what is drawn
 * or stored in them, so their copies are empty nodes of the same type, title and place: the
 * pages under them keep their place. Folders hold nothing but their children, and a smart link is
 * its URL, so those copy whole.
 */
import type { ContentKind } from './snapshot';

export const NODE_NOUN: Partial<Record<ContentKind, string>> = { folder: 'folder', whiteboard: 'whiteboard', database: 'database', embed: 'smart link' };

export function emptyCopyNote(kind: ContentKind): string | undefined {
  if (kind !== 'whiteboard' && kind !== 'database') return undefined;
  return `Copied as an empty ${kind} with the same title and place, so the pages under it keep theirs: Confluence’s REST API cannot read or write what a ${kind} holds, so its contents were not copied.`;
}
