/** An error the REST API answers with its documented status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const CODES: Record<number, string> = {
  // confluence-real row 65 (error-duplicate-title-v2.json): a refused write is BAD_REQUEST.
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'REQUEST_ENTITY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large', 429: 'Too Many Requests' };

/**
 * v2 answers `{ errors: [{ status, code, title, detail: null }] }` (confluence-real row 64); v1
 * `{ statusCode, data{…}, message, reason }` (row 67, error-version-conflict-v1.json).
 */
export function errorBody(error: ApiError, api: 'v1' | 'v2'): unknown {
  if (api === 'v1') {
    return { statusCode: error.status, data: { authorized: error.status !== 401 && error.status !== 403, valid: error.status !== 400, allowedInReadOnlyMode: true, errors: [], successful: false }, message: error.message, reason: REASONS[error.status] ?? 'Error' };
  }
  return { errors: [{ status: error.status, code: CODES[error.status] ?? 'ERROR', title: error.message, detail: null }] };
}

/** Missing and restricted content answer the same 404 (confluence-real rows 70, 71). */
export const notFound = (what = 'Content') => new ApiError(404, `${what} not found or you do not have permission to view it`);

/** The titles real v2 404s carry, by what was asked for (confluence-real row 70; blog posts and the rest INFERRED). */
export function contentNotFound(type: string, id: string): ApiError {
  if (type === 'page') return new ApiError(404, `Cannot find a page with id [${id}]`);
  if (type === 'folder') return new ApiError(404, `Content with id: [${id}] not found`);
  return new ApiError(404, `Cannot find a ${type.replace('-', ' ')} with id [${id}]`);
}
export const badRequest = (message: string) => new ApiError(400, message);
/** A v1 endpoint whose public access was removed for its v2 equivalent answers 410 Gone (INFERRED wording; sources where it is used). */
export const goneV1 = (instead: string) => new ApiError(410, `This v1 endpoint is no longer available: use ${instead}`);
