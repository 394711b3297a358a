import { ConfluenceSite } from '../../sandbox/confluence/site';
import { generateSpace } from '../../sandbox/confluence/seed';
import type { Content } from '../../sandbox/confluence/model';

/** What each index answers must be what a scan of every content answers, after any change the site makes. */
function expectIndexesMatchScans(site: ConfluenceSite): void {
  const all = [...site.contents.values()];
  const ids = (list: Content[]) => list.map((c) => c.id).sort();
  for (const c of all) {
    if (c.parentId) expect(ids(site.contents.withParent(c.parentId))).toEqual(ids(all.filter((x) => x.parentId === c.parentId)));
    if (c.containerId) expect(ids(site.contents.inContainer(c.containerId))).toEqual(ids(all.filter((x) => x.containerId === c.containerId)));
    if (c.parentCommentId) expect(ids(site.contents.repliesTo(c.parentCommentId))).toEqual(ids(all.filter((x) => x.parentCommentId === c.parentCommentId)));
    expect(ids(site.contents.withTitle(c.spaceId, c.type, c.title.toUpperCase()))).toEqual(ids(all.filter((x) => x.spaceId === c.spaceId && x.type === c.type && x.title.toLowerCase() === c.title.toLowerCase())));
    expect(ids(site.contents.inSpace(c.spaceId, c.type))).toEqual(ids(all.filter((x) => x.spaceId === c.spaceId && x.type === c.type)));
    expect(ids(site.contents.trashedWith(c.id))).toEqual(ids(all.filter((x) => x.trashedWith === c.id)));
    for (const label of c.labels) expect(ids(site.contents.withLabel(label))).toEqual(ids(all.filter((x) => x.labels.has(label))));
  }
  for (const p of site.properties.values()) expect(site.properties.of(p.contentId).map((x) => x.id).sort()).toEqual([...site.properties.values()].filter((x) => x.contentId === p.contentId).map((x) => x.id).sort());
}

describe('the emulated site indexes its content', () => {
  it('answers lookups by parent, container, reply, title, space and trash as a scan does, after moves, renames, trash, restore and moves to another space', () => {
    const site = new ConfluenceSite({ cloudId: 'c1', siteUrl: 'https://idx.atlassian.net', name: 'idx', firstId: 1000 });
    const { spaceId } = generateSpace(site, 'IDX', 60);
    const other = site.createSpace('OTHER', 'Other', [`gen-idx-owner`]);
    const owner = { kind: 'user' as const, accountId: 'gen-idx-owner' };
    site.grant(site.spaces.get(spaceId)!, owner.accountId, ['read', 'write', 'administer']);
    const pages = site.contents.inSpace(spaceId, 'page').filter((p) => p.title.startsWith('IDX page'));
    const [a, b, c, d] = [pages[5], pages[20], pages[30], pages[40]];
    const freed = a.title;
    site.updatePage(owner, a.id, { type: 'page', title: 'Renamed page', body: a.body, status: 'current', version: a.version.number + 1, parentId: b.id });
    const folder = site.createNode(owner, { type: 'folder', spaceId, title: 'Folder', parentId: b.id });
    site.moveNode(owner, folder.id, c.id);
    site.renameNode(owner, folder.id, 'Folder renamed');
    site.setProperty(owner, a.id, 'k', { v: 1 });
    site.setProperty(owner, a.id, 'k', { v: 2 }, 2);
    site.trash(owner, c.id, ['page']);
    site.addLabels(owner, b.id, ['fresh']);
    site.removeLabel(owner, pages[1].id, [...pages[1].labels][0]);
    expectIndexesMatchScans(site);
    expect(site.contents.labelKeys()).toContain('fresh');
    site.updatePage(owner, c.id, { type: 'page', title: c.title, body: c.body, status: 'current', version: c.version.number + 1 });
    site.moveToSpace(owner, d.id, other.id);
    expectIndexesMatchScans(site);
    // A title is free again once its page is renamed, and taken by the new one.
    expect(() => site.createPage(owner, { type: 'page', spaceId, title: freed, body: '' })).not.toThrow();
    expect(() => site.createPage(owner, { type: 'page', spaceId, title: 'renamed PAGE', body: '' })).toThrow(/already exists/);
  });

  it('rebuilds its indexes when the maps are emptied and refilled, as a restored snapshot does', () => {
    const site = new ConfluenceSite({ cloudId: 'c2', siteUrl: 'https://idx2.atlassian.net', name: 'idx2', firstId: 5000 });
    generateSpace(site, 'RE', 30);
    const entries = [...site.contents.entries()];
    const props = [...site.properties.entries()];
    site.contents.clear();
    site.properties.clear();
    expect(site.contents.ofType('page')).toEqual([]);
    for (const [k, v] of entries) site.contents.set(k, v);
    for (const [k, v] of props) site.properties.set(k, v);
    expectIndexesMatchScans(site);
    expect(site.contents.ofType('page').length).toBe(entries.filter(([, v]) => v.type === 'page').length);
  });
});
