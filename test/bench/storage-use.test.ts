import { peakIn, storageUse } from '../../bench/storage-use';

describe('the bench’s storage use per installation', () => {
  it('finds the busiest window, however the calls fall', () => {
    const calls = [0, 10_000, 59_999, 60_000, 61_000, 200_000].map((at, i) => ({ at, amount: i + 1 }));
    // 0..59,999 holds 1+2+3; 10,000..61,000 (within 60 s) holds 2+3+4+5.
    expect(peakIn(calls, 60_000)).toBe(14);
    // A second's window ends at a call and holds what came less than 1,000 ms before it: 59,999 and 60,000.
    expect(peakIn(calls, 1000)).toBe(7);
    expect(peakIn([], 60_000)).toBe(0);
  });

  it('counts reads and writes apart, and refused calls only as refused', () => {
    const use = storageUse([
      { at: 0, operation: 'read', units: 3, refused: false },
      { at: 100, operation: 'write', units: 2, refused: false },
      { at: 200, operation: 'read', units: 5, refused: true },
      { at: 70_000, operation: 'read', units: 1, refused: false },
    ]);
    expect(use).toMatchObject({ peakReadUnitsPerMinute: 3, peakWriteUnitsPerMinute: 2, peakRequestsPerSecond: 2, refused: 1, limits: { readUnitsPerMinute: 4000, writeUnitsPerMinute: 4000, requestsPerSecond: 1000 } });
  });
});
