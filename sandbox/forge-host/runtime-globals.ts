/**
 * Installs the two globals through which the unmodified `@forge/*` packages do all their I/O,
 * `__forge_runtime__` and `__forge_fetch__`, and the egress check on the global `fetch` (the
 * Forge runtime patches `fetch` the same way). Must run before app code imports `@forge/api`,
 * because `@forge/api` captures `fetch` when it loads.
 */
import { currentInvocation, type Invocation, type ForgeFetchDescriptor } from './invocation-context';
import { buildRuntime } from './runtime-object';

const INSTALLED = Symbol.for('space-sync.sandbox.globals-installed');

type ForgeGlobals = typeof globalThis & {
  [INSTALLED]?: boolean;
  __forge_runtime__?: unknown;
  __forge_fetch__?: (descriptor: ForgeFetchDescriptor, path: string, init?: RequestInit) => Promise<Response>;
};

function requireInvocation(what: string): Invocation {
  const invocation = currentInvocation();
  if (!invocation) throw new Error(`${what} called outside a Forge invocation`);
  return invocation;
}

export function installForgeGlobals(): void {
  const g = globalThis as ForgeGlobals;
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;

  Object.defineProperty(g, '__forge_runtime__', {
    configurable: true,
    get() {
      const invocation = currentInvocation();
      return invocation ? buildRuntime(invocation) : undefined;
    },
  });

  g.__forge_fetch__ = (descriptor, path, init) => {
    const invocation = requireInvocation('__forge_fetch__');
    return invocation.host.forgeFetch(invocation, descriptor, path, init);
  };

  const realFetch = g.fetch.bind(g);
  g.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const invocation = currentInvocation();
    return invocation ? invocation.host.egressFetch(invocation, input, init, realFetch) : realFetch(input, init);
  }) as typeof fetch;
}
