/**
 * The app's parsers against what real Confluence Cloud sends (the confluence-real captures): a
 * parser that rejects a captured shape would make the app fail on a real site however well it
 * does on the emulator, so each is fed the captures themselves.
 */
import { readdirSync } from 'node:fs';
import { Page, PageList, Space } from '../../src/confluence/pages';
import { Attachment, Comment } from '../../src/confluence/page-parts';
import { Child, Node } from '../../src/confluence/tree-nodes';
import { errorReason } from '../../src/confluence/client';
import { ContentEvent, targetOf } from '../../src/entry/content-events';
import { captured, CONFLUENCE_REAL_DIR } from '../support/captured-shapes';

const pages: Array<[string, string]> = [
  ['v2-page-home.json', 'response.body'],
  ['v2-page-single-storage.json', 'response.body'],
  ['v2-page-trashed.json', 'response.body'],
  ['v2-page-archived.json', 'response.body.results.0'],
  ['v2-page-in-folder.json', 'response.body'],
  ['v2-page-create.json', 'response.body'],
  ['v2-page-include-labels.json', 'response.body'],
];

describe('the app parses what real Confluence sends', () => {
  it.each(pages)('a page: %s', (file, path) => {
    const parsed = Page.parse(captured(file, path));
    expect(parsed.id).toMatch(/^\d+$/);
  });

  it('the home page has no parent: null, not a string (confluence-real row 1)', () => {
    expect(Page.parse(captured('v2-page-home.json', 'response.body')).parentId).toBeNull();
  });

  it('a listing, with rows whose body is {} and whose parent is null (rows 1, 6)', () => {
    const list = PageList.parse(captured('v2-pages-listing.json', 'response.body'));
    expect(list.results.map((p) => p.parentId)).toEqual([null, '5242901']);
    expect(list._links?.next).toMatch(/^\/wiki\/api\/v2\//);
    expect(PageList.parse(captured('v2-listing-empty-and-quirks.json', 'last_or_empty_page.response.body')).results).toEqual([]);
  });

  it('the space (row 33)', () => {
    expect(Space.parse(captured('v2-space.json', 'response.body.results')[0]).homepageId).toMatch(/^\d+$/);
  });

  it.each([
    ['v2-footer-comment.json', 'create_top_level.response.body'],
    ['v2-footer-comment.json', 'create_reply.response.body'],
    ['v2-inline-comment.json', 'response.body'],
    ['v2-inline-comment-create.json', 'response.body'],
  ])('a comment: %s %s', (file, path) => {
    expect(Comment.parse(captured(file, path)).id).toMatch(/^\d+$/);
  });

  it.each([
    ['v2-footer-comment-children.json', 'response.body.results'],
    ['v2-inline-comment-children.json', 'response.body.results'],
    ['v2-inline-comments-listing.json', 'response.body.results'],
  ])('comment rows: %s', (file, path) => {
    const rows = captured(file, path) as unknown[];
    expect(rows.length).toBeGreaterThan(0);
    rows.forEach((row) => Comment.parse(row));
  });

  it('attachments, with att ids (row 46)', () => {
    expect(Attachment.parse(captured('v2-attachment.json', 'response.body')).id).toMatch(/^att\d+$/);
    (captured('v2-attachments-listing.json', 'response.body.results') as unknown[]).forEach((row) => Attachment.parse(row));
  });

  it('folders and tree rows (rows 23, 24)', () => {
    expect(Node.parse(captured('v2-folder.json', 'response.body')).type).toBe('folder');
    expect(Node.parse(captured('v2-folder-create.json', 'response.body')).type).toBe('folder');
    (captured('v2-page-direct-children.json', 'response.body.results') as unknown[]).forEach((row) => Child.parse(row));
  });

  it('the reason of every captured error (rows 64-70)', () => {
    const v2 = JSON.stringify(captured('error-duplicate-title-v2.json', 'response.body'));
    expect(errorReason(v2)).toBe('A page with this title already exists: A page already exists with the same TITLE in this space');
    expect(errorReason(JSON.stringify(captured('error-version-conflict-v1.json', 'stale_version.response.body')))).toMatch(/^Version must be incremented/);
    expect(errorReason(JSON.stringify(captured('error-not-found-and-auth.json', 'v2_missing_page.response.body')))).toMatch(/^Cannot find a page/);
    expect(errorReason('<html>Tomcat</html>')).toBeUndefined();
  });

  const events = readdirSync(CONFLUENCE_REAL_DIR).filter((f) => /^event-.*\.json$/.test(f));

  it.each(events)('an event names its page or node: %s', (file) => {
    const event = ContentEvent.parse(captured(file));
    const target = targetOf(event);
    expect(target).toBeDefined();
    // A move to another space names both spaces (prevContent, row 83).
    expect(target?.spaceIds).toContain('5242883');
    expect(target?.id).toMatch(/^\d+$/);
  });
});
