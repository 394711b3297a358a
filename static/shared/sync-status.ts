/** How each page status reads, and its lozenge: shared by the page action and the dashboard. */
import type { PageSyncState } from '../../src/contract/resolvers';

type Appearance = 'default' | 'success' | 'removed' | 'inprogress' | 'new' | 'moved';
export type ShownStatus = PageSyncState['status'] | 'pending';

export const PAGE_STATUS: Record<ShownStatus, { text: string; appearance: Appearance; help: string }> = {
  'not-synced': { text: 'Not synced', appearance: 'default', help: 'This page has not been sent yet.' },
  pending: { text: 'Pending', appearance: 'inprogress', help: 'Queued; it arrives in a few seconds.' },
  synced: { text: 'Synced', appearance: 'success', help: 'The other space has this version.' },
  behind: { text: 'Behind', appearance: 'moved', help: 'Edited since it was last sent.' },
  ahead: { text: 'Ahead', appearance: 'new', help: 'The copy was edited in its own space since Space Sync wrote it.' },
  deleted: { text: 'Deleted', appearance: 'removed', help: 'In the trash, on both sides.' },
  restricted: { text: 'Restricted', appearance: 'removed', help: 'Space Sync cannot read this page.' },
  failed: { text: 'Failed', appearance: 'removed', help: 'The last attempt failed.' },
  skipped: { text: 'Skipped', appearance: 'default', help: 'This sync does not include this page.' },
};
