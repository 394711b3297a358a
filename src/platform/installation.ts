/** This installation's own peer-inbox URL (the web trigger other installations send to). */
import { webTrigger } from '@forge/api';

export const PEER_INBOX_MODULE = 'peer-inbox';

export function peerInboxUrl(): Promise<string> {
  return webTrigger.getUrl(PEER_INBOX_MODULE);
}
