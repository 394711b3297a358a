/**
 * How a page looks besides its body, as Confluence shows it: the cover above the title, the
 * emoji before it, the status lozenge beside it, and full width. Read from the content
 * properties and content state the app copies (the keys src/domain/appearance.ts names), so a
 * person sees in the sandbox that the copy looks like the original.
 */
import type { Content } from '../confluence/model';
import { html } from './html';
import { fileLink, filesOf, type Where } from './space-context';

const propertyOf = (w: Where, c: Content, key: string) => [...w.site.properties.values()].find((p) => p.contentId === c.id && p.key === key)?.value;

/** `1f680` → 🚀; anything that is not a code point shows nothing. */
function emojiOf(value: unknown): string {
  if (typeof value !== 'string' || !/^[0-9a-f]{2,6}(-[0-9a-f]{2,6})*$/i.test(value)) return '';
  try {
    return String.fromCodePoint(...value.split('-').map((part) => parseInt(part, 16)));
  } catch {
    return '';
  }
}

/** A cover's value is a string of JSON whose `id` is a media fileId or a URL (confluence-real/v2-content-properties-appearance.json). */
function coverRef(value: unknown): { kind: 'file'; fileId: string } | { kind: 'url'; url: string } | { kind: 'none' } {
  let id: unknown;
  try {
    id = typeof value === 'string' ? (JSON.parse(value) as { id?: unknown } | null)?.id : undefined;
  } catch {
    return { kind: 'none' };
  }
  if (typeof id !== 'string' || !id) return { kind: 'none' };
  return /^https?:\/\//i.test(id) ? { kind: 'url', url: id } : { kind: 'file', fileId: id };
}

/** A cover that is a file of the page shows it; one by URL is named (the sandbox loads nothing from outside). */
function coverOf(w: Where, c: Content): string {
  const ref = coverRef(propertyOf(w, c, 'cover-picture-id-published'));
  if (ref.kind === 'file') {
    const file = filesOf(w, c).find((f) => f.attachment?.fileId === ref.fileId);
    return file ? html`<img class="page-cover" src="${fileLink(w, file)}" alt="" data-cover="${file.title}">` : '';
  }
  return ref.kind === 'url' ? html`<p class="page-cover-url subtlest" data-cover="${ref.url}">Cover image from ${new URL(ref.url).host}</p>` : '';
}

export interface PageLook {
  cover: string;
  emoji: string;
  status: string;
  fullWidth: boolean;
}

export function pageLook(w: Where, c: Content): PageLook {
  const emoji = emojiOf(propertyOf(w, c, 'emoji-title-published'));
  const width = propertyOf(w, c, 'content-appearance-published');
  return {
    cover: coverOf(w, c),
    emoji: emoji ? html`<span class="title-emoji" aria-hidden="true">${emoji}</span> ` : '',
    status: c.contentState ? html` <span class="status-lozenge" title="Status">${c.contentState.name}</span>` : '',
    fullWidth: width === 'full-width' || width === 'max',
  };
}
