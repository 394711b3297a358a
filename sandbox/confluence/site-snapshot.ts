/**
 * A ConfluenceSite as plain JSON and back, for the sandbox's world file (sandbox/world/). This is
 * sandbox infrastructure, not a Confluence behaviour: nothing in Confluence's API reads or writes
 * a site this way. Everything the site holds is kept (directory, spaces and their permissions,
 * contents with their versions and history, labels, comments and inline marker state,
 * attachments with their bytes, content properties, long tasks, the id counter, the app
 * accounts and every setting), so a site restored from a snapshot answers as the saved one did.
 */
import { ConfluenceSite, type LongTask } from './site';
import type { Content, ContentProperty, Group, Space, SpacePermission, User, Version } from './model';

/** The settings a test or a person may switch on a site (see their notes in site.ts). */
const SETTINGS = [
  'allowDuplicateTitles',
  'inlineMarkerWrite',
  'appWriteEvents',
  'archivedPut',
  'edition',
  'archiveTaskPolls',
  'archiveEvents',
  'exposeSubtype',
  'nodeWithoutParent',
  'v1NodeUpdate',
  'directChildrenCursor',
  'moveWritesVersion',
  'restoreTakesDescendants',
  'customContentStates',
  'siteCommentListing',
  'spaceContentLabels',
  'cqlFindsEmbeds',
  'cqlComments',
  'cqlContainerField',
  'purgedRead',
  'stateProperty',
] as const;
type SettingKey = (typeof SETTINGS)[number];
export type SiteSettings = Pick<ConfluenceSite, SettingKey>;

/** Every field of a ConfluenceSite that a snapshot keeps (the unit test holds this to the class). */
export const KEPT_FIELDS = ['cloudId', 'siteUrl', 'name', 'appAccountId', 'automationAccountId', 'nextId', 'users', 'groups', 'spaces', 'contents', 'properties', 'tasks', ...SETTINGS] as const;

/** What a ConfluenceSite holds that is wiring, not data, so a snapshot leaves it out. */
export const NOT_KEPT_FIELDS: Record<string, string> = {
  clock: 'how the site reads the time (always the wall clock outside tests)',
  sinks: 'who hears its events: the Forge host subscribes again when the site is installed',
};

/** `version` is, as far as the site's code goes, always the last entry of `history` (the same object). */
const LAST_IN_HISTORY = 'last-in-history';

export interface ContentJson extends Omit<Content, 'labels' | 'readRestrictions' | 'attachment' | 'version'> {
  labels: string[];
  readRestrictions: string[];
  /** The bytes in base64. */
  attachment?: Omit<NonNullable<Content['attachment']>, 'data'> & { data: string };
  version: Version | typeof LAST_IN_HISTORY;
}

export interface SiteSnapshot {
  cloudId: string;
  siteUrl: string;
  name: string;
  appAccountId: string;
  automationAccountId: string;
  nextId: number;
  /** Map entries as [key, value], in the maps' order. */
  users: Array<[string, User]>;
  groups: Array<[string, Omit<Group, 'members'> & { members: string[] }]>;
  spaces: Array<[string, Omit<Space, 'permissions'> & { permissions: Array<[string, SpacePermission[]]> }]>;
  contents: Array<[string, ContentJson]>;
  properties: Array<[string, ContentProperty]>;
  tasks: Array<[string, LongTask]>;
  settings: SiteSettings;
}

/** A snapshot that cannot be a site's: the world file is damaged or written by something else. */
export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotError';
  }
}

export function snapshotSite(site: ConfluenceSite): SiteSnapshot {
  return {
    cloudId: site.cloudId,
    siteUrl: site.siteUrl,
    name: site.name,
    appAccountId: site.appAccountId,
    automationAccountId: site.automationAccountId,
    nextId: site.idCounter,
    users: [...site.users].map(([k, u]) => [k, { ...u }]),
    groups: [...site.groups].map(([k, g]) => [k, { ...g, members: [...g.members] }]),
    spaces: [...site.spaces].map(([k, s]) => [k, { ...s, permissions: [...s.permissions].map(([p, set]) => [p, [...set]]) }]),
    contents: [...site.contents].map(([k, c]) => [k, encodeContent(c)]),
    properties: [...site.properties].map(([k, p]) => [k, { ...p, version: { ...p.version } }]),
    tasks: [...site.tasks].map(([k, t]) => [k, { ...t, pageIds: [...t.pageIds], actor: { ...t.actor } }]),
    settings: Object.fromEntries(SETTINGS.map((key) => [key, site[key]])) as unknown as SiteSettings,
  };
}

