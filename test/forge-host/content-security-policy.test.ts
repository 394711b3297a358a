/**
 * The host's Custom UI policy is @forge/csp's, driven by manifest.yml's permissions and the page's
 * own inline scripts; only report-uri is the host's. The browser side is in
 * test/browser/content-security-policy.test.ts.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { load } from 'cheerio';
import { CSPInjectionService, CSPProcessingService } from '@forge/csp';
import type { Permissions } from '@forge/manifest';
import { contentSecurityPolicy, CSP_REPORT_PATH } from '../../sandbox/forge-host/content-security-policy';
import { loadManifest } from '../../sandbox/forge-host/manifest';

const PAGE = '<!doctype html><html><head><script src="/forge/bridge-shim.js?token=t"></script></head><body><div id="root"></div></body></html>';
const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as const));

describe('the Custom UI Content-Security-Policy', () => {
  const manifest = loadManifest(join(__dirname, '..', '..', 'manifest.yml'));

  it("for this app's manifest has no 'unsafe-inline' for styles or scripts, and only 'self' beyond Forge's own origins", () => {
    const policy = directives(contentSecurityPolicy(PAGE, manifest.permissions, manifest.remotes));
    expect(policy.get('style-src')).not.toContain("'unsafe-inline'");
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
    expect(policy.get('script-src')?.[0]).toBe("'self'");
    expect(policy.get('connect-src')?.filter((s) => !s.startsWith('https://'))).toEqual(["'self'"]);
    expect(policy.get('report-uri')).toEqual([CSP_REPORT_PATH]);
  });

  it("is @forge/csp's prod policy directive for directive, except report-uri", () => {
    const details = new CSPProcessingService({ info: () => {} }, load).getCspDetails(PAGE, manifest.permissions);
    const forge = directives(new CSPInjectionService().getInjectableCSP({ existingCSPDetails: details, microsEnv: 'prod' }).join('; '));
    const ours = directives(contentSecurityPolicy(PAGE, manifest.permissions, manifest.remotes));
    expect([...ours.keys()]).toEqual([...forge.keys()]);
    for (const [name, sources] of ours) if (name !== 'report-uri') expect([name, sources]).toEqual([name, forge.get(name)]);
    expect(forge.get('report-uri')).not.toEqual([CSP_REPORT_PATH]);
  });

  it('follows the permissions: content.styles unsafe-inline, external styles and fetch.client (a remote by key)', () => {
    const permissions: Permissions = {
      content: { styles: ['unsafe-inline'] },
      external: { styles: ['https://styles.example'], fetch: { client: ['https://api.example', { remote: 'peer' }] } },
    };
    const policy = directives(contentSecurityPolicy(PAGE, permissions, [{ key: 'peer', baseUrl: 'https://peer.example' }]));
    expect(policy.get('style-src')).toEqual(expect.arrayContaining(["'unsafe-inline'", 'https://styles.example']));
    expect(policy.get('connect-src')).toEqual(expect.arrayContaining(['https://api.example', 'https://peer.example']));
  });

  it('allows an inline script of the page only by its hash, as Forge does', () => {
    const script = 'window.answer = 42;';
    const hash = createHash('sha256').update(script).digest('base64');
    const policy = directives(contentSecurityPolicy(PAGE.replace('</head>', `<script>${script}</script></head>`), manifest.permissions, manifest.remotes));
    expect(policy.get('script-src')).toContain(`'sha256-${hash}'`);
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
  });
});
