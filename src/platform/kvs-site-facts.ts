/**
 * What the app has learnt of this site's Confluence (replication/ports.ts SiteFacts), kept in
 * KVS, which is the installation's own. Read once per deps (an invocation) rather than once per
 * page; a fact changes at most once, from unknown to known.
 */
import { kvs } from './kvs-client';
import type { SiteFacts } from '../replication/ports';
import type { StateShown } from '../domain/appearance';

const STATE_SHOWN = 'site-fact:state-shown-as-property';

export function kvsSiteFacts(): SiteFacts {
  let known: Promise<StateShown> | undefined;
  return {
    stateShown() {
      known ??= kvs.get<boolean>(STATE_SHOWN).then((v) => (typeof v === 'boolean' ? v : undefined));
      known.catch(() => (known = undefined));
      return known;
    },
    async learnStateShown(shown) {
      // Not showing it wins: another invocation may have learnt `false` meanwhile from another page.
      const stored = shown ? await kvs.get<boolean>(STATE_SHOWN) : undefined;
      const fact = stored === false ? false : shown;
      if (fact !== stored) await kvs.set(STATE_SHOWN, fact);
      known = Promise.resolve(fact);
    },
  };
}
