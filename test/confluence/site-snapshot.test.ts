import { ConfluenceSite, type Actor } from '../../sandbox/confluence/site';
import { seedSource } from '../../sandbox/confluence/seed';
import { KEPT_FIELDS, NOT_KEPT_FIELDS, restoreSite, siteFromSnapshot, snapshotSite, SnapshotError } from '../../sandbox/confluence/site-snapshot';
import type { Content } from '../../sandbox/confluence/model';

/** A snapshot as the world file holds it: through JSON text and back. */
const throughJson = (site: ConfluenceSite) => JSON.parse(JSON.stringify(snapshotSite(site)));
const field = (site: ConfluenceSite, key: string) => (site as unknown as Record<string, unknown>)[key];

/**
 * A site where every field a snapshot keeps differs from a new site's: the seeded handbook
 * (directory, spaces, a tree with a folder and a whiteboard, comments with an inline marker,
 * labels, files), then a read restriction, a trashed subtree, a live doc, a smart link, an
 * edited page and comment, a resolved inline comment, a content property, the seed's page look
 * (its properties and content state), an unfinished archive
 * task, and every setting switched from its default.
 */
function everythingSite(): ConfluenceSite {
  const site = new ConfluenceSite({ cloudId: 'cloud-full', siteUrl: 'https://full.atlassian.net', name: 'Full', firstId: 70_000 });
  const seeded = seedSource(site);
  const as: Actor = { kind: 'user', accountId: seeded.admin };
  const space = site.spaceByKey('ENG')!;
  const byTitle = (title: string) => [...site.contents.values()].find((c) => c.title === title) as Content;
  const guide = site.createPage(as, { type: 'page', spaceId: space.id, title: 'Guide', body: '<p>Read me first.</p>' });
  site.updatePage(as, guide.id, { type: 'page', title: 'Guide', body: '<p>Read me first, then the rest.</p>', status: 'current', version: 2, message: 'clearer' });
  const child = site.createPage(as, { type: 'page', spaceId: space.id, title: 'Old notes', body: '<p>Old.</p>', parentId: guide.id });
  site.createPage(as, { type: 'page', spaceId: space.id, title: 'Older notes', body: '<p>Older.</p>', parentId: child.id });
  site.trash(as, child.id, ['page']);
  site.restrictReading(as, byTitle('Practices').id, [seeded.users[1].accountId]);
  const live = site.createPage(as, { type: 'page', spaceId: space.id, title: 'Live plan', body: '<p>Draft</p>', subtype: 'live' });
  site.editLiveDoc(as, live.id, '<p>First session</p>');
  site.createNode(as, { type: 'embed', spaceId: space.id, title: 'Status board', parentId: guide.id, embedUrl: 'https://status.example.com/' });
  const inline = [...site.contents.values()].find((c) => c.type === 'inline-comment') as Content;
  site.updateComment({ kind: 'user', accountId: inline.authorId }, inline.id, 'inline-comment', { version: 2, resolved: true });
  site.setProperty(as, guide.id, 'space-sync-origin', { from: 'elsewhere', n: [1, 2] });
  site.archiveTaskPolls = 3;
  site.archive(as, [byTitle('Editor settings').id]);
  site.addGroup('reviewers', [seeded.admin]);
  site.allowDuplicateTitles = true;
  site.inlineMarkerWrite = 'new-version-event';
  site.appWriteEvents = 'no-actor';
  site.archivedPut = 'refused';
  site.edition = 'standard';
  site.archiveEvents = false;
  site.exposeSubtype = false;
  site.nodeWithoutParent = 'root';
  site.v1NodeUpdate = 'refused';
  site.directChildrenCursor = 'broken';
  site.moveWritesVersion = 'yes';
  site.restoreTakesDescendants = false;
  site.customContentStates = false;
  site.siteCommentListing = 'top-level';
  site.spaceContentLabels = 'all';
  site.cqlFindsEmbeds = false;
  site.cqlComments = 'unresolved-only';
  site.cqlContainerField = 'unknown';
  site.purgedRead = 'not-found';
  site.stateProperty = 'stale';
  return site;
}

