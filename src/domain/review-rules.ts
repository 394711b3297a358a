/**
 * Review before overwrite (conflict policy `review`): a change of the original that meets a copy
 * edited at the destination waits beside the copy until a person takes it or keeps the edits.
 * What a waiting review is, when a snapshot replaces it, who may answer, and the words both
 * sides' logs and notices use. Pure, no I/O.
 */

/** The version waiting beside an edited copy, as the destination keeps it (its snapshot is stored apart, in parts). */
export interface WaitingReview {
  /**
   * Names this wait from its first waiting version until it is answered: the one notice it raises
   * is keyed by it, so a second change that replaces the waiting version raises no second notice.
   */
  occurrence: string;
  /** Names the waiting version: an answer must name the one it was shown, so a stale screen changes nothing. */
  generation: string;
  sourceVersion: number;
  /** snapshotHash of the waiting snapshot: a redelivered message finds it waiting already. */
  hash: string;
  title: string;
  /** The copy's version when the change arrived (its edits). */
  copyVersion: number;
  /** How many stored parts hold the snapshot's JSON. */
  parts: number;
  at: string;
  /** The waiting version that this one replaced, if any (for the log). */
  replaced?: number;
}

export type ReviewAnswer = 'take' | 'keep';
export const REVIEW_ANSWERS: readonly ReviewAnswer[] = ['take', 'keep'];

/** What an arriving snapshot does to the review waiting for its item. */
export function reviewArrival(waiting: WaitingReview | undefined, snapshot: { version: number; hash: string }): 'new' | 'replace' | 'same' | 'older' {
  if (!waiting) return 'new';
  if (waiting.hash === snapshot.hash) return 'same';
  return snapshot.version < waiting.sourceVersion ? 'older' : 'replace';
}

/** The generation of a waiting version: its source version and hash, so a redelivery computes the same one. */
export const generationOf = (sourceVersion: number, hash: string) => `v${sourceVersion}-${hash.slice(0, 16)}`;

/** The notice's id for a wait: the item and the wait's first generation. */
export const occurrenceOf = (sourceId: string, generation: string) => `${sourceId}:${generation}`;

/**
 * The stored snapshot's JSON cut into parts a KVS value holds (240 KiB, forge-platform.md): a
 * UTF-16 unit takes at most 6 bytes as stored JSON (a control character's \u escape), so 40,000
 * of them stay under the limit whatever the body holds.
 */
export const REVIEW_PART_CHARS = 40_000;

export function splitParts(json: string, size = REVIEW_PART_CHARS): string[] {
  const parts: string[] = [];
  for (let i = 0; i < json.length; i += size) parts.push(json.slice(i, i + size));
  return parts.length ? parts : [''];
}

/** Who may answer at the destination: users and groups the sync lists, and the destination space's admins. */
export function mayAnswer(listed: { users: string[]; groups: string[] }, who: { accountId: string; groups: string[]; spaceAdmin: boolean }): boolean {
  return who.spaceAdmin || listed.users.includes(who.accountId) || who.groups.some((g) => listed.groups.includes(g));
}

export const NOT_ALLOWED_TO_ANSWER = 'Only the users and groups this sync lists, and this space’s admins, may answer. Ask a space admin.';

/** The destination's log when a version starts to wait, or replaces the one waiting. */
export function waitingDetail(review: Pick<WaitingReview, 'sourceVersion' | 'copyVersion' | 'replaced'>): string {
  const replaced = review.replaced !== undefined ? ` It replaces version ${review.replaced}, which waited before.` : '';
  return `Your copy was edited here (version ${review.copyVersion}); version ${review.sourceVersion} of the original waits for review on the copy’s page (••• → Space Sync).${replaced}`;
}

export const takenDetail = (sourceVersion: number, copyVersion: number) => `Version ${sourceVersion} of the original was taken in review; your edits (version ${copyVersion}) stay in the page history.`;
export const keptDetail = (sourceVersion: number, copyVersion: number) => `Your edits (version ${copyVersion}) were kept in review; version ${sourceVersion} of the original was not applied.`;
/** The later change settled the wait as the policy now says: the waiting version is dropped. */
export const settledDetail = (sourceVersion: number) => `Version ${sourceVersion} of the original no longer waits for review: a later change was applied as the sync now says.`;

/** The source's words for the copy's answer. */
export function sourceAnswerDetail(answer: ReviewAnswer, place: string, sourceVersion: number, copyVersion: number): string {
  return answer === 'take'
    ? `The copy in ${place} took version ${sourceVersion} of this page in review; its edits (its version ${copyVersion}) stay in its page history.`
    : `The copy in ${place} kept its edits (its version ${copyVersion}); version ${sourceVersion} of this page was not applied there.`;
}

/** What the notice says, on the destination (titles and versions only, never a body). */
export function reviewNotice(title: string, sourceVersion: number): { title: string; lines: string[] } {
  return {
    title: 'A newer version is waiting for review',
    lines: [`“${title}” was edited here and its original changed (version ${sourceVersion}).`, 'Open the copy’s page, ••• → Space Sync, to take the new version or keep the edits.'],
  };
}
