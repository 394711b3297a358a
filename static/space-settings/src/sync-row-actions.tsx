/**
 * A sync's actions behind its "•••" button, as Atlassian's tables have them: exactly the actions
 * the server says this sync allows now (`actions`), but Verify, whose button is in the Details it
 * reports in; the ones that cannot be undone apart at the end. The button shows a spinner while
 * one of them runs. The menu renders next to its button, inside the page's <main>, not in a
 * portal outside every landmark.
 */
import DropdownMenu, { DropdownItem, DropdownItemGroup } from '@atlaskit/dropdown-menu';
import { IconButton } from '@atlaskit/button/new';
import MoreIcon from '@atlaskit/icon/core/show-more-horizontal';
import type { SyncAction, SyncSummary } from '../../../src/contract/resolvers';
import { ACTION_LABEL } from './sync-words';

const FINAL: SyncAction[] = ['unpair', 'delete'];
/** Offered in the Details panel, where its report is. */
const IN_DETAILS: SyncAction[] = ['verify'];

/** Marks a row's "•••" button, so closing the details can give the focus back to it. */
export const rowActionsTestId = (syncId: string) => `sync-actions-${syncId}`;

export function SyncRowActions({ sync, busy, onAction }: { sync: SyncSummary; busy: boolean; onAction(sync: SyncSummary, action: SyncAction): void }) {
  const menu = sync.actions.filter((a) => !IN_DETAILS.includes(a));
  const everyday = menu.filter((a) => !FINAL.includes(a));
  const final = menu.filter((a) => FINAL.includes(a));
  return (
    <DropdownMenu<HTMLButtonElement>
      placement="bottom-end"
      shouldRenderToParent
      trigger={({ triggerRef, ...props }) => <IconButton {...props} ref={triggerRef} icon={MoreIcon} label={`Actions for ${sync.name}`} testId={rowActionsTestId(sync.id)} isLoading={busy} appearance="subtle" />}
    >
      {everyday.length > 0 && (
        <DropdownItemGroup>
          {everyday.map((action) => (
            <DropdownItem key={action} onClick={() => onAction(sync, action)}>
              {ACTION_LABEL[action]}
            </DropdownItem>
          ))}
        </DropdownItemGroup>
      )}
      {final.length > 0 && (
        <DropdownItemGroup hasSeparator>
          {final.map((action) => (
            <DropdownItem key={action} onClick={() => onAction(sync, action)}>
              {ACTION_LABEL[action]}
            </DropdownItem>
          ))}
        </DropdownItemGroup>
      )}
    </DropdownMenu>
  );
}