describe('a site snapshot (the sandbox world file, sandbox infrastructure)', () => {
  it('names every field a ConfluenceSite holds, as kept or as wiring left out', () => {
    const fields = Object.keys(new ConfluenceSite({ cloudId: 'c', siteUrl: 'https://c.atlassian.net', name: 'C' })).sort();
    expect(fields).toEqual([...KEPT_FIELDS, ...Object.keys(NOT_KEPT_FIELDS)].sort());
  });

  it('brings back every kept field, through JSON, equal to the saved site (so the fixture exercises each one)', () => {
    const site = everythingSite();
    const blank = new ConfluenceSite({ cloudId: 'other', siteUrl: 'https://other.atlassian.net', name: 'Other' });
    const restored = siteFromSnapshot(throughJson(site));
    for (const key of KEPT_FIELDS) {
      // The fixture sets the field: a field the snapshot dropped would show here.
      expect({ key, value: field(site, key) }).not.toEqual({ key, value: field(blank, key) });
      expect({ key, value: field(restored, key) }).toEqual({ key, value: field(site, key) });
    }
    for (const key of ['users', 'groups', 'spaces', 'contents', 'properties', 'tasks'] as const) expect([...restored[key].keys()]).toEqual([...site[key].keys()]);
  });

  it('keeps the deep structure: sets, maps of sets, attachment bytes, inline marker state, version history', () => {
    const site = everythingSite();
    const restored = siteFromSnapshot(throughJson(site));
    const pairs = [...site.contents.values()].map((c) => [c, restored.contents.get(c.id) as Content] as const);
    for (const [saved, back] of pairs) {
      expect(back.labels).toEqual(saved.labels);
      expect(back.labels).toBeInstanceOf(Set);
      expect(back.readRestrictions).toEqual(saved.readRestrictions);
      expect(back.history).toEqual(saved.history);
      expect(back.inline).toEqual(saved.inline);
      // The current version is the last history entry itself, as the site's own writes leave it.
      expect(back.version === back.history[back.history.length - 1]).toBe(saved.version === saved.history[saved.history.length - 1]);
      if (saved.attachment) expect(Buffer.compare(back.attachment!.data, saved.attachment.data)).toBe(0);
    }
    expect(pairs.some(([c]) => c.attachment && c.attachment.data.length > 0)).toBe(true);
    expect(pairs.some(([c]) => c.inline?.resolution === 'resolved')).toBe(true);
    expect(pairs.some(([c]) => c.trashedWith)).toBe(true);
    const [spaceId, space] = [...site.spaces][0];
    expect(restored.spaces.get(spaceId)!.permissions.get(site.appAccountId)).toBeInstanceOf(Set);
    expect(restored.spaces.get(spaceId)!.permissions).toEqual(space.permissions);
    const group = [...restored.groups.values()].find((g) => g.name === 'reviewers')!;
    expect(group.members).toBeInstanceOf(Set);
  });

  it('keeps a current version that is not the last history entry apart from it', () => {
    const site = everythingSite();
    const guide = [...site.contents.values()].find((c) => c.title === 'Guide')!;
    guide.version = { ...guide.history[0] };
    const back = siteFromSnapshot(throughJson(site)).contents.get(guide.id)!;
    expect(back.version).toEqual(guide.history[0]);
    expect(back.version).not.toBe(back.history[0]);
  });

  it('behaves as the saved site: the next id, the inline resolution, the unfinished task', () => {
    const site = everythingSite();
    const restored = siteFromSnapshot(throughJson(site));
    const inline = [...site.contents.values()].find((c) => c.type === 'inline-comment' && !c.parentCommentId)!;
    expect(restored.inlineResolution(restored.contents.get(inline.id)!)).toBe(site.inlineResolution(inline));
    const [task] = [...restored.tasks.values()];
    expect(restored.pollTask(task.id)?.pollsLeft).toBe(2);
    expect(restored.newId()).toBe(site.newId());
  });

  it('restores in place: whoever listens to the site still hears it, and nothing of the old content stays', () => {
    const site = new ConfluenceSite({ cloudId: 'cloud-full', siteUrl: 'https://full.atlassian.net', name: 'Full', firstId: 90_000 });
    const heard: string[] = [];
    site.onEvent((event) => heard.push(event.eventType));
    const before = site.createSpace('TMP', 'Temporary');
    restoreSite(site, throughJson(everythingSite()));
    expect(site.spaces.has(before.id)).toBe(false);
    const space = site.spaceByKey('ENG')!;
    site.createPage({ kind: 'app' }, { type: 'page', spaceId: space.id, title: 'After the restore', body: '<p>x</p>' });
    expect(heard).toEqual(['avi:confluence:created:page']);
  });

  it('refuses a snapshot that is not a site, leaving the site as it was', () => {
    const site = everythingSite();
    const saved = throughJson(site);
    const target = new ConfluenceSite({ cloudId: 'keep', siteUrl: 'https://keep.atlassian.net', name: 'Keep' });
    const kept = [...target.users.keys()];
    const broken = [
      null,
      { ...saved, nextId: 'many' },
      { ...saved, contents: [['1', { ...saved.contents[0][1], history: [] }]] },
      { ...saved, contents: [['1', { ...saved.contents[0][1], labels: 'a,b' }]] },
      { ...saved, spaces: [['1', { ...saved.spaces[0][1], permissions: {} }]] },
      { ...saved, settings: {} },
    ];
    for (const snapshot of broken) {
      expect(() => restoreSite(target, snapshot)).toThrow(SnapshotError);
      expect(target.cloudId).toBe('keep');
      expect([...target.users.keys()]).toEqual(kept);
    }
  });
});
