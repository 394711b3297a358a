/**
 * The scopes a product-event subscription needs, from the Confluence events reference
 * (https://developer.atlassian.com/platform/forge/events-reference/confluence/, updated
 * 2025-10-29; forge-platform.md §1.6). The CLI checks them at lint and deploy
 * (`ProductTriggerScopesValidator` in @forge/lint), so the host refuses a manifest that lacks them.
 */
import type { AppManifest } from './manifest';
import { unsatisfiedNeeds, type ScopeNeed } from './scope-audit';

const CONTENT = 'read:confluence-content.summary';
const SPACE = 'read:confluence-space.summary';
const WRITE_CONTENT = 'write:confluence-content';

/** The scopes one Confluence event needs; undefined for an event the reference does not list here. */
export function scopesOfEvent(event: string): string[] | undefined {
  const match = /^avi:confluence:([a-z_]+):([a-z_]+)(:V2)?$/.exec(event);
  if (!match) return undefined;
  const [, action, type] = match;
  switch (type) {
    case 'page':
    case 'blogpost':
      // "Trashed and deleted events additionally need write:confluence-content" (the page says
      // the requirement may be removed in the future).
      return action === 'trashed' || action === 'deleted' ? [CONTENT, WRITE_CONTENT] : [CONTENT];
    case 'comment':
    case 'attachment':
      return [CONTENT];
    case 'label':
      return [CONTENT, SPACE];
    case 'space':
      return action === 'permissions_updated' || action === 'deleted' ? [SPACE, 'write:confluence-space'] : [SPACE];
    case 'folder':
    case 'whiteboard':
    case 'database':
    case 'embed':
      // UNCONFIRMED: the reference lists these events without naming a scope; content events all
      // need read:confluence-content.summary, so the host asks for that (the stricter reading).
      return [CONTENT];
    default:
      return undefined;
  }
}

export function eventScopeNeeds(events: string[]): ScopeNeed[] {
  return events.map((event) => ({ by: event, anyOf: [scopesOfEvent(event) ?? []] }));
}

/** Refuses a manifest whose triggers take events its scopes do not cover, as `forge lint` does. */
export function checkTriggerScopes(manifest: Pick<AppManifest, 'triggers' | 'scopes'>): void {
  const missing = unsatisfiedNeeds(eventScopeNeeds(manifest.triggers.flatMap((t) => t.events)), manifest.scopes);
  if (missing.length === 0) return;
  const lines = missing.map((need) => `${need.by} needs ${need.anyOf[0].join(' + ')}`);
  throw new Error(`manifest.yml: the triggers take events the declared scopes do not cover: ${lines.join('; ')}`);
}
