/**
 * What each state of a sync allows, and why not when it does not: the one place these rules
 * live. The use cases refuse with them (pair-control, sync-admin, full-sync), and the summaries
 * the settings page lists carry what they allow (`actions`) and why the rest is not offered
 * (`notOffered`), so the UI never re-derives them. Pure, no I/O.
 */
import type { SyncAction } from '../contract/resolvers';
import type { Role, Sync } from './sync';
import { UserError } from './user-error';

/** Allowed, or the sentence that says why not. */
export type Rule = { ok: true } | { ok: false; reason: string };

const OK: Rule = { ok: true };

/** Refuses with the rule's own reason. */
export function enforce(rule: Rule): void {
  if (!rule.ok) throw new UserError('not-allowed-now', rule.reason);
}
const no = (reason: string): Rule => ({ ok: false, reason });
const other = (role: Role): Role => (role === 'source' ? 'destination' : 'source');
const spaceOf = (role: Role) => (role === 'source' ? 'source space' : 'destination space');

export type PairAction = 'pause' | 'resume' | 'unpair';
export const PAIR_ACTIONS: PairAction[] = ['pause', 'resume', 'unpair'];

/** Each side holds its own pause: the sync runs again once nobody holds one. */
export function withPause(sync: Sync, by: Role, paused: boolean): Sync {
  const holders = new Set(sync.pausedBy ?? []);
  if (paused) holders.add(by);
  else holders.delete(by);
  const pausedBy = [...holders].sort();
  return { ...sync, pausedBy, state: pausedBy.length ? 'paused' : 'active' };
}

/** Pause, resume or unpair taken by side `by`: the sync afterwards, or why it cannot be done. */
export function afterPairAction(sync: Sync, action: PairAction, by: Role): Sync | string {
  const paused = sync.pausedBy ?? [];
  switch (action) {
    case 'pause': {
      // Active, or paused by the other side only: each side holds its own pause.
      const canPause = sync.state === 'active' || (sync.state === 'paused' && !paused.includes(by));
      return canPause ? withPause(sync, by, true) : sync.state === 'paused' ? 'This space has paused this sync already.' : 'Only an active sync can be paused.';
    }
    case 'resume':
      if (sync.state !== 'paused') return 'Only a paused sync can be resumed.';
      if (sync.hold) return HELD;
      if (!paused.includes(by) && paused.length) return `The ${spaceOf(other(by))} paused this sync; only its admins can resume it.`;
      return withPause(sync, by, false);
    case 'unpair':
      if (sync.state === 'unpaired' || sync.state === 'awaiting-import') return 'Only a paired sync can be unpaired.';
      // The source admin answers a claim with Approve or Decline; the destination may still withdraw.
      if (sync.state === 'awaiting-approval' && by === 'source') return 'Approve or decline the claim instead.';
      return { ...sync, state: 'unpaired' };
  }
}

/** Why a held sync is not resumed by hand: the guard's question is answered instead. */
export const HELD = 'Held: mass delete. Confirm the deletion or undo it to run the sync again.';

/** Either side's admin answers the mass-delete guard while it holds the sync. */
export function guardAnswerRule(sync: Sync): Rule {
  // An unpaired sync sends nothing more, so a question it still records is no longer asked.
  return sync.hold && sync.peer && sync.state === 'paused' ? OK : no('This sync holds no mass delete.');
}

/** This side's admin takes a pair action: it needs a peer, then the state rule. */
export function pairActionRule(sync: Sync, action: PairAction): Rule {
  if (!sync.peer) return no('This sync is not paired with another space yet.');
  const after = afterPairAction(sync, action, sync.role);
  return typeof after === 'string' ? no(after) : OK;
}

export function tokenRule(sync: Sync): Rule {
  if (sync.role !== 'source') return no('Tokens are issued by the source space.');
  if (sync.state !== 'awaiting-import') return no('A token can only be issued for a sync that is awaiting import.');
  return OK;
}

/** The source admin approves or declines a claim of the token. */
export function decisionRule(sync: Sync): Rule {
  if (sync.role !== 'source' || sync.state !== 'awaiting-approval' || !sync.peer) return no('That sync has no claim waiting for approval.');
  return OK;
}

export function deleteRule(sync: Sync): Rule {
  if (sync.state === 'active' || sync.state === 'paused') return no('Unpair this sync before deleting it.');
  if (sync.state === 'awaiting-approval') return no(sync.role === 'source' ? 'Approve or decline the claim before deleting this sync.' : 'Unpair this sync before deleting it.');
  return OK;
}

