/**
 * Which URLs the app writes into a copy as a link of its own (a smart link's `embedUrl`): web
 * addresses only. The URL comes from the other installation, and a `javascript:`, `data:` or
 * `file:` link would run or open in the destination's readers' browsers; whether Confluence
 * refuses such a smart link itself is UNCONFIRMED (the v2 SmartLinkCreateRequest types `embedUrl`
 * as a plain string), so the app never asks it to. Pure rule, no I/O.
 */

/** An absolute http(s) URL with a host and no control characters or spaces. */
export function isWebLink(value: string): boolean {
  if (/[\s\u0000-\u001f\u007f]/.test(value) || !URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0;
}
