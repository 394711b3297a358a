/**
 * The copy's labels follow the source's: one diff of what the source has (wanted), what the app
 * applied before (recorded) and what the copy has now (present). Labels only the destination
 * has are never removed, and a sync that leaves labels out keeps what the copy has, as it does
 * for comments and attachments.
 */
import type { DestinationContent } from './ports';

export interface LabelChanges {
  add: string[];
  remove: string[];
}

/** Adds what the copy lacks; removes only labels the app applied that the source no longer has. */
export function labelChanges(wanted: string[], recorded: string[], present: string[]): LabelChanges {
  const want = new Set(wanted);
  const has = new Set(present);
  return { add: [...want].filter((l) => !has.has(l)), remove: recorded.filter((l) => !want.has(l) && has.has(l)) };
}

/** Returns what is recorded as applied: the source's labels (`wanted` undefined: the sync leaves labels out). */
export async function applyLabels(content: Pick<DestinationContent, 'addLabels' | 'removeLabel'>, pageId: string, wanted: string[] | undefined, recorded: string[], present: string[]): Promise<string[]> {
  if (!wanted) return recorded;
  const { add, remove } = labelChanges(wanted, recorded, present);
  if (add.length) await content.addLabels(pageId, add);
  for (const label of remove) await content.removeLabel(pageId, label);
  return [...new Set(wanted)];
}
