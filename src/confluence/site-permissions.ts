/**
 * Confluence admin check for the app's global settings: the operations of the current user
 * (`GET /wiki/rest/api/user/current?expand=operations`). UNCONFIRMED: that Confluence admins get
 * `{operation: 'administer', targetType: 'application'}` there. Were it absent, nobody could save
 * the settings (fails closed), and the check should move to the `confluence-admins` membership.
 */
import { route } from '@forge/api';
import { z } from 'zod';
import { confluence } from './client';

const CurrentUser = z.object({ operations: z.array(z.object({ operation: z.string(), targetType: z.string() })).default([]) });

export async function isSiteAdmin(): Promise<boolean> {
  const user = await confluence('user').get(CurrentUser, route`/wiki/rest/api/user/current?expand=operations`);
  return user.operations.some((o) => o.operation === 'administer' && o.targetType === 'application');
}
