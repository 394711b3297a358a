/**
 * The Verify report each side keeps of a sync (one bounded record), and the plain words it shows
 * for each difference. Pure data and rules, no I/O.
 */
import { DIFFERENCE_CODES, repairOf, type BehindPart, type Difference, type DifferenceCode } from './verify-rules';

/** A report keeps this many differences; past them it counts the rest. */
export const MAX_STORED_DIFFERENCES = 200;

/** One difference of one item, as a report keeps it. */
export interface ItemDifference extends Difference {
  sourceId: string;
  kind: string;
  /** The original's title (the copy's, for an orphan). */
  title: string;
  /** When a repair of the item was last queued. */
  repairQueuedAt?: string;
}

export type VerifyState = 'requested' | 'queued' | 'running' | 'complete' | 'failed';

export interface VerifyReport {
  /** The run this report is of (the source makes it). */
  run: string;
  state: VerifyState;
  startedAt: string;
  /** When the run last moved: one that has not moved for an hour is taken as ended. */
  updatedAt: string;
  finishedAt?: string;
  /** Who asked for it, on this side. */
  by?: string;
  checked: number;
  /** Items the source planned to check (the source's report). */
  total?: number;
  differences: ItemDifference[];
  /** Differences found past the stored ones. */
  more: number;
  /** Why the run failed, in this app's words. */
  reason?: string;
  /**
   * Where the run is. Source: the next planned item to check and the next batch's number.
   * Destination: the next batch it expects (`next` unused).
   */
  position: { next: number; seq: number };
}

/** The hourly check keeps this many differences; past them it counts the rest. */
export const MAX_SCHEDULED_DIFFERENCES = 50;

/**
 * The cheap part of Verify, run by the hourly reconcile on each side from what it reads anyway
 * (listings, its own records), reading no item. Source: how many items it queued (new or changed
 * without an event, gone from the listing, or nodes no listing has), and how many stand AHEAD or
 * unreadable. Destination: the copies edited
 * here since the app wrote them.
 */
export interface ScheduledCheck {
  at: string;
  checked: number;
  differences: ItemDifference[];
  more: number;
  queued?: number;
  ahead?: number;
  unreadable?: number;
}

/** A run that has not moved for this long is taken as ended (it died, or the other side never answered). */
export const RUN_STALE_MS = 3600_000;

/** A run not ended yet: asking for another one waits for it. */
export function underWay(report: VerifyReport | undefined, nowMs: number): boolean {
  if (!report || (report.state !== 'requested' && report.state !== 'queued' && report.state !== 'running')) return false;
  return nowMs - Date.parse(report.updatedAt) < RUN_STALE_MS;
}

/** The run's outcome so far with these differences added (one per item and code: a later one replaces an earlier one). */
export function withDifferences(report: VerifyReport, found: ItemDifference[]): VerifyReport {
  const differences = [...report.differences];
  let more = report.more;
  for (const diff of found) {
    const at = differences.findIndex((d) => d.sourceId === diff.sourceId && d.code === diff.code);
    if (at >= 0) differences[at] = diff;
    else if (differences.length < MAX_STORED_DIFFERENCES) differences.push(diff);
    else more++;
  }
  return { ...report, differences: sortDifferences(differences), more };
}

const ORDER = new Map<DifferenceCode, number>(DIFFERENCE_CODES.map((c, i) => [c, i]));

/** By item (its title), then by how much the difference matters. */
export function sortDifferences(diffs: ItemDifference[]): ItemDifference[] {
  return [...diffs].sort((a, b) => a.title.localeCompare(b.title) || a.sourceId.localeCompare(b.sourceId) || (ORDER.get(a.code) ?? 0) - (ORDER.get(b.code) ?? 0));
}

/** The items a "Repair all" queues on this side: each repairable one once. */
export function repairableItems(report: VerifyReport, side: 'source' | 'destination'): ItemDifference[] {
  const seen = new Set<string>();
  return report.differences.filter((d) => repairOf(d, side) && !seen.has(d.sourceId) && seen.add(d.sourceId));
}

export type Side = 'source' | 'destination';

const BEHIND_WORDS: Record<BehindPart, string> = {
  page: 'the page itself',
  comments: 'its comments',
  files: 'its files',
  trash: 'the original was moved to the trash',
  moved: 'the original was moved to another space',
  archive: 'its place in the archive',
};

