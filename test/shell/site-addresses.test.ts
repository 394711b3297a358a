import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DemoSite } from '../../sandbox/demo';
import type { ConfluenceEmulator } from '../../sandbox/confluence/confluence-emulator';
import { ConfluenceSite } from '../../sandbox/confluence/site';
import { seedDestination, seedSource } from '../../sandbox/confluence/seed';
import { bodyHref, serveGo, shellAddress } from '../../sandbox/shell/site-addresses';
import { signIn } from '../../sandbox/shell/site-sessions';

/** The two demo sites' content, without a Forge host: the address mapping reads only the sites. */
function demoSites(): DemoSite[] {
  const specs = [
    { cloudId: 'acme-cloud', siteUrl: 'https://acme.atlassian.net', name: 'Acme', firstId: 100_000, seed: seedSource },
    { cloudId: 'globex-cloud', siteUrl: 'https://globex.atlassian.net', name: 'Globex', firstId: 500_000, seed: seedDestination },
  ];
  return specs.map((spec) => {
    const site = new ConfluenceSite({ cloudId: spec.cloudId, siteUrl: spec.siteUrl, name: spec.name, firstId: spec.firstId });
    const seeded = spec.seed(site);
    return { cloudId: spec.cloudId, siteUrl: spec.siteUrl, name: spec.name, spaces: [...site.spaces.values()].map((s) => ({ id: s.id, key: s.key, name: s.name })), users: seeded.users, emulator: { site } as unknown as ConfluenceEmulator };
  });
}

function go(sites: DemoSite[], query: Record<string, string>, cookie?: string) {
  const req = { url: `/sandbox/go?${new URLSearchParams(query).toString()}`, headers: cookie ? { cookie } : {} } as IncomingMessage;
  const out: { status?: number; headers: Record<string, unknown>; body: string } = { headers: {}, body: '' };
  const res = {
    writeHead(status: number, headers: Record<string, unknown> = {}) {
      out.status = status;
      out.headers = headers;
      return this;
    },
    end(body?: string) {
      out.body = body ?? '';
      return this;
    },
  } as unknown as ServerResponse;
  serveGo(sites, req, res);
  return out;
}

describe('addresses of the emulated sites, followed in the sandbox', () => {
  const sites = demoSites();
  const [acme, globex] = sites;
  const page = (title: string) => [...acme.emulator.site.contents.values()].find((c) => c.title === title)!;

  it('maps the Confluence Cloud URLs of pages, blog posts, spaces and files to the shell’s pages', () => {
    const onboarding = page('Onboarding');
    const at = (path: string) => shellAddress(acme, new URL(path, acme.siteUrl), '5f1a-acme-writer');
    const pageUrl = `/sandbox/space?site=acme-cloud&space=ENG&user=5f1a-acme-writer&page=${onboarding.id}`;
    expect(at(`/wiki/spaces/ENG/pages/${onboarding.id}`)).toBe(pageUrl);
    expect(at(`/wiki/spaces/ENG/pages/${onboarding.id}/Onboarding`)).toBe(pageUrl);
    expect(at(`/wiki/pages/viewpage.action?pageId=${onboarding.id}`)).toBe(pageUrl);
    const blog = page('Handbook launched');
    expect(at(`/wiki/spaces/ENG/blog/2025/01/02/${blog.id}/Handbook+launched`)).toBe(`/sandbox/space?site=acme-cloud&space=ENG&user=5f1a-acme-writer&page=${blog.id}`);
    expect(at('/wiki/spaces/ENG/overview')).toBe('/sandbox/space?site=acme-cloud&space=ENG&user=5f1a-acme-writer');
    const file = [...acme.emulator.site.contents.values()].find((c) => c.type === 'attachment' && c.title === 'welcome.txt')!;
    expect(at(`/wiki/download/attachments/${onboarding.id}/welcome.txt`)).toBe(`/sandbox/file?site=acme-cloud&space=ENG&user=5f1a-acme-writer&id=${file.id}`);
    expect(at('/wiki/spaces/ENG/pages/999999')).toBeUndefined();
    expect(at('/wiki/spaces/NOPE')).toBeUndefined();
    expect(at('/jira/software')).toBeUndefined();
  });

  it('sends a body’s links to an emulated site through the sandbox, keeps other web and mail links, and drops the rest', () => {
    expect(bodyHref(sites, acme, 'https://globex.atlassian.net/wiki/spaces/PARTNER/pages/5')).toBe(`/sandbox/go?url=${encodeURIComponent('https://globex.atlassian.net/wiki/spaces/PARTNER/pages/5')}`);
    expect(bodyHref(sites, acme, '/wiki/spaces/ENG/pages/5')).toBe(`/sandbox/go?url=${encodeURIComponent('/wiki/spaces/ENG/pages/5')}&site=acme-cloud`);
    expect(bodyHref(sites, acme, 'https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(bodyHref(sites, acme, 'mailto:ada@acme.example')).toBe('mailto:ada@acme.example');
    expect(bodyHref(sites, acme, '#Setup')).toBe('#Setup');
    for (const bad of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,x', '//evil.example/x', '/sandbox/reset', 'vbscript:x']) expect(bodyHref(sites, acme, bad)).toBeUndefined();
  });

  it('opens an address as the person signed in on that site, and asks who to be when nobody is', () => {
    const copy = [...globex.emulator.site.contents.values()].find((c) => c.title === 'About this space')!;
    const url = `https://globex.atlassian.net/wiki/spaces/PARTNER/pages/${copy.id}`;
    const asked = go(sites, { url });
    expect(asked.status).toBe(200);
    expect(asked.body).toContain('Choose an account');
    expect(asked.body).toContain('Continue as Gil Admin');
    expect(asked.body).toContain('Continue as Rita Reader');

    const chosen = go(sites, { url, as: '7a2b-globex-reader' });
    expect(chosen.status).toBe(303);
    expect(chosen.headers.location).toBe(`/sandbox/space?site=globex-cloud&space=PARTNER&user=7a2b-globex-reader&page=${copy.id}`);
    expect(chosen.headers['set-cookie']).toBe(signIn(globex, '7a2b-globex-reader'));

    const cookie = String(signIn(globex, '7a2b-globex-admin')).split(';')[0];
    expect(go(sites, { url }, cookie).headers.location).toBe(`/sandbox/space?site=globex-cloud&space=PARTNER&user=7a2b-globex-admin&page=${copy.id}`);
    // Another site's session is not this one's.
    expect(go(sites, { url }, String(signIn(acme, '5f1a-acme-admin')).split(';')[0]).body).toContain('Choose an account');
    // A site-relative address is on the site it was found on.
    expect(go(sites, { url: `/wiki/spaces/PARTNER/pages/${copy.id}`, site: 'globex-cloud' }, cookie).headers.location).toBe(`/sandbox/space?site=globex-cloud&space=PARTNER&user=7a2b-globex-admin&page=${copy.id}`);
  });

  it('says so for an address the sandbox has no page for, and leads nowhere outside the demo sites', () => {
    const cookie = String(signIn(globex, '7a2b-globex-admin')).split(';')[0];
    const missing = go(sites, { url: 'https://globex.atlassian.net/wiki/spaces/PARTNER/pages/42' }, cookie);
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('Page not found');
    const elsewhere = go(sites, { url: 'https://evil.example/wiki/spaces/ENG/pages/1' });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.headers.location).toBeUndefined();
  });
});
