import { ConfluenceSite } from '../../sandbox/confluence/site';
import { generateSpace, seedDestination, seedSource } from '../../sandbox/confluence/seed';
import { startSandbox } from '../support/sandbox';
import { rest } from '../support/emulated-sites';

describe('demo data and generated spaces', () => {
  it('seeds a realistic source space: a tree three levels deep, macros, links, comments with replies, labels, files', () => {
    const site = new ConfluenceSite({ cloudId: 'c1', siteUrl: 'https://acme.atlassian.net', name: 'Acme', firstId: 100 });
    seedSource(site);
    const space = site.spaceByKey('ENG');
    const pages = [...site.contents.values()].filter((c) => c.type === 'page' && c.spaceId === space?.id);
    expect(Math.max(...pages.map((p) => site.ancestors(p).length))).toBeGreaterThanOrEqual(3);
    expect(pages.some((p) => p.body.includes('<ac:structured-macro'))).toBe(true);
    expect(pages.some((p) => p.body.includes('<ri:page ri:content-title='))).toBe(true);
    const all = [...site.contents.values()];
    expect(all.some((c) => c.type === 'footer-comment' && c.parentCommentId)).toBe(true);
    expect(all.some((c) => c.type === 'inline-comment')).toBe(true);
    expect(all.filter((c) => c.type === 'attachment')).toHaveLength(3);
    // Practices wears the whole look a sync copies: emoji, full width, a cover that is its file, a status.
    const practices = pages.find((p) => p.title === 'Practices')!;
    const props = Object.fromEntries([...site.properties.values()].filter((p) => p.contentId === practices.id).map((p) => [p.key, p.value]));
    const cover = all.find((c) => c.type === 'attachment' && c.containerId === practices.id)!;
    for (const twin of ['published', 'draft']) {
      expect(props[`emoji-title-${twin}`]).toBe('1f9ed');
      expect(props[`content-appearance-${twin}`]).toBe('full-width');
      expect(JSON.parse(props[`cover-picture-id-${twin}`] as string)).toEqual({ id: cover.attachment!.fileId });
    }
    expect(practices.contentState).toMatchObject({ name: 'In progress' });
    expect(all.some((c) => c.type === 'blogpost')).toBe(true);
    expect(pages.some((p) => p.labels.size > 0)).toBe(true);

    const dest = new ConfluenceSite({ cloudId: 'c2', siteUrl: 'https://globex.atlassian.net', name: 'Globex', firstId: 500 });
    seedDestination(dest);
    expect(dest.spaceByKey('PARTNER')).toBeDefined();
  });

  it('generates the same large space every time, in fixed proportions', () => {
    const make = () => {
      const site = new ConfluenceSite({ cloudId: 'g', siteUrl: 'https://gen.atlassian.net', name: 'Gen', firstId: 1 });
      const events: unknown[] = [];
      site.onEvent((e) => events.push(e));
      return { site, summary: generateSpace(site, 'BIG', 1000), events };
    };
    const first = make();
    expect(first.summary).toMatchObject({ pages: 1000, comments: 200, labels: 500, attachments: 100 });
    expect(first.events).toEqual([]);
    const second = make();
    const titles = (s: ConfluenceSite) => [...s.contents.values()].map((c) => `${c.id}:${c.title}:${c.parentId ?? ''}`);
    expect(titles(second.site)).toEqual(titles(first.site));
  });

  it('serves the demo sites through the REST API with no contract violation', async () => {
    const sandbox = await startSandbox();
    try {
      const acme = sandbox.sites[0];
      const installation = sandbox.host.installationFor(acme.cloudId);
      const s = { installation } as Parameters<typeof rest>[1];
      const spaces = await rest(sandbox.host, s, 'GET', '/wiki/api/v2/spaces?keys=ENG');
      const spaceId = spaces.json.results[0].id;
      const pages = await rest(sandbox.host, s, 'GET', `/wiki/api/v2/spaces/${spaceId}/pages?body-format=storage&limit=250`);
      expect(pages.json.results.length).toBeGreaterThanOrEqual(7);
      expect(acme.emulator.contract.violations).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
