/** Links back into the app, for messages sent outside Confluence. */
import { getAppContext } from '@forge/api';

/**
 * The app's space settings page: `/spaces/:spaceKey/settings/apps/:appId/:envId/:route`
 * (forge-platform.md, confluence:spaceSettings; the route is manifest.yml's `space-sync`), under
 * the site's `/wiki`. The ids come from the environment ARI
 * (`ari:cloud:ecosystem::environment/<app id>/<environment id>`).
 */
export function spaceSettingsLink(siteUrl: string, spaceKey: string): string {
  const [, appId = '', envId = ''] = /environment\/([^/]+)\/([^/]+)$/.exec(getAppContext().environmentAri.toString()) ?? [];
  return `${siteUrl.replace(/\/$/, '')}/wiki/spaces/${encodeURIComponent(spaceKey)}/settings/apps/${appId}/${envId}/space-sync`;
}
