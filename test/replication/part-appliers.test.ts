/** The page-part appliers' diffs (wanted, recorded, present), and the fingerprint that tells the app's own page write. */
import { labelChanges, applyLabels } from '../../src/replication/apply-labels';
import { commentChanges } from '../../src/replication/apply-comments';
import { applyAttachments, fileChanges } from '../../src/replication/apply-attachments';
import { copyFingerprint } from '../../src/replication/copy-state';
import { commentHash, sha256, type AttachmentSnapshot, type CommentSnapshot } from '../../src/replication/snapshot';
import type { AttachmentCopy, CommentCopy, DestinationContent } from '../../src/replication/ports';
import type { TransferStore } from '../../src/replication/stores';

describe('labels', () => {
  it('adds what the copy lacks and removes only what the app applied and the source dropped', () => {
    expect(labelChanges(['a', 'b'], ['b', 'c', 'd'], ['b', 'c', 'mine'])).toEqual({ add: ['a'], remove: ['c'] });
    // Applied before but already gone from the copy: nothing to remove.
    expect(labelChanges([], ['d'], [])).toEqual({ add: [], remove: [] });
  });

  it('writes nothing and keeps the record when the sync leaves labels out', async () => {
    const calls: string[] = [];
    const content = { addLabels: async (_id: string, names: string[]) => void calls.push(`add ${names}`), removeLabel: async (_id: string, name: string) => void calls.push(`remove ${name}`) };
    expect(await applyLabels(content, '1', undefined, ['x'], [])).toEqual(['x']);
    expect(calls).toEqual([]);
    expect(await applyLabels(content, '1', ['a', 'a'], ['x'], ['x'])).toEqual(['a']);
    expect(calls).toEqual(['add a', 'remove x']);
  });
});

describe('comments', () => {
  const comment = (sourceId: string, body: string, parentSourceId?: string): CommentSnapshot => ({ sourceId, location: 'footer', body, ...(parentSourceId ? { parentSourceId } : {}) });
  const copyOf = (c: CommentSnapshot): CommentCopy => ({ destId: `d${c.sourceId}`, location: c.location, hash: commentHash(c) });

  it('writes new and changed comments parents first, keeps unchanged ones, removes those gone at the source', () => {
    const kept = comment('1', '<p>Same.</p>');
    const reply = comment('3', '<p>New reply.</p>', '2');
    const changed = comment('2', '<p>Edited.</p>');
    const recorded = { 1: copyOf(kept), 2: copyOf(comment('2', '<p>Before.</p>')), 9: copyOf(comment('9', '<p>Gone.</p>')) };
    const diff = commentChanges([reply, kept, changed], recorded);
    expect(diff.write.map((c) => c.sourceId)).toEqual(['2', '3']);
    expect(diff.remove).toEqual([recorded[9]]);
    expect(commentChanges([kept], { 1: copyOf(kept) })).toEqual({ write: [], remove: [] });
  });
});

describe('attachments', () => {
  const file = (over: Partial<AttachmentSnapshot> = {}): AttachmentSnapshot => ({ sourceId: 'att1', title: 'notes.txt', mediaType: 'text/plain', fileSize: 5, version: 2, fileId: 'f2', transfer: { id: 't', parts: 1, sha256: sha256(Buffer.from('bytes')) }, ...over });
  const recordedV1: AttachmentCopy = { destId: 'att9', title: 'notes.txt', version: 1, fileId: 'f1', destVersion: 1 };

  it('uploads a new or changed file, keeps an unchanged one, removes one gone at the source', () => {
    expect(fileChanges([file()], { att1: recordedV1 }).upload).toHaveLength(1);
    expect(fileChanges([file()], { att1: { ...recordedV1, version: 2, fileId: 'f2' } })).toEqual({ upload: [], remove: [] });
    expect(fileChanges([], { att1: recordedV1 }).remove).toEqual([recordedV1]);
  });

  /** A copy whose file store answers uploads; `present`: what a cut-off apply left. */
  function target(present?: Array<{ id: string; title: string; mediaType: string; fileSize: number; version: number }>) {
    const uploads: string[] = [];
    const deleted: string[] = [];
    const content = { upload: async (_page: string, f: { title: string }) => (uploads.push(f.title), { id: 'att9', version: 3 }), deleteAttachment: async (id: string) => void deleted.push(id) } as unknown as DestinationContent;
    const transfers = { parts: async () => [Buffer.from('bytes').toString('base64')] } as unknown as TransferStore;
    return { uploads, deleted, target: { content, transfers, pairId: 'p', pageId: '1', ...(present ? { present } : {}) } };
  }

  it('adopts the upload a cut-off apply made (same name, size and type, newer than recorded) instead of uploading again', async () => {
    const t = target([{ id: 'att9', title: 'notes.txt', mediaType: 'text/plain', fileSize: 5, version: 2 }]);
    expect(await applyAttachments(t.target, [file()], { att1: recordedV1 })).toEqual({ att1: { destId: 'att9', title: 'notes.txt', version: 2, fileId: 'f2', destVersion: 2 } });
    expect(t.uploads).toEqual([]);
  });

  it('uploads again when the present file is not provably that upload', async () => {
    for (const present of [
      { id: 'att9', title: 'notes.txt', mediaType: 'text/plain', fileSize: 5, version: 1 }, // the version recorded: not uploaded yet
      { id: 'att9', title: 'notes.txt', mediaType: 'text/plain', fileSize: 6, version: 2 }, // another size
      { id: 'att9', title: 'notes.txt', mediaType: 'image/png', fileSize: 5, version: 2 }, // another type
    ]) {
      const t = target([present]);
      await applyAttachments(t.target, [file()], { att1: recordedV1 });
      expect(t.uploads).toEqual(['notes.txt']);
    }
    // A record made before copies kept their own version: never taken as uploaded.
    const t = target([{ id: 'att9', title: 'notes.txt', mediaType: 'text/plain', fileSize: 5, version: 2 }]);
    await applyAttachments(t.target, [file()], { att1: { ...recordedV1, destVersion: undefined } });
    expect(t.uploads).toEqual(['notes.txt']);
  });

  it('replaces a file renamed at the source, the adopted upload included', async () => {
    const t = target([{ id: 'att7', title: 'renamed.txt', mediaType: 'text/plain', fileSize: 5, version: 1 }]);
    expect((await applyAttachments(t.target, [file({ title: 'renamed.txt' })], { att1: recordedV1 })).att1).toMatchObject({ destId: 'att7', title: 'renamed.txt' });
    expect(t.uploads).toEqual([]);
    expect(t.deleted).toEqual(['att9']);
  });
});

describe('copyFingerprint', () => {
  it('reads a page as the app wrote it whatever inline markers a comment added, and any other change as a change', () => {
    const written = { title: 'Guide', body: '<p>Install the agent.</p>' };
    const marked = { title: 'Guide', body: '<p>Install <ac:inline-comment-marker ac:ref="r1">the agent</ac:inline-comment-marker>.</p>' };
    expect(copyFingerprint(marked)).toBe(copyFingerprint(written));
    expect(copyFingerprint({ ...written, body: '<p>Install the agent now.</p>' })).not.toBe(copyFingerprint(written));
    expect(copyFingerprint({ ...written, title: 'Guide 2' })).not.toBe(copyFingerprint(written));
  });
});
