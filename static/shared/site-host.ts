/** "globex.atlassian.net": a site as people name it (its host, without the scheme). */
export function siteHost(siteUrl: string): string {
  return siteUrl.replace(/^https?:\/\//, '').replace(/\/$/, '');
}
