/**
 * Inline comments are anchored in a page's storage body by
 * `<ac:inline-comment-marker ac:ref="UUID">text</ac:inline-comment-marker>`, where the UUID is
 * the comment's `properties.inlineMarkerRef`. A source body carries the source's refs; a copy's
 * body must carry the copy's own, or the copy's comments dangle on its next write. Pure rules,
 * no I/O.
 */
import type { InlineAnchor } from './ports';

// A CDATA section (a code macro's body) is one token: markup inside it is text, never a marker.
const TOKEN = /<!\[CDATA\[[\s\S]*?\]\]>|<[^>]*>|&(?:lt|gt|quot|nbsp|amp);|[^<&]+|&/g;
const OPEN_TAG = /^<ac:inline-comment-marker(?=[\s/>])([^>]*)>$/;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const CLOSE = /^<\/ac:inline-comment-marker\s*>$/;

/**
 * The ref of a marker's opening tag: its `ac:ref` attribute, read attribute by attribute (in
 * either quotes), so a ref-like text inside another attribute (`x:ac:ref="…"`,
 * `title='ac:ref="…"'`) is never taken for it. A marker with no single `ac:ref` has ref `''`,
 * which maps to nothing. Undefined: not a marker.
 */
function openRef(token: string): string | undefined {
  const tag = OPEN_TAG.exec(token);
  if (!tag) return undefined;
  const refs = [...tag[1].matchAll(ATTRIBUTE)].filter((a) => a[1] === 'ac:ref').map((a) => a[2] ?? a[3]);
  return refs.length === 1 ? refs[0] : '';
}

/** A marker tag written afresh with only the copy's ref: nothing else of the source's tag is carried over. */
const markerTag = (ref: string, selfClosing: boolean) => `<ac:inline-comment-marker ac:ref="${ref.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}"${selfClosing ? ' /' : ''}>`;
const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&nbsp;': ' ', '&amp;': '&' };

const tokens = (body: string) => body.match(TOKEN) ?? [];
const isSelfClosing = (tag: string) => /\/\s*>$/.test(tag);

/**
 * The body with every marker's ref replaced by `mapRef(ref)`; a marker whose ref maps to nothing
 * is stripped to its text, so no foreign ref stays in the body. Everything else is kept as written.
 */
export function rewriteMarkerRefs(body: string, mapRef: (ref: string) => string | undefined): string {
  const kept: boolean[] = [];
  let out = '';
  for (const token of tokens(body)) {
    const ref = openRef(token);
    if (ref !== undefined) {
      const mapped = ref ? mapRef(ref) : undefined;
      if (mapped !== undefined) out += markerTag(mapped, isSelfClosing(token));
      if (!isSelfClosing(token)) kept.push(mapped !== undefined);
      continue;
    }
    if (CLOSE.test(token)) {
      // A stray closing tag (no marker open) is left as it was.
      if (kept.length === 0 || kept.pop()) out += token;
      continue;
    }
    out += token;
  }
  return out;
}

/** The refs of the markers in a body, each once, in order. */
export function markerRefs(body: string): string[] {
  const refs = tokens(body)
    .map(openRef)
    .filter((r): r is string => Boolean(r));
  return [...new Set(refs)];
}

/** The readable text of a storage body, as Confluence matches inline selections against it. */
export function visibleText(body: string): string {
  return tokens(body)
    .filter((t) => !t.startsWith('<'))
    .map((t) => ENTITIES[t] ?? t)
    .join('');
}

/**
 * How to select, in a body of the same readable text, the text a marker wraps in `body`: the
 * wrapped text (from the first marker of that ref to the end of its last), and which of its
 * occurrences it is, counted as Confluence counts them (left to right, not overlapping).
 * Undefined when the body has no such marker, it wraps no text, or overlapping repeats make the
 * occurrence unnameable.
 */
export function markerAnchor(body: string, ref: string): InlineAnchor | undefined {
  let text = '';
  let start = -1;
  let end = -1;
  const open: boolean[] = [];
  for (const token of tokens(body)) {
    const marker = openRef(token);
    if (marker !== undefined) {
      if (isSelfClosing(token)) continue;
      open.push(marker === ref);
      if (marker === ref && start === -1) start = text.length;
      continue;
    }
    if (CLOSE.test(token)) {
      if (open.pop()) end = text.length;
      continue;
    }
    if (!token.startsWith('<')) text += ENTITIES[token] ?? token;
  }
  if (start === -1 || end <= start) return undefined;
  const selection = text.slice(start, end);
  const starts: number[] = [];
  for (let i = text.indexOf(selection); i !== -1; i = text.indexOf(selection, i + selection.length)) starts.push(i);
  const index = starts.indexOf(start);
  return index === -1 ? undefined : { text: selection, matchCount: starts.length, matchIndex: index };
}
