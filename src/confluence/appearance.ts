/**
 * A page's appearance over the REST API, as the app: the v2 content properties that hold its
 * emoji title, cover and width (v2.json getPageContentProperties / createPageProperty /
 * updatePagePropertyById / deletePagePropertyById and the blog post twins; shapes in
 * confluence-real/v2-content-properties-appearance.json), and v1's content state, the only API
 * for the status lozenge (developer.atlassian.com/cloud/confluence/rest/v1/api-group-content-states/).
 */
import { assumeTrustedRoute, route, type Route } from '@forge/api';
import { z } from 'zod';
import { allResults, confluence, ConfluenceError } from './client';
import { APPEARANCE_KEYS, isAppearanceKey, learntStateShown, needsStateRead, STATE_PROPERTY_KEY, type Appearance, type AppearanceKey, type ContentState, type PresentProperty, type StateShown } from '../domain/appearance';
import type { DestinationContent, PresentAppearance, SiteFacts } from '../replication/ports';
import type { ContentKind } from '../replication/snapshot';

const app = () => confluence('app');

const Property = z.object({ id: z.string(), key: z.string(), value: z.unknown(), version: z.object({ number: z.number() }) });
/** `include-properties` on a page read: at most 50, `meta.hasMore` when there are more (v2.json). */
export const IncludedProperties = z.object({ results: z.array(Property), meta: z.object({ hasMore: z.boolean().optional() }).partial().optional() }).optional();
type Included = z.infer<typeof IncludedProperties>;
/** ContentStateResponse: `{contentState: {id, name, color} | null, lastUpdated}`; no state reads as null (INFERRED: the document shows only a set one). */
const StateAnswer = z.object({ contentState: z.object({ name: z.string(), color: z.string() }).nullish() });

const collection = (kind: ContentKind) => (kind === 'page' ? 'pages' : 'blogposts');
const propertiesPath = (kind: ContentKind, id: string): Route => (kind === 'page' ? route`/wiki/api/v2/pages/${id}/properties` : route`/wiki/api/v2/blogposts/${id}/properties`);
const propertyPath = (kind: ContentKind, id: string, propertyId: string): Route =>
  kind === 'page' ? route`/wiki/api/v2/pages/${id}/properties/${propertyId}` : route`/wiki/api/v2/blogposts/${id}/properties/${propertyId}`;
/** `status=current`: the published page's state (a draft has its own). */
const statePath = (id: string): Route => route`/wiki/rest/api/content/${id}/state?status=current`;

/** Every property of the page (one listing, unless the page read included them all). */
async function allProperties(id: string, kind: ContentKind, included?: Included) {
  return included && !included.meta?.hasMore ? included.results : await allResults(Property, assumeTrustedRoute(`${propertiesPath(kind, id).value}?limit=250`));
}

/** The appearance properties among them, by key. */
function appearanceProperties(rows: Array<z.infer<typeof Property>>): Partial<Record<AppearanceKey, PresentProperty>> {
  const out: Partial<Record<AppearanceKey, PresentProperty>> = {};
  for (const row of rows) if (isAppearanceKey(row.key)) out[row.key] = { id: row.id, value: row.value, version: row.version.number };
  return out;
}

async function readState(id: string): Promise<ContentState | undefined> {
  const answer = await app().find(StateAnswer, statePath(id));
  const state = answer?.contentState;
  return state ? { name: state.name, color: state.color } : undefined;
}

/**
 * The source page's appearance, in the order of APPEARANCE_KEYS so its hash does not depend on
 * the listing's order. `included`: the properties the page read carried (all of them unless it
 * says there are more, when they are listed). `facts`: what the site has shown of where it keeps
 * a status, so a page whose properties show none need not have it read (domain/appearance.ts
 * needsStateRead); without them every status is read.
 */
export async function readAppearance(id: string, kind: ContentKind, included?: Included, facts?: SiteFacts): Promise<Appearance> {
  const rows = await allProperties(id, kind, included);
  const present = appearanceProperties(rows);
  const properties: Appearance['properties'] = {};
  for (const key of APPEARANCE_KEYS) if (present[key]) properties[key] = present[key].value;
  const state = await statusOf(id, rows.some((row) => row.key === STATE_PROPERTY_KEY), facts);
  return { properties, ...(state ? { state } : {}) };
}

/**
 * A status read under way that may teach the site's fact, per facts (one invocation's): items
 * read at once wait for it rather than each reading its status before anything is learnt.
 */
const lessons = new WeakMap<SiteFacts, Promise<unknown>>();

async function statusOf(id: string, hasStateProperty: boolean, facts: SiteFacts | undefined): Promise<ContentState | undefined> {
  let site = await shown(facts);
  const lesson = facts && lessons.get(facts);
  if (site === undefined && !hasStateProperty && lesson) site = await lesson.then(() => shown(facts));
  if (!needsStateRead(site, hasStateProperty)) return undefined;
  const reading = readAndLearn(id, hasStateProperty, site, facts);
  if (facts && site === undefined && hasStateProperty) lessons.set(facts, reading.catch(() => undefined));
  return reading;
}

async function readAndLearn(id: string, hasStateProperty: boolean, site: StateShown, facts: SiteFacts | undefined): Promise<ContentState | undefined> {
  const state = await readState(id);
  const learnt = learntStateShown(site, hasStateProperty, state !== undefined);
  if (facts && learnt !== undefined) await facts.learnStateShown(learnt).catch((e: unknown) => console.warn(`Could not keep what the site shows of content states: ${e instanceof Error ? e.message : String(e)}`));
  return state;
}

/** What the site has shown of where it keeps a status. It is only a saving: when it cannot be read, every status is. */
const shown = (facts: SiteFacts | undefined): Promise<StateShown> => (facts ? facts.stateShown().catch(() => undefined) : Promise.resolve(undefined));

const Attachment = z.object({ fileId: z.string().optional() });

export const appearanceWrites: Pick<DestinationContent, 'attachmentFileId' | 'appearance' | 'writeProperty' | 'deleteProperty' | 'setContentState' | 'removeContentState'> = {
  async attachmentFileId(attachmentId) {
    return (await app().find(Attachment, route`/wiki/api/v2/attachments/${attachmentId}`))?.fileId || undefined;
  },

  async appearance(id, kind): Promise<PresentAppearance> {
    const state = await readState(id);
    return { properties: appearanceProperties(await allProperties(id, kind)), ...(state ? { state } : {}) };
  },

  async writeProperty(id, kind, key, value, existing) {
    if (!existing) await app().send(z.unknown(), 'POST', propertiesPath(kind, id), { key, value });
    else await app().send(z.unknown(), 'PUT', propertyPath(kind, id, existing.id), { key, value, version: { number: existing.version } });
  },

  async deleteProperty(id, kind, propertyId) {
    const response = await app().raw(propertyPath(kind, id, propertyId), { method: 'DELETE' });
    // Already gone is what was wanted.
    if (response.status !== 204 && response.status !== 404) throw new ConfluenceError(response.status, `Confluence answered ${response.status} to deleting a property of ${collection(kind)} ${id}`);
  },

  async setContentState(id, state) {
    await app().send(z.unknown(), 'PUT', statePath(id), { name: state.name, color: state.color });
  },

  async removeContentState(id) {
    const response = await app().raw(statePath(id), { method: 'DELETE' });
    if (response.status !== 200 && response.status !== 204 && response.status !== 404) throw new ConfluenceError(response.status, `Confluence answered ${response.status} to removing the status of content ${id}`);
  },
};
