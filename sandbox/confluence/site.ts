/**
 * One emulated Confluence Cloud site: users, groups, spaces and content, with the rules the
 * REST API enforces (versions, unique titles, tree, trash, permissions, restrictions) and a
 * product event for every change, including the real gaps (no events for the children of a
 * trashed, restored or purged parent).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ApiError, badRequest, contentNotFound, notFound } from './api-error';
import type { Content, ContentProperty, ContentState, ContentType, Group, NodeType, Space, SpacePermission, User, Version } from './model';
import { buildEvent, type EventAction } from './events';
import { labelId, labelParts } from './labels';
import { hasMarker, occurrences, wrapOccurrence } from './inline-markers';
import { ContentIndex, PropertyIndex } from './content-index';

/**
 * What creating a top-level inline comment through the API does to the page body. That it writes
 * the marker is INFERRED (confluence-real row 42, v2-inline-comment-create.json); whether that is
 * a new page version, and whether it raises `updated:page`, is unknown. Each plausible behaviour
 * is a setting, and the app is tested against all of them.
 */
export type InlineMarkerWrite = 'in-place' | 'new-version' | 'new-version-event';
export const INLINE_MARKER_WRITES: InlineMarkerWrite[] = ['in-place', 'new-version', 'new-version-event'];

export type InlineResolution = 'open' | 'reopened' | 'resolved' | 'dangling';

export type Actor = { kind: 'app' } | { kind: 'user'; accountId: string };

export interface SiteOptions {
  cloudId: string;
  siteUrl: string;
  name: string;
  appAccountId?: string;
  /** First content id, so that two sites never share ids (catches id mix-ups). */
  firstId?: number;
}

export type EventSink = (event: Record<string, unknown> & { eventType: string }) => void;

/**
 * What events the app's own REST writes raise. UNCONFIRMED (confluence-real row 92, "What could
 * not be found": whether app-made writes fire events with `atlassianId` = the app account):
 * `app-actor` (atlassianId is the app user), `no-actor` (atlassianId left out, as for anonymous
 * actors; version.by still names the app), `none` (app writes raise no events).
 */
export type AppWriteEvents = 'app-actor' | 'no-actor' | 'none';

/**
 * What a v2 PUT does to an archived page. UNCONFIRMED: v2.json documents restoring trashed and
 * deleted pages with status current but says nothing of archived ones, and there is no unarchive
 * endpoint in v1.json or v2.json. `unarchives`: the page is current again with the new content;
 * `stays-archived`: the content changes, the page stays archived; `refused`: 400.
 */
export type ArchivedPut = 'unarchives' | 'stays-archived' | 'refused';

/** v1.json archivePages: 400 on a free edition, and for more than one page off premium. */
export type Edition = 'free' | 'standard' | 'premium';

/** v1 archivePages runs as a long task (v1.json: "returns a task ID", polled at /longtask/{id}). */
export interface LongTask {
  id: string;
  pageIds: string[];
  actor: Actor;
  /** Status reads left before it finishes (0: finished). */
  pollsLeft: number;
  startedAt: number;
}

export const SITE_ADMINS_GROUP = 'confluence-admins';

const PAGE_TYPES: ContentType[] = ['page', 'blogpost'];
/** What can sit in the content tree and parent pages (v2.json ParentContentType; confluence-real rows 20, 25, 27). */
export const TREE_TYPES: ContentType[] = ['page', 'folder', 'whiteboard', 'database', 'embed'];
export const NODE_TYPES: NodeType[] = ['folder', 'whiteboard', 'database', 'embed'];
/**
 * The states a space suggests: the UI's defaults (confluence.js SetContentState: "0,1, or 2 … a
 * default space state"; names and colours from the UI palette the v1 document lists, INFERRED).
 */
export const SPACE_STATES: ContentState[] = [
  { id: 0, name: 'Rough draft', color: '#ffc400' },
  { id: 1, name: 'In progress', color: '#2684ff' },
  { id: 2, name: 'Ready for review', color: '#57d9a3' },
];

/** The longest title a page, blog post or folder may have (INFERRED, see assertTitleFits). */
const MAX_TITLE_LENGTH = 255;
/** The property that holds a page's published status (see stateProperty). */
const STATE_PROPERTY = 'content-state-published';

