/** This installation's own peer-inbox URL (the web trigger other installations send to). */
import { getAppContext, webTrigger } from '@forge/api';
import { kvs } from './kvs-client';

export const PEER_INBOX_MODULE = 'peer-inbox';
const INBOX_URL_KEY = 'own-inbox-url';

/**
 * This installation's inbox URL, and whether it is kept already. Each `getUrl` is a platform
 * round trip, limited per minute per app, environment and site (forge-platform.md, web trigger
 * limits), and the URL stays the same unless the app asks for a new one, which it never does; so
 * once a message has gone through, the URL is kept in the installation's KVS (not in module
 * scope: a warm process may serve several installations).
 */
export async function ownInbox(): Promise<{ url: string; kept: boolean }> {
  const kept = await kvs.get<string>(INBOX_URL_KEY);
  return kept ? { url: kept, kept: true } : { url: await webTrigger.getUrl(PEER_INBOX_MODULE), kept: false };
}

export async function peerInboxUrl(): Promise<string> {
  return (await ownInbox()).url;
}

/**
 * Kept once a peer message has gone through, not before: a refused request (a used token, an
 * unreachable source) still writes nothing.
 */
export async function keepInboxUrl(url: string): Promise<void> {
  await kvs.set(INBOX_URL_KEY, url);
}

/** The app and environment this code runs as: a pairing token is valid only where they match. */
export function appAudience(): string {
  // `ari:cloud:ecosystem::environment/<app id>/<environment id>`: the app and the environment in one.
  return getAppContext().environmentAri.toString();
}
