/** How the settings page words a sync: its direction, its numbers, its state, and its actions. */
import type { FullSyncRunKind, FullSyncView, SyncAction, SyncDetails, SyncSummary } from '../../../src/contract/resolvers';
import { siteHost } from '../../shared/site-host';
import { awaitingFirstCopies } from './refresh-rule';

export const ACTION_LABEL: Record<SyncAction, string> = {
  approve: 'Approve pairing',
  decline: 'Decline pairing',
  details: 'Details',
  edit: 'Edit',
  notifications: 'Notifications',
  'get-token': 'Get token',
  'email-token': 'Email the token',
  resync: 'Re-sync everything',
  verify: 'Verify',
  pause: 'Pause',
  resume: 'Resume',
  unpair: 'Unpair',
  delete: 'Delete',
  'confirm-delete': 'Confirm the deletion',
  'undo-delete': 'Undo the deletion',
};

export const directionText = (sync: SyncSummary) => (sync.role === 'source' ? 'Sends this space' : 'Receives into this space');

/** "Partner Docs (PARTNER) on globex.atlassian.net". */
export const peerText = (peer: NonNullable<SyncSummary['peer']>) => `${peer.spaceName} (${peer.spaceKey}) on ${siteHost(peer.siteUrl)}`;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What each last outcome of an item is called, in the order the counts are read out. */
const OUTCOME_WORDS: Array<[keyof FullSyncView['outcomes'], string]> = [
  ['synced', 'synced'],
  ['ahead', 'ahead (edited at the copy)'],
  ['failed', 'failed'],
  ['restricted', 'restricted (cannot be read)'],
  ['deleted', 'in the trash'],
  ['skipped', 'not synced (not this sync’s kind, or a copy of the other space’s page)'],
];

/** "8 synced · 1 ahead (edited at the copy)": every nonzero count, so they add up to the items shown. */
export function outcomesText(counts: FullSyncView['outcomes']): string {
  return OUTCOME_WORDS.filter(([status]) => (counts[status] ?? 0) > 0)
    .map(([status, words]) => `${counts[status]} ${words}`)
    .join(' · ');
}

/** What a running full sync has still to do, named for its run (a re-sync checks items that are synced already). */
const PENDING_WORDS: Record<FullSyncRunKind, (n: number) => string> = {
  first: (n) => `${n} to go`,
  resync: (n) => `re-sync: ${n} to check`,
  'catch-up': (n) => `catching up: ${n} to check`,
};

/** "8 items synced · 1 ahead (edited at the copy) · 3 to go": what the sync holds at a glance (items: pages, blog posts, folders…). */
export function overviewText(sync: SyncSummary): string {
  const o = sync.overview;
  if (!o) return '';
  const parts = [`${plural(o.synced, 'item')} ${sync.role === 'source' ? 'synced' : 'copied here'}`];
  if (o.ahead) parts.push(`${o.ahead} ahead (edited at the copy)`);
  if (o.failed) parts.push(`${o.failed} failed`);
  if (o.pending) parts.push(PENDING_WORDS[o.run ?? 'first'](o.pending));
  return parts.join(' · ');
}

const KIND_WORDS: Record<string, [string, string]> = {
  page: ['page', 'pages'],
  blogpost: ['blog post', 'blog posts'],
  folder: ['folder', 'folders'],
  whiteboard: ['whiteboard', 'whiteboards'],
  database: ['database', 'databases'],
  embed: ['smart link', 'smart links'],
};

/** "6 pages, 1 blog post, 1 folder and 1 whiteboard". */
export function kindsText(byKind: SyncDetails['syncedByKind']): string {
  const parts = Object.entries(KIND_WORDS)
    .filter(([kind]) => (byKind?.[kind] ?? 0) > 0)
    .map(([kind, [one, many]]) => plural(byKind![kind]!, one, many));
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : (parts[0] ?? '');
}

const RUNNING_HELP: Record<FullSyncRunKind, string> = {
  first: 'The first full sync is running.',
  resync: 'Re-sync everything is running: every item is sent again, so missing copies are made again.',
  'catch-up': 'Catching up on what changed while the sync stood still.',
};

export const FIRST_ARRIVALS = 'The source space’s first full sync is sending its pages: copies appear here as they arrive, and Details on the source shows its progress.';

/** The sentence a first-time admin needs next to a sync's state: what it means, and what to do. */
export function stateHelp(sync: SyncSummary): string {
  const other = sync.peer ? peerText(sync.peer) : 'The other space';
  switch (sync.state) {
    case 'awaiting-import':
      if (!sync.tokenExpiresAt || new Date(sync.tokenExpiresAt).getTime() < Date.now()) return 'No token is waiting to be used. Get a token (in the ••• menu) and hand it to the other space’s admin.';
      return `Waiting for the other space’s admin to import the token, valid until ${new Date(sync.tokenExpiresAt).toLocaleDateString()}. Get token or Email the token (in the ••• menu) issues a new one.`;
    case 'awaiting-approval':
      return sync.role === 'source'
        ? `${other} claimed the token. Compare its key fingerprint with its admin, then approve or decline the pairing (in the ••• menu).`
        : 'Waiting for the source space’s admin to approve the pairing. Nothing is sent until they do.';
    case 'active':
      if (sync.overview?.pending) return RUNNING_HELP[sync.overview.run ?? 'first'];
      // The first full sync runs at the source, so this side has no progress of its own to show:
      // say what is happening rather than "as they happen" beside "0 items copied here".
      if (awaitingFirstCopies(sync)) return FIRST_ARRIVALS;
      if (sync.role === 'destination') return sync.options.mode === 'automatic' ? 'Changes to the original space arrive here as they happen.' : 'Pages arrive when someone chooses Sync now on the original.';
      return sync.options.mode === 'automatic' ? 'Changes are sent as they happen.' : 'Pages are sent when someone chooses Sync now on them.';
    case 'paused': {
      // The mass-delete guard's hold: the question above the table says what to do.
      if (sync.hold) return sync.notOffered.resume ?? 'Held: mass delete.';
      const here = sync.pausedBy?.includes(sync.role) ?? false;
      const there = sync.pausedBy?.some((r) => r !== sync.role) ?? false;
      if (here && there) return 'Paused by both spaces: each resumes its own pause.';
      if (here) return 'Paused here: nothing moves until you resume it.';
      return sync.notOffered.resume ?? 'Paused by the other space.';
    }
    case 'unpaired':
      if (sync.endedBecause === 'declined') return 'The source space declined the pairing. Import a new token to pair again.';
      if (sync.endedBecause === 'unpaired-by-peer') return 'The other space unpaired it. What was copied stays where it is; nothing more is synced.';
      return 'Unpaired: what was copied stays where it is; nothing more is synced.';
  }
}
