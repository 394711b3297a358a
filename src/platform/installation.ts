/** This installation's own peer-inbox URL (the web trigger other installations send to). */
import { getAppContext, webTrigger } from '@forge/api';

export const PEER_INBOX_MODULE = 'peer-inbox';

export function peerInboxUrl(): Promise<string> {
  return webTrigger.getUrl(PEER_INBOX_MODULE);
}

/** The app and environment this code runs as: a pairing token is valid only where they match. */
export function appAudience(): string {
  // `ari:cloud:ecosystem::environment/<app id>/<environment id>`: the app and the environment in one.
  return getAppContext().environmentAri.toString();
}
