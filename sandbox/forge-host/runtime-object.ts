/** The `__forge_runtime__` object that `@forge/api` reads for the current invocation. */
import type { Invocation } from './invocation-context';

export const SANDBOX_ENVIRONMENT_ID = 'sandbox-environment';
export const SANDBOX_APP_VERSION = '1.0.0';

const noopTimer = { stop: () => undefined };
const metrics = {
  counter: () => ({ incr: () => undefined, decr: () => undefined }),
  timing: () => ({ measure: () => noopTimer }),
  gauge: () => ({ set: () => undefined }),
};

export interface RuntimeAppInfo {
  appId: string;
  scopes: string[];
  egress: string[];
}

const appInfo = new WeakMap<object, RuntimeAppInfo>();

/** The host registers what the manifest says so the runtime object can report it. */
export function registerAppInfo(host: object, info: RuntimeAppInfo): void {
  appInfo.set(host, info);
}

export function buildRuntime(invocation: Invocation): object {
  const info = appInfo.get(invocation.host) ?? { appId: 'unknown', scopes: [], egress: [] };
  return {
    appContext: {
      appId: info.appId.replace(/^ari:cloud:ecosystem::app\//, ''),
      appVersion: SANDBOX_APP_VERSION,
      environmentId: SANDBOX_ENVIRONMENT_ID,
      environmentType: 'DEVELOPMENT',
      invocationId: invocation.id,
      installationId: invocation.installation.id,
      moduleKey: invocation.moduleKey,
      permissions: { scopes: info.scopes, external: { fetch: { backend: info.egress } } },
    },
    contextAri: invocation.installation.contextAri,
    lambdaContext: { getRemainingTimeInMillis: () => Math.max(0, invocation.deadline - Date.now()) },
    metrics,
    proxy: { token: 'sandbox' },
    tracing: { traceId: invocation.id, spanId: invocation.id },
  };
}
