/**
 * What "Sync now" needs to know about the calling user: whether they can see the page and its
 * children (asked as them, so restrictions apply) and which groups they are in (v1, the only
 * place it exists).
 */
import { route } from '@forge/api';
import { z } from 'zod';
import { confluence } from './client';
import { directChildren } from './tree-nodes';
import type { PageAccess } from '../replication/page-sync';

const Visible = z.object({ id: z.string(), version: z.object({ number: z.number() }) });
const Memberships = z.object({ results: z.array(z.object({ name: z.string() })), size: z.number().optional() });

export const pageAccess: PageAccess = {
  async view(id, kind) {
    const path = kind === 'page' ? route`/wiki/api/v2/pages/${id}` : route`/wiki/api/v2/blogposts/${id}`;
    const page = await confluence('user').find(Visible, path);
    return page ? { version: page.version.number } : undefined;
  },

  /** Direct children, folders and other nodes included: /children leaves folders and all under them out (confluence-real row 22). */
  children(id, kind) {
    return directChildren(id, kind, 'user');
  },

  async groupsOf(accountId) {
    const names: string[] = [];
    for (let start = 0; ; start += 200) {
      const page = await confluence('app').get(Memberships, route`/wiki/rest/api/user/memberof?accountId=${accountId}&start=${String(start)}&limit=200`);
      names.push(...page.results.map((g) => g.name));
      if (page.results.length < 200) return names;
    }
  },
};
