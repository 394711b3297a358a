/** The data a Confluence site holds, in the emulator's own shape (REST shapes are built from it). */

export type AccountType = 'atlassian' | 'app';

export interface User {
  accountId: string;
  displayName: string;
  accountType: AccountType;
  email?: string;
}

export interface Group {
  id: string;
  name: string;
  members: Set<string>;
}

export type SpacePermission = 'read' | 'write' | 'administer';

export interface Space {
  id: string;
  key: string;
  name: string;
  homepageId: string;
  /** Who created the space (v2 `authorId`, `spaceOwnerId`). */
  authorId: string;
  createdAt: string;
  /** accountId or `group:<groupId>` → granted permissions */
  permissions: Map<string, Set<SpacePermission>>;
}

export type ContentStatus = 'current' | 'trashed' | 'deleted' | 'draft' | 'archived';
/** Tree nodes besides pages (v2.json ParentContentType; confluence-real rows 20, 27). */
export type NodeType = 'folder' | 'whiteboard' | 'database' | 'embed';
export type ContentType = 'page' | 'blogpost' | 'footer-comment' | 'inline-comment' | 'attachment' | NodeType;

export interface Version {
  number: number;
  authorId: string;
  createdAt: string;
  message: string;
  minorEdit: boolean;
  /** Snapshot of what this version held, for history. */
  title: string;
  body: string;
}

export interface InlineAnchor {
  textSelection: string;
  textSelectionMatchCount: number;
  textSelectionMatchIndex: number;
}

/** What a top-level inline comment holds besides its words (confluence-real rows 35, 37). */
export interface InlineState extends InlineAnchor {
  /** The `ac:ref` of its marker in the page body (`properties.inlineMarkerRef`, row 35). */
  markerRef: string;
  /** Dangling is not kept here: it is read off the page body (row 40). */
  resolution: 'open' | 'reopened' | 'resolved';
  resolvedBy?: string;
  resolvedAt?: string;
}

export interface Content {
  id: string;
  type: ContentType;
  status: ContentStatus;
  spaceId: string;
  title: string;
  /** Storage-format body (XHTML); for attachments, unused. */
  body: string;
  authorId: string;
  createdAt: string;
  version: Version;
  history: Version[];
  /** Pages and tree nodes: the parent in the content tree, of any tree type (undefined at the top). */
  parentId?: string;
  /** Smart links (embeds): the URL they show (v2.json SmartLinkCreateRequest.embedUrl). */
  embedUrl?: string;
  /** Pages and tree nodes: position among siblings, a large sparse number as Confluence's are (confluence-real row 7). */
  position: number;
  /** Comments and attachments: the page or blog post they belong to. */
  containerId?: string;
  /** Replies: the comment replied to. */
  parentCommentId?: string;
  inline?: InlineState;
  attachment?: { mediaType: string; fileSize: number; fileId: string; data: Buffer; comment: string };
  labels: Set<string>;
  /** Read restrictions: when non-empty only these accountIds / `group:<id>` can see the content. */
  readRestrictions: Set<string>;
  /** Set on descendants trashed together with a parent, so a restore brings them back too. */
  trashedWith?: string;
  /** Pages: `live` for a live doc (confluence-real row 63: created with `"subtype": "live"`). */
  subtype?: 'live';
  /** The published status lozenge (v1 content state; see site.ts setContentState). */
  contentState?: ContentState;
  /** Live docs: edit sessions ended so far (the first raises `started`, later ones `snapshotted`; row 84). */
  liveSessions?: number;
}

/** v1 ContentState: `{id, name, color}` (developer.atlassian.com/cloud/confluence/rest/v1/api-group-content-states/). */
export interface ContentState {
  id: number;
  name: string;
  color: string;
}

export interface ContentProperty {
  id: string;
  contentId: string;
  key: string;
  value: unknown;
  version: { number: number; createdAt: string; authorId: string; message: string; minorEdit: boolean };
}