export class ConfluenceSite {
  readonly cloudId: string;
  readonly siteUrl: string;
  readonly name: string;
  readonly appAccountId: string;
  readonly users = new Map<string, User>();
  readonly groups = new Map<string, Group>();
  readonly spaces = new Map<string, Space>();
  /** Maps with lookups by parent, container, title and space (content-index.ts), so answers do not slow down as the site grows. */
  readonly contents = new ContentIndex();
  readonly properties = new PropertyIndex();
  /**
   * Whether Confluence refuses a second page of the same title in a space is UNCONFIRMED (the
   * reference says it does); tests switch this on to run the app against the other outcome.
   */
  allowDuplicateTitles = false;
  /** UNCONFIRMED (see InlineMarkerWrite): the marker is written into the current version by default. */
  inlineMarkerWrite: InlineMarkerWrite = 'in-place';
  /** See AppWriteEvents (UNCONFIRMED); tests run the app against each. */
  appWriteEvents: AppWriteEvents = 'app-actor';
  /** See ArchivedPut (UNCONFIRMED); tests run the app against each. */
  archivedPut: ArchivedPut = 'unarchives';
  /**
   * Whether restoring a page brings back the descendants trashed with it. UNCONFIRMED: v2.json
   * and confluence-real row 30 say a PUT with status current restores the page, not what happens
   * to its subtree; `false`: each descendant stays in the trash until restored itself.
   */
  restoreTakesDescendants = true;
  edition: Edition = 'premium';
  /** Status reads of an archive task before it finishes (INFERRED: real tasks take a while). */
  archiveTaskPolls = 0;
  /**
   * Whether archiving raises `archived:page` (and unarchiving `unarchived:page`). The event names
   * are in the Forge events reference (forge-platform.md section 1.6); that the v1 archive
   * task raises them, and their `content.status`, is UNCONFIRMED.
   */
  archiveEvents = true;
  /**
   * Whether the site's spaces allow custom content states. When they do not, a content-state PUT
   * naming a state that is not one of the space's fails (developer.atlassian.com/cloud/confluence/
   * rest/v1/api-group-content-states/: "If custom states are disabled in the space of the content
   * … then this set will fail"; 400 is the documented refusal, its wording INFERRED).
   */
  customContentStates = true;
  /**
   * Where the status shows among a page's content properties. Confluence keeps the published
   * status as the property `content-state-published` (confluence-real/v2-content-properties-
   * appearance.json: the key seen in consumer types; a developer reading it over v1:
   * https://community.developer.atlassian.com/t/how-to-search-confluence-pages-by-content-state/61595).
   * Whether v2's property reads show it, and whether it goes when the status is removed, is
   * UNCONFIRMED, as is its value's shape (here the state itself): 'shown' lists it while a status
   * is set, 'hidden' never lists it, 'stale' keeps it after the status is removed. The app is
   * tested against all three.
   */
  stateProperty: 'shown' | 'hidden' | 'stale' = 'shown';
  /** Whether v2 page objects carry `subtype` for live docs (confluence-real row 63: INFERRED). */
  exposeSubtype = true;
  /** "Automation for Confluence": another app account on every site, which edits pages (accountType app, row 78). */
  readonly automationAccountId: string;
  readonly tasks = new Map<string, LongTask>();
  /**
   * POST /folders (and whiteboards, databases, embeds) without `parentId`: under the home page, as
   * pages go (row 28), or at the space root. UNCONFIRMED: the app always names a parent.
   */
  nodeWithoutParent: 'homepage' | 'root' = 'homepage';
  /**
   * v2 has no update for folders, whiteboards, databases or smart links (v2.json: POST, GET,
   * DELETE only). Whether v1 PUT /content/{id} renames or moves one is UNCONFIRMED: 'applies'
   * does, 'refused' answers 400 (a node type it does not update), 'gone' answers 410. v1
   * updateContent is deprecated for v2's page and blog post updates (changelog CHANGE-864,
   * https://community.developer.atlassian.com/t/deprecating-many-confluence-v1-apis-that-have-v2-equivalents/66883),
   * and a 2026 client report has the v1 content endpoints answering 410 Gone
   * (https://github.com/veryfront/veryfront-code/pull/1787), so 'gone' is the default. The app is
   * tested against all three.
   */
  v1NodeUpdate: 'applies' | 'refused' | 'gone' = 'gone';
  /**
   * CONFCLOUD-84015 (confluence-real row 14, v2-page-direct-children.json): with children whose
   * childPosition is null, a `direct-children` cursor page answers `{results: [], _links: {base}}`
   * unless the listing is sorted by id. Which children trigger it is not known; 'broken' answers
   * every page after the first so, as the worst case.
   */
  directChildrenCursor: 'works' | 'broken' = 'works';
  /**
   * Whether v1 movePage writes a new page version: not documented (confluence-real
   * event-moved-page.json says so; v1.json movePage names none). UNCONFIRMED: 'no' keeps the
   * version, 'yes' writes one by the mover with the same title and body. The app is tested with both.
   */
  moveWritesVersion: 'no' | 'yes' = 'no';
  /**
   * GET /footer-comments and /inline-comments list the whole site's comments (v2.json
   * getFooterComments: "Returns all footer comments"). Whether replies are among them is
   * UNCONFIRMED (the per-page listings give top-level ones only, confluence-real row 39):
   * 'with-replies' lists them, 'top-level' does not. The app is tested against both.
   */
  siteCommentListing: 'with-replies' | 'top-level' = 'with-replies';
  /**
   * GET /spaces/{id}/content/labels: v2.json documents its `prefix` with only `my` and `team`,
   * default "my, team", so as written it never lists global labels ('documented'). Whether
   * Confluence does so is UNCONFIRMED; 'all' lists every prefix. The app is tested against both.
   */
  spaceContentLabels: 'documented' | 'all' = 'documented';
  /** Whether CQL search finds smart links (`type = embed`; UNCONFIRMED, see rest/v1-search.ts). */
  cqlFindsEmbeds = true;
  /**
   * Whether CQL search finds resolved inline comments and their replies (`type = comment`;
   * UNCONFIRMED, see rest/v1-search.ts): 'all' finds them, 'unresolved-only' does not. The
   * app's count of a space's comments is tested against both.
   */
  cqlComments: 'all' | 'unresolved-only' = 'all';
  /** Whether CQL knows the `container` field on Cloud (UNCONFIRMED, see rest/v1-search.ts): 'unknown' answers 400 as for a field it lacks. */
  cqlContainerField: 'known' | 'unknown' = 'known';
  /**
   * A page purged from the trash, read by id with `status=deleted` (v2.json getPageById lists
   * `deleted` among the statuses it filters by): 'deleted' answers it with status deleted,
   * 'not-found' answers 404 as for content that never was. Which Confluence does is UNCONFIRMED;
   * the app is tested against both.
   */
  purgedRead: 'deleted' | 'not-found' = 'deleted';
  private nextId: number;
  private clock = () => new Date().toISOString();
  private sinks: EventSink[] = [];

  constructor(options: SiteOptions) {
    this.cloudId = options.cloudId;
    this.siteUrl = options.siteUrl;
    this.name = options.name;
    this.appAccountId = options.appAccountId ?? `557058:app-${randomBytes(6).toString('hex')}`;
    this.nextId = options.firstId ?? 10_000 + Math.floor(Math.random() * 1_000) * 1_000;
    this.addUser({ accountId: this.appAccountId, displayName: 'Space Sync', accountType: 'app' });
    this.automationAccountId = `557058:automation-${randomBytes(6).toString('hex')}`;
    this.addUser({ accountId: this.automationAccountId, displayName: 'Automation for Confluence', accountType: 'app' });
  }

  onEvent(sink: EventSink): void {
    this.sinks.push(sink);
  }

  /** Runs `fn` without publishing events (bulk seeding of a space before any app looks at it). */
  muted<T>(fn: () => T): T {
    const sinks = this.sinks;
    this.sinks = [];
    try {
      return fn();
    } finally {
      this.sinks = sinks;
    }
  }

  newId(): string {
    return String(this.nextId++);
  }

  /**
   * The number the next id is made from. Sandbox infrastructure, not a Confluence behaviour: the
   * sandbox's world file keeps it so that ids go on from where they were (site-snapshot.ts).
   */
  get idCounter(): number {
    return this.nextId;
  }

  set idCounter(next: number) {
    this.nextId = next;
  }

  now(): string {
    return this.clock();
  }

  accountOf(actor: Actor): string {
    return actor.kind === 'app' ? this.appAccountId : actor.accountId;
  }

  // ---------------- directory ----------------

  addUser(user: User): User {
    this.users.set(user.accountId, user);
    return user;
  }

  addGroup(name: string, members: string[] = []): Group {
    const group = { id: randomBytes(8).toString('hex'), name, members: new Set(members) };
    this.groups.set(group.id, group);
    return group;
  }

  /**
   * Confluence admins: members of `confluence-admins`. The operations mirror what
   * `/user/current?expand=operations` lists for them (the exact strings are UNCONFIRMED).
   */
  siteOperations(accountId: string): { operation: string; targetType: string }[] {
    const admin = this.groupsOf(accountId).some((g) => g.name === SITE_ADMINS_GROUP);
    return [{ operation: 'use', targetType: 'application' }, ...(admin ? [{ operation: 'administer', targetType: 'application' }] : [])];
  }

  groupsOf(accountId: string): Group[] {
    return [...this.groups.values()].filter((g) => g.members.has(accountId));
  }

  /** Creates a space with its home page; the app user gets read and write, as Forge grants. */
  createSpace(key: string, name: string, admins: string[] = []): Space {
    if ([...this.spaces.values()].some((s) => s.key === key)) throw badRequest(`A space with key ${key} already exists`);
    const space: Space = { id: this.newId(), key, name, homepageId: '', authorId: admins[0] ?? this.appAccountId, createdAt: this.now(), permissions: new Map() };
    this.spaces.set(space.id, space);
    this.grant(space, this.appAccountId, ['read', 'write']);
    for (const admin of admins) this.grant(space, admin, ['read', 'write', 'administer']);
    const home = this.insertContent({ type: 'page', spaceId: space.id, title: name, body: `<p>Welcome to ${escapeXml(name)}.</p>`, authorId: admins[0] ?? this.appAccountId });
    space.homepageId = home.id;
    return space;
  }

