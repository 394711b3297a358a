/**
 * The peer transport keeps one invocation's messages within Forge's egress limit (100 a runtime
 * minute, forge-platform.md section 2) and reads the platform's 429 as a busy peer to try again
 * later, against the local Forge host, which enforces the limit.
 */
import { kvs } from '@forge/kvs';
import { webTrigger } from '@forge/api';
import { startProbeHost } from '../support/probe-host';
import { peerTransport } from '../../src/platform/peer-transport';

describe('peer messages within the egress limit', () => {
  let env: Awaited<ReturnType<typeof startProbeHost>>;
  let peerUrl: string;
  beforeEach(async () => {
    env = await startProbeHost();
    peerUrl = await env.host.runInInvocation(env.b, () => webTrigger.getUrl('probe-hook'));
    // This side's own inbox is known, so the transport asks the platform for nothing else.
    await env.host.runInInvocation(env.a, () => kvs.set('own-inbox-url', 'https://own.example/inbox'));
  });
  afterEach(() => env.host.close());

  it('waits before a message that would pass its window, so none is refused', async () => {
    const transport = peerTransport(async () => ({ status: 500, body: {} }), { limit: 3, windowMs: 400 });
    const started = Date.now();
    const replies = await env.host.runInInvocation(env.a, () => Promise.all(Array.from({ length: 5 }, () => transport.send(peerUrl, 'm'))));
    expect(replies.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
    // The fourth and fifth waited for the first to leave the window.
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
  });

  it('answers a message the platform refused for the egress limit as a busy peer with a retry a minute later', async () => {
    const unpaced = peerTransport(async () => ({ status: 500, body: {} }), { limit: 1000, windowMs: 60_000 });
    const replies = await env.host.runInInvocation(env.a, () => Promise.all(Array.from({ length: 101 }, () => unpaced.send(peerUrl, 'm'))));
    expect(replies.filter((r) => r.status === 202)).toHaveLength(100);
    expect(replies.filter((r) => r.status !== 202)).toEqual([{ status: 503, body: { error: 'busy', retryAfter: 60 } }]);
  });
});
