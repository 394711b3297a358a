/**
 * The app's own account id on this site: what tells its own writes from everyone else's. Read
 * once from `/wiki/rest/api/user/current` as the app (forge-platform.md section 3.1 notes this is
 * UNCONFIRMED on a real site) and kept in KVS, which is the installation's own (it never changes
 * for an installation). Not kept in module scope: a warm process may serve several
 * installations, and the site ARI alone need not tell them apart.
 */
import { kvs } from './kvs-client';
import { appUser } from '../confluence/app-user';
import { storageBusy } from '../replication/retry';

const KEY = 'app-account-id';
/** Undefined when it cannot be learnt now (Confluence unreachable, or not the app's account). */
export async function ownAccountId(): Promise<string | undefined> {
  try {
    const stored = await kvs.get<string>(KEY);
    const id = stored ?? (await fetchOwnId());
    if (!id) return undefined;
    if (!stored) await kvs.set(KEY, id);
    return id;
  } catch (e) {
    // Busy storage passes: the caller waits and tries again, rather than go on without the id.
    if (storageBusy(e)) throw e;
    console.warn(`Could not learn the app's own account id: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

async function fetchOwnId(): Promise<string | undefined> {
  const user = await appUser();
  // Only an app account can be this app's; anything else is not trusted as its id.
  return user.accountType === undefined || user.accountType === 'app' ? user.accountId : undefined;
}
