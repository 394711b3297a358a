/** Resolver names and shapes shared by the Custom UI apps (static/) and the backend (src/). */

export interface ModuleContextResult {
  siteUrl: string;
  moduleKey: string;
  space?: { id: string; key: string };
  content?: { id: string; type: string };
}

/** Every resolver: `makeInvoke<ResolverDefinitions>()` in static/ types calls against it. */
export type ResolverDefinitions = {
  /** Where the UI module is open, as the platform reports it (never as the page claims). */
  getModuleContext: () => ModuleContextResult;
};

export type ResolverName = keyof ResolverDefinitions;
