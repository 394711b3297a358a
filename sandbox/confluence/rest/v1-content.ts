/**
 * v1 POST /content (v1.json createContent): a page or blog post with its labels and content
 * properties in the same write, which v2's create cannot carry. What is set and shown follows
 * `site.v1CreateMetadata` (UNCONFIRMED, see there).
 */
import { ApiError, badRequest } from '../api-error';
import { checkedLabel } from '../site';
import { propertyJson, v1ContentJson } from './representations';
import { labelArray } from './v1';
import { list, ok, storageBody, type RestCall, type RestHandler } from './rest-call';
import type { Content } from '../model';

interface LabelInput {
  prefix: string;
  name: string;
}

/** ContentMetadata.labels is a LabelArray or an array of Label (v1.json); each `{prefix?, name}`. */
function labelsOf(metadata: { labels?: unknown } | undefined): LabelInput[] {
  const raw = metadata?.labels;
  if (raw === undefined) return [];
  const rows = Array.isArray(raw) ? raw : (raw as { results?: unknown })?.results;
  if (!Array.isArray(rows)) throw badRequest('metadata.labels must be a list of labels');
  return rows.map((row: { prefix?: unknown; name?: unknown }) => {
    if (typeof row?.name !== 'string') throw badRequest('A label needs a name');
    const prefix = typeof row.prefix === 'string' ? row.prefix : 'global';
    return { prefix, name: checkedLabel(row.name, prefix) };
  });
}

/** `metadata.properties`: key → `{key?, value}`, as the consumers that write properties with a create send them (INFERRED). */
function propertiesOf(metadata: { properties?: unknown } | undefined): Array<{ key: string; value: unknown }> {
  const raw = metadata?.properties;
  if (raw === undefined) return [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('metadata.properties must be an object keyed by property key');
  return Object.entries(raw as Record<string, { key?: unknown; value?: unknown }>).map(([key, p]) => {
    if (!p || typeof p !== 'object' || !('value' in p)) throw badRequest(`Property '${key}' needs a value`);
    if (p.key !== undefined && p.key !== key) throw badRequest(`Property '${key}' names another key`);
    if (key.length > 255) throw badRequest('A property key is at most 255 characters');
    return { key, value: p.value };
  });
}

/**
 * `ancestors`: "Only one parent content id can be specified" (v1.json ContentCreate). A page's
 * parent must be a page here: whether v1 takes a folder or another tree node as a parent is
 * UNCONFIRMED (v1 predates them), so the emulator refuses it and the app never asks.
 */
function parentOf(call: RestCall, type: 'page' | 'blogpost', ancestors: unknown): string | undefined {
  if (ancestors === undefined || ancestors === null) return undefined;
  if (!Array.isArray(ancestors)) throw badRequest('ancestors must be a list');
  if (ancestors.length > 1) throw badRequest('Only one parent content id can be specified');
  if (!ancestors.length || type !== 'page') return undefined;
  const id = String((ancestors[0] as { id?: unknown })?.id ?? '');
  const parent = call.site.contents.get(id);
  if (parent && parent.type !== 'page') throw badRequest(`The parent of a page created with v1 must be a page, not a ${parent.type}`);
  return id;
}

/** The answer: v1 content, with the labels and properties `expand` asks for when the site shows them. */
function createdJson(call: RestCall, content: Content) {
  const expand = list(call.query, 'expand');
  if (call.site.v1CreateMetadata !== 'applied') return v1ContentJson(call.site, content);
  const keys = expand.filter((e) => e.startsWith('metadata.properties.')).map((e) => e.slice('metadata.properties.'.length));
  const all = expand.includes('metadata.properties');
  const properties = call.site.properties.of(content.id).filter((p) => all || keys.includes(p.key));
  return {
    ...v1ContentJson(call.site, content),
    metadata: {
      ...(expand.includes('metadata.labels') ? { labels: labelArray(call, content) } : {}),
      ...(all || keys.length ? { properties: Object.fromEntries(properties.map((p) => [p.key, propertyJson(p)])) } : {}),
    },
  };
}

/**
 * v1 words a title clash otherwise than v2 (confluence-real error-duplicate-title-v1.json: "A page
 * with this title already exists: A page already exists with the title <T> in the space with key
 * <KEY>"); the blog post wording is INFERRED from it.
 */
function v1Wording(create: () => Content, title: string, spaceKey: string): Content {
  try {
    return create();
  } catch (e) {
    const clash = e instanceof ApiError && /^A (page|blog post) with this title already exists/.exec(e.message);
    if (!clash) throw e;
    throw badRequest(`A ${clash[1]} with this title already exists: A ${clash[1]} already exists with the title ${title} in the space with key ${spaceKey}`);
  }
}

export const v1ContentHandlers: Record<string, RestHandler> = {
  createContent(call) {
    const b = call.body ?? {};
    if (b.type !== 'page' && b.type !== 'blogpost') throw badRequest(`The emulator creates pages and blog posts with v1, not ${String(b.type)}`);
    // v1.json createContent: 403 when "the space that the content is being created in does not exist".
    const space = typeof b.space?.key === 'string' ? call.site.spaceByKey(b.space.key) : undefined;
    if (!space) throw new ApiError(403, 'The space does not exist or you may not create content in it');
    if (b.status !== undefined && b.status !== 'current' && b.status !== 'draft') throw badRequest(`Content cannot be created with status ${String(b.status)}`);
    // Everything is checked before anything is written: a refused create leaves nothing behind.
    const labels = labelsOf(b.metadata);
    const properties = propertiesOf(b.metadata);
    const parentId = parentOf(call, b.type, b.ancestors);
    const content = v1Wording(() => call.site.createPage(call.actor, { type: b.type, spaceId: space.id, title: b.title, body: b.body === undefined ? '' : storageBody(b.body), parentId, status: b.status ?? 'current' }), b.title, space.key);
    if (call.site.v1CreateMetadata !== 'ignored') {
      for (const prefix of new Set(labels.map((l) => l.prefix))) call.site.addLabels(call.actor, content.id, labels.filter((l) => l.prefix === prefix).map((l) => l.name), prefix);
      for (const p of properties) call.site.setProperty(call.actor, content.id, p.key, p.value);
    }
    return ok(createdJson(call, content), 0);
  },
};
