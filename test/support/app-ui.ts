/** Driving Space Sync's own UI in the browser: its row menus, its flags, its frame. */
import type { FrameLocator } from 'playwright-core';

/** Opens a sync's "•••" menu in the settings table and chooses an action. */
export async function rowAction(app: FrameLocator, syncName: string, action: string): Promise<void> {
  await app.getByRole('button', { name: `Actions for ${syncName}` }).click();
  await app.getByRole('menuitem', { name: action, exact: true }).click();
}

/** Waits for a flag (an action's outcome) with this title. */
export async function flag(app: FrameLocator, title: string | RegExp): Promise<void> {
  await app.getByRole('alert').filter({ hasText: title }).first().waitFor();
}
