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
});
