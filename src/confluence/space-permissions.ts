/**
 * Space admin check: the permitted operations of the space, asked as the calling user
 * (`GET /wiki/api/v2/spaces/{id}/operations`). UNCONFIRMED that Confluence restricts the space
 * settings tab to admins, so the resolvers always ask.
 */
import api, { route } from '@forge/api';
import { z } from 'zod';
import type { SpacePermissions } from '../pairing/ports';

const Operations = z.object({ operations: z.array(z.object({ operation: z.string(), targetType: z.string() })) });

export const userSpacePermissions: SpacePermissions = {
  async isSpaceAdmin(spaceId) {
    const response = await api.asUser().requestConfluence(route`/wiki/api/v2/spaces/${spaceId}/operations`, { headers: { Accept: 'application/json' } });
    if (response.status === 404 || response.status === 403) return false;
    if (!response.ok) throw new Error(`Confluence answered ${response.status} to the permission check`);
    const parsed = Operations.safeParse(await response.json());
    if (!parsed.success) throw new Error('Confluence answered the permission check with an unexpected shape');
    return parsed.data.operations.some((o) => o.operation === 'administer' && o.targetType === 'space');
  },

  async spaceName(spaceId) {
    const response = await api.asUser().requestConfluence(route`/wiki/api/v2/spaces/${spaceId}`, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`Confluence answered ${response.status} when reading the space`);
    return z.object({ name: z.string() }).parse(await response.json()).name;
  },
};
