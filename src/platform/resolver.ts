/** Builds the UI resolver handler with `@forge/resolver`; entry code defines the behaviour. */
import Resolver from '@forge/resolver';

export interface ResolverRequest {
  payload: unknown;
  /** The Forge context: `accountId` comes from the platform, the rest from the module render. */
  context: unknown;
}

export type ResolverFunction = (request: ResolverRequest) => Promise<unknown>;

export function defineResolvers(definitions: Record<string, ResolverFunction>) {
  const resolver = new Resolver();
  for (const [name, fn] of Object.entries(definitions)) resolver.define(name, (request) => fn(request));
  return resolver.getDefinitions();
}
