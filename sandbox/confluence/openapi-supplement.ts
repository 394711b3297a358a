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

/**
 * v1's content states, which the stored late-2021 v1.json predates: GET, PUT and DELETE
 * /wiki/rest/api/content/{id}/state, as Atlassian's reference page documents them
 * (developer.atlassian.com/cloud/confluence/rest/v1/api-group-content-states/): the `status`
 * query (PUT requires it), the PUT body `{name, color, id}`, the ContentStateResponse answer
 * `{contentState: {id, name, color}, lastUpdated}`, and each operation's scopes, classic
 * (recommended) and granular. That `contentState` is null when none is set is INFERRED.
 */
const STATE = { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, color: { type: 'string' } } };
const STATE_RESPONSE = {
  description: 'ContentStateResponse',
  content: { 'application/json': { schema: { type: 'object', properties: { contentState: { ...STATE, nullable: true }, lastUpdated: { type: 'string' } } } } },
};
const ID = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const status = (required: boolean) => ({ name: 'status', in: 'query', required, schema: { type: 'string', enum: ['current', 'draft', 'archived'] } });
const WRITE_SCOPES = [{ oAuthDefinitions: ['write:confluence-content'] }, { oAuthDefinitions: ['write:content:confluence', 'read:content-details:confluence'] }];

export const V1_SUPPLEMENT: Record<string, unknown> = {
  '/wiki/rest/api/content/{id}/state': {
    get: {
      operationId: 'getContentState',
      summary: 'Get content state',
      security: [{ oAuthDefinitions: ['read:confluence-content.summary'] }, { oAuthDefinitions: ['read:content-details:confluence'] }],
      parameters: [ID, status(false)],
      responses: { '200': STATE_RESPONSE },
    },
    put: {
      operationId: 'setContentState',
      summary: 'Set the content state of a content and publishes a new version of the content.',
      security: WRITE_SCOPES,
      parameters: [ID, status(true)],
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' }, color: { type: 'string' }, id: { type: 'integer' } } } } } },
      responses: { '200': STATE_RESPONSE },
    },
    delete: {
      operationId: 'removeContentState',
      summary: 'Removes the content state of a content and publishes a new version.',
      security: WRITE_SCOPES,
      parameters: [ID, status(false)],
      responses: { '200': STATE_RESPONSE },
    },
  },
};
