/**
 * Which declared scopes the app really needs. A need is one call (a REST operation, a product
 * event, storage) with the scope sets that each allow it: any one set, held whole, satisfies it.
 * A declared scope is removable when every need is still satisfied without it; each one left in
 * the manifest widens what an admin consents to for nothing.
 */
export interface ScopeNeed {
  /** What needs it: an operationId, an event name, `storage`. */
  by: string;
  /** Alternatives; empty when the source documents no scope for it. */
  anyOf: string[][];
}

export function satisfied(need: ScopeNeed, granted: ReadonlySet<string>): boolean {
  return need.anyOf.length === 0 || need.anyOf.some((set) => set.every((scope) => granted.has(scope)));
}

export function unsatisfiedNeeds(needs: ScopeNeed[], granted: Iterable<string>): ScopeNeed[] {
  const held = new Set(granted);
  return needs.filter((need) => !satisfied(need, held));
}

/** Each declared scope that no need requires: dropping it alone leaves every need satisfied. */
export function removableScopes(declared: string[], needs: ScopeNeed[]): string[] {
  return declared.filter((scope) => unsatisfiedNeeds(needs, declared.filter((s) => s !== scope)).length === 0);
}
