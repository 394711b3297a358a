/**
 * How each page status reads, and its lozenge: shared by the page action and the dashboard.
 * Worded for the side that reads it: "the copy" from the original's side, "your copy" on the copy.
 */
import type { PageSyncState } from '../../src/contract/resolvers';

type Appearance = 'default' | 'success' | 'removed' | 'inprogress' | 'new' | 'moved';
export type ShownStatus = PageSyncState['status'] | 'pending';
type Side = PageSyncState['direction'];

export const PAGE_STATUS: Record<ShownStatus, { text: string; appearance: Appearance; help: Record<Side, string> }> = {
  'not-synced': { text: 'Not synced', appearance: 'default', help: { outgoing: 'This page has not been sent yet.', incoming: 'Not synced yet.' } },
  pending: { text: 'Pending', appearance: 'inprogress', help: { outgoing: 'Queued; it arrives in a few seconds.', incoming: 'Queued; it arrives in a few seconds.' } },
  synced: { text: 'Synced', appearance: 'success', help: { outgoing: 'The copy has this version.', incoming: 'Your copy has the original’s latest version.' } },
  behind: { text: 'Behind', appearance: 'moved', help: { outgoing: 'Edited since it was last sent.', incoming: 'The original was edited since.' } },
  ahead: { text: 'Ahead', appearance: 'new', help: { outgoing: 'The copy was edited in its own space since Space Sync wrote it.', incoming: 'Your copy was edited here since Space Sync last wrote it.' } },
  deleted: { text: 'Deleted', appearance: 'removed', help: { outgoing: 'In the trash, on both sides.', incoming: 'In the trash, on both sides.' } },
  restricted: { text: 'Restricted', appearance: 'removed', help: { outgoing: 'Space Sync cannot read this page.', incoming: 'Space Sync cannot read this page.' } },
  failed: { text: 'Failed', appearance: 'removed', help: { outgoing: 'The last attempt failed.', incoming: 'The last attempt failed.' } },
  unpaired: { text: 'No longer synced', appearance: 'default', help: { outgoing: 'Synced until the sync was unpaired; its copy stays in the other space.', incoming: 'Your copy stays as it is and is no longer updated.' } },
  skipped: { text: 'Skipped', appearance: 'default', help: { outgoing: 'This sync does not include this page.', incoming: 'This sync does not include this page.' } },
};
