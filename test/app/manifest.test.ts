import { join } from 'node:path';
import { validate } from '@forge/manifest';
import { loadManifest } from '../../sandbox/forge-host/manifest';

const ROOT = join(__dirname, '..', '..');

describe('manifest.yml', () => {
  it('validates with @forge/manifest, with no errors or warnings', async () => {
    const cwd = process.cwd();
    process.chdir(ROOT); // resource paths are relative to the app root, as for `forge deploy`
    try {
      const result = await validate(false, 'manifest.yml');
      expect(result.errors ?? []).toEqual([]);
      expect(result.success).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });

  it('wires every module the product needs to a function that src/index.ts exports', () => {
    const manifest = loadManifest(join(ROOT, 'manifest.yml'));
    const exported = require(join(ROOT, 'src', 'index')) as Record<string, unknown>;
    expect(manifest.runtime).toBe('nodejs22.x');
    expect(manifest.uiModules.map((m) => m.type).sort()).toEqual(['confluence:contentAction', 'confluence:globalSettings', 'confluence:spaceSettings']);
    expect(manifest.consumers.map((c) => c.queue).sort()).toEqual(['inbound', 'outbound']);
    expect(manifest.webTriggers.map((w) => w.key)).toEqual(['peer-inbox']);
    expect(manifest.scheduledTriggers.map((s) => [s.key, s.interval])).toEqual([['reconcile', 'hour'], ['daily-digest', 'day']]);
    expect(manifest.triggers[0].events).toEqual(expect.arrayContaining(['avi:confluence:updated:page', 'avi:confluence:moved:page', 'avi:confluence:added:label']));
    // Archive events and live docs' own events (confluence-real row 84: live docs never raise created/updated).
    const lifecycle = ['archived', 'unarchived', 'initialized', 'started', 'snapshotted', 'published'].map((a) => `avi:confluence:${a}:page`);
    expect(manifest.triggers[0].events).toEqual(expect.arrayContaining(lifecycle));
    expect(manifest.triggers.every((t) => !t.filter?.ignoreSelf)).toBe(true);
    for (const fn of manifest.functions.values()) {
      const exportName = fn.handler.split('.')[1];
      expect(typeof exported[exportName]).toBe('function');
    }
    // Peer inboxes, Confluence's media host for downloads the platform may hand back (page-parts.ts),
    // and the chat webhook hosts notifications post to (chat-webhook-url.ts; test/app/chat-egress.test.ts).
    expect(manifest.egress).toEqual(['*.hello.atlassian-dev.net', '*.webtrigger.atlassian.app', 'api.media.atlassian.com', 'hooks.slack.com', '*.logic.azure.com', '*.environment.api.powerplatform.com', '*.webhook.office.com', 'chat.googleapis.com']);
  });
});
