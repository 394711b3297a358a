import { startEmulatedSites, rest, type EmulatedSite } from '../support/emulated-sites';
import { INLINE_MARKER_WRITES } from '../../sandbox/confluence/site';
import { wrapOccurrence } from '../../sandbox/confluence/inline-markers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Confluence emulator: inline comment markers', () => {
  it('wraps the chosen occurrence of the readable text, across entities, without splitting markup', () => {
    expect(wrapOccurrence('<p>a cat, a cat</p>', 'a cat', 1, 'R')).toBe('<p>a cat, <ac:inline-comment-marker ac:ref="R">a cat</ac:inline-comment-marker></p>');
    expect(wrapOccurrence('<p>Tom &amp; Jerry</p>', 'm & J', 0, 'R')).toBe('<p>To<ac:inline-comment-marker ac:ref="R">m &amp; J</ac:inline-comment-marker>erry</p>');
    expect(wrapOccurrence('<p>run <strong>setup</strong> now</p>', 'run setup', 0, 'R')).toBe(
      '<p><ac:inline-comment-marker ac:ref="R">run </ac:inline-comment-marker><strong><ac:inline-comment-marker ac:ref="R">setup</ac:inline-comment-marker></strong> now</p>',
    );
    expect(wrapOccurrence('<p>x</p>', 'y', 0, 'R')).toBeUndefined();
  });

  describe.each(INLINE_MARKER_WRITES)('with the marker written %s', (mode) => {
    let env: Awaited<ReturnType<typeof startEmulatedSites>>;
    let s: EmulatedSite;
    let pageId: string;
    const call = (method: string, path: string, options?: Parameters<typeof rest>[4]) => rest(env.host, s, method, path, options);
    const page = () => s.site.contents.get(pageId)!;
    const inline = (selection: string, index: number, count: number) =>
      call('POST', '/wiki/api/v2/inline-comments', {
        body: { pageId, body: { representation: 'storage', value: '<p>Why?</p>' }, inlineCommentProperties: { textSelection: selection, textSelectionMatchCount: count, textSelectionMatchIndex: index } },
      });
    const putPage = (body: string) => call('PUT', `/wiki/api/v2/pages/${pageId}`, { body: { id: pageId, status: 'current', title: 'Guide', body: { representation: 'storage', value: body }, version: { number: page().version.number + 1 } } });
    const getComment = async (id: string) => (await call('GET', `/wiki/api/v2/inline-comments/${id}?body-format=storage`)).json;

    beforeEach(async () => {
      env = await startEmulatedSites();
      s = env.source;
      s.site.inlineMarkerWrite = mode;
      pageId = s.site.createPage({ kind: 'user', accountId: s.writer }, { type: 'page', spaceId: s.spaceId, title: 'Guide', body: '<p>Install the agent. Then install the agent again.</p>' }).id;
      s.events.length = 0;
    });
    afterEach(async () => {
      expect(s.emulator.contract.violations).toEqual([]);
      await env.host.close();
    });

    it('writes the marker around the chosen occurrence, with the ref the comment reports (rows 35, 36, 41, 42)', async () => {
      const created = await inline('install the agent', 0, 1);
      expect(created.status).toBe(201);
      const ref = created.json.properties.inlineMarkerRef;
      expect(ref).toMatch(UUID);
      expect(created.json.properties).toEqual({ inlineMarkerRef: ref, inlineOriginalSelection: 'install the agent', 'inline-marker-ref': ref, 'inline-original-selection': 'install the agent' });
      expect(created.json.resolutionStatus).toBe('open');
      expect(created.json).not.toHaveProperty('resolutionLastModifierId');
      expect(created.json).not.toHaveProperty('resolutionLastModifiedAt');
      expect(page().body).toBe(`<p>Install the agent. Then <ac:inline-comment-marker ac:ref="${ref}">install the agent</ac:inline-comment-marker> again.</p>`);
      expect(page().version.number).toBe(mode === 'in-place' ? 1 : 2);
      const pageEvents = s.events.filter((e) => e.eventType === 'avi:confluence:updated:page');
      expect(pageEvents).toHaveLength(mode === 'new-version-event' ? 1 : 0);

      // A second selection is matched on the readable text, with the first marker present.
      const second = await inline('the agent', 1, 2);
      expect(second.status).toBe(201);
      expect(page().body).toContain(`install <ac:inline-comment-marker ac:ref="${second.json.properties.inlineMarkerRef}">the agent</ac:inline-comment-marker></ac:inline-comment-marker>`);
    });

    it('resolves and reopens; a page write that drops the marker leaves the comment dangling, one that keeps it keeps it anchored (rows 37, 40, 44)', async () => {
      const created = (await inline('Then', 0, 1)).json;
      const resolved = await call('PUT', `/wiki/api/v2/inline-comments/${created.id}`, { body: { version: { number: 2 }, body: { representation: 'storage', value: '<p>Why?</p>' }, resolved: true } });
      expect(resolved.status).toBe(200);
      expect(resolved.json).toMatchObject({ resolutionStatus: 'resolved', resolutionLastModifierId: s.site.appAccountId });
      expect(resolved.json.resolutionLastModifiedAt).toEqual(expect.any(String));
      // Matching the existing state changes nothing.
      expect((await call('PUT', `/wiki/api/v2/inline-comments/${created.id}`, { body: { version: { number: 3 }, resolved: true } })).json.resolutionStatus).toBe('resolved');
      expect((await call('PUT', `/wiki/api/v2/inline-comments/${created.id}`, { body: { version: { number: 4 }, resolved: false } })).json.resolutionStatus).toBe('reopened');

      const ref = created.properties.inlineMarkerRef;
      expect((await putPage(`<p>Setup. <ac:inline-comment-marker ac:ref="${ref}">After that</ac:inline-comment-marker> go.</p>`)).status).toBe(200);
      expect((await getComment(created.id)).resolutionStatus).toBe('reopened');
      expect((await call('GET', `/wiki/api/v2/pages/${pageId}/inline-comments?resolution-status=reopened`)).json.results.map((c: { id: string }) => c.id)).toEqual([created.id]);

      expect((await putPage('<p>Setup. After that go.</p>')).status).toBe(200);
      expect((await getComment(created.id)).resolutionStatus).toBe('dangling');
      const refused = await call('PUT', `/wiki/api/v2/inline-comments/${created.id}`, { body: { version: { number: 5 }, resolved: true } });
      expect(refused.status).toBe(400);
      expect((await getComment(created.id)).version.number).toBe(4);
    });

    it('lists root comments only; replies come from /children with the thread\'s marker ref (row 39)', async () => {
      const root = (await inline('Then', 0, 1)).json;
      const reply = await call('POST', '/wiki/api/v2/inline-comments', { body: { parentCommentId: root.id, body: { representation: 'storage', value: '<p>Because.</p>' } } });
      expect(reply.status).toBe(201);
      const bodyBefore = page().body;
      expect((await call('GET', `/wiki/api/v2/pages/${pageId}/inline-comments`)).json.results.map((c: { id: string }) => c.id)).toEqual([root.id]);
      const children = (await call('GET', `/wiki/api/v2/inline-comments/${root.id}/children`)).json.results;
      expect(children.map((c: { id: string }) => c.id)).toEqual([reply.json.id]);
      expect(children[0].properties.inlineMarkerRef).toBe(root.properties.inlineMarkerRef);
      expect(page().body).toBe(bodyBefore);
    });
  });
});
