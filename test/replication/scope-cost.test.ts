/**
 * What the sync's scope costs on the benchmark's generated space (100 pages, a label on every
 * second page), by the emulator's meter: the first full sync with a scope reads one ancestors
 * answer per item more than a sync of the whole space, and nothing else; the preview of the same
 * scope reads the listing and, only where a label can decide, one label answer per page. The
 * figures go to test-artifacts/scope-cost.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSpace } from '../../sandbox/confluence/seed';
import { startEmulatedSites } from '../support/emulated-sites';
import { bridgeCall, settingsOf } from '../support/replication';
import { ARTIFACTS_DIR } from '../support/browser';

const PAGES = 100;

async function firstSync(scope?: object) {
  const env = await startEmulatedSites();
  try {
    const space = generateSpace(env.source.site, 'BENCH', PAGES);
    env.source.site.grant(env.source.site.spaces.get(space.spaceId)!, env.source.admin, ['read', 'write', 'administer']);
    const call = bridgeCall(env.host);
    const from = settingsOf(env.host, env.source, space.spaceId);
    env.source.emulator.meter.reset();
    const preview = scope ? await call(from, 'previewScope', { scope }) : undefined;
    const previewRequests = env.source.emulator.meter.requests;
    const previewLabelReads = env.source.emulator.meter.byOperation.get('getPageLabels')?.requests ?? 0;
    const sync = await call(from, 'createSync', { name: 'Bench', ...(scope ? { scope } : {}) });
    const { token } = await call(from, 'issueToken', { syncId: sync.id });
    env.source.emulator.meter.reset();
    await call(settingsOf(env.host, env.dest), 'importToken', { token });
    await env.host.settled();
    const copies = [...env.dest.site.contents.values()].filter((c) => c.type === 'page' && c.spaceId === env.dest.spaceId && c.status === 'current').length - 1; // its home page
    return { copies, preview, previewRequests, previewLabelReads, requests: env.source.emulator.meter.requests, ancestors: env.source.emulator.meter.byOperation.get('getPageAncestors')?.requests ?? 0, labels: space.labels };
  } finally {
    await env.host.close();
  }
}

describe('the cost of a sync scope', () => {
  it(`adds one request per item to a first full sync of ${PAGES} pages, and the preview stays within the listing and a label read per page`, async () => {
    const whole = await firstSync();
    const scoped = await firstSync({ excludeLabels: ['no-such-label'] });
    expect(scoped.copies).toBe(whole.copies);
    expect(scoped.ancestors).toBe(PAGES);
    expect(scoped.requests - whole.requests).toBe(PAGES);
    expect(scoped.preview.items).toHaveLength(PAGES);
    expect(scoped.preview.next).toBeUndefined();
    expect(scoped.previewLabelReads).toBe(PAGES);
    // The listing as the full sync makes it (the tree walk reads each page's children once), and the label reads.
    expect(scoped.previewRequests).toBeLessThanOrEqual(2 * PAGES + 10);
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const { preview: _p, ...w } = whole;
    const { preview: _q, ...s } = scoped;
    writeFileSync(join(ARTIFACTS_DIR, 'scope-cost.json'), `${JSON.stringify({ pages: PAGES, wholeSpace: w, excludeLabel: s }, null, 2)}\n`);
  });
});
