/**
 * The egress rule of the Forge runtime: a backend `fetch` may only reach hosts that
 * `permissions.external.fetch.backend` declares. The check is `@forge/egress`, the same
 * filter `@forge/api` uses for `permissions.canFetchFrom`. The host's own loopback web-trigger
 * URLs stand for the real web-trigger domains.
 */
import { EgressFilteringService } from '@forge/egress';

/** The two web-trigger hosts Forge issues URLs on (UNCONFIRMED which one `getUrl` returns). */
export const WEB_TRIGGER_SAMPLE_URLS = ['https://sample.hello.atlassian-dev.net/x1/sample', 'https://sample.webtrigger.atlassian.app/public/sample'];

export class EgressPolicy {
  private readonly filter: EgressFilteringService;

  constructor(
    allowList: string[],
    private readonly isWebTriggerUrl: (url: URL) => boolean,
  ) {
    this.filter = new EgressFilteringService(allowList);
  }

  allows(url: URL): boolean {
    if (this.isWebTriggerUrl(url)) return WEB_TRIGGER_SAMPLE_URLS.some((u) => this.filter.isValidUrl(u));
    return this.filter.isValidUrl(url.href);
  }
}