const list = (words: string[]) => (words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`);
const quoted = (d: Difference) => {
  const names = (d.facts.names ?? []).map((n) => `“${n}”`);
  const rest = (d.facts.count ?? names.length) - names.length;
  return list(rest > 0 ? [...names, `${rest} more`] : names);
};

/** A folder's (or other node's) copy Confluence would not rename or move: no repair can, a person can. */
const BY_HAND = (at: string, verb: 'rename' | 'move') => `Confluence’s REST API would not ${verb} it (it has no update for folders and other such items), so Repair cannot: ${verb} it by hand ${at}.`;

/** Where the copy is, in the words of the side reading the report. */
const there = (side: Side) => (side === 'source' ? 'in the other space' : 'here');

/** The cause of a difference, in plain words for the admin of `side`. */
export function causeOf(d: Difference, side: Side): string {
  const at = there(side);
  switch (d.code) {
    case 'missing':
      return side === 'source' ? 'Never copied: the other space has no copy of it.' : 'Not copied here: this space has no copy of it.';
    case 'copy-deleted':
      return `Its copy was deleted ${at} (or moved out of that space). Repair makes it again.`;
    case 'copy-trashed':
      return `Its copy is in the trash ${at}. Repair restores it.`;
    case 'copy-archived':
      return `Its copy was archived ${at} and Confluence has no API to restore it: a space admin there can (Archive → Restore).`;
    case 'ahead': {
      const edited = `Its copy was edited ${at} since Space Sync wrote it (version ${d.facts.copyVersion}; Space Sync wrote ${d.facts.appVersion}).`;
      // Under review the edit is kept only until a person decides: say that, not "keeps destination changes".
      if (d.facts.review) return `${edited} This sync puts conflicts up for review: it stays as it is, and the next change to the original waits on the copy's page for a person to take it or keep the edits.`;
      return d.facts.kept ? `${edited} This sync keeps destination changes, so it stays as it is.` : `${edited} Repair overwrites it with the original; the page history keeps the edit.`;
    }
    case 'behind': {
      const what = d.facts.what ?? [];
      const moved = what.filter((w) => w === 'trash' || w === 'moved');
      if (moved.length) return `${BEHIND_WORDS[moved[0]]}, but its copy is still ${at}. Repair applies it.`.replace(/^./, (c) => c.toUpperCase());
      return `Changed at the source and not applied to the copy yet: ${list(what.map((w) => BEHIND_WORDS[w]))}. Repair sends it.`;
    }
    case 'title':
      return `Its copy is titled “${d.facts.copyTitle ?? ''}”.${d.facts.unmovable ? ` ${BY_HAND(at, 'rename')}` : ''}`;
    case 'place':
      return `Its copy is somewhere else in the page tree.${d.facts.unmovable ? ` ${BY_HAND(at, 'move')}` : ''}`;
    case 'labels':
      return `Its copy lacks the label${(d.facts.count ?? 0) === 1 ? '' : 's'} ${quoted(d)}, removed ${at}.`;
    case 'comment-missing': {
      const n = d.facts.count ?? 1;
      return `${n === 1 ? 'A comment' : `${n} comments`} of its copy ${n === 1 ? 'was' : 'were'} deleted ${at}.`;
    }
    case 'comment-changed': {
      const n = d.facts.count ?? 1;
      return `${n === 1 ? 'A comment' : `${n} comments`} of its copy ${n === 1 ? 'was' : 'were'} edited ${at}. Repair writes the original’s words again.`;
    }
    case 'file-missing':
      return `Its copy lacks the file${(d.facts.count ?? 0) === 1 ? '' : 's'} ${quoted(d)}.`;
    case 'file-changed':
      return `The file${(d.facts.count ?? 0) === 1 ? '' : 's'} ${quoted(d)} of its copy ${(d.facts.count ?? 0) === 1 ? 'was' : 'were'} replaced ${at}. Repair uploads the original again; the file’s history keeps the replacement.`;
    case 'orphan':
      return side === 'source'
        ? 'The other space holds a copy of an item this sync no longer has (deleted without a trace, or outside what it syncs). Its admin can move the copy to the trash.'
        : 'A copy whose original this sync no longer has (deleted without a trace, or outside what it syncs). Repair moves the copy to this space’s trash.';
    case 'unreadable':
      return 'Space Sync cannot read the original (it is restricted, or was deleted). Let the app see the page to sync it.';
  }
}
