/** How the platform services ask the host to run one app function. */
import type { Installation } from './installation';
import type { Invocation, Principal } from './invocation-context';

export interface InvokeRequest {
  installation: Installation;
  functionKey: string;
  moduleKey: string;
  args: unknown[];
  principal?: Principal;
  /** The push chain the invocation belongs to; a fresh one when absent. */
  chain?: Invocation['chain'];
}

export type InvokeOutcome =
  | { status: 'ok'; value: unknown }
  | { status: 'error'; error: Error }
  | { status: 'timeout'; timeoutMs: number };

export type FunctionInvoker = (request: InvokeRequest) => Promise<InvokeOutcome>;

/** The `{ _retry, retryOptions }` object that `new InvocationError(...)` turns into. */
export interface RetryRequest {
  _retry: true;
  retryOptions: { retryAfter?: number; retryReason?: string; retryData?: unknown };
}

export function isRetryRequest(value: unknown): value is RetryRequest {
  return typeof value === 'object' && value !== null && (value as RetryRequest)._retry === true;
}
