/**
 * A page body in storage format, shown as a reader sees it in Confluence: headings, lists and
 * code as HTML, macros as labelled boxes, links as links (`<ac:link>` to a page, blog post, file,
 * space or URL, with its own link body or else the target's name, as Confluence's renderer
 * shows them; a person as an @mention; plain `<a href>`), and the text an inline comment is
 * anchored to highlighted (`<ac:inline-comment-marker>`), instead of the markers as raw XML or
 * every tag dropped into one run-on paragraph.
 *
 * Only the tags listed here are written, never with the body's own attributes (a link's address
 * goes through `href`, which says where it leads in the sandbox and refuses any scheme but http,
 * https and mailto), and every text run is escaped, so a body with `<script>`, `onerror=` or
 * `javascript:` shows as text: the body is whatever a demo user (or a synced site) wrote.
 */
import { escapeHtml } from './html';

/** Storage tags a reader sees as the same HTML element (attributes are dropped). */
const PLAIN = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'code', 'pre', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br', 'hr']);
/** Elements whose content a reader never sees. */
const HIDDEN = new Set(['script', 'style', 'ac:parameter', 'ac:placeholder']);
const VOID = new Set(['br', 'hr']);
const TOKEN = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\/?[\w:-]+(?:\s[^>]*)?\/?>|[^<]+|</g;

export interface MarkerState {
  /** How the comment anchored by this ref stands: resolved markers are not highlighted, as in Confluence. */
  resolution: 'open' | 'reopened' | 'resolved' | 'dangling';
  /** The id of the element that shows the comment (the side panel's card), for assistive technology. */
  describedBy?: string;
}

/** What a link in the body points at, as `<ac:link>`'s resource names it. */
export type LinkTarget =
  | { kind: 'page'; title: string; spaceKey?: string }
  | { kind: 'file'; filename: string; pageTitle?: string; spaceKey?: string }
  | { kind: 'space'; spaceKey: string };

