/**
 * Reads manifest.yml the way the Forge platform wires it: which function a module calls,
 * which queue a consumer serves, which events a trigger takes, and what egress is declared.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Permissions, Remotes } from '@forge/manifest';

export interface FunctionModule {
  key: string;
  /** `<file under src/ without extension>.<export>` */
  handler: string;
  timeoutSeconds?: number;
}

export interface TriggerModule {
  key: string;
  function: string;
  events: string[];
  filter?: { expression?: string; onError?: string; ignoreSelf?: boolean };
}

export interface ConsumerModule {
  key: string;
  queue: string;
  function: string;
}

export interface WebTriggerModule {
  key: string;
  function: string;
}

export interface ScheduledTriggerModule {
  key: string;
  function: string;
  interval: 'fiveMinute' | 'hour' | 'day' | 'week';
}

export interface UiModule {
  type: string;
  key: string;
  resource: string;
  resolverFunction?: string;
  title: string;
  route?: string;
}

export interface EntityDefinition {
  name: string;
  attributes: Record<string, { type: string }>;
  indexes: Array<string | { name: string; partition?: string[]; range: string[] }>;
}

export interface AppManifest {
  appId: string;
  runtime: string;
  functions: Map<string, FunctionModule>;
  triggers: TriggerModule[];
  consumers: ConsumerModule[];
  webTriggers: WebTriggerModule[];
  scheduledTriggers: ScheduledTriggerModule[];
  uiModules: UiModule[];
  resources: Map<string, string>;
  scopes: string[];
  egress: string[];
  entities: EntityDefinition[];
  /** `permissions` and `remotes` as written: the Custom UI CSP is computed from them. */
  permissions: Permissions;
  remotes: Remotes;
}

const UI_MODULE_TYPES = ['confluence:spaceSettings', 'confluence:contentAction', 'confluence:globalSettings'];

/* eslint-disable @typescript-eslint/no-explicit-any -- the YAML document is untyped input */
export function loadManifest(path: string): AppManifest {
  const doc: any = parse(readFileSync(path, 'utf8'));
  const modules = doc.modules ?? {};
  const functions = new Map<string, FunctionModule>();
  for (const fn of modules.function ?? []) functions.set(fn.key, fn);

  const uiModules: UiModule[] = [];
  for (const type of UI_MODULE_TYPES) {
    for (const m of modules[type] ?? []) {
      uiModules.push({ type, key: m.key, resource: m.resource, resolverFunction: m.resolver?.function, title: m.title, route: m.route });
    }
  }
  const egress = (doc.permissions?.external?.fetch?.backend ?? []).map((e: any) => (typeof e === 'string' ? e : e.address)).filter(Boolean);

  return {
    appId: doc.app.id,
    runtime: doc.app.runtime?.name,
    functions,
    triggers: (modules.trigger ?? []).map((t: any) => ({
      key: t.key,
      function: t.function,
      events: (t.events ?? []).map((e: any) => (typeof e === 'string' ? e : e.eventType)),
      filter: t.filter,
    })),
    consumers: modules.consumer ?? [],
    webTriggers: modules.webtrigger ?? [],
    scheduledTriggers: modules.scheduledTrigger ?? [],
    uiModules,
    resources: new Map((doc.resources ?? []).map((r: any) => [r.key, r.path])),
    scopes: doc.permissions?.scopes ?? [],
    egress,
    entities: doc.app.storage?.entities ?? [],
    permissions: doc.permissions ?? {},
    remotes: doc.remotes ?? [],
  };
}
