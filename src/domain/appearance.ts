/**
 * How a page looks besides its body: its emoji title, cover image and width (content
 * properties) and its content status (the "status" lozenge). Pure rules: which properties count,
 * where a cover points, and what the copy needs written so it looks like the original.
 *
 * Keys and value shapes: shared/reference/confluence-real/v2-content-properties-appearance.json
 * (emoji-title-*: a lowercase hex code point; content-appearance-*: `default`, `full-width`,
 * `max` or the older `fixed`; cover-picture-id-*: a JSON-encoded string whose `id` is a media
 * fileId or an external URL). Each has a `-published` and a `-draft` twin; both are copied, or
 * the viewer and the editor disagree (that file's markfluence note).
 */

export const APPEARANCE_KEYS = [
  'emoji-title-published',
  'emoji-title-draft',
  'content-appearance-published',
  'content-appearance-draft',
  'cover-picture-id-published',
  'cover-picture-id-draft',
] as const;
export type AppearanceKey = (typeof APPEARANCE_KEYS)[number];
export const isAppearanceKey = (key: string): key is AppearanceKey => (APPEARANCE_KEYS as readonly string[]).includes(key);
const isCoverKey = (key: string) => key.startsWith('cover-picture-id-');

/**
 * The content status as v1's content-state API holds it: `{id, name, color}`, id being the
 * site's own (developer.atlassian.com/cloud/confluence/rest/v1/api-group-content-states/). Only
 * name and colour travel: a PUT with them reuses a state of that name and colour or makes one.
 */
export interface ContentState {
  name: string;
  color: string;
}

/**
 * Where Confluence keeps a page's published status: the content property
 * `content-state-published` (confluence-real/v2-content-properties-appearance.json, "key seen in
 * consumer types; value shape not recorded"; a developer reading it over the API:
 * https://community.developer.atlassian.com/t/how-to-search-confluence-pages-by-content-state/61595).
 * Only its presence is used, never its value: the status itself is read through v1.
 */
export const STATE_PROPERTY_KEY = 'content-state-published';

/**
 * What the app has learnt of a site: whether a page with a status shows that property among its
 * properties (true), or not (false); undefined until a page with a status has been read. That
 * v2's property reads show it is UNCONFIRMED, so it is learnt per site, never assumed.
 */
export type StateShown = boolean | undefined;

/**
 * Whether the page's status must be read through v1 (one request and two points a page): always,
 * unless the site is known to show a status as a property and this page's properties (all of
 * them) show none. A property without a status (left behind when one was removed) costs a read.
 */
export const needsStateRead = (site: StateShown, hasStateProperty: boolean): boolean => hasStateProperty || site !== true;

/**
 * What one read teaches about the site (undefined: nothing new). Only a page that has a status
 * tells: it either shows the property or not. A site once seen not to show it stays so, as
 * reading every status is only a cost; one seen to show it is not unlearnt by a page without.
 */
export function learntStateShown(site: StateShown, hasStateProperty: boolean, hasState: boolean): StateShown {
  if (!hasState || site === false) return undefined;
  if (!hasStateProperty) return false;
  return site === undefined ? true : undefined;
}

export type PropertyValues = Partial<Record<AppearanceKey, unknown>>;

export interface Appearance {
  properties: PropertyValues;
  state?: ContentState;
}

/** Where a cover points: a file (a media fileId, as attachments carry) or an image by URL (a gallery such as Unsplash). */
export type CoverRef = { kind: 'file'; fileId: string } | { kind: 'url'; url: string } | { kind: 'unreadable' };

/** A cover property's value is a string holding JSON with an `id` (consumers do JSON.parse(value).id). */
export function coverRef(value: unknown): CoverRef {
  const id = coverObject(value)?.id;
  if (typeof id !== 'string' || id === '') return { kind: 'unreadable' };
  return /^https?:\/\//i.test(id) ? { kind: 'url', url: id } : { kind: 'file', fileId: id };
}