export function resyncRule(sync: Sync): Rule {
  if (sync.role !== 'source') return no('Re-sync everything is run by the source space.');
  if (sync.state !== 'active') return no('Only an active outgoing sync can re-sync everything.');
  return OK;
}

/** Who lifts a pause, as the Verify reason says it: this side's admin, the other side's, or both (each lifts its own). */
function whoResumes(sync: Sync): string {
  if (sync.hold) return 'the mass-delete question is answered';
  const holders = sync.pausedBy ?? [sync.role];
  const here = holders.includes(sync.role);
  const there = holders.includes(other(sync.role));
  if (here && there) return `you and the ${spaceOf(other(sync.role))}’s admins resume it`;
  return here ? 'you resume it' : `the ${spaceOf(other(sync.role))}’s admins resume it`;
}

/** Verify compares the two spaces, from either side, while the sync runs. */
export function verifyRule(sync: Sync): Rule {
  if (sync.state === 'active') return OK;
  if (sync.state === 'paused') return no(`Verify needs an active sync: it can run again once ${whoResumes(sync)}.`);
  if (sync.state === 'unpaired') return no('An unpaired sync is no longer verified: nothing is synced between the spaces.');
  return no('Verify can run once the spaces are paired.');
}

/**
 * Details show the Verify panel while the spaces are paired: running, it offers Verify; paused,
 * its button waits with `verifyRule`'s reason. Not yet paired, or ended, there is nothing to compare.
 */
export function showsVerify(sync: Sync): boolean {
  return sync.state === 'active' || sync.state === 'paused';
}

export function detailsRule(sync: Sync): Rule {
  return sync.state === 'awaiting-import' ? no('Details appear once the other space has imported the token.') : OK;
}

/** Each side sets its own notifications once there is a pair to notify about. */
export function notificationsRule(sync: Sync): Rule {
  if (sync.state === 'unpaired') return no('An unpaired sync sends no notifications.');
  return sync.peer ? OK : no('Notifications can be set once the other space has imported the token.');
}

/** What an admin of this side may change in Edit. */
export function editableFields(sync: Sync): { message: Rule; options: Rule; requireApproval: Rule } {
  return {
    // The message travels in the token only: once the token is used there is no one left to read a new one.
    message: sync.role !== 'source' ? no('The message belongs to the source of the sync.') : sync.state === 'awaiting-import' ? OK : no('The message goes with the token, which has been used.'),
    options: sync.role === 'source' && sync.state !== 'unpaired' ? OK : no('What to sync is chosen on the source side of an active sync.'),
    requireApproval: sync.role === 'source' && sync.state === 'awaiting-import' ? OK : no('Approval of the pairing is chosen on the source side before the token is claimed.'),
  };
}

/** Every row action, in the order a menu lists them, with its rule. */
const RULES: Array<[SyncAction, (sync: Sync) => Rule]> = [
  ['approve', decisionRule],
  ['decline', decisionRule],
  ['details', detailsRule],
  ['edit', () => OK],
  ['notifications', notificationsRule],
  ['get-token', tokenRule],
  ['email-token', tokenRule],
  ['resync', resyncRule],
  ['verify', verifyRule],
  ['pause', (s) => pairActionRule(s, 'pause')],
  ['resume', (s) => pairActionRule(s, 'resume')],
  ['unpair', (s) => pairActionRule(s, 'unpair')],
  ['delete', deleteRule],
  ['confirm-delete', guardAnswerRule],
  ['undo-delete', guardAnswerRule],
];

/** What the settings page may offer for a sync, and why each other action is not offered. */
export function allowedActions(sync: Sync): { actions: SyncAction[]; notOffered: Partial<Record<SyncAction, string>> } {
  const actions: SyncAction[] = [];
  const notOffered: Partial<Record<SyncAction, string>> = {};
  for (const [action, rule] of RULES) {
    const verdict = rule(sync);
    if (verdict.ok) actions.push(action);
    else notOffered[action] = verdict.reason;
  }
  return { actions, notOffered };
}

const STATE_ORDER: Record<Sync['state'], number> = { active: 0, paused: 1, 'awaiting-approval': 2, 'awaiting-import': 3, unpaired: 4 };

/** Paired syncs first, then those waiting, then ended ones; by name within each; stable on ties. */
export function compareSyncs(a: Pick<Sync, 'state' | 'name' | 'createdAt' | 'id'>, b: Pick<Sync, 'state' | 'name' | 'createdAt' | 'id'>): number {
  return STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}