function encodeContent(c: Content): ContentJson {
  const { labels, readRestrictions, attachment, version, history, ...rest } = c;
  return {
    ...rest,
    history: history.map((v) => ({ ...v })),
    version: history[history.length - 1] === version ? LAST_IN_HISTORY : { ...version },
    labels: [...labels],
    readRestrictions: [...readRestrictions],
    ...(attachment ? { attachment: { ...attachment, data: attachment.data.toString('base64') } } : {}),
  };
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Makes `site` hold what the snapshot holds, in place: the maps are emptied and refilled, so
 * everything that refers to the site (its emulator, the host's installation, its event
 * subscribers) keeps working. Throws SnapshotError, leaving the site as it was, when the
 * snapshot is not a site's.
 */
export function restoreSite(site: ConfluenceSite, snapshot: unknown): void {
  const s = checked(snapshot);
  const contents = s.contents.map(([k, c]): [string, Content] => [k, decodeContent(c)]);
  const target = site as Writable<ConfluenceSite>;
  target.cloudId = s.cloudId;
  target.siteUrl = s.siteUrl;
  target.name = s.name;
  target.appAccountId = s.appAccountId;
  target.automationAccountId = s.automationAccountId;
  site.idCounter = s.nextId;
  refill(site.users, s.users.map(([k, u]) => [k, { ...u }]));
  refill(site.groups, s.groups.map(([k, g]) => [k, { ...g, members: new Set(g.members) }]));
  refill(site.spaces, s.spaces.map(([k, sp]) => [k, { ...sp, permissions: new Map(sp.permissions.map(([p, perms]) => [p, new Set(perms)])) }]));
  refill(site.contents, contents);
  refill(site.properties, s.properties.map(([k, p]) => [k, { ...p, version: { ...p.version } }]));
  refill(site.tasks, s.tasks.map(([k, t]) => [k, { ...t, pageIds: [...t.pageIds], actor: { ...t.actor } }]));
  for (const key of SETTINGS) (target as Record<SettingKey, unknown>)[key] = s.settings[key];
}

/** A new site from a snapshot (what the unit test and tools use; the sandbox restores in place). */
export function siteFromSnapshot(snapshot: unknown): ConfluenceSite {
  const s = checked(snapshot);
  const site = new ConfluenceSite({ cloudId: s.cloudId, siteUrl: s.siteUrl, name: s.name, appAccountId: s.appAccountId, firstId: s.nextId });
  restoreSite(site, s);
  return site;
}

function refill<V>(map: Map<string, V>, entries: Array<[string, V]>): void {
  map.clear();
  for (const [k, v] of entries) map.set(k, v);
}

function decodeContent(c: ContentJson): Content {
  const { labels, readRestrictions, attachment, version, history, ...rest } = c;
  const versions = history.map((v) => ({ ...v }));
  return {
    ...rest,
    history: versions,
    version: version === LAST_IN_HISTORY ? versions[versions.length - 1] : { ...version },
    labels: new Set(labels),
    readRestrictions: new Set(readRestrictions),
    ...(attachment ? { attachment: { ...attachment, data: Buffer.from(attachment.data, 'base64') } } : {}),
  };
}

/** The shape checks a snapshot read from disk must pass before any of it reaches a site. */
function checked(value: unknown): SiteSnapshot {
  const s = value as SiteSnapshot;
  need(isObject(s), 'a site is not an object');
  for (const key of ['cloudId', 'siteUrl', 'name', 'appAccountId', 'automationAccountId'] as const) need(typeof s[key] === 'string', `a site has no ${key}`);
  need(Number.isSafeInteger(s.nextId), `site ${s.cloudId} has no id counter`);
  for (const key of ['users', 'groups', 'spaces', 'contents', 'properties', 'tasks'] as const) {
    need(Array.isArray(s[key]) && s[key].every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && isObject(e[1])), `site ${s.cloudId}: ${key} is not a list of entries`);
  }
  for (const [id, g] of s.groups) need(Array.isArray(g.members), `site ${s.cloudId}: group ${id} has no members list`);
  for (const [id, sp] of s.spaces) need(Array.isArray(sp.permissions) && sp.permissions.every((p) => Array.isArray(p) && Array.isArray(p[1])), `site ${s.cloudId}: space ${id} has no permissions list`);
  for (const [id, c] of s.contents) {
    need(typeof c.type === 'string' && typeof c.status === 'string', `site ${s.cloudId}: content ${id} has no type or status`);
    need(Array.isArray(c.history) && c.history.length > 0 && c.history.every(isObject), `site ${s.cloudId}: content ${id} has no history`);
    need(c.version === LAST_IN_HISTORY || isObject(c.version), `site ${s.cloudId}: content ${id} has no version`);
    need(Array.isArray(c.labels) && Array.isArray(c.readRestrictions), `site ${s.cloudId}: content ${id} has no labels or restrictions list`);
    need(c.attachment === undefined || (isObject(c.attachment) && typeof c.attachment.data === 'string'), `site ${s.cloudId}: attachment ${id} has no bytes`);
  }
  need(isObject(s.settings) && SETTINGS.every((key) => key in s.settings), `site ${s.cloudId} has incomplete settings`);
  return s;
}

function need(condition: boolean, problem: string): asserts condition {
  if (!condition) throw new SnapshotError(problem);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
