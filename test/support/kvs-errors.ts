/** What @forge/kvs throws for a storage answer it refuses (its checkResponseError), for tests that play storage. */
import { ForgeKvsAPIError } from '@forge/kvs';

export const kvsError = (status: number, code: string, httpPath = '/api/v1/get') =>
  new ForgeKvsAPIError({ status, statusText: '', traceId: undefined, httpMethod: 'POST', httpPath, responseBodyLength: 0 } as never, { code, message: 'refused' });

/** Storage over the installation's rate: 429 RATE_LIMIT_EXCEEDED (limits-kvs-ce). */
export const kvsBusy = () => kvsError(429, 'RATE_LIMIT_EXCEEDED');