function coverObject(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The same cover pointing at another file; keys besides `id` (not recorded anywhere) are kept as they are. */
export const withCoverFile = (value: string, fileId: string): string => JSON.stringify({ ...coverObject(value), id: fileId });

/**
 * What the copy's properties should be: the source's, with a cover that is a file of the page
 * pointing at the copy's file (`copyFileId`: source fileId → the copy's fileId). A cover by URL
 * is copied as it is. A cover whose file the copy does not hold (a file of another page, or
 * files left out of the sync) is left out: the copy's fileId would name nothing there.
 */
export function wantedProperties(source: PropertyValues, copyFileId: (sourceFileId: string) => string | undefined): PropertyValues {
  const out: PropertyValues = {};
  for (const key of APPEARANCE_KEYS) {
    if (!Object.hasOwn(source, key)) continue;
    const value = source[key];
    if (!isCoverKey(key)) {
      out[key] = value;
      continue;
    }
    const ref = coverRef(value);
    if (ref.kind === 'url') out[key] = value;
    if (ref.kind === 'file') {
      const mapped = copyFileId(ref.fileId);
      if (mapped) out[key] = withCoverFile(value as string, mapped);
    }
  }
  return out;
}

/** The source fileIds the covers point at, so the copy's files can be looked up first. */
export function coverFileIds(source: PropertyValues): string[] {
  const ids = APPEARANCE_KEYS.filter(isCoverKey).flatMap((key) => {
    const ref = Object.hasOwn(source, key) ? coverRef(source[key]) : undefined;
    return ref?.kind === 'file' ? [ref.fileId] : [];
  });
  return [...new Set(ids)];
}

/** A property on the copy now. */
export interface PresentProperty {
  id: string;
  value: unknown;
  version: number;
}

export interface PropertyChanges {
  create: Array<{ key: AppearanceKey; value: unknown }>;
  /** `version`: the next version number (v2 property updates must increment it). */
  update: Array<{ key: AppearanceKey; id: string; value: unknown; version: number }>;
  remove: Array<{ key: AppearanceKey; id: string }>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * One diff of what the copy should hold (wanted), what the app wrote before (recorded) and what
 * the copy holds now (present). A wanted value the copy lacks is written; a property the app
 * wrote is removed once the source no longer has it, unless someone here changed it since.
 * Properties the app never wrote are left alone, as labels only the destination has are.
 */
export function propertyChanges(wanted: PropertyValues, recorded: PropertyValues, present: Partial<Record<AppearanceKey, PresentProperty>>): PropertyChanges {
  const changes: PropertyChanges = { create: [], update: [], remove: [] };
  for (const key of APPEARANCE_KEYS) {
    const now = present[key];
    if (Object.hasOwn(wanted, key)) {
      if (!now) changes.create.push({ key, value: wanted[key] });
      else if (!same(now.value, wanted[key])) changes.update.push({ key, id: now.id, value: wanted[key], version: now.version + 1 });
    } else if (now && Object.hasOwn(recorded, key) && same(now.value, recorded[key])) {
      changes.remove.push({ key, id: now.id });
    }
  }
  return changes;
}

export type StateChange = { kind: 'set'; state: ContentState } | { kind: 'remove' } | { kind: 'none' };

const sameState = (a: ContentState | undefined, b: ContentState | undefined) => a?.name === b?.name && a?.color.toLowerCase() === b?.color.toLowerCase();

/** The status follows the source's; one the app set is removed when the source drops it, unless someone here set another since. */
export function stateChange(wanted: ContentState | undefined, recorded: ContentState | undefined, present: ContentState | undefined): StateChange {
  if (wanted) return sameState(wanted, present) ? { kind: 'none' } : { kind: 'set', state: wanted };
  return recorded && present && sameState(recorded, present) ? { kind: 'remove' } : { kind: 'none' };
}
