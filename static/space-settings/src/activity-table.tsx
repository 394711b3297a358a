/**
 * A sync's latest activity: when, which item, why (an edit, the full sync, Sync now, Retry…),
 * what came of it, and "Retry" on an item that failed. Worded for this side; folded into two
 * columns on a narrow frame.
 */
import { useState } from 'react';
import DynamicTable from '@atlaskit/dynamic-table';
import EmptyState from '@atlaskit/empty-state';
import Lozenge from '@atlaskit/lozenge';
import Button from '@atlaskit/button/new';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import type { ActivityView, SyncSummary } from '../../../src/contract/resolvers';
import { relativeTime } from '../../shared/relative-time';
import { useNarrow } from '../../shared/use-narrow';

type Appearance = 'success' | 'removed' | 'moved' | 'new' | 'default' | 'inprogress';

const OUTCOME: Record<string, { text: string; appearance: Appearance }> = {
  created: { text: 'Created', appearance: 'success' },
  updated: { text: 'Updated', appearance: 'success' },
  restored: { text: 'Restored', appearance: 'success' },
  trashed: { text: 'Trashed', appearance: 'moved' },
  'ahead-kept': { text: 'Ahead, kept', appearance: 'new' },
  'ahead-overwritten': { text: 'Ahead, overwritten', appearance: 'moved' },
  adopted: { text: 'Adopted', appearance: 'success' },
  'left-scope': { text: 'Left the scope', appearance: 'default' },
  'title-clash': { text: 'Title clash', appearance: 'moved' },
  partial: { text: 'Partly copied', appearance: 'moved' },
  restricted: { text: 'Restricted', appearance: 'removed' },
  failed: { text: 'Failed', appearance: 'removed' },
  stale: { text: 'Older, ignored', appearance: 'default' },
  unchanged: { text: 'Unchanged', appearance: 'default' },
  claimed: { text: 'Token claimed', appearance: 'inprogress' },
  approved: { text: 'Pairing approved', appearance: 'success' },
  declined: { text: 'Pairing declined', appearance: 'removed' },
  'version-refused': { text: 'Other version', appearance: 'removed' },
  'caught-up': { text: 'Caught up', appearance: 'success' },
  reordered: { text: 'Page order set', appearance: 'success' },
  inherited: { text: 'Earlier sync taken over', appearance: 'inprogress' },
  held: { text: 'Held: mass delete', appearance: 'moved' },
  'delete-confirmed': { text: 'Deletion confirmed', appearance: 'moved' },
  'delete-undone': { text: 'Deletion undone', appearance: 'success' },
  'notice-undelivered': { text: 'Message not delivered', appearance: 'removed' },
  'review-waiting': { text: 'Waits for review', appearance: 'new' },
  'review-taken': { text: 'Review: taken', appearance: 'success' },
  'review-kept': { text: 'Review: edits kept', appearance: 'new' },
};

/** The outcome as this side reads it: an edit of the copy is "there" at the source and "here" at the destination. */
function outcomeOf(entry: ActivityView, role: SyncSummary['role']) {
  if (entry.outcome === 'ahead') return { text: role === 'source' ? 'Edited at the copy' : 'Edited here', appearance: 'new' as const };
  return OUTCOME[entry.outcome] ?? { text: entry.outcome, appearance: 'default' as const };
}

const WHAT: Record<string, string> = { page: 'Page', blogpost: 'Blog post', comment: 'Comment', attachment: 'File', label: 'Label', folder: 'Folder', whiteboard: 'Whiteboard', database: 'Database', embed: 'Smart link' };

/** "avi:confluence:updated:page" reads as "Page updated"; other causes are already words. */
export function causeText(cause: string): string {
  const event = /^avi:confluence:(\w+):(\w+)$/.exec(cause);
  if (!event) return cause;
  const [, action, type] = event;
  return `${WHAT[type] ?? type} ${action}`;
}

const itemText = (e: ActivityView) => (e.sourceId ? e.title || `Item ${e.sourceId}` : 'The pairing');
const whyText = (e: ActivityView) => (e.by ? `${causeText(e.cause)} by ${e.by}` : causeText(e.cause));

function RetryButton({ entry, onRetry }: { entry: ActivityView; onRetry(entry: ActivityView): Promise<void> }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      isLoading={busy}
      onClick={() => {
        setBusy(true);
        void onRetry(entry).finally(() => setBusy(false));
      }}
    >
      Retry
    </Button>
  );
}

export function ActivityTable({ entries, role, onRetry }: { entries: ActivityView[]; role: SyncSummary['role']; onRetry(entry: ActivityView): Promise<void> }) {
  const narrow = useNarrow();
  const empty = <EmptyState header="Nothing has moved yet" description="Each change appears here as it syncs: what happened to which page, and why." headingLevel={3} />;
  const retry = (e: ActivityView) => (e.retryable ? <RetryButton entry={e} onRetry={onRetry} /> : '');
  const outcome = (e: ActivityView) => {
    const o = outcomeOf(e, role);
    return (
      <Lozenge appearance={o.appearance} testId="activity-outcome">
        {o.text}
      </Lozenge>
    );
  };
  if (narrow) {
    return (
      <DynamicTable
        label="Activity"
        emptyView={empty}
        head={{ cells: [{ key: 'change', content: 'Change' }, { key: 'outcome', content: 'Outcome', width: 35 }] }}
        rows={entries.map((e, i) => ({
          key: `${e.at}-${i}`,
          cells: [
            {
              key: 'change',
              content: (
                <Stack space="space.050">
                  <Text weight="semibold">{itemText(e)}</Text>
                  <Text size="small">
                    {whyText(e)}, {relativeTime(e.at)}
                  </Text>
                  {e.detail && <Text size="small" color="color.text.subtle">{e.detail}</Text>}
                </Stack>
              ),
            },
            {
              key: 'outcome',
              content: (
                // Start-aligned: a column stretches its children, and a lozenge is as wide as its word.
                <Stack space="space.100" alignInline="start">
                  {outcome(e)}
                  {retry(e)}
                </Stack>
              ),
            },
          ],
        }))}
      />
    );
  }
  return (
    <DynamicTable
      label="Activity"
      emptyView={empty}
      head={{ cells: [{ key: 'when', content: 'When', width: 11 }, { key: 'page', content: 'Item', width: 20 }, { key: 'cause', content: 'Why', width: 18 }, { key: 'outcome', content: 'Outcome', width: 14 }, { key: 'detail', content: 'Details' }, { key: 'action', content: 'Action', width: 8 }] }}
      rows={entries.map((e, i) => ({
        key: `${e.at}-${i}`,
        cells: [
          { key: 'when', content: relativeTime(e.at) },
          { key: 'page', content: itemText(e) },
          { key: 'cause', content: whyText(e) },
          { key: 'outcome', content: outcome(e) },
          { key: 'detail', content: e.detail ?? '' },
          { key: 'action', content: retry(e) },
        ],
      }))}
    />
  );
}
