/**
 * Inline-comment markers in a storage body: `<ac:inline-comment-marker ac:ref="UUID">text
 * </ac:inline-comment-marker>`, ac:ref = the comment's properties.inlineMarkerRef
 * (confluence-real row 35, storage-inline-marker.xml). The emulator's own reading, written apart
 * from the app's so the two do not share one mistake.
 */

const TOKEN = /<[^>]*>|&(?:lt|gt|quot|nbsp|amp);|[^<&]+|&/g;
const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&nbsp;': ' ', '&amp;': '&' };
const MARKER_REF = /<ac:inline-comment-marker\b[^>]*?\bac:ref="([^"]*)"/g;

/** Whether the body still holds a marker with this ref (the comment is anchored, row 40). */
export function hasMarker(body: string, ref: string): boolean {
  return [...body.matchAll(MARKER_REF)].some((m) => m[1] === ref);
}

/** Start offsets (in the readable text) of the non-overlapping occurrences of `needle`, left to right. */
export function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  if (!needle) return out;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) out.push(i);
  return out;
}

/**
 * Wraps the `index`-th occurrence of `selection` in the body's readable text with a marker of
 * `ref` (row 41: the chosen occurrence; row 42 INFERRED: the API writes the marker). Markup is
 * never split: where the selection crosses a tag, each text run gets its own marker of the same
 * ref (INFERRED, the exact placement around other markup is unconfirmed, storage-inline-marker.xml).
 * Undefined when there is no such occurrence.
 */
export function wrapOccurrence(body: string, selection: string, index: number, ref: string): string | undefined {
  const parts = body.match(TOKEN) ?? [];
  const text = parts.filter((t) => !t.startsWith('<')).map((t) => ENTITIES[t] ?? t).join('');
  const start = occurrences(text, selection)[index];
  if (start === undefined) return undefined;
  const end = start + selection.length;
  let out = '';
  let at = 0; // readable-text offset of the current token
  let open = false;
  const enter = () => {
    if (!open) out += `<ac:inline-comment-marker ac:ref="${ref}">`;
    open = true;
  };
  const leave = () => {
    if (open) out += '</ac:inline-comment-marker>';
    open = false;
  };
  for (const token of parts) {
    if (token.startsWith('<')) {
      leave();
      out += token;
      continue;
    }
    const entity = ENTITIES[token] !== undefined;
    const length = entity ? 1 : token.length;
    const from = Math.max(start, at) - at;
    const to = Math.min(end, at + length) - at;
    if (to <= from) {
      leave();
      out += token;
    } else if (entity) {
      enter();
      out += token;
    } else {
      if (from > 0) {
        leave();
        out += token.slice(0, from);
      }
      enter();
      out += token.slice(from, to);
      if (to < length) {
        leave();
        out += token.slice(to);
      }
    }
    at += length;
  }
  leave();
  return out;
}