export interface StorageViewOptions {
  /** Inline-comment state by marker ref (`properties.inlineMarkerRef`). */
  markers: Map<string, MarkerState>;
  /** The shell's URL of a page, blog post, file or space the body links to (no space key: the body's own), when the sandbox has it. */
  linkTo(target: LinkTarget): string | undefined;
  /** Where an address in the body (`<a href>`, `<ri:url>`) leads; undefined when a reader may not follow it. */
  href(url: string): string | undefined;
  /** A person's display name, for an @mention. */
  userName(accountId: string): string | undefined;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&#39;': "'" };

/** A tag's attributes, their XML entities read. */
function attributes(tag: string): Map<string, string> {
  return new Map([...tag.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1], m[2].replace(/&(?:amp|lt|gt|quot|apos|#39);/g, (e) => ENTITIES[e])]));
}

/** Text as HTML: entities the body already holds stay entities; a bare `&` or `>` is escaped. */
function text(run: string): string {
  return run.replace(/&(?!#\d+;|#x[0-9a-f]+;|[a-z][a-z0-9]*;)/gi, '&amp;').replace(/>/g, '&gt;').replace(/</g, '&lt;');
}

/** What an opening tag becomes, and what closes it. */
function open(name: string, attrs: Map<string, string>, o: StorageViewOptions, inLink: boolean): [string, string] {
  if (PLAIN.has(name)) return [`<${name}>`, VOID.has(name) ? '' : `</${name}>`];
  if (name === 'a' && !inLink) {
    const href = o.href(attrs.get('href') ?? '');
    return href ? [`<a href="${escapeHtml(href)}">`, '</a>'] : ['', ''];
  }
  if (name === 'ac:inline-comment-marker') {
    const ref = attrs.get('ac:ref') ?? '';
    const marker = o.markers.get(ref);
    const state = marker?.resolution ?? 'dangling';
    const describedBy = marker?.describedBy && (state === 'open' || state === 'reopened') ? ` aria-describedby="${escapeHtml(marker.describedBy)}"` : '';
    return [`<mark class="inline-comment ${state}" data-comment-ref="${escapeHtml(ref)}" title="${state === 'resolved' ? 'Resolved inline comment' : 'Inline comment'}"${describedBy}>`, '</mark>'];
  }
  if (name === 'ac:structured-macro') return [`<div class="macro" data-macro="${escapeHtml(attrs.get('ac:name') ?? '')}"><span class="macro-name">${escapeHtml(attrs.get('ac:name') ?? 'macro')} macro</span>`, '</div>'];
  if (name === 'ac:plain-text-body') return ['<pre>', '</pre>'];
  return ['', ''];
}

interface Token {
  raw: string;
  /** Lower-case tag name; undefined for text, CDATA and comments. */
  name?: string;
  closing: boolean;
  selfClosing: boolean;
}

function tokenize(body: string): Token[] {
  return (body.match(TOKEN) ?? []).map((raw) => {
    const tag = raw.startsWith('<![CDATA[') || raw.startsWith('<!--') ? null : /^<(\/?)([\w:-]+)/.exec(raw);
    if (!tag) return { raw, closing: false, selfClosing: false };
    const name = tag[2].toLowerCase();
    return { raw, name, closing: tag[1] === '/', selfClosing: raw.endsWith('/>') || VOID.has(name) };
  });
}

/** Where `<ac:link>`'s resource points, from the tokens inside it. */
function linkTarget(inner: Token[]): LinkTarget | { kind: 'user'; accountId: string } | { kind: 'url'; url: string } | undefined {
  const resource = inner.find((t) => t.name?.startsWith('ri:') && !t.closing);
  if (!resource?.name) return undefined;
  const a = attributes(resource.raw);
  const spaceKey = a.get('ri:space-key') || undefined;
  if (resource.name === 'ri:page' || resource.name === 'ri:blog-post') return { kind: 'page', title: a.get('ri:content-title') ?? '', spaceKey };
  if (resource.name === 'ri:user') return { kind: 'user', accountId: a.get('ri:account-id') ?? a.get('ri:userkey') ?? '' };
  if (resource.name === 'ri:space') return spaceKey ? { kind: 'space', spaceKey } : undefined;
  if (resource.name === 'ri:url') return { kind: 'url', url: a.get('ri:value') ?? '' };
  if (resource.name === 'ri:attachment') {
    // A file of another page names that page inside: <ri:attachment><ri:page …/></ri:attachment>.
    const owner = inner.find((t) => (t.name === 'ri:page' || t.name === 'ri:blog-post') && !t.closing);
    const o = owner ? attributes(owner.raw) : undefined;
    return { kind: 'file', filename: a.get('ri:filename') ?? '', pageTitle: o?.get('ri:content-title'), spaceKey: o?.get('ri:space-key') || undefined };
  }
  return undefined;
}

/** The tokens between an element's opening at `start` and its closing tag (not nested: ac:link holds no ac:link). */
function inside(tokens: Token[], start: number, name: string): [Token[], number] {
  for (let i = start + 1; i < tokens.length; i++) if (tokens[i].name === name && tokens[i].closing) return [tokens.slice(start + 1, i), i];
  return [tokens.slice(start + 1), tokens.length - 1];
}

/**
 * `<ac:link>` as Confluence shows it: an anchor to its target, labelled with its `<ac:link-body>`
 * (rich) or `<ac:plain-text-link-body>` (CDATA), or else the target's title or file name; a
 * person as "@Name"; a target the sandbox does not have as its name, marked as a missing link.
 */
function acLink(linkTag: Token, inner: Token[], o: StorageViewOptions): string {
  const target = linkTarget(inner);
  const anchor = attributes(linkTag.raw).get('ac:anchor');
  if (target?.kind === 'user') return `<span class="mention">@${escapeHtml(o.userName(target.accountId) ?? 'Unknown user')}</span>`;
  const richStart = inner.findIndex((t) => t.name === 'ac:link-body' && !t.closing);
  const plain = inner.find((t) => t.raw.startsWith('<![CDATA['));
  const label = richStart !== -1 ? render(inside(inner, richStart, 'ac:link-body')[0], o, true) : plain ? escapeHtml(plain.raw.slice(9, -3)) : '';
  const fallback = !target ? (anchor ?? '') : target.kind === 'page' ? target.title : target.kind === 'file' ? target.filename : target.kind === 'space' ? target.spaceKey : target.url;
  const shown = label || escapeHtml(fallback);
  const base = !target ? '' : target.kind === 'url' ? o.href(target.url) : o.linkTo(target);
  const href = base === undefined ? undefined : `${base}${anchor ? `#${encodeURIComponent(anchor)}` : ''}`;
  return href ? `<a href="${escapeHtml(href)}">${shown}</a>` : `<span class="missing-link">${shown}</span>`;
}

function render(tokens: Token[], o: StorageViewOptions, inLink = false): string {
  let out = '';
  const closers: Array<{ name: string; close: string }> = [];
  let hidden = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.raw.startsWith('<![CDATA[')) {
      if (!hidden) out += escapeHtml(token.raw.slice(9, -3)); // CDATA is literal text, entities and all
      continue;
    }
    if (token.raw.startsWith('<!--')) continue;
    const name = token.name;
    if (!name) {
      if (!hidden) out += text(token.raw);
      continue;
    }
    if (token.closing) {
      // Close the nearest open element of this name (and anything left open inside it).
      const at = closers.map((c) => c.name).lastIndexOf(name);
      if (at === -1) continue;
      for (const c of closers.splice(at).reverse()) {
        if (HIDDEN.has(c.name)) hidden--;
        else if (!hidden) out += c.close;
      }
      continue;
    }
    if (HIDDEN.has(name)) {
      if (!token.selfClosing) {
        hidden++;
        closers.push({ name, close: '' });
      }
      continue;
    }
    if (hidden) {
      if (!token.selfClosing) closers.push({ name, close: '' });
      continue;
    }
    if (name === 'ac:link') {
      const [inner, end] = token.selfClosing ? [[], i] : inside(tokens, i, 'ac:link');
      if (!inLink) out += acLink(token, inner, o);
      i = end;
      continue;
    }
    const [start, close] = open(name, attributes(token.raw), o, inLink);
    out += start;
    if (token.selfClosing) out += close;
    else closers.push({ name, close });
  }
  for (const c of closers.reverse()) if (!HIDDEN.has(c.name)) out += c.close;
  return out;
}

export function renderStorage(body: string, o: StorageViewOptions): string {
  return render(tokenize(body), o);
}
