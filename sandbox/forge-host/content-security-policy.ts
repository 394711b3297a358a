/**
 * The Content-Security-Policy that Forge serves a Custom UI resource's HTML with, computed by
 * Atlassian's own package: `@forge/csp` 6.3.2 `CSPProcessingService.getCspDetails` (the app's
 * inline-script hashes and manifest.yml's `permissions.content` / `permissions.external`), then
 * `CSPInjectionService.getInjectableCSP` (Forge's fixed directives for an environment), with
 * `microsEnv: 'prod'`. `@forge/tunnel` 7.1.0 does the same in its resource tunnel
 * (out/servers/resource-tunnel-server.js, `getCustomUIHtmlTransformMiddleware` and
 * `getCspHeader`): it injects the bridge script into the page first, computes the details from
 * the page it will send, and sets the header on every HTML response. See forge-platform.md §8.
 *
 * Where the sandbox differs, and why:
 * - No origins of the sandbox are added. The bridge shim is served from the host's own origin
 *   (`script-src 'self'`) and calls the host there (`connect-src 'self'`); the shell that frames
 *   the page shares that origin (`frame-ancestors 'self'`). On Forge the bridge is
 *   `global-bridge.js` from the Forge CDN, which the policy allows by that CDN's origin, and it
 *   talks to the product by postMessage, which CSP does not govern [@forge/cli-shared 9.3.0
 *   out/service/bridge-script-service.js].
 * - `hostname` (the product's origin, which the tunnel reads from `?hostname=`) is not passed:
 *   the sandbox's product pages are on the host's origin, which `'self'` already covers.
 * - `report-uri` names the host's own `CSP_REPORT_PATH` instead of Atlassian's report service,
 *   so violations are recorded here rather than sent off the machine. The tunnel likewise
 *   sends them to a local reporter (out/servers/csp-reporter-server.js); it does so through
 *   `tunnelCSPReporterUri`, which also adds `http://localhost:*` and `ws://localhost:*` to
 *   `connect-src`, so the sandbox swaps only the report-uri directive instead. `report-uri`
 *   enforces nothing, so every other directive is exactly the one Forge sends.
 */
import { load } from 'cheerio';
import { CSPInjectionService, CSPProcessingService } from '@forge/csp';
import type { Permissions, Remotes } from '@forge/manifest';

export const CSP_REPORT_PATH = '/forge/csp-report';

/** The header value for one HTML document as it will be sent. */
export function contentSecurityPolicy(html: string | Buffer, permissions: Permissions, remotes: Remotes): string {
  const details = new CSPProcessingService({ info: () => {} }, load).getCspDetails(html, withRemoteClients(permissions, remotes));
  return new CSPInjectionService()
    .getInjectableCSP({ existingCSPDetails: details, microsEnv: 'prod' })
    .map((directive) => (directive.startsWith('report-uri ') ? `report-uri ${CSP_REPORT_PATH}` : directive))
    .join('; ');
}

/**
 * `fetch.client` entries that name a remote become its base URL, as the tunnel's
 * `transformPermissionsWithRemotes` does (`getCspDetails` takes only strings there).
 */
function withRemoteClients(permissions: Permissions, remotes: Remotes): Permissions {
  const client = permissions.external?.fetch?.client;
  if (!client) return permissions;
  const urls = client
    .map((item) => {
      if (typeof item === 'string') return item;
      if ('address' in item) return item.address;
      return remotes.find((remote) => remote.key === item.remote)?.baseUrl;
    })
    .filter((url): url is string => typeof url === 'string');
  return { ...permissions, external: { ...permissions.external, fetch: { ...permissions.external?.fetch, client: urls } } } as Permissions;
}
