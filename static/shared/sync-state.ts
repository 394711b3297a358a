/** How a sync's state reads, and its lozenge: the space settings table and the site-wide list. */
import type { SyncSummary } from '../../src/contract/resolvers';

export const SYNC_STATE: Record<SyncSummary['state'], { text: string; appearance: 'default' | 'success' | 'moved' | 'removed' | 'inprogress' }> = {
  'awaiting-import': { text: 'Awaiting import', appearance: 'inprogress' },
  'awaiting-approval': { text: 'Awaiting approval', appearance: 'inprogress' },
  active: { text: 'Active', appearance: 'success' },
  paused: { text: 'Paused', appearance: 'moved' },
  unpaired: { text: 'Unpaired', appearance: 'removed' },
};
