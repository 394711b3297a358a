/**
 * A page body in storage format, shown as a reader sees it in Confluence: headings, lists and
 * code as HTML, macros as labelled boxes, page links by their title, and the text an inline
 * comment is anchored to highlighted (`<ac:inline-comment-marker>`), instead of the markers as
 * raw XML or every tag dropped into one run-on paragraph.
 *
 * Only the tags listed here are written, never with the body's own attributes, and every text
 * run is escaped, so a body with `<script>` or `onerror=` shows as text: the body is whatever a
 * demo user (or a synced site) wrote.
 */
import { escapeHtml } from './html';

/** Storage tags a reader sees as the same HTML element (attributes are dropped). */
const PLAIN = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'code', 'pre', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br', 'hr']);
/** Elements whose content a reader never sees (a link's own label is left out too: its page's title stands for it). */
const HIDDEN = new Set(['script', 'style', 'ac:parameter', 'ac:placeholder', 'ac:plain-text-link-body']);
const VOID = new Set(['br', 'hr']);
const TOKEN = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\/?[\w:-]+(?:\s[^>]*)?\/?>|[^<]+|</g;

export interface MarkerState {
  /** How the comment anchored by this ref stands: resolved markers are not highlighted, as in Confluence. */
  resolution: 'open' | 'reopened' | 'resolved' | 'dangling';
}

export interface StorageViewOptions {
  /** Inline-comment state by marker ref (`properties.inlineMarkerRef`). */
  markers: Map<string, MarkerState>;
  /** The shell's URL of the page with this title in the same space, when there is one. */
  pageLink(title: string): string | undefined;
}

function attributes(tag: string): Map<string, string> {
  return new Map([...tag.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

/** Text as HTML: entities the body already holds stay entities; a bare `&` or `>` is escaped. */
function text(run: string): string {
  return run.replace(/&(?!#\d+;|#x[0-9a-f]+;|[a-z][a-z0-9]*;)/gi, '&amp;').replace(/>/g, '&gt;').replace(/</g, '&lt;');
}

/** What an opening tag becomes, and what closes it. */
function open(name: string, attrs: Map<string, string>, o: StorageViewOptions): [string, string] {
  if (PLAIN.has(name)) return [`<${name}>`, VOID.has(name) ? '' : `</${name}>`];
  if (name === 'ac:inline-comment-marker') {
    const ref = attrs.get('ac:ref') ?? '';
    const state = o.markers.get(ref)?.resolution ?? 'dangling';
    return [`<mark class="inline-comment ${state}" data-comment-ref="${escapeHtml(ref)}" title="${state === 'resolved' ? 'Resolved inline comment' : 'Inline comment'}">`, '</mark>'];
  }
  if (name === 'ac:structured-macro') return [`<div class="macro" data-macro="${escapeHtml(attrs.get('ac:name') ?? '')}"><span class="macro-name">${escapeHtml(attrs.get('ac:name') ?? 'macro')} macro</span>`, '</div>'];
  if (name === 'ac:plain-text-body') return ['<pre>', '</pre>'];
  return ['', ''];
}

/** A page link (`<ac:link><ri:page ri:content-title="…"/></ac:link>`) as the page's title. */
function pageLink(attrs: Map<string, string>, o: StorageViewOptions): string {
  const title = attrs.get('ri:content-title') ?? '';
  const href = o.pageLink(title);
  return href ? `<a href="${escapeHtml(href)}">${text(title)}</a>` : `<span class="missing-link">${text(title)}</span>`;
}

export function renderStorage(body: string, o: StorageViewOptions): string {
  let out = '';
  const closers: Array<{ name: string; close: string }> = [];
  let hidden = 0;
  for (const token of body.match(TOKEN) ?? []) {
    if (token.startsWith('<![CDATA[')) {
      if (!hidden) out += escapeHtml(token.slice(9, -3)); // CDATA is literal text, entities and all
      continue;
    }
    if (token.startsWith('<!--')) continue;
    const tag = /^<(\/?)([\w:-]+)/.exec(token);
    if (!tag) {
      if (!hidden) out += text(token);
      continue;
    }
    const [, closing, rawName] = tag;
    const name = rawName.toLowerCase();
    const selfClosing = token.endsWith('/>') || VOID.has(name);
    if (closing) {
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
      if (!selfClosing) {
        hidden++;
        closers.push({ name, close: '' });
      }
      continue;
    }
    if (hidden) {
      if (!selfClosing) closers.push({ name, close: '' });
      continue;
    }
    if (name === 'ri:page') {
      out += pageLink(attributes(token), o);
      continue;
    }
    const [start, close] = open(name, attributes(token), o);
    out += start;
    if (selfClosing) out += close;
    else closers.push({ name, close });
  }
  for (const c of closers.reverse()) if (!HIDDEN.has(c.name)) out += c.close;
  return out;
}
