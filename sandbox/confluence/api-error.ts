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
  400: 'INVALID_REQUEST_PARAMETER',
  401: 'UNAUTHORIZED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'REQUEST_ENTITY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
};

/** v2 answers `{ errors: [...] }`; v1 answers `{ statusCode, message }`. */
export function errorBody(error: ApiError, api: 'v1' | 'v2'): unknown {
  if (api === 'v1') return { statusCode: error.status, data: { authorized: error.status !== 401, valid: false, errors: [] }, message: error.message };
  return { errors: [{ status: error.status, code: CODES[error.status] ?? 'ERROR', title: error.message, detail: null }] };
}

export const notFound = (what = 'Content') => new ApiError(404, `${what} not found or you do not have permission to view it`);
export const badRequest = (message: string) => new ApiError(400, message);
