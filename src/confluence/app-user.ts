/** The account the app acts as on this site, as `/wiki/rest/api/user/current` answers for it. */
import { route } from '@forge/api';
import { z } from 'zod';
import { confluence } from './client';

const CurrentUser = z.object({ accountId: z.string().min(1).max(128), accountType: z.string().optional() });

export function appUser(): Promise<z.infer<typeof CurrentUser>> {
  return confluence('app').get(CurrentUser, route`/wiki/rest/api/user/current`);
}
