/** The appearance rules (domain/appearance.ts) and its applier's diff against a copy that records every write. */
import { coverFileIds, coverRef, learntStateShown, needsStateRead, propertyChanges, stateChange, wantedProperties, withCoverFile, type PresentProperty } from '../../src/domain/appearance';
import { appearanceDue, appearanceHash, applyAppearance, type AppearanceTarget } from '../../src/replication/apply-appearance';
import { PageSnapshot, snapshotHash, type AttachmentSnapshot } from '../../src/replication/snapshot';
import type { PresentAppearance } from '../../src/replication/ports';

const FILE = '3b7e9c21-5d4a-4f88-9a10-6c2e7d8f9b01';
const URL = 'https://images.unsplash.com/photo-1';
const cover = (id: string) => JSON.stringify({ id });

describe('covers', () => {
  it('reads a cover as a file, a URL, or nothing it can use', () => {
    expect(coverRef(cover(FILE))).toEqual({ kind: 'file', fileId: FILE });
    expect(coverRef(cover(URL))).toEqual({ kind: 'url', url: URL });
    for (const bad of ['not json', JSON.stringify([FILE]), JSON.stringify({ id: '' }), { id: FILE }, 42, null]) expect(coverRef(bad)).toEqual({ kind: 'unreadable' });
  });

  it('points a file cover at the copy’s file, keeps a URL cover as it is, and leaves out a file the copy lacks', () => {
    const source = { 'cover-picture-id-published': cover(FILE), 'cover-picture-id-draft': cover(URL), 'emoji-title-published': '1f680' };
    expect(wantedProperties(source, (id) => (id === FILE ? 'copy-file' : undefined))).toEqual({ 'emoji-title-published': '1f680', 'cover-picture-id-published': cover('copy-file'), 'cover-picture-id-draft': cover(URL) });
    expect(wantedProperties(source, () => undefined)).toEqual({ 'emoji-title-published': '1f680', 'cover-picture-id-draft': cover(URL) });
    expect(coverFileIds({ ...source, 'cover-picture-id-draft': cover(FILE) })).toEqual([FILE]);
  });

  it('keeps keys of a cover it does not know when it points it elsewhere', () => {
    expect(JSON.parse(withCoverFile(JSON.stringify({ id: FILE, position: 40 }), 'f2'))).toEqual({ id: 'f2', position: 40 });
  });
});

describe('property changes', () => {
  const at = (value: unknown, version = 1, id = `p-${String(value)}`): PresentProperty => ({ id, value, version });

  it('creates what the copy lacks, updates what differs to the next version, leaves what matches', () => {
    const changes = propertyChanges({ 'emoji-title-published': '1f680', 'content-appearance-published': 'full-width', 'emoji-title-draft': '1f680' }, {}, { 'content-appearance-published': at('default', 3, 'p9'), 'emoji-title-draft': at('1f680') });
    expect(changes).toEqual({ create: [{ key: 'emoji-title-published', value: '1f680' }], update: [{ key: 'content-appearance-published', id: 'p9', value: 'full-width', version: 4 }], remove: [] });
  });

  it('removes what the app wrote once the source drops it, unless it was changed here since; never what it did not write', () => {
    const present = { 'emoji-title-published': at('1f680', 1, 'p1'), 'emoji-title-draft': at('1f4d8', 2, 'p2'), 'content-appearance-draft': at('max', 1, 'p3') };
    expect(propertyChanges({}, { 'emoji-title-published': '1f680', 'emoji-title-draft': '1f680' }, present).remove).toEqual([{ key: 'emoji-title-published', id: 'p1' }]);
    expect(propertyChanges({}, {}, present)).toEqual({ create: [], update: [], remove: [] });
  });
});

describe('content status', () => {
  const review = { name: 'In review', color: '#ff7452' };
  it('sets a status that differs (colours in any case), removes only the one the app set', () => {
    expect(stateChange(review, undefined, undefined)).toEqual({ kind: 'set', state: review });
    expect(stateChange(review, review, { name: 'In review', color: '#FF7452' })).toEqual({ kind: 'none' });
    expect(stateChange(undefined, review, review)).toEqual({ kind: 'remove' });
    expect(stateChange(undefined, review, { name: 'Ours', color: '#2684ff' })).toEqual({ kind: 'none' });
    expect(stateChange(undefined, undefined, review)).toEqual({ kind: 'none' });
  });
});

describe('reading the status only where a page may have one', () => {
  it('reads every status until the site is known to show one as a property, then only where the page shows the property', () => {
    expect(needsStateRead(undefined, false)).toBe(true);
    expect(needsStateRead(false, false)).toBe(true);
    expect(needsStateRead(true, false)).toBe(false);
    for (const site of [undefined, false, true]) expect(needsStateRead(site, true)).toBe(true);
  });

  it('learns from a page with a status only, and a site seen not to show it never skips a read again', () => {
    expect(learntStateShown(undefined, true, true)).toBe(true);
    expect(learntStateShown(undefined, false, true)).toBe(false);
    expect(learntStateShown(true, false, true)).toBe(false);
    // A property without a status (left after a removal) and a page without either teach nothing.
    expect(learntStateShown(undefined, true, false)).toBeUndefined();
    expect(learntStateShown(undefined, false, false)).toBeUndefined();
    // Known already, or known not to show it: nothing new.
    expect(learntStateShown(true, true, true)).toBeUndefined();
    expect(learntStateShown(false, true, true)).toBeUndefined();
  });
});

