/**
 * What a test needs to play a peer: each installation's own sync records (with the pair
 * addresses no resolver shows), messages signed with an installation's real pairing key, and
 * posts to an inbox web trigger.
 */
import { webTrigger } from '@forge/api';
import type { ForgeHost } from '../../sandbox/forge-host/forge-host';
import type { EmulatedSite } from './emulated-sites';
import { kvsPairingKeys, kvsSyncStore } from '../../src/platform/kvs-sync-store';
import { signPeerMessage, type Outgoing } from '../../src/pairing/peer-message';
import type { Sync } from '../../src/domain/sync';
import { newPairAddress } from '../../src/domain/identity';

export function syncRecords(host: ForgeHost, s: EmulatedSite): Promise<Sync[]> {
  return host.runInInvocation(s.installation, () => kvsSyncStore.listAll());
}

/** The one sync of a role on a site (a test's pair). */
export async function syncOf(host: ForgeHost, s: EmulatedSite, role: Sync['role']): Promise<Sync> {
  const found = (await syncRecords(host, s)).filter((r) => r.role === role);
  if (found.length !== 1) throw new Error(`Expected one ${role} sync on ${s.site.name}, found ${found.length}`);
  return found[0];
}

export function inboxOf(host: ForgeHost, s: EmulatedSite): Promise<string> {
  return host.runInInvocation(s.installation, () => webTrigger.getUrl('peer-inbox'));
}

/**
 * A message signed with the installation's own pairing key, as its code would sign it: `from` is
 * its own address for the pair it writes to (the sync whose peer has that address), unless given.
 */
export async function signedBy(host: ForgeHost, s: EmulatedSite, message: Omit<Outgoing, 'from'> & { from?: string }, options: { iat?: number; version?: number } = {}): Promise<string> {
  const { privateJwk } = await host.runInInvocation(s.installation, () => kvsPairingKeys.keyPair());
  const own = (await syncRecords(host, s)).find((r) => r.peer?.pairId === message.pair);
  const from = message.from ?? own?.pairId ?? newPairAddress();
  return signPeerMessage(privateJwk, { ...message, from }, options.iat ?? Math.floor(Date.now() / 1000), options.version);
}

export async function postTo(url: string, message: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
