/** Resolver names and shapes shared by the Custom UI apps (static/) and the backend (src/). */

export interface ModuleContextResult {
  siteUrl: string;
  moduleKey: string;
  space?: { id: string; key: string };
  content?: { id: string; type: string };
}

export interface SyncOptionsInput {
  blogPosts?: boolean;
  comments?: boolean;
  labels?: boolean;
  attachments?: boolean;
  mode?: 'automatic' | 'manual';
  conflictPolicy?: 'source-wins' | 'keep-destination';
}

export interface CreateSyncRequest {
  name: string;
  message?: string;
  options?: SyncOptionsInput;
  pageSync?: { users?: string[]; groups?: string[] };
}

export interface SyncSummary {
  id: string;
  name: string;
  message: string;
  role: 'source' | 'destination';
  state: 'awaiting-import' | 'active' | 'paused' | 'unpaired';
  options: Required<SyncOptionsInput>;
  pageSync: { users: string[]; groups: string[] };
  createdAt: string;
  tokenExpiresAt?: string;
}

export interface IssuedTokenResult {
  /** The token, shown to the admin this once and never again. */
  token: string;
  fileName: string;
  expiresAt: string;
}

/** Every resolver: `makeInvoke<ResolverDefinitions>()` in static/ types calls against it. */
export type ResolverDefinitions = {
  /** Where the UI module is open, as the platform reports it (never as the page claims). */
  getModuleContext: () => ModuleContextResult;
  listSyncs: () => SyncSummary[];
  createSync: (payload: CreateSyncRequest) => SyncSummary;
  issueToken: (payload: { syncId: string }) => IssuedTokenResult;
};

export type ResolverName = keyof ResolverDefinitions;
