/** The typed resolver client every Custom UI app uses. */
import { makeInvoke } from '@forge/bridge';
import type { ResolverDefinitions } from '../../src/contract/resolvers';

export const callBackend = makeInvoke<ResolverDefinitions>();
