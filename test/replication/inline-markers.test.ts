import { markerAnchor, markerRefs, rewriteMarkerRefs, visibleText } from '../../src/replication/inline-markers';

const m = (ref: string, text: string) => `<ac:inline-comment-marker ac:ref="${ref}">${text}</ac:inline-comment-marker>`;

describe('inline comment markers (pure rules)', () => {
  it('replaces source refs by the copy\'s and strips markers of comments not copied to their text', () => {
    const body = `<p>Before ${m('s1', 'one')} and ${m('s2', 'two')}.</p>`;
    const copy = rewriteMarkerRefs(body, (ref) => ({ s1: 'c1' })[ref]);
    expect(copy).toBe(`<p>Before ${m('c1', 'one')} and two.</p>`);
    expect(markerRefs(copy)).toEqual(['c1']);
  });

  it('keeps nested markers and markup balanced when an outer or inner one is stripped', () => {
    const body = `<p>${m('outer', `install ${m('inner', '<strong>the agent</strong>')}`)} now</p>`;
    expect(rewriteMarkerRefs(body, (r) => (r === 'inner' ? 'X' : undefined))).toBe(`<p>install ${m('X', '<strong>the agent</strong>')} now</p>`);
    expect(rewriteMarkerRefs(body, (r) => (r === 'outer' ? 'Y' : undefined))).toBe(`<p>${m('Y', 'install <strong>the agent</strong>')} now</p>`);
    expect(rewriteMarkerRefs(body, () => undefined)).toBe('<p>install <strong>the agent</strong> now</p>');
  });

  it('changes nothing else, and a body without markers is returned as it is', () => {
    const body = '<p>Tom &amp; Jerry <ac:link><ri:page ri:content-title="X" /></ac:link></p>';
    expect(rewriteMarkerRefs(body, () => 'Z')).toBe(body);
  });

  it('names the occurrence a marker wraps, as Confluence counts them, on the readable text', () => {
    const body = `<p>the agent, the agent, ${m('r', 'the agent')}</p>`;
    expect(markerAnchor(body, 'r')).toEqual({ text: 'the agent', matchCount: 3, matchIndex: 2 });
    expect(markerAnchor(`<p>A &amp; ${m('r', 'B &amp; C')}</p>`, 'r')).toEqual({ text: 'B & C', matchCount: 1, matchIndex: 0 });
    expect(visibleText(`<p>A &amp; ${m('r', 'B')}</p>`)).toBe('A & B');
  });

  it('joins the pieces of a marker split around markup; no marker, or an empty one, names nothing', () => {
    expect(markerAnchor(`<p>${m('r', 'run ')}<strong>${m('r', 'setup')}</strong> now</p>`, 'r')).toEqual({ text: 'run setup', matchCount: 1, matchIndex: 0 });
    expect(markerAnchor('<p>plain</p>', 'r')).toBeUndefined();
    expect(markerAnchor(`<p>${m('r', '')}x</p>`, 'r')).toBeUndefined();
  });

  // A hostile source body: a marker is read attribute by attribute, and its tag is written
  // afresh with only the copy's ref, so the source cannot plant a ref of its choosing (another
  // copy's, to steal its highlight) in the copy's body.
  it('never carries a ref the mapping did not give: single quotes, ref-like text in other attributes', () => {
    const map = (ref: string) => ({ s1: 'c1' })[ref];
    const single = `<p><ac:inline-comment-marker ac:ref='copy-of-another'>text</ac:inline-comment-marker></p>`;
    expect(rewriteMarkerRefs(single, map)).toBe('<p>text</p>');
    const smuggled = `<p><ac:inline-comment-marker x:ac:ref="s1" ac:ref="copy-of-another">text</ac:inline-comment-marker></p>`;
    expect(rewriteMarkerRefs(smuggled, map)).not.toContain('copy-of-another');
    const inValue = `<p><ac:inline-comment-marker data-x='ac:ref="s1"' ac:ref="copy-of-another">text</ac:inline-comment-marker></p>`;
    expect(rewriteMarkerRefs(inValue, map)).toBe('<p>text</p>');
    const extra = `<p><ac:inline-comment-marker ac:ref="s1" ac:other="copy-of-another">text</ac:inline-comment-marker></p>`;
    expect(rewriteMarkerRefs(extra, map)).toBe(`<p>${m('c1', 'text')}</p>`);
    const twice = `<p><ac:inline-comment-marker ac:ref="s1" ac:ref="copy-of-another">text</ac:inline-comment-marker></p>`;
    expect(rewriteMarkerRefs(twice, map)).toBe('<p>text</p>');
    expect(markerRefs(smuggled)).toEqual(['copy-of-another']);
    expect(markerAnchor(inValue, 's1')).toBeUndefined();
  });

  it('leaves marker markup inside a code macro (CDATA) as the text it is', () => {
    const code = `<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[if (a > b) ${m('s1', 'x')}]]></ac:plain-text-body></ac:structured-macro>`;
    expect(rewriteMarkerRefs(`<p>${m('s1', 'y')}</p>${code}`, (ref) => ({ s1: 'c1' })[ref])).toBe(`<p>${m('c1', 'y')}</p>${code}`);
    expect(markerRefs(code)).toEqual([]);
  });
});
