/**
 * Resolver calls from Custom UI. When the shell renders a UI module it opens a render session
 * here, which fixes who is looking and where (site, module, space or content), as Confluence
 * does when it renders a Forge iframe. The bridge shim in the iframe sends only the session
 * token, the resolver key and the payload: the context can't be forged from the page.
 */
import { randomBytes } from 'node:crypto';
import type { AppManifest, UiModule } from './manifest';
import { functionContext, type Installation } from './installation';
import type { FunctionInvoker } from './function-invoker';
import { SANDBOX_ENVIRONMENT_ID } from './runtime-object';

export interface ModuleExtension {
  type: string;
  space?: { id: string; key: string };
  content?: { id: string; type: string };
  [field: string]: unknown;
}

export interface RenderSession {
  installation: Installation;
  module: UiModule;
  accountId: string;
  extension: ModuleExtension;
  localId: string;
}

export class ResolverError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class ResolverBridge {
  private readonly sessions = new Map<string, RenderSession>();

  constructor(
    private readonly manifest: AppManifest,
    private readonly invoke: FunctionInvoker,
  ) {}

  open(installation: Installation, moduleKey: string, accountId: string, extension: ModuleExtension): string {
    const module = this.manifest.uiModules.find((m) => m.key === moduleKey);
    if (!module) throw new ResolverError(404, `No UI module '${moduleKey}' in manifest.yml`);
    const token = randomBytes(24).toString('base64url');
    this.sessions.set(token, { installation, module, accountId, extension, localId: randomBytes(8).toString('hex') });
    return token;
  }

  session(token: string): RenderSession {
    const session = this.sessions.get(token);
    if (!session) throw new ResolverError(401, 'Unknown or expired render session');
    return session;
  }

  /**
   * The context `view.getContext()` returns in the iframe, and a resolver receives as
   * `context` (with the runtime's installContext, principal and license merged in by
   * @forge/resolver 2.0.1): the fields of `FullContext` in @forge/bridge 7.2.0 (out/types.d.ts).
   * No `license`: Forge sends none outside production. UNCONFIRMED: `userAccess` for an app that
   * does not use user-access licensing, and `surfaceColor` outside a themed surface.
   */
  frontendContext(session: RenderSession): Record<string, unknown> {
    return {
      accountId: session.accountId,
      cloudId: session.installation.cloudId,
      siteUrl: session.installation.siteUrl,
      moduleKey: session.module.key,
      localId: session.localId,
      environmentId: SANDBOX_ENVIRONMENT_ID,
      environmentType: 'DEVELOPMENT',
      locale: 'en-US',
      timezone: 'UTC',
      extension: session.extension,
      permissions: { scopes: [...this.manifest.scopes], external: { fetch: { backend: [...this.manifest.egress] } } },
      userAccess: { enabled: false, hasAccess: true },
      surfaceColor: null,
    };
  }

  /** Runs one `invoke(functionKey, payload)` from the bridge; resolves with the resolver's result. */
  async call(token: string, functionKey: string, payload: unknown): Promise<unknown> {
    const session = this.session(token);
    const resolverFunction = session.module.resolverFunction;
    if (!resolverFunction) throw new ResolverError(400, `Module '${session.module.key}' has no resolver`);
    const outcome = await this.invoke({
      installation: session.installation,
      functionKey: resolverFunction,
      moduleKey: session.module.key,
      principal: { accountId: session.accountId },
      args: [
        { call: { functionKey, payload }, context: this.frontendContext(session) },
        functionContext(session.installation, { accountId: session.accountId }),
      ],
    });
    if (outcome.status === 'ok') return outcome.value;
    if (outcome.status === 'timeout') throw new ResolverError(504, 'The resolver timed out');
    // Forge passes the error message to the bridge, never the stack.
    throw new ResolverError(500, outcome.error.message);
  }
}
