/** The resolver behind every Custom UI module of the app. */
import { defineResolvers } from '../platform/resolver';
import type { ResolverDefinitions } from '../contract/resolvers';
import { parseResolverContext } from './forge-context';

export const uiResolver = defineResolvers<ResolverDefinitions>({
  async getModuleContext({ context }) {
    const ctx = parseResolverContext(context);
    return {
      siteUrl: ctx.siteUrl,
      moduleKey: ctx.moduleKey,
      ...(ctx.extension.space ? { space: ctx.extension.space } : {}),
      ...(ctx.extension.content ? { content: ctx.extension.content } : {}),
    };
  },
});
