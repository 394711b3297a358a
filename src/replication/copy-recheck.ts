/**
 * A Verify repair at the destination: the apply goes by what the copy holds, not only by its
 * record. The apply trusts its record (a comment it recorded writing is taken to be there), so
 * before it runs, the copy is read as Verify reads it and the apply is shown the record as the
 * copy bears it out: comment and file copies gone from the copy (or files replaced there) are
 * left out (so they are made again), a comment edited there is written again, and a copy renamed or out of place has no page
 * fingerprint (so the page is written).
 * Labels the app put on the copy and that are gone are put back here, with no page version.
 * The record itself is written by the apply alone.
 *
 * This is the one place where Verify reaches into an apply; an apply that diffs each part against
 * the copy on `recheck` would make it unneeded.
 */
import type { Sync } from '../domain/sync';
import { compareItem } from '../domain/verify-rules';
import type { ApplyDeps } from './apply-item';
import type { MapRecord } from './ports';
import type { CopyStore } from './stores';
import type { PageSnapshot } from './snapshot';
import { inspectItem, recordedFacts } from './verify-destination';
import { verifyItemOf } from './verify-item';
import type { CopyInspector } from './verify-ports';

export interface RecheckDeps extends ApplyDeps {
  inspector: CopyInspector;
}

/** The deps the apply runs with, and what the recheck itself put right (for the log), if anything. */
export async function recheckCopy(deps: RecheckDeps, sync: Sync, snapshot: PageSnapshot): Promise<{ deps: ApplyDeps; repaired?: string }> {
  if (snapshot.status !== 'current' && snapshot.status !== 'archived') return { deps };
  const item = verifyItemOf(snapshot);
  const { record, copy, context } = await inspectItem(deps, sync, item);
  if (!record || !copy || copy.state === 'absent' || copy.state === 'trashed') return { deps };
  // Compared as if the record held this very snapshot: what is left is what the copy lacks.
  const codes = new Set(compareItem(item, { ...recordedFacts(record), hash: item.hash }, copy, context).map((d) => d.code));
  // Only parts that were read count as gone: those of the original's comments and files the sync copies.
  const readComments = new Set(sync.options.comments ? (item.comments ?? []) : []);
  const readFiles = new Set(sync.options.attachments ? (item.files ?? []).map((f) => f.id) : []);
  // A comment edited on the copy is shown as changed at the source, so the apply writes it again.
  const edited = (c: { destId: string; destVersion?: number }) => c.destVersion !== undefined && (copy.commentVersions?.get(c.destId) ?? c.destVersion) !== c.destVersion;
  const comments = Object.fromEntries(Object.entries(record.comments ?? {}).filter(([id, c]) => !readComments.has(id) || copy.comments.has(c.destId)).map(([id, c]) => [id, edited(c) ? { ...c, hash: '' } : c]));
  // A file replaced on the copy is shown as gone too, so the apply uploads the original again.
  const replaced = (a: { destId: string; destVersion?: number }) => a.destVersion !== undefined && (copy.fileVersions?.get(a.destId) ?? a.destVersion) !== a.destVersion;
  const attachments = Object.fromEntries(Object.entries(record.attachments ?? {}).filter(([id, a]) => !readFiles.has(id) || (copy.files.has(a.destId) && !replaced(a))));
  const rewrite = codes.has('title') || codes.has('place');
  const { pageHash: _unproven, ...rest } = record;
  const view: MapRecord = { ...(rewrite ? rest : record), comments, attachments };
  const labels = codes.has('labels') && copy.state === 'current' && sync.options.labels ? snapshot.labels.filter((l) => record.labels.includes(l) && !copy.labels.includes(l)) : [];
  if (labels.length) await deps.content.addLabels(record.destId, labels);
  return { deps: { ...deps, copies: showingOnce(deps.copies, sync.pairId, snapshot.sourceId, view) }, ...(labels.length ? { repaired: `Labels put back on the copy: ${labels.join(', ')}`.slice(0, 500) + '.' } : {}) };
}

/** The copy records as the apply sees them: the item's record, the first time it is read (alone or with its journal), as the copy bears it out. */
function showingOnce(copies: CopyStore, pairId: string, sourceId: string, view: MapRecord): CopyStore {
  let shown = false;
  const showsNow = (pair: string, id: string) => !shown && pair === pairId && id === sourceId && (shown = true);
  return {
    ...copies,
    get: (pair, id) => (showsNow(pair, id) ? Promise.resolve(view) : copies.get(pair, id)),
    async withJournal(pair, id) {
      const read = await copies.withJournal(pair, id);
      return showsNow(pair, id) ? { ...read, record: view } : read;
    },
    async getMany(pair, ids) {
      const read = await copies.getMany(pair, ids);
      return read.map((record, i) => (showsNow(pair, ids[i]) ? view : record));
    },
  };
}