  grant(space: Space, principal: string, permissions: SpacePermission[]): void {
    const set = space.permissions.get(principal) ?? new Set<SpacePermission>();
    permissions.forEach((p) => set.add(p));
    space.permissions.set(principal, set);
  }

  spaceByKey(key: string): Space | undefined {
    return [...this.spaces.values()].find((s) => s.key === key);
  }

  // ---------------- permissions ----------------

  private principals(accountId: string): string[] {
    return [accountId, ...this.groupsOf(accountId).map((g) => `group:${g.id}`)];
  }

  hasSpacePermission(actor: Actor, space: Space, permission: SpacePermission): boolean {
    return this.principals(this.accountOf(actor)).some((p) => space.permissions.get(p)?.has(permission));
  }

  /** Whether the actor may see the content: space read, and any read restriction on it or its ancestors. */
  canView(actor: Actor, content: Content): boolean {
    const space = this.spaces.get(content.spaceId);
    if (!space || !this.hasSpacePermission(actor, space, 'read')) return false;
    const principals = this.principals(this.accountOf(actor));
    for (let c: Content | undefined = content; c; c = this.parentOf(c)) {
      if (c.readRestrictions.size > 0 && !principals.some((p) => c!.readRestrictions.has(p))) return false;
    }
    return true;
  }

  private parentOf(content: Content): Content | undefined {
    const parentId = content.parentId ?? content.containerId;
    return parentId ? this.contents.get(parentId) : undefined;
  }

  /** The content if it exists in one of `statuses` and the actor may see it; otherwise 404, as Confluence answers. */
  visible(actor: Actor, id: string, types: ContentType[], statuses: string[] = ['current']): Content {
    const content = this.contents.get(id);
    if (!content || !types.includes(content.type) || !statuses.includes(content.status) || !this.canView(actor, content)) throw contentNotFound(types[0], id);
    return content;
  }

  requireWrite(actor: Actor, spaceId: string): Space {
    const space = this.spaces.get(spaceId);
    if (!space || !this.hasSpacePermission(actor, space, 'read')) throw notFound('Space');
    if (!this.hasSpacePermission(actor, space, 'write')) throw new ApiError(403, 'You do not have permission to edit content in this space');
    return space;
  }

  // ---------------- pages and blog posts ----------------

  private insertContent(fields: Partial<Content> & Pick<Content, 'type' | 'spaceId' | 'title' | 'body' | 'authorId'>): Content {
    const now = this.now();
    const version: Version = { number: 1, authorId: fields.authorId, createdAt: now, message: '', minorEdit: false, title: fields.title, body: fields.body };
    const content: Content = {
      // Attachment ids are `att` + digits in v1 and v2 (confluence-real row 46).
      id: fields.type === 'attachment' ? `att${this.newId()}` : this.newId(),
      status: 'current',
      createdAt: now,
      version,
      history: [version],
      position: 0,
      labels: new Set(),
      readRestrictions: new Set(),
      ...fields,
    };
    if (TREE_TYPES.includes(content.type)) content.position = this.nextPosition(content.parentId);
    this.contents.set(content.id, content);
    return content;
  }

  /**
   * After the last sibling, with a gap: real positions are large and sparse (212, 621, 1900;
   * confluence-real row 7), so an app that treats them as 0..n indexes fails here too.
   */
  private nextPosition(parentId: string | undefined): number {
    const siblings = parentId ? this.treeChildren(parentId) : [];
    const last = siblings.length ? Math.max(...siblings.map((c) => c.position)) : 0;
    return last + 100 + ((this.nextId * 7919) % 400);
  }

  children(parentId: string, statuses: string[] = ['current']): Content[] {
    return this.contents
      .withParent(parentId)
      .filter((c) => c.type === 'page' && statuses.includes(c.status))
      .sort((a, b) => a.position - b.position || Number(a.id) - Number(b.id));
  }

  /** Everything directly under a tree node: pages, folders, whiteboards, databases, embeds (row 23). */
  treeChildren(parentId: string, statuses: string[] = ['current']): Content[] {
    return this.contents
      .withParent(parentId)
      .filter((c) => TREE_TYPES.includes(c.type) && statuses.includes(c.status))
      .sort((a, b) => a.position - b.position || Number(a.id) - Number(b.id));
  }

  /** The whole subtree under a node, through folders and other nodes (what the trash takes along). */
  descendants(parentId: string, statuses: string[] = ['current']): Content[] {
    return this.treeChildren(parentId, statuses).flatMap((child) => [child, ...this.descendants(child.id, statuses)]);
  }

  ancestors(content: Content): Content[] {
    const out: Content[] = [];
    for (let p = content.parentId ? this.contents.get(content.parentId) : undefined; p; p = p.parentId ? this.contents.get(p.parentId) : undefined) out.unshift(p);
    return out;
  }

  /**
   * A title is at most 255 characters (the app's snapshot holds to the same limit). That
   * Confluence refuses a longer one with 400 is INFERRED; its wording is made up.
   */
  private assertTitleFits(title: string): void {
    if (title.length > MAX_TITLE_LENGTH) throw badRequest(`Title cannot be longer than ${MAX_TITLE_LENGTH} characters`);
  }

  private assertTitleFree(spaceId: string, type: ContentType, title: string, exceptId?: string): void {
    this.assertTitleFits(title);
    if (this.allowDuplicateTitles) return;
    const clash = this.contents
      .withTitle(spaceId, type, title)
      // An archived page reserves its title too (confluence-real row 19, error-duplicate-title-v2.json).
      .some((c) => (c.status === 'current' || c.status === 'archived') && c.id !== exceptId);
    // 400 BAD_REQUEST with the captured title (confluence-real row 65, error-duplicate-title-v2.json).
    if (clash) throw badRequest(`A ${type === 'page' ? 'page' : 'blog post'} with this title already exists: A ${type === 'page' ? 'page' : 'blog post'} already exists with the same TITLE in this space`);
  }

  createPage(actor: Actor, input: { type: 'page' | 'blogpost'; spaceId: string; title: string; body: string; parentId?: string; status?: 'current' | 'draft'; rootLevel?: boolean; subtype?: 'live' }): Content {
    checkBodySize(input.body);
    const space = this.requireWrite(actor, input.spaceId);
    if (!input.title?.trim() && input.status !== 'draft') throw badRequest('Title is required');
    this.assertTitleFits(input.title ?? '');
    let parentId: string | undefined;
    if (input.type === 'page') {
      if (input.parentId) {
        // A folder, whiteboard, database or smart link can parent a page (rows 20, 27).
        const parent = this.visible(actor, input.parentId, TREE_TYPES);
        if (parent.spaceId !== space.id) throw badRequest('The parent page must be in the same space');
        parentId = parent.id;
      } else if (!input.rootLevel) {
        parentId = space.homepageId;
      }
    }
    if (input.status !== 'draft') this.assertTitleFree(space.id, input.type, input.title);
    const live = input.type === 'page' && input.subtype === 'live' ? { subtype: 'live' as const, liveSessions: 0 } : {};
    const content = this.insertContent({ type: input.type, spaceId: space.id, title: input.title, body: input.body, parentId, authorId: this.accountOf(actor), status: input.status ?? 'current', ...live });
    // Drafts raise no event (v2-page-draft-and-live.json); live docs raise initialized, not created (row 84).
    if (content.status === 'current') this.emit(content.subtype === 'live' ? 'initialized' : 'created', content, actor);
    return content;
  }

