/**
 * People and groups of this site, as the calling user may see them: for choosing who may run
 * "Sync now", and for showing the names of those already chosen.
 */
import { route } from '@forge/api';
import { z } from 'zod';
import { confluence } from './client';
import type { PersonOption } from '../contract/resolvers';

const UserSearch = z.object({ results: z.array(z.object({ user: z.object({ accountId: z.string(), displayName: z.string().optional(), accountType: z.string().optional() }).optional() })) });
const GroupSearch = z.object({ results: z.array(z.object({ name: z.string() })) });
const BulkUsers = z.object({ results: z.array(z.object({ accountId: z.string(), displayName: z.string() })) });

const SEARCH_LIMIT = 20;

/** CQL string literal: quotes and backslashes escaped, so the text cannot end the clause. */
const cqlText = (text: string) => text.replace(/[\\"]/g, (c) => `\\${c}`);

export async function searchPeople(query: string): Promise<PersonOption[]> {
  const text = query.trim().slice(0, 100);
  if (!text) return [];
  const client = confluence('user');
  const cql = `user.fullname~"${cqlText(text)}"`;
  const [users, groups] = await Promise.all([
    client.get(UserSearch, route`/wiki/rest/api/search/user?cql=${cql}&limit=${SEARCH_LIMIT}`),
    client.get(GroupSearch, route`/wiki/rest/api/group/picker?query=${text}&limit=${SEARCH_LIMIT}`),
  ]);
  return [
    ...users.results.flatMap((r) => (r.user && r.user.accountType !== 'app' ? [{ kind: 'user' as const, id: r.user.accountId, name: r.user.displayName ?? r.user.accountId }] : [])),
    ...groups.results.map((g) => ({ kind: 'group' as const, id: g.name, name: g.name })),
  ];
}

/** Display names for chosen account ids (groups are named by their name already). */
export async function describePeople(accountIds: string[]): Promise<PersonOption[]> {
  if (accountIds.length === 0) return [];
  const found = await confluence('user').send(BulkUsers, 'POST', route`/wiki/api/v2/users-bulk`, { accountIds: accountIds.slice(0, 250) });
  const names = new Map(found.results.map((u) => [u.accountId, u.displayName]));
  return accountIds.map((id) => ({ kind: 'user', id, name: names.get(id) ?? 'Unknown user' }));
}
