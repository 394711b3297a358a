/**
 * The parts of the Forge resolver context the app relies on. Identity (accountId) and place
 * (site, space, content) always come from here, never from a payload.
 */
import { z } from 'zod';

export const ResolverContext = z.object({
  accountId: z.string().min(1),
  cloudId: z.string().optional(),
  siteUrl: z.string().url(),
  moduleKey: z.string().min(1),
  extension: z
    .object({
      space: z.object({ id: z.union([z.string(), z.number()]).transform(String), key: z.string() }).optional(),
      content: z.object({ id: z.union([z.string(), z.number()]).transform(String), type: z.string() }).optional(),
    })
    .passthrough()
    .default({}),
});
export type ResolverContext = z.infer<typeof ResolverContext>;

export class ContextError extends Error {}

export function parseResolverContext(context: unknown): ResolverContext {
  const parsed = ResolverContext.safeParse(context);
  if (!parsed.success) throw new ContextError('This action must be opened from Confluence.');
  return parsed.data;
}
