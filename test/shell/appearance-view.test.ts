/** The shell shows a page's look as Confluence does: cover, emoji, status and width, read from the seeded Practices page. */
import type { DemoSite } from '../../sandbox/demo';
import type { ConfluenceEmulator } from '../../sandbox/confluence/confluence-emulator';
import { ConfluenceSite } from '../../sandbox/confluence/site';
import { seedSource } from '../../sandbox/confluence/seed';
import { pageLook } from '../../sandbox/shell/appearance-view';
import type { Where } from '../../sandbox/shell/space-context';

describe('the page look in the sandbox shell', () => {
  const site = new ConfluenceSite({ cloudId: 'acme-cloud', siteUrl: 'https://acme.atlassian.net', name: 'Acme', firstId: 100_000 });
  const seeded = seedSource(site);
  const space = [...site.spaces.values()][0];
  const demo: DemoSite = { cloudId: 'acme-cloud', siteUrl: site.siteUrl, name: 'Acme', spaces: [{ id: space.id, key: space.key, name: space.name }], users: seeded.users, emulator: { site } as unknown as ConfluenceEmulator };
  const w: Where = { demo, site, space: demo.spaces[0], user: seeded.users[0] };
  const page = (title: string) => [...site.contents.values()].find((c) => c.title === title)!;

  it('shows the seeded page’s cover file, emoji, status and full width', () => {
    const look = pageLook(w, page('Practices'));
    expect(look.cover).toMatch(/^<img class="page-cover" src="[^"]+" alt="" data-cover="cover.png">$/);
    expect(look.emoji).toContain('\u{1f9ed}');
    expect(look.status).toContain('In progress');
    expect(look.fullWidth).toBe(true);
  });

  it('shows nothing for a page without a look, and names a cover by URL without loading it', () => {
    expect(pageLook(w, page('Onboarding'))).toEqual({ cover: '', emoji: '', status: '', fullWidth: false });
    const onboarding = page('Onboarding');
    site.setProperty({ kind: 'user', accountId: seeded.admin }, onboarding.id, 'cover-picture-id-published', JSON.stringify({ id: 'https://images.unsplash.com/photo-1' }));
    site.setProperty({ kind: 'user', accountId: seeded.admin }, onboarding.id, 'emoji-title-published', 'not-an-emoji');
    const look = pageLook(w, onboarding);
    expect(look.cover).toContain('Cover image from images.unsplash.com');
    expect(look.cover).not.toContain('<img');
    expect(look.emoji).toBe('');
  });
});
