/**
 * Calls a UI resolver through the host's Custom UI bridge, as the browser does, and unwraps its
 * answer as static/shared/backend.ts does: the value, or a thrown `ResolverCallError` with the
 * error's `code`.
 */
import type { ForgeHost } from '../../sandbox/forge-host/forge-host';
import { unwrapResult } from '../../src/contract/errors';

export type ResolverCall = (token: string, fn: string, payload?: unknown) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const resolverCall =
  (host: ForgeHost): ResolverCall =>
  async (token, fn, payload) =>
    unwrapResult(await host.bridge.call(token, fn, payload));
