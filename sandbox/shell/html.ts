/**
 * HTML helpers for the sandbox shell: every interpolated value is escaped, and every page goes
 * out in one layout with a policy that refuses inline scripts, styles and event handlers.
 */
import type { ServerResponse } from 'node:http';
import { THEME_ATTRIBUTES, asset } from './shell-assets';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A tagged template that escapes its values; nest with `raw()` for trusted fragments. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((out, s, i) => {
    const v = values[i - 1];
    const text = v instanceof Raw ? v.value : Array.isArray(v) ? v.map((x) => (x instanceof Raw ? x.value : escapeHtml(x))).join('') : escapeHtml(v);
    return out + text + s;
  });
}

export class Raw {
  constructor(readonly value: string) {}
}

export const raw = (value: string) => new Raw(value);

/**
 * The shell's pages are the sandbox's own, not under Forge's Custom UI policy, but they keep to
 * one as strict: scripts and styles only from the sandbox's files, so an inline `onclick=` or
 * `style=` anywhere in the shell is refused by the browser (and a browser test that watches the
 * console fails on it). Frames are the app's Custom UI and the mail client, from this origin.
 */
export const SHELL_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

/**
 * What the top bar shows. A page of a Confluence site (`site` given) gets Confluence's top
 * navigation; the sandbox's own pages (the launcher, the mail client, its mailbox) say what they
 * are instead, so nobody takes them for Confluence's.
 */
export interface Chrome {
  site?: string;
  user?: string;
  /** The name a sandbox page (no `site`) goes by in its bar; "Space Sync sandbox" by default. */
  product?: string;
  /**
   * The demo sites' addresses and the one this page is on, for app-navigation.js: a link or
   * `router` call to one of them is opened in the sandbox (site-addresses.ts). Pages with an
   * app's frame give them.
   */
  sites?: { here?: string; all: Array<{ cloudId: string; siteUrl: string }> };
  /** The body lays out its own landmarks (a space page: the sidebar beside its <main>); otherwise it goes in one <main>. */
  ownLandmarks?: boolean;
}

const initials = (name: string) => name.split(/\s+/).map((w) => w[0] ?? '').join('').slice(0, 2).toUpperCase();

const LOGO = '<svg class="product-logo" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M3.3 16.7c-.2.4-.5.9-.7 1.2-.2.3-.1.7.2.9l3.5 2.1c.3.2.7.1.9-.2.2-.3.4-.7.7-1.2 1.7-2.8 3.4-2.5 6.5-1l3.5 1.6c.3.2.7 0 .9-.3l1.7-3.8c.1-.3 0-.7-.3-.9-.8-.4-2.3-1.1-3.7-1.7-4.9-2.4-9.1-2.3-13.2 3.3z"/><path d="M20.7 7.3c.2-.4.5-.9.7-1.2.2-.3.1-.7-.2-.9l-3.5-2.1c-.3-.2-.7-.1-.9.2-.2.3-.4.7-.7 1.2-1.7 2.8-3.4 2.5-6.5 1L6.1 3.9c-.3-.2-.7 0-.9.3L3.5 8c-.1.3 0 .7.3.9.8.4 2.3 1.1 3.7 1.7 4.9 2.4 9.1 2.3 13.2-3.3z"/></svg>';

/**
 * Confluence's top navigation bar, reduced to what the sandbox has: the product's mark and name
 * (to the launcher, the sandbox's "home"), the site, and the signed-in person's avatar.
 */
function topNav(chrome: Chrome): string {
  if (!chrome.site) return html`<header class="top-nav sandbox-nav"><a class="top-nav-home" href="/">${chrome.product ?? 'Space Sync sandbox'}</a></header>`;
  return html`<header class="top-nav"><a class="top-nav-home" href="/">${raw(LOGO)}<span>Confluence</span></a><span class="top-nav-site">${chrome.site}</span><span class="lozenge lozenge-new" title="An emulated site and a local Forge host, on this machine">Sandbox</span>${raw(
    chrome.user ? html`<span class="avatar top-nav-avatar" role="img" aria-label="Signed in as ${chrome.user}" title="Signed in as ${chrome.user}">${initials(chrome.user)}</span>` : '',
  )}</header>`;
}

export function avatar(name: string): string {
  return html`<span class="avatar" aria-hidden="true">${initials(name)}</span>`;
}

/** The shell's scripts, each a file of its own (shell-assets.ts), on every page: each acts only on what its page holds. */
const SCRIPTS = ['page-menu.js', 'app-modal.js', 'flags.js', 'app-navigation.js', 'inline-comments.js', 'relative-times.js', 'iframe-resizer.js', 'app-frame-size.js'];

export function page(title: string, body: string, chrome: Chrome = {}): string {
  const theme = raw(Object.entries(THEME_ATTRIBUTES).map(([k, v]) => html` ${k}="${v}"`).join(''));
  return html`<!doctype html>
<html lang="en"${theme}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<link rel="icon" href="data:,"><!-- no favicon: without this the browser asks for /favicon.ico and logs a 404 -->
<link rel="stylesheet" href="${asset('tokens.css')}"><link rel="stylesheet" href="${asset('shell.css')}">
${SCRIPTS.map((s) => raw(html`<script src="${asset(s)}" defer></script>`))}
</head>
<body${raw(chrome.sites ? html` data-sites="${JSON.stringify(chrome.sites.all.map((x) => ({ cloudId: x.cloudId, siteUrl: x.siteUrl })))}" data-site="${chrome.sites.here ?? ''}"` : '')}>${raw(topNav(chrome))}<div class="flag-group" role="region" aria-label="Flags" aria-live="polite"></div>${raw(chrome.ownLandmarks ? body : html`<main class="page-main">${raw(body)}</main>`)}</body></html>`;
}

/** Sends a shell page with the shell's policy. */
export function sendPage(res: ServerResponse, status: number, body: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': SHELL_POLICY, ...headers }).end(body);
}
