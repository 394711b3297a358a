/**
 * The typed resolver client every Custom UI app uses. Each resolver answers in the
 * `ResolverResult` envelope (src/contract/errors.ts, which says why): this unwraps it into the
 * value, or throws a `ResolverCallError` whose `code` the UI acts on and whose message it shows.
 */
import { makeInvoke } from '@forge/bridge';
import type { ResolverDefinitions } from '../../src/contract/resolvers';
import { ResolverCallError, unwrapResult, type ErrorCode, type ResolverResult } from '../../src/contract/errors';

type Name = keyof ResolverDefinitions;
type Wire = { [K in Name]: (...payload: Parameters<ResolverDefinitions[K]>) => ResolverResult<ReturnType<ResolverDefinitions[K]>> };

const invokeWire = makeInvoke<Wire>();

export async function callBackend<K extends Name>(name: K, ...payload: Parameters<ResolverDefinitions[K]>): Promise<ReturnType<ResolverDefinitions[K]>> {
  const answer: unknown = await (invokeWire as (name: K, ...payload: Parameters<ResolverDefinitions[K]>) => Promise<unknown>)(name, ...payload);
  return unwrapResult<ReturnType<ResolverDefinitions[K]>>(answer);
}

/** The code of a failed call, when the server gave one (a bridge failure has none). */
export function errorCode(error: unknown): ErrorCode | undefined {
  return error instanceof ResolverCallError ? error.code : undefined;
}

export { ResolverCallError };
