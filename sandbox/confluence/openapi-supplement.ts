/**
 * Operations real Confluence serves that the stored early-2025 v2.json lacks: the
 * direct-children listings (confluence-real row 23, v2-page-direct-children.json; confluence.js
 * 3.2.0 names the operations and gives the row schema). The parameters (cursor, limit 25/250,
 * sort) follow /pages/{id}/children and are INFERRED. Merged into the document before it is used,
 * so requests and responses are still held to a schema.
 */
const ROW = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    status: { type: 'string' },
    title: { type: 'string' },
    type: { type: 'string', enum: ['page', 'folder', 'whiteboard', 'database', 'embed'] },
    spaceId: { type: 'string' },
    childPosition: { type: 'integer', nullable: true },
  },
};

const listing = (operationId: string, what: string) => ({
  get: {
    operationId,
    summary: `Get direct children of a ${what}`,
    security: [{ oAuthDefinitions: ['read:hierarchical-content:confluence'] }],
    parameters: [
      { name: 'id', in: 'path', required: true, schema: { type: 'integer', format: 'int64' } },
      { name: 'cursor', in: 'query', schema: { type: 'string' } },
      { name: 'limit', in: 'query', schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 250, default: 25 } },
      { name: 'sort', in: 'query', schema: { type: 'string' } },
    ],
    responses: {
      '200': {
        description: 'Returned if the requested children are returned.',
        content: { 'application/json': { schema: { type: 'object', properties: { results: { type: 'array', items: ROW }, _links: { type: 'object', properties: { next: { type: 'string' }, base: { type: 'string' } } } } } } },
      },
    },
  },
});

export const V2_SUPPLEMENT: Record<string, unknown> = {
  '/pages/{id}/direct-children': listing('getPageDirectChildren', 'page'),
  '/folders/{id}/direct-children': listing('getFolderDirectChildren', 'folder'),
  '/whiteboards/{id}/direct-children': listing('getWhiteboardDirectChildren', 'whiteboard'),
  '/databases/{id}/direct-children': listing('getDatabaseDirectChildren', 'database'),
  '/embeds/{id}/direct-children': listing('getSmartLinkDirectChildren', 'smart link'),
};
