import { MAX_DIFF_LINES, sideBySide, storageLines } from '../../src/domain/text-diff';

describe('storageLines: a body as the lines a reader sees', () => {
  it('ends a line at each block, drops markup and decodes entities', () => {
    const body = '<h1>Guide</h1><p>Start <strong>here</strong> &amp; now.</p><ul><li>one</li><li>two&nbsp;&#8212; &#x2713;</li></ul><p>a<br/>b</p><ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[if (a < b) x();]]></ac:plain-text-body></ac:structured-macro>';
    expect(storageLines(body)).toEqual(['Guide', 'Start here & now.', 'one', 'two — ✓', 'a', 'b', 'if (a < b) x();']);
  });

  it('reads markup in text as text, never as markup', () => {
    expect(storageLines('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')).toEqual(['<script>alert(1)</script>']);
  });

  it('leaves out empty lines and collapses spaces', () => {
    expect(storageLines('<p>  a   b </p><p></p><p> </p>')).toEqual(['a b']);
  });
});

describe('sideBySide: the copy beside the waiting version', () => {
  it('pairs a changed line, and shows lines only one side has', () => {
    expect(sideBySide(['a', 'b', 'c'], ['a', 'B', 'c', 'd'])).toEqual({
      rows: [
        { kind: 'same', left: 'a', right: 'a' },
        { kind: 'changed', left: 'b', right: 'B' },
        { kind: 'same', left: 'c', right: 'c' },
        { kind: 'added', right: 'd' },
      ],
      truncated: false,
      changes: 2,
    });
    expect(sideBySide(['a', 'gone'], ['a']).rows).toEqual([
      { kind: 'same', left: 'a', right: 'a' },
      { kind: 'removed', left: 'gone' },
    ]);
  });

  it('folds long unchanged stretches, keeping two lines around each change', () => {
    const same = Array.from({ length: 10 }, (_, i) => `line ${i}`);
    const { rows } = sideBySide([...same, 'old', ...same], [...same, 'new', ...same]);
    expect(rows.map((r) => r.kind)).toEqual(['skipped', 'same', 'same', 'changed', 'same', 'same', 'skipped']);
    expect(rows[0]).toEqual({ kind: 'skipped', count: 8 });
  });

  it('says when nothing differs, and compares only the first lines of a very long page', () => {
    expect(sideBySide(['x'], ['x'])).toMatchObject({ changes: 0, truncated: false });
    const long = Array.from({ length: MAX_DIFF_LINES + 10 }, (_, i) => `l${i}`);
    expect(sideBySide(long, long)).toMatchObject({ changes: 0, truncated: true });
  });
});
