/**
 * The mass-delete guard's question, on both sides' settings: what would go to the trash (counts
 * and the held pages), and the two answers. Each answer opens a confirm dialog first (use-sync-actions).
 */
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import type { SyncAction, SyncSummary } from '../../../src/contract/resolvers';

/** Held pages listed in the message; the rest are counted. */
const LISTED = 10;

export function HeldDeleteMessage({ sync, busy, onAction }: { sync: SyncSummary; busy: boolean; onAction(sync: SyncSummary, action: SyncAction): void }) {
  const hold = sync.hold;
  if (!hold || sync.state !== 'paused') return null;
  const listed = hold.items.slice(0, LISTED);
  const more = hold.items.length - listed.length + hold.more;
  const answer = (action: SyncAction) => () => !busy && onAction(sync, action);
  return (
    <SectionMessage
      appearance="warning"
      title={`“${sync.name}” is held: mass delete`}
      actions={
        sync.actions.includes('confirm-delete')
          ? [
              <SectionMessageAction key="confirm" onClick={answer('confirm-delete')}>
                Confirm the deletion
              </SectionMessageAction>,
              <SectionMessageAction key="undo" onClick={answer('undo-delete')}>
                Undo
              </SectionMessageAction>,
            ]
          : []
      }
    >
      <p>
        {hold.trashes} of {hold.copies} copies ({hold.percent} %) would go to the trash at once. The sync is paused and nothing was trashed {sync.role === 'source' ? 'in the other space' : 'here'}. An admin of either space confirms
        the deletion, or undoes it: the source space then restores these pages from its trash.
      </p>
      <ul aria-label="Held pages">
        {listed.map((item) => (
          <li key={item.id}>{item.title || `Untitled ${item.kind} ${item.id}`}</li>
        ))}
        {more > 0 && <li>and {more} more</li>}
      </ul>
    </SectionMessage>
  );
}
