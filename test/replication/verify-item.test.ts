import { recordedHash, verifyItemOf, destinationCost } from '../../src/replication/verify-item';
import { PageSnapshot, snapshotHash } from '../../src/replication/snapshot';
import { VerifyItem, VERIFY_LIMITS } from '../../src/contract/peer-protocol';

const snapshot = (over: Partial<PageSnapshot> = {}): PageSnapshot => ({
  sourceId: '10',
  kind: 'page',
  status: 'current',
  title: 'Guide',
  parentSourceId: '9',
  body: '<p>Hi.</p>',
  labels: ['guide'],
  version: 3,
  sourceSpaceKey: 'ENG',
  // Built as the source builds a reply: its parent named after its body.
  comments: [{ sourceId: 'c1', location: 'footer', body: '<p>Q</p>' }, { sourceId: 'c2', location: 'footer', body: '<p>A</p>', parentSourceId: 'c1' }],
  attachments: [{ sourceId: 'att1', title: 'plan.txt', mediaType: 'text/plain', fileSize: 4, version: 2, fileId: 'f' }],
  ...over,
});

describe('verifyItemOf', () => {
  it('hashes the snapshot as the destination records it, after parsing', () => {
    const s = snapshot();
    const parsed = PageSnapshot.parse(JSON.parse(JSON.stringify(s)));
    expect(recordedHash(s)).toBe(snapshotHash(parsed));
    // Hashed as sent, a reply's keys are in another order: the hash would differ.
    expect(snapshotHash(s)).not.toBe(snapshotHash(parsed));
  });

  it('carries the ids of the parts, and passes the protocol’s own bounds', () => {
    const item = verifyItemOf(snapshot());
    expect(item).toMatchObject({ id: '10', kind: 'page', status: 'current', title: 'Guide', parent: '9', labels: ['guide'], comments: ['c1', 'c2'], files: [{ id: 'att1', version: 2 }] });
    expect(VerifyItem.safeParse(item).success).toBe(true);
    expect(destinationCost(item)).toBe(1 + 2 + 1 + 1);
  });

  it('leaves out a list longer than a batch carries, and parts the sync leaves out', () => {
    const many = Array.from({ length: VERIFY_LIMITS.labels + 1 }, (_, i) => `l${i}`);
    const item = verifyItemOf(snapshot({ labels: many, comments: undefined, attachments: undefined }));
    expect(item.labels).toBeUndefined();
    expect(item.comments).toBeUndefined();
    expect(item.files).toBeUndefined();
    expect(VerifyItem.safeParse(item).success).toBe(true);
  });

  it('sends a purged original as trashed, and names no parent that is not a page id', () => {
    expect(verifyItemOf(snapshot({ status: 'deleted' })).status).toBe('trashed');
    expect(verifyItemOf(snapshot({ parentSourceId: 'abc' })).parent).toBeUndefined();
  });
});