describe('the appearance applier', () => {
  const banner: AttachmentSnapshot = { sourceId: 'att1', title: 'banner.png', mediaType: 'image/png', fileSize: 3, version: 1, fileId: FILE };
  const snapshot = (appearance: PageSnapshot['appearance'], attachments = [banner]): PageSnapshot => ({ sourceId: '1', kind: 'page', status: 'current', title: 'Guide', body: '', labels: [], version: 2, sourceSpaceKey: 'ENG', attachments, ...(appearance ? { appearance } : {}) });

  function copy(present: PresentAppearance = { properties: {} }) {
    const writes: string[] = [];
    const content: AppearanceTarget['content'] = {
      attachmentFileId: async (id) => (id === 'att9' ? 'copy-file' : undefined),
      appearance: async () => present,
      writeProperty: async (_id, _kind, key, value, existing) => void writes.push(`${existing ? `put v${existing.version}` : 'post'} ${key}=${String(value)}`),
      deleteProperty: async (_id, _kind, propertyId) => void writes.push(`delete ${propertyId}`),
      setContentState: async (_id, state) => void writes.push(`state ${state.name}`),
      removeContentState: async () => void writes.push('state removed'),
    };
    return { writes, target: { content, pageId: '99', files: { att1: { destId: 'att9', title: 'banner.png', version: 1, fileId: FILE } } } };
  }

  it('writes the look once, with the cover on the copy’s file, and records it', async () => {
    const look = { properties: { 'emoji-title-published': '1f680', 'cover-picture-id-published': cover(FILE) }, state: { name: 'Ready', color: '#57d9a3' } };
    const c = copy();
    const applied = await applyAppearance(c.target, snapshot(look), undefined);
    expect(c.writes).toEqual(['post emoji-title-published=1f680', `post cover-picture-id-published=${cover('copy-file')}`, 'state Ready']);
    expect(applied).toEqual({ appearance: { hash: appearanceHash(snapshot(look)), properties: { 'emoji-title-published': '1f680', 'cover-picture-id-published': cover('copy-file') }, state: look.state }, newVersion: true });
    // Applied: not due again; a copy that already reads as wanted gets no write.
    expect(appearanceDue(snapshot(look), applied)).toBe(false);
    const again = copy({ properties: { 'emoji-title-published': { id: 'p1', value: '1f680', version: 1 }, 'cover-picture-id-published': { id: 'p2', value: cover('copy-file'), version: 1 } }, state: look.state });
    expect((await applyAppearance(again.target, snapshot(look), undefined)).newVersion).toBe(false);
    expect(again.writes).toEqual([]);
  });

  it('keeps the record and writes nothing when the snapshot carries no appearance', async () => {
    const c = copy();
    const recorded = { hash: 'h', properties: { 'emoji-title-published': '1f680' } };
    expect(await applyAppearance(c.target, snapshot(undefined), recorded)).toEqual({ appearance: recorded, newVersion: false });
    expect(appearanceDue(snapshot(undefined), {})).toBe(false);
    expect(c.writes).toEqual([]);
  });

  it('is due again when the cover file gets a new version, and hashes a snapshot without appearance as before', () => {
    const look = { properties: { 'cover-picture-id-published': cover(FILE) } };
    const applied = { appearance: { hash: appearanceHash(snapshot(look))!, properties: {} } };
    expect(appearanceDue(snapshot(look, [{ ...banner, version: 2, fileId: 'f-2' }]), applied)).toBe(true);
    const plain = snapshot(undefined);
    expect(snapshotHash(plain)).toBe(snapshotHash(PageSnapshot.parse(JSON.parse(JSON.stringify(plain)))));
    expect(snapshotHash(snapshot({ properties: {} }))).not.toBe(snapshotHash(plain));
  });

  it('refuses a snapshot with a property that is not an appearance key, or too large a value', () => {
    expect(PageSnapshot.safeParse(snapshot({ properties: { 'space-sync-copy': 'x' } })).success).toBe(false);
    expect(PageSnapshot.safeParse(snapshot({ properties: { 'emoji-title-published': 'x'.repeat(5000) } })).success).toBe(false);
    expect(PageSnapshot.safeParse(snapshot({ properties: { 'emoji-title-published': '1f680' }, state: { name: 'Ready', color: '#57d9a3' } })).success).toBe(true);
  });
});

describe('the appearance applier on a page with no look', () => {
  it('neither reads nor writes the copy when nothing is wanted and the app wrote nothing, and records that', async () => {
    const calls: string[] = [];
    const content = new Proxy({}, { get: (_t, name) => async () => void calls.push(String(name)) }) as AppearanceTarget['content'];
    const snapshot: PageSnapshot = { sourceId: '1', kind: 'page', status: 'current', title: 'Plain', body: '', labels: [], version: 1, sourceSpaceKey: 'ENG', appearance: { properties: {} } };
    const applied = await applyAppearance({ content, pageId: '9', files: {} }, snapshot, undefined);
    expect(calls).toEqual([]);
    expect(applied).toEqual({ appearance: { hash: appearanceHash(snapshot), properties: {} }, newVersion: false });
    expect(appearanceDue(snapshot, applied)).toBe(false);
    // The app wrote an emoji the source has since dropped: the copy is read, and the emoji removed.
    const present = { properties: { 'emoji-title-published': { id: 'p1', value: '1f680', version: 1 } } };
    const reading = { ...content, appearance: async () => (calls.push('appearance'), present), deleteProperty: async (_i: string, _k: string, id: string) => void calls.push(`delete ${id}`) } as AppearanceTarget['content'];
    await applyAppearance({ content: reading, pageId: '9', files: {} }, snapshot, { hash: 'old', properties: { 'emoji-title-published': '1f680' } });
    expect(calls).toEqual(['appearance', 'delete p1']);
  });
});
