/** Builds the UI resolver handler with `@forge/resolver`; entry code defines the behaviour. */
import Resolver from '@forge/resolver';

export interface ResolverRequest<P = unknown> {
  /** Untrusted: whatever the page sent. Entry code parses it. */
  payload: P | unknown;
  /** The Forge context: `accountId` comes from the platform, the rest from the module render. */
  context: unknown;
}

/** One implementation per resolver the contract declares, each returning what the contract says. */
export type ResolverImplementations<Defs extends Record<string, (payload: never) => unknown>> = {
  [K in keyof Defs]: (request: ResolverRequest<Parameters<Defs[K]>[0]>) => Promise<ReturnType<Defs[K]>>;
};

export function defineResolvers<Defs extends Record<string, (payload: never) => unknown>>(implementations: ResolverImplementations<Defs>) {
  const resolver = new Resolver();
  for (const [name, fn] of Object.entries(implementations) as Array<[string, (r: ResolverRequest) => Promise<unknown>]>) {
    resolver.define(name, (request) => fn(request));
  }
  return resolver.getDefinitions();
}
