/** v2 spaces and permitted operations (what the app uses for admin checks). */
import type { Content, Space } from '../model';
import { notFound } from '../api-error';
import { spaceJson } from './representations';
import { list, ok, type RestCall, type RestHandler } from './rest-call';

function readableSpace(call: RestCall, id: string): Space {
  const space = call.site.spaces.get(id);
  if (!space || !call.site.hasSpacePermission(call.actor, space, 'read')) throw notFound('Space');
  return space;
}

function contentOperations(call: RestCall, content: Content, targetType: string) {
  const space = call.site.spaces.get(content.spaceId) as Space;
  const can = (p: 'read' | 'write' | 'administer') => call.site.hasSpacePermission(call.actor, space, p);
  const ops = [{ operation: 'read', targetType }];
  if (can('write')) ops.push({ operation: 'update', targetType }, { operation: 'delete', targetType });
  return ok({ operations: ops });
}

export const spaceHandlers: Record<string, RestHandler> = {
  /** Unknown account ids are left out, as Confluence does. */
  createBulkUserLookup(call) {
    const ids: string[] = call.body.accountIds;
    const results = ids.flatMap((id) => {
      const user = call.site.users.get(id);
      return user ? [{ accountId: id, accountType: user.accountType, accountStatus: 'active', displayName: user.displayName, publicName: user.displayName, email: user.email ?? '', isExternalCollaborator: false }] : [];
    });
    return { status: 200, body: { results, _links: {} }, objects: results.length };
  },

  getSpaces(call) {
    const ids = list(call.query, 'ids');
    const keys = list(call.query, 'keys');
    const spaces = [...call.site.spaces.values()].filter(
      (s) => call.site.hasSpacePermission(call.actor, s, 'read') && (!ids.length || ids.includes(s.id)) && (!keys.length || keys.includes(s.key)),
    );
    const page = call.paginate(spaces.sort((a, b) => Number(a.id) - Number(b.id)));
    return ok({ results: page.results.map((s) => spaceJson(call.site, s)), _links: page._links }, page.results.length);
  },

  getSpaceById(call) {
    return ok(spaceJson(call.site, readableSpace(call, call.params.id)));
  },

  getSpaceOperations(call) {
    const space = readableSpace(call, call.params.id);
    const operations = [{ operation: 'read', targetType: 'space' }];
    if (call.site.hasSpacePermission(call.actor, space, 'write')) operations.push({ operation: 'create', targetType: 'page' }, { operation: 'create', targetType: 'blogpost' });
    if (call.site.hasSpacePermission(call.actor, space, 'administer')) operations.push({ operation: 'administer', targetType: 'space' });
    return ok({ operations });
  },

  getPageOperations: (call) => contentOperations(call, call.site.visible(call.actor, call.params.id, ['page']), 'page'),
  getBlogPostOperations: (call) => contentOperations(call, call.site.visible(call.actor, call.params.id, ['blogpost']), 'blogpost'),
};