  /**
   * PUT: the version must be exactly current + 1. A trashed page put back with status current is
   * restored (its title and body stay as they were); a new parentId moves it within its space.
   */
  updatePage(actor: Actor, id: string, input: { type: 'page' | 'blogpost'; title: string; body: string; status: string; version: number; message?: string; parentId?: string; spaceId?: string; minorEdit?: boolean }): Content {
    checkBodySize(input.body);
    const content = this.visible(actor, id, [input.type], ['current', 'trashed', 'draft', 'archived']);
    this.requireWrite(actor, content.spaceId);
    if (content.status === 'archived' && this.archivedPut === 'refused') throw badRequest('An archived page cannot be updated');
    if (input.spaceId && input.spaceId !== content.spaceId) throw badRequest('Moving content to a different space is not supported');
    if (content.status === 'trashed') {
      if (input.status !== 'current') throw badRequest('A trashed page can only be restored (status: current)');
      return this.restore(actor, content);
    }
    if (input.version !== content.version.number + 1) {
      // 409 CONFLICT; the v2 wording is INFERRED (confluence-real row 69, error-version-conflict-v2.json).
      throw new ApiError(409, `Version must be incremented when updating a page. Current Version: [${content.version.number}]. Provided version: [${input.version}]`);
    }
    if (!input.title?.trim()) throw badRequest('Title is required');
    if (input.title !== content.title) this.assertTitleFree(content.spaceId, content.type, input.title, content.id);

    const moving = input.type === 'page' && input.parentId !== undefined && input.parentId !== content.parentId;
    if (moving) this.checkMove(actor, content, input.parentId as string);

    const prevContent = moving ? this.snapshotForEvent(content) : undefined;
    const now = this.now();
    const version: Version = { number: input.version, authorId: this.accountOf(actor), createdAt: now, message: input.message ?? '', minorEdit: input.minorEdit ?? false, title: input.title, body: input.body };
    const changed = input.title !== content.title || input.body !== content.body;
    content.title = input.title;
    content.body = input.body;
    content.version = version;
    content.history.push(version);
    if (moving) {
      content.parentId = input.parentId;
      this.contents.reindex(content);
      content.position = this.nextPosition(input.parentId);
    }
    this.contents.reindex(content);
    // A PUT with status archived is ignored (row 62); one with current on an archived page: see ArchivedPut.
    const unarchived = content.status === 'archived' && input.status === 'current' && this.archivedPut === 'unarchives';
    if (unarchived) content.status = 'current';
    if (changed || !moving) this.emit('updated', content, actor, { updateTrigger: 'edit_page' });
    if (moving) this.emit('moved', content, actor, { prevContent });
    if (unarchived && this.archiveEvents) this.emit('unarchived', content, actor);
    return content;
  }

  /**
   * v1.json movePage: `before`/`after` put the page under the target's parent, next to the
   * target; `append` makes it the target's last child. 404 for a page or target that is not a
   * current page (v1.json), 400 for a loop or the home page. The page raises `moved`, as any move
   * (event-moved-page.json). Positions stay large and sparse: the moved page takes a number
   * between its new neighbours, and the siblings are numbered anew when there is no gap.
   */
  movePage(actor: Actor, id: string, position: 'before' | 'after' | 'append', targetId: string): Content {
    const content = this.visible(actor, id, ['page']);
    const target = this.visible(actor, targetId, ['page']);
    this.requireWrite(actor, content.spaceId);
    if (content.id === target.id) throw badRequest('A page cannot be moved relative to itself');
    if (content.id === this.spaces.get(content.spaceId)?.homepageId) throw badRequest('The space home page cannot be moved');
    const parentId = position === 'append' ? target.id : target.parentId;
    if (!parentId || target.spaceId !== content.spaceId) throw badRequest('The target must be a page of the same space with a parent');
    if (content.parentId !== parentId) this.checkMove(actor, content, parentId);
    const prevContent = this.snapshotForEvent(content);
    content.parentId = parentId;
    const siblings = this.treeChildren(parentId).filter((c) => c.id !== content.id);
    const at = position === 'append' ? siblings.length : siblings.findIndex((c) => c.id === target.id) + (position === 'after' ? 1 : 0);
    const before = siblings[at - 1]?.position ?? 0;
    const after = siblings[at]?.position;
    if (after === undefined) content.position = before + 100 + ((this.nextId * 7919) % 400);
    else if (after - before >= 2) content.position = Math.floor((before + after) / 2);
    else [...siblings.slice(0, at), content, ...siblings.slice(at)].forEach((c, i) => (c.position = (i + 1) * 1000));
    if (this.moveWritesVersion === 'yes') {
      const version: Version = { ...content.version, number: content.version.number + 1, authorId: this.accountOf(actor), createdAt: this.now(), message: '', minorEdit: true };
      content.version = version;
      content.history.push(version);
    }
    this.contents.reindex(content);
    this.emit('moved', content, actor, { prevContent });
    return content;
  }

  // ---------------- archive (confluence-real row 19, 62; v1.json archivePages, getTask) ----------------

  /** v1 POST /content/archive: checks as v1.json lists its 400s, then a long task archives the pages. */
  archive(actor: Actor, ids: string[]): LongTask {
    if (this.edition === 'free') throw badRequest('Archiving is not available on the free edition');
    if (ids.length > 300) throw badRequest('At most 300 pages can be archived at once');
    if (ids.length > 1 && this.edition !== 'premium') throw badRequest('Only premium editions archive more than one page at a time');
    if ([...this.tasks.values()].some((t) => t.pollsLeft > 0)) throw badRequest('An archival job is already running');
    const pages = ids.map((id) => {
      const page = this.contents.get(id);
      if (!page || page.type !== 'page' || !this.canView(actor, page) || !['current', 'archived'].includes(page.status)) throw badRequest(`Content ${id} is not a page`);
      if (page.status === 'archived') throw badRequest(`Page ${id} is already archived`);
      this.requireWrite(actor, page.spaceId);
      if (page.id === this.spaces.get(page.spaceId)?.homepageId) throw badRequest('The space home page cannot be archived');
      return page;
    });
    const task: LongTask = { id: this.newId(), pageIds: pages.map((p) => p.id), actor, pollsLeft: this.archiveTaskPolls, startedAt: Date.now() };
    this.tasks.set(task.id, task);
    if (task.pollsLeft === 0) this.finishArchive(task);
    return task;
  }

