/**
 * What the app learns of its site (where Confluence keeps a page's status) is kept per
 * installation, and a site once seen not to show it stays so even when another invocation learnt
 * otherwise meanwhile. Runs against the local Forge host's KVS through the real @forge/kvs.
 */
import { startProbeHost } from '../support/probe-host';
import { kvsSiteFacts } from '../../src/platform/kvs-site-facts';

describe('site facts', () => {
  let env: Awaited<ReturnType<typeof startProbeHost>>;
  beforeEach(async () => {
    env = await startProbeHost();
  });
  afterEach(() => env.host.close());

  it('keeps what one invocation learnt for the next ones of its installation only', async () => {
    await env.host.runInInvocation(env.a, async () => {
      expect(await kvsSiteFacts().stateShown()).toBeUndefined();
      await kvsSiteFacts().learnStateShown(true);
    });
    expect(await env.host.runInInvocation(env.a, () => kvsSiteFacts().stateShown())).toBe(true);
    expect(await env.host.runInInvocation(env.b, () => kvsSiteFacts().stateShown())).toBeUndefined();
  });

  it('lets “not shown” win over a “shown” learnt later by another invocation', async () => {
    const earlier = await env.host.runInInvocation(env.a, async () => {
      const facts = kvsSiteFacts();
      expect(await facts.stateShown()).toBeUndefined();
      return facts;
    });
    await env.host.runInInvocation(env.a, () => kvsSiteFacts().learnStateShown(false));
    await env.host.runInInvocation(env.a, () => earlier.learnStateShown(true));
    expect(await env.host.runInInvocation(env.a, () => kvsSiteFacts().stateShown())).toBe(false);
  });
});
