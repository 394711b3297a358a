/**
 * How a UI resolver is declared: `{auth, schema, run}`, once. The edge does the rest, the same way
 * for every resolver: it reads the Forge context (never the payload) for who and where, checks
 * `auth` once (asking Confluence as the calling user), parses the payload with `schema`, builds
 * the call's dependencies and clock, runs it, and answers in the `ResolverResult` envelope
 * (src/contract/errors.ts), mapping every error to `{code, message}` here and nowhere else.
 */
import type { z } from 'zod';
import type { ResolverErrorBody, ResolverResult } from '../contract/errors';
import { UserError } from '../domain/user-error';
import { verifySpaceAdmin, type AdminContext } from '../pairing/sync-admin';
import { verifySiteAdmin, type SiteAdmin } from '../pairing/site-syncs';
import type { PageRef } from '../replication/page-sync';
import type { ResolverRequest } from '../platform/resolver';
import { userSpacePermissions } from '../confluence/space-permissions';
import { isSiteAdmin } from '../confluence/site-permissions';
import { ContextError, parseResolverContext, type ResolverContext } from './forge-context';
import { storageBusy } from '../replication/retry';
import { systemClock, uiDeps, type Clock, type UiDeps } from './ui-deps';

/**
 * Who may call: `space-admin` (space settings: an admin of the space the module is open in),
 * `site-admin` (global settings: a Confluence admin), `page-viewer` (the page action: anyone who
 * opened it on a page or blog post; what they may see and do is the use case's to check), or
 * `anyone` the platform let render the module.
 */
export type Auth = 'space-admin' | 'site-admin' | 'page-viewer' | 'anyone';

interface Caller {
  'space-admin': { admin: AdminContext };
  'site-admin': { siteAdmin: SiteAdmin };
  'page-viewer': { accountId: string; page: PageRef };
  anyone: { accountId: string };
}

export type ResolverCall<A extends Auth, I> = Caller[A] & { input: I; deps: UiDeps; context: ResolverContext };

export interface ResolverDeclaration<A extends Auth, S extends z.ZodType, R> {
  auth: A;
  /** The payload's shape; a payload that does not match is refused before `run`. */
  schema: S;
  /**
   * The fields a person fills in: a value of one out of the schema's bounds is theirs to fix
   * (`invalid-input`, with the schema's message and the field); any other mismatch, a wrong type
   * included, is a broken request (`invalid-request`).
   */
  fields?: ReadonlyArray<keyof z.infer<S> & string>;
  run(call: ResolverCall<A, z.infer<S>>): Promise<R>;
}

/** A declaration with its types checked, ready for `declareResolvers`. */
export interface Declared<R> {
  readonly handle: (request: ResolverRequest, clock: Clock) => Promise<ResolverResult<R>>;
}

export function resolver<A extends Auth, S extends z.ZodType, R>(declaration: ResolverDeclaration<A, S, R>): Declared<Awaited<R>> {
  return {
    handle: async ({ payload, context }, clock) => {
      try {
        const ctx = parseResolverContext(context);
        const caller = await authenticate(declaration.auth, ctx);
        const input = parse(declaration, payload);
        const value = await declaration.run({ ...caller, input, deps: uiDeps(ctx, clock), context: ctx } as unknown as ResolverCall<A, z.infer<S>>);
        return { ok: true, value: value as Awaited<R> };
      } catch (e) {
        return { ok: false, error: toErrorBody(e) };
      }
    },
  };
}

/** The one place each auth kind is checked. */
async function authenticate(auth: Auth, ctx: ResolverContext): Promise<Caller[Auth]> {
  switch (auth) {
    case 'space-admin': {
      const space = ctx.extension.space;
      if (!space) throw new UserError('wrong-place', 'Open Space Sync from a space’s settings.');
      return { admin: await verifySpaceAdmin(userSpacePermissions, { accountId: ctx.accountId, space }) };
    }
    case 'site-admin': {
      return { siteAdmin: await verifySiteAdmin(isSiteAdmin, ctx.accountId) };
    }
    case 'page-viewer': {
      const { content, space } = ctx.extension;
      if (!content || !space || (content.type !== 'page' && content.type !== 'blogpost')) throw new UserError('wrong-place', 'Open Space Sync from a page or blog post.');
      return { accountId: ctx.accountId, page: { id: content.id, kind: content.type, spaceId: space.id } };
    }
    case 'anyone':
      return { accountId: ctx.accountId };
  }
}

const BAD_REQUEST = 'That request is not valid.';

function parse<S extends z.ZodType>(declaration: ResolverDeclaration<Auth, S, unknown>, payload: unknown): z.infer<S> {
  const result = declaration.schema.safeParse(payload ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = typeof issue?.path[0] === 'string' ? issue.path[0] : undefined;
  // A field nested in a declared one (options.massDeleteGuard.minCopies) is named by its own key, as the form names it.
  const leaf = issue?.path.at(-1);
  // A value of the wrong type is the page's mistake, not the person's; a value out of bounds is theirs.
  if (field && issue.code !== 'invalid_type' && declaration.fields?.includes(field as never)) throw new UserError('invalid-input', issue.message, typeof leaf === 'string' ? leaf : field);
  throw new UserError('invalid-request', BAD_REQUEST);
}

/** Users see their own errors; anything else is logged and reported without internals. */
function toErrorBody(e: unknown): ResolverErrorBody {
  if (e instanceof UserError) return { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) };
  if (e instanceof ContextError) return { code: 'wrong-place', message: e.message };
  if (storageBusy(e)) return { code: 'busy', message: 'Space Sync is busy right now. Try again in a minute.' };
  console.error('Resolver failed', e instanceof Error ? e.message : e);
  return { code: 'internal', message: 'Space Sync could not complete this. Try again; if it keeps failing, ask your Confluence admin to check the app.' };
}

/** Every declared resolver, on one clock, as `@forge/resolver` handlers. */
export function declareResolvers<Defs extends Record<string, (payload: never) => unknown>>(
  declarations: { [K in keyof Defs]: Declared<ReturnType<Defs[K]>> },
  clock: Clock = systemClock,
): { [K in keyof Defs]: (request: ResolverRequest) => Promise<ResolverResult<ReturnType<Defs[K]>>> } {
  return Object.fromEntries(Object.entries(declarations).map(([name, declared]) => [name, (request: ResolverRequest) => (declared as Declared<unknown>).handle(request, clock)])) as never;
}