  /** A status read of a long task: each read brings an unfinished archive one step nearer its end. */
  pollTask(id: string): LongTask | undefined {
    const task = this.tasks.get(id);
    if (task && task.pollsLeft > 0 && --task.pollsLeft === 0) this.finishArchive(task);
    return task;
  }

  /** Archived pages keep their parent and title (row 19); their children stay where they are. */
  private finishArchive(task: LongTask): void {
    for (const id of task.pageIds) {
      const page = this.contents.get(id);
      if (!page || page.status !== 'current') continue;
      page.status = 'archived';
      if (this.archiveEvents) this.emit('archived', page, task.actor);
    }
  }

  /** The UI's restore from the archive: no REST operation does this (v1.json, v2.json). */
  unarchive(actor: Actor, id: string): Content {
    const page = this.visible(actor, id, ['page'], ['archived']);
    this.requireWrite(actor, page.spaceId);
    page.status = 'current';
    if (this.archiveEvents) this.emit('unarchived', page, actor);
    return page;
  }

  // ---------------- live docs (confluence-real row 63, 84) ----------------

  /**
   * One edit session of a live doc, ending with the body as given: the first raises `started`,
   * later ones `snapshotted` (row 84, event-livedoc-started/snapshotted-page.json). One version a
   * session is INFERRED (the captured events show version numbers rising between sessions).
   */
  editLiveDoc(actor: Actor, id: string, body: string): Content {
    const doc = this.visible(actor, id, ['page']);
    if (doc.subtype !== 'live') throw badRequest('Not a live doc');
    this.requireWrite(actor, doc.spaceId);
    checkBodySize(body);
    const version: Version = { number: doc.version.number + 1, authorId: this.accountOf(actor), createdAt: this.now(), message: '', minorEdit: false, title: doc.title, body };
    doc.body = body;
    doc.version = version;
    doc.history.push(version);
    doc.liveSessions = (doc.liveSessions ?? 0) + 1;
    this.emit(doc.liveSessions === 1 ? 'started' : 'snapshotted', doc, actor, { updateTrigger: 'edit_page' });
    return doc;
  }

  /** Converts a live doc to an ordinary page: `published:page`, without subType (event-livedoc-published-page.json). */
  publishLiveDoc(actor: Actor, id: string): Content {
    const doc = this.visible(actor, id, ['page']);
    if (doc.subtype !== 'live') throw badRequest('Not a live doc');
    this.requireWrite(actor, doc.spaceId);
    doc.subtype = undefined;
    doc.liveSessions = undefined;
    this.emit('published', doc, actor, { updateTrigger: 'edit_page' });
    return doc;
  }

  private checkMove(actor: Actor, content: Content, newParentId: string): void {
    // Into a folder works as into a page (row 20 for create; that PUT moves the same is INFERRED).
    const parent = this.visible(actor, newParentId, TREE_TYPES);
    if (parent.spaceId !== content.spaceId) throw badRequest('Moving a page to a different space is not supported');
    if (parent.id === content.id || this.ancestors(parent).some((a) => a.id === content.id)) throw badRequest('A page cannot be moved under itself or its descendants');
  }

  /**
   * Moves a page with its subtree to another space (the v1 move and the editor's "Move" can; v2
   * PUT cannot). Only the page raises `moved` (with `prevContent` in the old space); its
   * descendants move without events of their own, as the trash does (UNCONFIRMED for Confluence).
   */
  moveToSpace(actor: Actor, id: string, spaceId: string, parentId?: string): Content {
    const content = this.visible(actor, id, ['page']);
    const target = this.spaces.get(spaceId);
    if (!target) throw new ApiError(404, `No space ${spaceId}`);
    this.requireWrite(actor, content.spaceId);
    this.requireWrite(actor, spaceId);
    if (content.id === this.spaces.get(content.spaceId)?.homepageId) throw badRequest('The space home page cannot be moved');
    const subtree = [content, ...this.descendants(content.id)];
    for (const page of subtree) if (page.type === 'page') this.assertTitleFree(spaceId, 'page', page.title);
    const parent = this.visible(actor, parentId ?? target.homepageId, ['page']);
    if (parent.spaceId !== spaceId) throw badRequest('The new parent is not in that space');
    const prevContent = this.snapshotForEvent(content);
    const carried = subtree.flatMap((item) => [item, ...this.contents.inContainer(item.id)]);
    for (const item of carried) {
      item.spaceId = spaceId;
      this.contents.reindex(item);
    }
    content.parentId = parent.id;
    this.contents.reindex(content);
    content.position = this.nextPosition(parent.id);
    this.emit('moved', content, actor, { prevContent });
    return content;
  }

  /** DELETE: current → trashed (children go to the trash too, without events of their own). */
  trash(actor: Actor, id: string, types: ContentType[]): void {
    const content = this.visible(actor, id, types);
    this.requireWrite(actor, content.spaceId);
    const space = this.spaces.get(content.spaceId) as Space;
    if (content.id === space.homepageId) throw badRequest('The space home page cannot be deleted');
    content.status = 'trashed';
    for (const d of this.descendants(content.id)) {
      d.status = 'trashed';
      d.trashedWith = content.id;
      this.contents.reindex(d);
    }
    // Folders, whiteboards, databases and smart links have no trashed event (row 90).
    if (PAGE_TYPES.includes(content.type)) this.emit('trashed', content, actor);
  }

  private restore(actor: Actor, content: Content): Content {
    if (TREE_TYPES.includes(content.type) && content.parentId) {
      const parent = this.contents.get(content.parentId);
      if (!parent || parent.status !== 'current') content.parentId = this.spaces.get(content.spaceId)?.homepageId;
      this.contents.reindex(content);
    }
    this.assertTitleFree(content.spaceId, content.type, content.title, content.id);
    content.status = 'current';
    content.trashedWith = undefined;
    this.contents.reindex(content);
    for (const d of this.restoreTakesDescendants ? this.contents.trashedWith(content.id) : []) {
      d.status = 'current';
      d.trashedWith = undefined;
      this.contents.reindex(d);
    }
    this.emit('restored', content, actor);
    return content;
  }

  /** DELETE ?purge=true on trashed content: gone for good; needs space admin. */
  purge(actor: Actor, id: string, types: ContentType[]): void {
    const content = this.visible(actor, id, types, ['trashed']);
    const space = this.spaces.get(content.spaceId) as Space;
    if (!this.hasSpacePermission(actor, space, 'administer')) throw new ApiError(403, 'Only space admins can purge content from the trash');
    content.status = 'deleted';
    for (const d of this.contents.trashedWith(content.id)) d.status = 'deleted';
    if (PAGE_TYPES.includes(content.type)) this.emit('deleted', content, actor); // no deleted event for nodes (row 90)
  }

  /** Read restriction on a page: only these users (and the restriction's holders) may see it and its subtree. */
  restrictReading(actor: Actor, id: string, accountIds: string[]): void {
    const content = this.visible(actor, id, ['page', 'blogpost']);
    const space = this.spaces.get(content.spaceId) as Space;
    if (!this.hasSpacePermission(actor, space, 'administer') && content.authorId !== this.accountOf(actor)) {
      throw new ApiError(403, 'Only the page creator or a space admin can restrict this page');
    }
    content.readRestrictions = new Set(accountIds.length ? [this.accountOf(actor), ...accountIds] : []);
  }

