/**
 * What happens to a copy edited at the destination since the app last wrote it (AHEAD) when its
 * original changes: each conflict policy is one handler, so a new policy is one more entry here.
 * Pure rules, no I/O.
 */
import type { SyncOptions } from './sync';

export type ConflictPolicy = SyncOptions['conflictPolicy'];

/** The edited copy and the source's change that meets it. */
export interface AheadCopy {
  /** The copy's version now (the app last wrote another). */
  version: number;
  /** The original was changed, or removed (trashed, purged, moved away). */
  change: 'update' | 'removal';
}

/**
 * `overwrite`: the source's change is applied (page history keeps the edit); `keep`: the copy
 * stays as edited; `review`: the change waits at the copy for a person to take it or keep the edits.
 */
export type Resolution = 'overwrite' | 'keep' | 'review';

export type ConflictHandler = (copy: AheadCopy) => Resolution;

export const CONFLICT_HANDLERS: Record<ConflictPolicy, ConflictHandler> = {
  'source-wins': () => 'overwrite',
  // The source's trash is a change like any other: an edited copy stays out of the trash too.
  'keep-destination': () => 'keep',
  // A removal has no version to compare side by side: the edited copy stays, as "keep destination" keeps it.
  review: (copy) => (copy.change === 'update' ? 'review' : 'keep'),
};

/** Whether a repair may overwrite an edited copy: only "source wins" lets it; under review a person decides on the copy's page. */
export const keepsEdits = (policy: ConflictPolicy): boolean => policy !== 'source-wins';

/** The facts an edited (ahead) copy's difference carries about the policy: kept, and whether a person reviews the next change. */
export const aheadPolicyFacts = (policy: ConflictPolicy): { kept: boolean; review?: true } => ({ kept: keepsEdits(policy), ...(policy === 'review' ? { review: true as const } : {}) });
