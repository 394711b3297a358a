import { z } from 'zod';
import { declareResolvers, resolver } from '../../src/entry/resolver-declaration';
import { UserError } from '../../src/domain/user-error';
import { unwrapResult } from '../../src/contract/errors';

/** The resolver edge on its own: one declaration, the envelope, and every error mapped in one place. */
describe('a resolver declared as {auth, schema, run}', () => {
  const context = { accountId: 'u1', cloudId: 'c1', siteUrl: 'https://acme.atlassian.net', moduleKey: 'space-sync-page-action', extension: { space: { id: 7, key: 'ENG' }, content: { id: '42', type: 'page' } } };
  const clock = { now: () => new Date('2026-05-01T10:00:00.000Z') };
  type Defs = { echo: (p: { n: number }) => { n: number; at: string; page: string }; fail: () => never; refuse: () => never };
  const handlers = declareResolvers<Defs>(
    {
      echo: resolver({ auth: 'page-viewer', schema: z.object({ n: z.number().int().max(9, 'At most nine') }), fields: ['n'], run: async ({ input, deps, page }) => ({ n: input.n, at: deps.nowIso(), page: `${page.kind} ${page.id} in ${page.spaceId}` }) }),
      fail: resolver({ auth: 'anyone', schema: z.unknown(), run: async (): Promise<never> => { throw new Error('secret internals'); } }),
      refuse: resolver({ auth: 'anyone', schema: z.unknown(), run: async (): Promise<never> => { throw new UserError('not-allowed-now', 'Not now.'); } }),
    },
    clock,
  );
  let errors: jest.SpyInstance;
  beforeEach(() => {
    errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => errors.mockRestore());

  it('answers the value in the envelope, with the page from the context and the one clock', async () => {
    expect(await handlers.echo({ payload: { n: 3 }, context })).toEqual({ ok: true, value: { n: 3, at: '2026-05-01T10:00:00.000Z', page: 'page 42 in 7' } });
  });

  it('maps a field problem, a broken request, a refusal and a failure to codes, and never passes internals on', async () => {
    expect(await handlers.echo({ payload: { n: 12 }, context })).toEqual({ ok: false, error: { code: 'invalid-input', message: 'At most nine', field: 'n' } });
    expect(await handlers.echo({ payload: { n: 'x' }, context })).toEqual({ ok: false, error: { code: 'invalid-request', message: 'That request is not valid.' } });
    expect(await handlers.refuse({ payload: undefined, context })).toEqual({ ok: false, error: { code: 'not-allowed-now', message: 'Not now.' } });
    const failed = await handlers.fail({ payload: undefined, context });
    expect(failed).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(failed)).not.toContain('secret');
    expect(errors).toHaveBeenCalledWith('Resolver failed', 'secret internals');
  });

  it('refuses a call from the wrong place, or without a Forge context', async () => {
    const onSettings = { ...context, extension: { space: { id: 7, key: 'ENG' } } };
    expect(await handlers.echo({ payload: { n: 1 }, context: onSettings })).toEqual({ ok: false, error: { code: 'wrong-place', message: 'Open Space Sync from a page or blog post.' } });
    expect(await handlers.refuse({ payload: undefined, context: { moduleKey: 'x' } })).toMatchObject({ ok: false, error: { code: 'wrong-place' } });
  });

  it('unwraps into the value, or an error carrying the code (as the UI does)', async () => {
    expect(unwrapResult(await handlers.echo({ payload: { n: 1 }, context }))).toMatchObject({ n: 1 });
    const refused = await handlers.refuse({ payload: undefined, context });
    expect(() => unwrapResult(refused)).toThrow(expect.objectContaining({ code: 'not-allowed-now', message: 'Not now.' }));
    expect(() => unwrapResult({ ok: false, error: { code: 'made-up', message: 'Hm.' } })).toThrow(expect.objectContaining({ code: 'internal', message: 'Hm.' }));
    expect(() => unwrapResult('not an envelope')).toThrow(expect.objectContaining({ code: 'internal' }));
  });
});