  // ---------------- folders, whiteboards, databases, smart links ----------------

  /**
   * POST /folders, /whiteboards, /databases, /embeds (v2.json *CreateRequest: spaceId, title,
   * parentId, embedUrl). No body; a folder reserves no title (row 19); created:<type> (row 90).
   */
  createNode(actor: Actor, input: { type: NodeType; spaceId: string; title?: string; parentId?: string; embedUrl?: string }): Content {
    const space = this.requireWrite(actor, input.spaceId);
    this.assertTitleFits(input.title ?? '');
    let parentId: string | undefined;
    if (input.parentId) {
      const parent = this.visible(actor, input.parentId, TREE_TYPES); // folders nest (row 25); nodes parent nodes (row 27)
      if (parent.spaceId !== space.id) throw badRequest('The parent must be in the same space');
      parentId = parent.id;
    } else if (this.nodeWithoutParent === 'homepage') {
      parentId = space.homepageId;
    }
    const content = this.insertContent({ type: input.type, spaceId: space.id, title: input.title ?? '', body: '', parentId, authorId: this.accountOf(actor), ...(input.embedUrl ? { embedUrl: input.embedUrl } : {}) });
    this.emit('created', content, actor);
    return content;
  }

  /** A person renames a node in the UI: no event, folders have no updated event (row 90). */
  renameNode(actor: Actor, id: string, title: string): Content {
    const node = this.visible(actor, id, NODE_TYPES);
    this.requireWrite(actor, node.spaceId);
    this.newNodeVersion(actor, node, title);
    return node;
  }

  /** A person drags a node elsewhere in the tree: moved:<type> with prevContent (rows 83, 90). */
  moveNode(actor: Actor, id: string, parentId: string): Content {
    const node = this.visible(actor, id, NODE_TYPES);
    this.requireWrite(actor, node.spaceId);
    this.placeNode(actor, node, parentId);
    return node;
  }

  /** v1 PUT /content/{id} on a node: `v1NodeUpdate` decides whether Confluence takes it (UNCONFIRMED). */
  updateNodeV1(actor: Actor, id: string, input: { type: string; title: string; version: number; parentId?: string }): Content {
    const node = this.visible(actor, id, NODE_TYPES);
    this.requireWrite(actor, node.spaceId);
    if (this.v1NodeUpdate === 'refused') throw badRequest(`Content of type ${node.type} cannot be updated with this API`);
    if (input.type !== node.type) throw badRequest(`The content is a ${node.type}, not a ${input.type}`);
    if (input.version !== node.version.number + 1) throw new ApiError(409, `Version must be incremented when updating content. Current version is: ${node.version.number}`);
    if (input.title !== node.title) this.newNodeVersion(actor, node, input.title, input.version);
    if (input.parentId && input.parentId !== node.parentId) this.placeNode(actor, node, input.parentId);
    return node;
  }

  private newNodeVersion(actor: Actor, node: Content, title: string, number = node.version.number + 1): void {
    const version: Version = { number, authorId: this.accountOf(actor), createdAt: this.now(), message: '', minorEdit: false, title, body: '' };
    node.title = title;
    node.version = version;
    node.history.push(version);
    this.contents.reindex(node);
  }

  private placeNode(actor: Actor, node: Content, parentId: string): void {
    const parent = this.visible(actor, parentId, TREE_TYPES);
    if (parent.spaceId !== node.spaceId) throw badRequest('Moving content to a different space is not supported');
    if (parent.id === node.id || this.ancestors(parent).some((a) => a.id === node.id)) throw badRequest('Content cannot be moved under itself or its descendants');
    const prevContent = this.snapshotForEvent(node);
    node.parentId = parent.id;
    this.contents.reindex(node);
    node.position = this.nextPosition(parent.id);
    this.emit('moved', node, actor, { prevContent });
  }

  // ---------------- labels ----------------

