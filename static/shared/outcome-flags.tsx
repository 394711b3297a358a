/**
 * Flags for the outcome of an action (paused, resumed, unpaired, imported, deleted…), as
 * Atlassian's apps show them: @atlaskit/flag's provider around the app, and one call per outcome.
 * Successes dismiss themselves; warnings and errors stay until dismissed.
 */
import type { ReactNode } from 'react';
import { FlagsProvider, useFlags } from '@atlaskit/flag';
import { errorMessage } from './error-message';

export { FlagsProvider };

export function useOutcomeFlags() {
  const { showFlag } = useFlags();
  return {
    success: (title: string, description?: ReactNode) => showFlag({ appearance: 'success', title, description, isAutoDismiss: true, headingLevel: 2 }),
    warning: (title: string, description?: ReactNode) => showFlag({ appearance: 'warning', title, description, headingLevel: 2 }),
    failure: (title: string, error: unknown) => showFlag({ appearance: 'error', title, description: errorMessage(error), headingLevel: 2 }),
  };
}
