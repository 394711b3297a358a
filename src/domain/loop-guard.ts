/**
 * Which product events the app's own writes raised. `accountType: "app"` is true of every app
 * and of Automation for Confluence (forge-platform.md "Loop guard", confluence-real row 78), so
 * only the app's own account id identifies its writes. The actor is `atlassianId`; whether the
 * app's events carry it is UNCONFIRMED (row 92), so without it the version author decides.
 */
export interface EventActors {
  /** Who caused the event (absent for anonymous actors, and perhaps for apps). */
  atlassianId?: string;
  /** Who wrote the content's current version. */
  versionBy?: string;
}

/** `ownId` undefined: the app does not know its own id yet, and skips nothing (nothing is lost; the send finds no change). */
export function isOwnWrite(event: EventActors, ownId: string | undefined): boolean {
  if (!ownId) return false;
  return event.atlassianId !== undefined ? event.atlassianId === ownId : event.versionBy === ownId;
}
