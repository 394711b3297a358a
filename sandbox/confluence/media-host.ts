/**
 * Atlassian's media service as Confluence attachment downloads reach it: the v1 download answers
 * 302 to `https://api.media.atlassian.com/file/<fileId>/binary?token=<JWT>&client=…&name=…`, and
 * the file is fetched there, on another origin, with the token in the query as the only
 * credential (confluence-real row 51, download-redirect.txt: CONFIRMED). One service for every
 * emulated site, as the real one is.
 */
import { randomBytes, randomUUID } from 'node:crypto';

export const MEDIA_ORIGIN = 'https://api.media.atlassian.com';

/**
 * How long a download token lasts. The real lifetime is UNCONFIRMED (the sources say only that
 * the token is short-lived); a minute is as strict as any plausible value for a follow-at-once.
 */
export const MEDIA_TOKEN_TTL_MS = 60_000;

interface Grant {
  fileId: string;
  data: Buffer;
  mediaType: string;
  expires: number;
}

export class MediaHost {
  private readonly grants = new Map<string, Grant>();
  private readonly client = randomUUID();
  /** Requests served, for tests that check the hop really happened. */
  served = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** A signed, short-lived URL for one file's bytes. */
  issue(file: { fileId: string; name: string; data: Buffer; mediaType: string }): string {
    const token = `${randomBytes(12).toString('base64url')}.${randomBytes(24).toString('base64url')}.${randomBytes(16).toString('base64url')}`;
    this.grants.set(token, { fileId: file.fileId, data: file.data, mediaType: file.mediaType, expires: this.now() + MEDIA_TOKEN_TTL_MS });
    const url = new URL(`/file/${file.fileId}/binary`, MEDIA_ORIGIN);
    url.searchParams.set('token', token);
    url.searchParams.set('client', this.client);
    url.searchParams.set('name', file.name);
    return url.href;
  }

  handles(url: URL): boolean {
    return url.origin === MEDIA_ORIGIN;
  }

  /**
   * The file, when the token is valid for it. A request that carries the site's Authorization
   * header is refused: clients drop it on this cross-origin hop (download-redirect.txt notes), and
   * a site credential must never reach another host; what the real service answers is UNCONFIRMED.
   */
  serve(url: URL, headers: Headers): Response {
    if (!this.handles(url)) return new Response('Unknown host', { status: 502 });
    if (headers.has('authorization')) return Response.json({ error: 'A site credential was sent to the media host' }, { status: 400 });
    const match = /^\/file\/([^/]+)\/binary$/.exec(url.pathname);
    const grant = this.grants.get(url.searchParams.get('token') ?? '');
    if (!match || !grant || grant.fileId !== match[1]) return Response.json({ error: 'Invalid token' }, { status: 401 });
    if (grant.expires < this.now()) {
      this.grants.delete(url.searchParams.get('token') ?? '');
      return Response.json({ error: 'Token expired' }, { status: 401 });
    }
    this.served++;
    return new Response(new Uint8Array(grant.data), { status: 200, headers: { 'content-type': grant.mediaType, 'content-length': String(grant.data.length) } });
  }
}

/** The one media service every emulated site redirects to. */
export const mediaHost = new MediaHost();
