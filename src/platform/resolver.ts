/** Builds the UI resolver handler with `@forge/resolver`; entry code defines the behaviour. */
import Resolver from '@forge/resolver';
import type { ResolverResult } from '../contract/errors';

export interface ResolverRequest<P = unknown> {
  /** Untrusted: whatever the page sent. Entry code parses it. */
  payload: P | unknown;
  /** The Forge context: `accountId` comes from the platform, the rest from the module render. */
  context: unknown;
}

/** One implementation per resolver the contract declares, each answering what the contract says in the result envelope. */
export type ResolverImplementations<Defs extends Record<string, (payload: never) => unknown>> = {
  [K in keyof Defs]: (request: ResolverRequest<Parameters<Defs[K]>[0]>) => Promise<ResolverResult<ReturnType<Defs[K]>>>;
};

/**
 * `@forge/resolver` finds a function with `name in functions`, so a call named `constructor` or
 * `toString` reaches Object's own and answers with the request, context and all. Only names the
 * app defines (own properties) get through; anything else fails as an unknown function does.
 */
export function defineResolvers<Defs extends Record<string, (payload: never) => unknown>>(implementations: ResolverImplementations<Defs>) {
  const resolver = new Resolver();
  for (const [name, fn] of Object.entries(implementations) as Array<[string, (r: ResolverRequest) => Promise<unknown>]>) {
    resolver.define(name, (request) => fn(request));
  }
  const definitions = resolver.getDefinitions();
  return (request: { call?: { functionKey?: unknown } }, ...rest: unknown[]) => {
    const name = request?.call?.functionKey;
    if (typeof name !== 'string' || !Object.hasOwn(implementations, name)) throw new Error(`Resolver has no definition for '${String(name)}'.`);
    return (definitions as (...args: unknown[]) => Promise<unknown>)(request, ...rest);
  };
}
