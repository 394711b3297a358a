/**
 * Runs a row's action: opens its dialog, or asks first for what cannot be undone, or calls the
 * server with a spinner on the row; then reloads the list and says what came of it in a flag.
 */
import { useState } from 'react';
import type { SyncAction, SyncSummary } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { useOutcomeFlags } from '../../shared/outcome-flags';
import type { SettingsDialog } from './settings-dialog';
import { ACTION_LABEL } from './sync-words';
import { siteHost } from '../../shared/site-host';

interface Deps {
  refresh(): Promise<void>;
  show(dialog: SettingsDialog): void;
  openDetails(syncId: string): void;
}

const named = (sync: SyncSummary) => `“${sync.name}”`;

/**
 * What Unpair ends, named (with several syncs, "these spaces" says nothing), and how this side
 * pairs again: the source makes a new sync and token, the destination imports the token it gets.
 */
function unpairText(sync: SyncSummary): string {
  const other = sync.peer ? `${sync.peer.spaceName} (${sync.peer.spaceKey}) on ${siteHost(sync.peer.siteUrl)}` : 'the other space';
  const again = sync.role === 'source' ? 'create a new sync and hand its token to the other space’s admin' : 'import a new token from the source space’s admin';
  return `Nothing more will be synced between this space and ${other}. What was copied stays where it is. To sync again, ${again}.`;
}

export function useSyncActions({ refresh, show, openDetails }: Deps) {
  const flags = useOutcomeFlags();
  const [busy, setBusy] = useState<Partial<Record<string, SyncAction>>>({});

  const running = async (sync: SyncSummary, action: SyncAction, work: () => Promise<void>) => {
    setBusy((b) => ({ ...b, [sync.id]: action }));
    try {
      await work();
    } catch (e) {
      flags.failure(`${ACTION_LABEL[action]} did not work for ${named(sync)}`, e);
    } finally {
      await refresh();
      setBusy((b) => ({ ...b, [sync.id]: undefined }));
    }
  };

  const changePair = (sync: SyncSummary, action: 'pause' | 'resume' | 'unpair') =>
    running(sync, action, async () => {
      const { peerNotified, peerProblem } = await callBackend('changePair', { syncId: sync.id, action });
      const done = { pause: `${named(sync)} is paused`, resume: `${named(sync)} is running again`, unpair: `${named(sync)} is unpaired` }[action];
      const meaning = {
        pause: 'Nothing moves until this space resumes it.',
        resume: 'It catches up with what changed while it was paused.',
        unpair: 'Nothing more is synced. What was copied stays where it is.',
      }[action];
      if (peerNotified) flags.success(done, meaning);
      else flags.warning(`${done} here`, `${peerProblem ?? 'The other space could not be told.'} This side has changed; the other side catches up when it is reachable.`);
    });

  const decide = (sync: SyncSummary, decision: 'approve' | 'decline') =>
    running(sync, decision, async () => {
      await callBackend('decideClaim', { syncId: sync.id, decision });
      if (decision === 'approve') flags.success(`You approved the pairing of ${named(sync)}`, 'The first full sync has started; Details shows its progress.');
      else flags.success(`You declined the pairing of ${named(sync)}`, 'The token it used no longer works. Get a new token to pair again.');
    });

  /** The mass-delete guard's question, answered from this side (the source acts either way). */
  const answerHold = (sync: SyncSummary, answer: 'confirm' | 'undo') =>
    running(sync, answer === 'confirm' ? 'confirm-delete' : 'undo-delete', async () => {
      const { detail, peerNotified } = await callBackend('answerMassDelete', { syncId: sync.id, question: sync.hold?.question ?? '', answer });
      const title = answer === 'confirm' ? `Deletion confirmed for ${named(sync)}` : `Deletion undone for ${named(sync)}`;
      if (peerNotified) flags.success(title, detail);
      else flags.warning(`${title} here`, `${detail} The other space could not be told yet; it still shows the question until it hears.`);
    });

  const resync = (sync: SyncSummary) =>
    running(sync, 'resync', async () => {
      await callBackend('resyncEverything', { syncId: sync.id });
      flags.success(`Re-sync of ${named(sync)} queued`, 'Every item is checked, and copies that went missing are made again.');
    });

  const issueToken = (sync: SyncSummary) =>
    running(sync, 'get-token', async () => {
      show({ kind: 'token', issued: await callBackend('issueToken', { syncId: sync.id }) });
    });

  const run = (sync: SyncSummary, action: SyncAction): void => {
    switch (action) {
      case 'details':
      case 'verify': // its button is in the details
        return openDetails(sync.id);
      case 'edit':
        return show({ kind: 'edit', sync });
      case 'notifications':
        return show({ kind: 'notifications', sync });
      case 'email-token':
        return show({ kind: 'email', sync });
      case 'get-token':
        return void issueToken(sync);
      case 'approve':
        return void decide(sync, 'approve');
      case 'decline':
        return show({
          kind: 'confirm',
          confirmation: {
            title: 'Decline this pairing?',
            body: `${sync.peer?.spaceName ?? 'The other space'} will not receive anything, and the token it used stops working. You can get a new token afterwards.`,
            action: 'Decline',
            run: () => decide(sync, 'decline'),
          },
        });
      case 'pause':
      case 'resume':
        return void changePair(sync, action);
      case 'unpair':
        return show({
          kind: 'confirm',
          confirmation: {
            title: `Unpair ${named(sync)}?`,
            body: unpairText(sync),
            action: 'Unpair',
            run: () => changePair(sync, 'unpair'),
          },
        });
      case 'delete':
        return show({
          kind: 'confirm',
          confirmation: {
            title: `Delete ${named(sync)}?`,
            // Per side: only the source issues tokens; the destination holds the copies, which stay.
            body:
              sync.role === 'source'
                ? 'The sync, its history and any token issued for it are removed. A token already handed over stops working.'
                : 'The sync and its history are removed from this space. The pages it copied here stay as they are.',
            action: 'Delete',
            run: () =>
              running(sync, 'delete', async () => {
                await callBackend('deleteSync', { syncId: sync.id });
                flags.success(`${named(sync)} is deleted`);
              }),
          },
        });
      case 'resync':
        return void resync(sync);
      case 'confirm-delete':
        return show({
          kind: 'confirm',
          confirmation: {
            title: 'Confirm the deletion?',
            body: `The ${sync.hold?.trashes ?? ''} held pages go to the trash in the destination space too, and the sync runs again.`,
            action: 'Confirm the deletion',
            run: () => answerHold(sync, 'confirm'),
          },
        });
      case 'undo-delete':
        return show({
          kind: 'confirm',
          confirmation: {
            title: 'Undo the deletion?',
            body: `The source space restores the ${sync.hold?.trashes ?? ''} held pages from its trash, the copies stay as they are, and the sync runs again.`,
            action: 'Undo',
            run: () => answerHold(sync, 'undo'),
          },
        });
    }
  };

  return { busy, run, resync, issueToken };
}