  /** `prefix` my (a person's own label) or team is kept as `my:name`; global, the default, as the name (confluence-real row 56). */
  addLabels(actor: Actor, id: string, names: string[], prefix = 'global'): Content {
    const content = this.visible(actor, id, ['page', 'blogpost', 'attachment']);
    this.requireWrite(actor, content.spaceId);
    if (!['global', 'my', 'team'].includes(prefix)) throw badRequest(`Label prefix '${prefix}' is not valid`);
    for (const raw of names) {
      const name = raw.trim().toLowerCase();
      if (!/^[^\s!#&()*,.:;<>?@[\]^]{1,255}$/.test(name)) throw badRequest(`Label '${raw}' contains invalid characters or is too long`);
      const key = prefix === 'global' ? name : `${prefix}:${name}`;
      if (content.labels.has(key)) continue;
      content.labels.add(key);
      this.contents.reindex(content);
      this.emitLabel('added', content, key, actor);
    }
    return content;
  }

  removeLabel(actor: Actor, id: string, name: string): void {
    const content = this.visible(actor, id, ['page', 'blogpost', 'attachment']);
    this.requireWrite(actor, content.spaceId);
    if (!content.labels.delete(name.toLowerCase())) throw notFound('Label');
    this.contents.reindex(content);
    this.emitLabel('removed', content, name.toLowerCase(), actor);
  }

  // ---------------- comments ----------------

  createComment(actor: Actor, input: { containerId?: string; parentCommentId?: string; body: string; inline?: { textSelection: string; textSelectionMatchCount: number; textSelectionMatchIndex: number } }): Content {
    const parent = input.parentCommentId ? this.visible(actor, input.parentCommentId, ['footer-comment', 'inline-comment']) : undefined;
    const container = this.visible(actor, parent?.containerId ?? (input.containerId as string), PAGE_TYPES);
    const type: ContentType = parent ? parent.type : input.inline ? 'inline-comment' : 'footer-comment';
    const anchor = type === 'inline-comment' && !parent ? (input.inline as NonNullable<typeof input.inline>) : undefined;
    let marked: string | undefined;
    const markerRef = randomUUID();
    if (anchor) {
      // Row 41: the selection is matched in the page's readable text (markers already there are transparent).
      const matches = occurrences(textOf(container.body), anchor.textSelection).length;
      if (matches === 0 || anchor.textSelectionMatchIndex >= matches) throw badRequest('The text selection was not found on the page');
      if (anchor.textSelectionMatchCount !== matches) throw badRequest(`The text selection occurs ${matches} times, not ${anchor.textSelectionMatchCount}`);
      marked = wrapOccurrence(container.body, anchor.textSelection, anchor.textSelectionMatchIndex, markerRef);
    }
    const comment = this.insertContent({
      type,
      spaceId: container.spaceId,
      title: `Re: ${container.title}`,
      body: input.body,
      authorId: this.accountOf(actor),
      containerId: container.id,
      parentCommentId: parent?.id,
      // Replies carry their thread's marker ref (INFERRED, v2-inline-comment-children.json).
      inline: type === 'inline-comment' ? (parent?.inline ? { ...parent.inline } : { ...(anchor as NonNullable<typeof anchor>), markerRef, resolution: 'open' }) : undefined,
    });
    if (marked !== undefined) this.writeMarker(actor, container, marked);
    this.emit('created', comment, actor);
    return comment;
  }

  /** The new marker goes into the page body as `inlineMarkerWrite` says (row 42, INFERRED). */
  private writeMarker(actor: Actor, container: Content, body: string): void {
    if (this.inlineMarkerWrite === 'in-place') {
      container.body = body;
      container.version.body = body;
      return;
    }
    const version: Version = { number: container.version.number + 1, authorId: this.accountOf(actor), createdAt: this.now(), message: '', minorEdit: true, title: container.title, body };
    container.body = body;
    container.version = version;
    container.history.push(version);
    if (this.inlineMarkerWrite === 'new-version-event') this.emit('updated', container, actor, { updateTrigger: 'edit_page' });
  }

  /** The thread's top-level inline comment (replies share its marker and its state). */
  private inlineRoot(comment: Content): Content {
    let root = comment;
    while (root.parentCommentId) root = this.contents.get(root.parentCommentId) as Content;
    return root;
  }

  /**
   * open, reopened, resolved, or dangling when the page body no longer holds the thread's marker
   * (rows 37, 40). That a body holding the marker again re-attaches the comment is UNCONFIRMED;
   * here anchoring is read off the current body. Replies report their thread's state (INFERRED).
   */
  inlineResolution(comment: Content): InlineResolution {
    const root = this.inlineRoot(comment);
    const container = this.contents.get(root.containerId as string) as Content;
    if (!root.inline || !hasMarker(container.body, root.inline.markerRef)) return 'dangling';
    return root.inline.resolution;
  }

  /**
   * PUT: a new version of the words (the body may be left out, keeping them, as
   * UpdateInlineCommentModel does not require it). Inline comments: `resolved` true resolves,
   * false reopens, the same state changes nothing, and a dangling comment cannot be updated
   * (row 44, UpdateInlineCommentModel.resolved; the 400 status is UNCONFIRMED).
   */
  updateComment(actor: Actor, id: string, type: ContentType, input: { body?: string; version: number; message?: string; resolved?: boolean }): Content {
    const comment = this.visible(actor, id, [type]);
    if (comment.authorId !== this.accountOf(actor) && !this.hasSpacePermission(actor, this.spaces.get(comment.spaceId) as Space, 'administer')) {
      throw new ApiError(403, 'Only the author or a space admin can edit this comment');
    }
    if (type === 'inline-comment' && this.inlineResolution(comment) === 'dangling') throw badRequest('A dangling inline comment cannot be updated');
    if (input.resolved !== undefined && (type !== 'inline-comment' || comment.parentCommentId)) throw badRequest('Only a top-level inline comment can be resolved'); // UNCONFIRMED
    if (input.version !== comment.version.number + 1) throw new ApiError(409, `Version must be incremented when updating a comment. Current version is: ${comment.version.number}`);
    const body = input.body ?? comment.body;
    const version: Version = { number: input.version, authorId: this.accountOf(actor), createdAt: this.now(), message: input.message ?? '', minorEdit: false, title: comment.title, body };
    comment.body = body;
    comment.version = version;
    comment.history.push(version);
    if (input.resolved !== undefined) this.resolve(actor, comment, input.resolved);
    this.emit('updated', comment, actor, { updateTrigger: 'edit_comment' });
    return comment;
  }

  private resolve(actor: Actor, comment: Content, resolved: boolean): void {
    const inline = comment.inline as NonNullable<Content['inline']>;
    const isResolved = inline.resolution === 'resolved';
    if (resolved === isResolved) return;
    inline.resolution = resolved ? 'resolved' : 'reopened';
    inline.resolvedBy = this.accountOf(actor);
    inline.resolvedAt = this.now();
  }

  deleteComment(actor: Actor, id: string, type: ContentType): void {
    const comment = this.visible(actor, id, [type]);
    this.requireWrite(actor, comment.spaceId);
    comment.status = 'deleted';
    for (const reply of this.contents.repliesTo(comment.id)) reply.status = 'deleted';
    this.emit('deleted', comment, actor);
  }

  comments(containerId: string, type: ContentType, parentCommentId?: string): Content[] {
    const candidates = parentCommentId ? this.contents.repliesTo(parentCommentId) : this.contents.inContainer(containerId).filter((c) => !c.parentCommentId);
    return candidates.filter((c) => c.type === type && c.status === 'current').sort((a, b) => Number(a.id) - Number(b.id));
  }

  // ---------------- attachments ----------------

  /** v1 upload: a new attachment, or a new version of the one with the same file name. */
  upload(actor: Actor, containerId: string, file: { name: string; mediaType: string; data: Buffer; comment: string; minorEdit: boolean }, mode: 'create' | 'createOrUpdate' | { attachmentId: string }): Content {
    const container = this.visible(actor, containerId, PAGE_TYPES);
    this.requireWrite(actor, container.spaceId);
    const existing =
      typeof mode === 'object'
        ? this.visible(actor, mode.attachmentId, ['attachment'])
        : this.contents.inContainer(container.id).find((c) => c.type === 'attachment' && c.status === 'current' && c.title === file.name);
    if (existing && mode === 'create') throw badRequest(`Cannot add a new attachment with same file name as an existing attachment: ${file.name}`);
    const meta = { mediaType: file.mediaType, fileSize: file.data.length, fileId: randomBytes(16).toString('hex'), data: file.data, comment: file.comment };
    if (!existing) {
      const created = this.insertContent({ type: 'attachment', spaceId: container.spaceId, title: file.name, body: '', authorId: this.accountOf(actor), containerId: container.id, attachment: meta });
      this.emit('created', created, actor);
      return created;
    }
    const version: Version = { number: existing.version.number + 1, authorId: this.accountOf(actor), createdAt: this.now(), message: file.comment, minorEdit: file.minorEdit, title: existing.title, body: '' };
    existing.version = version;
    existing.history.push(version);
    existing.attachment = meta;
    // updated:attachment carries updateTrigger (row 80); its value is INFERRED (event-updated-attachment.json).
    this.emit('updated', existing, actor, { updateTrigger: 'edit_page' });
    return existing;
  }

  deleteAttachment(actor: Actor, id: string, purge: boolean): void {
    const attachment = this.visible(actor, id, ['attachment'], purge ? ['trashed'] : ['current']);
    this.requireWrite(actor, attachment.spaceId);
    attachment.status = purge ? 'deleted' : 'trashed';
    this.emit(purge ? 'deleted' : 'trashed', attachment, actor);
  }

  // ---------------- content properties ----------------

  setProperty(actor: Actor, contentId: string, key: string, value: unknown, version?: number): ContentProperty {
    const content = this.visible(actor, contentId, ['page', 'blogpost', 'footer-comment', 'inline-comment', 'attachment', ...NODE_TYPES]);
    this.requireWrite(actor, content.spaceId);
    const existing = this.properties.of(contentId).find((p) => p.key === key);
    if (existing && version === undefined) throw badRequest(`A property with key '${key}' already exists`);
    if (existing && version !== existing.version.number + 1) throw new ApiError(409, `Version must be incremented. Current version is: ${existing.version.number}`);
    return this.putProperty(actor, contentId, key, value);
  }

  /** The property made, or moved to its next version, with no checks: what setProperty and the site itself write. */
  private putProperty(actor: Actor, contentId: string, key: string, value: unknown): ContentProperty {
    const existing = this.properties.of(contentId).find((p) => p.key === key);
    const property: ContentProperty = existing ?? { id: this.newId(), contentId, key, value, version: { number: 0, createdAt: '', authorId: '', message: '', minorEdit: false } };
    property.value = value;
    property.version = { number: property.version.number + 1, createdAt: this.now(), authorId: this.accountOf(actor), message: '', minorEdit: false };
    this.properties.set(property.id, property);
    return property;
  }

  /** v2.json deletePagePropertyById / deleteBlogpostPropertyById: 204, and 404 for a property the content does not hold. */
  deleteProperty(actor: Actor, contentId: string, propertyId: string): void {
    const content = this.visible(actor, contentId, ['page', 'blogpost']);
    this.requireWrite(actor, content.spaceId);
    const property = this.properties.get(propertyId);
    if (!property || property.contentId !== content.id) throw notFound('Property');
    this.properties.delete(propertyId);
  }

  // ---------------- content state (the status lozenge) ----------------
  // developer.atlassian.com/cloud/confluence/rest/v1/api-group-content-states/: GET, PUT and
  // DELETE /wiki/rest/api/content/{id}/state. PUT takes an id of a space state, or a name and
  // colour (a custom state of that name and colour is reused, or made); PUT and DELETE publish a
  // new version of the content with the same body. Whether that version raises
  // avi:confluence:updated:page is UNCONFIRMED: it is emitted here as any new version is.

  contentStateOf(actor: Actor, contentId: string): ContentState | undefined {
    return this.visible(actor, contentId, ['page', 'blogpost'], ['current', 'archived']).contentState;
  }

  setContentState(actor: Actor, contentId: string, input: { id?: number; name?: string; color?: string }): ContentState {
    const content = this.visible(actor, contentId, ['page', 'blogpost']);
    this.requireWrite(actor, content.spaceId);
    const state = this.resolveState(input);
    content.contentState = state;
    if (this.stateProperty !== 'hidden') this.putProperty(actor, content.id, STATE_PROPERTY, { ...state });
    this.publishSameBody(actor, content);
    return state;
  }

  removeContentState(actor: Actor, contentId: string): ContentState | undefined {
    const content = this.visible(actor, contentId, ['page', 'blogpost']);
    this.requireWrite(actor, content.spaceId);
    const was = content.contentState;
    if (!was) return undefined;
    delete content.contentState;
    const property = this.stateProperty === 'shown' && this.properties.of(content.id).find((p) => p.key === STATE_PROPERTY);
    if (property) this.properties.delete(property.id);
    this.publishSameBody(actor, content);
    return was;
  }

  /** Space states are the product defaults (ids 0-2, INFERRED from "0,1, or 2 … a default space state"); a custom one is matched by name and colour. */
  private resolveState(input: { id?: number; name?: string; color?: string }): ContentState {
    if (input.id !== undefined) {
      const known = SPACE_STATES.find((s) => s.id === input.id) ?? [...this.contents.values()].map((c) => c.contentState).find((s) => s?.id === input.id);
      if (!known) throw badRequest(`Content state ${input.id} does not exist`);
      return { ...known };
    }
    const name = input.name?.trim();
    if (!name || !input.color) throw badRequest('A content state needs an id, or a name and a color');
    if (name.length > 20) throw badRequest('The name of a content state is at most 20 characters');
    if (!/^#[0-9a-fA-F]{6}$/.test(input.color)) throw badRequest('The color of a content state must be in 6 digit hex form (#FFFFFF)');
    const same = (s: ContentState) => s.name === name && s.color.toLowerCase() === input.color!.toLowerCase();
    const space = SPACE_STATES.find(same);
    if (space) return { ...space };
    if (!this.customContentStates) throw badRequest('Custom content states are not allowed in this space');
    const existing = [...this.contents.values()].map((c) => c.contentState).find((s): s is ContentState => Boolean(s && same(s)));
    return existing ? { ...existing } : { id: Number(this.newId()), name, color: input.color };
  }

  /** A new version with the same title and body: what setting a content state publishes. */
  private publishSameBody(actor: Actor, content: Content): void {
    const version: Version = { number: content.version.number + 1, authorId: this.accountOf(actor), createdAt: this.now(), message: '', minorEdit: false, title: content.title, body: content.body };
    content.version = version;
    content.history.push(version);
    this.emit('updated', content, actor, { updateTrigger: 'edit_page' });
  }

  // ---------------- events ----------------

  private snapshotForEvent(content: Content): Record<string, unknown> {
    return buildEvent(this, 'moved', content, this.appAccountId).content as Record<string, unknown>;
  }

  /** One event for pages, blog posts, comments and attachments: buildEvent shapes it by type. */
  private emit(action: EventAction, content: Content, actor: Actor, extra: Record<string, unknown> = {}): void {
    if (actor.kind === 'app' && this.appWriteEvents === 'none') return;
    this.publish(this.withActor({ ...buildEvent(this, action, content, this.accountOf(actor)), ...extra }, actor));
  }

  /** See AppWriteEvents: with `no-actor`, the app's events carry no atlassianId. */
  private withActor<T extends Record<string, unknown>>(event: T, actor: Actor): T {
    if (actor.kind !== 'app' || this.appWriteEvents !== 'no-actor') return event;
    const { atlassianId: _left, ...rest } = event;
    return rest as T;
  }

  /** `label` plus the content with its labels at event time, and no suppressNotifications (confluence-real row 88). */
  private emitLabel(action: 'added' | 'removed', content: Content, name: string, actor: Actor): void {
    if (actor.kind === 'app' && this.appWriteEvents === 'none') return;
    const base = buildEvent(this, action, content, this.accountOf(actor));
    const label = (key: string) => ({ id: labelId(key), ...labelParts(key) });
    this.publish(
      this.withActor(
        {
          eventType: `avi:confluence:${action}:label`,
          atlassianId: base.atlassianId,
          eventCreatedDate: base.eventCreatedDate,
          label: label(name),
          content: { ...(base.content as Record<string, unknown>), labels: [...content.labels].map(label) },
        },
        actor,
      ),
    );
  }


  private publish(event: Record<string, unknown> & { eventType: string }): void {
    for (const sink of this.sinks) sink(event);
  }
}

/** Confluence refuses bodies over 5 MB with 413 (v2 createPage documents it). */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

function checkBodySize(body: string): void {
  if (Buffer.byteLength(body ?? '') > MAX_BODY_BYTES) throw new ApiError(413, 'The page body is larger than 5 MB');
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

/** The visible text of a storage-format body (tags dropped, entities decoded). */
export function textOf(storage: string): string {
  return storage
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}
