/**
 * The invocation a piece of app code runs in. The `@forge/*` packages read process globals, so
 * several installations can only share one process if every global looks up the invocation
 * that is running now: AsyncLocalStorage carries it across awaits.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Installation } from './installation';

export interface Principal {
  accountId: string;
}

/** What the host must answer for code running inside an invocation. */
export interface InvocationHost {
  forgeFetch(invocation: Invocation, descriptor: ForgeFetchDescriptor, path: string, init?: RequestInit): Promise<Response>;
  egressFetch(invocation: Invocation, input: RequestInfo | URL, init: RequestInit | undefined, realFetch: typeof fetch): Promise<Response>;
}

export interface ForgeFetchDescriptor {
  type: string;
  provider?: string;
  remote?: string;
  accountId?: string;
}

export interface Invocation {
  id: string;
  host: InvocationHost;
  installation: Installation;
  functionKey: string;
  moduleKey: string;
  principal?: Principal;
  /** Wall-clock time (ms since epoch) after which the platform gives up on the invocation. */
  deadline: number;
  /** Shared by every invocation that descends from one push chain (cyclic invocation limit). */
  chain: { id: string; pushes: number };
  /** When each egress fetch of this invocation went out (ms since epoch): the per-invocation egress limit. */
  egressAt: number[];
}

// One store per process, found through a registered symbol so that a second copy of this module
// (jest gives every test file its own module registry) still sees the same invocations.
const STORE_KEY = Symbol.for('space-sync.sandbox.invocations');
type GlobalWithStore = typeof globalThis & { [STORE_KEY]?: AsyncLocalStorage<Invocation> };
const g = globalThis as GlobalWithStore;
export const invocations: AsyncLocalStorage<Invocation> = (g[STORE_KEY] ??= new AsyncLocalStorage<Invocation>());

export function currentInvocation(): Invocation | undefined {
  return invocations.getStore();
}

/** Runs platform work (timers, HTTP handling) outside whatever invocation scheduled it. */
export function outsideInvocation<T>(fn: () => T): T {
  return invocations.exit(fn);
}
