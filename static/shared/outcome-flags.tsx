/**
 * Flags for the outcome of an action (paused, resumed, unpaired, imported, deleted…), as
 * Atlassian's apps show them: @atlaskit/flag's provider around the app, and one call per outcome.
 * Successes dismiss themselves; warnings and errors stay until dismissed.
 */
import type { ReactNode } from 'react';
import { FlagsProvider, useFlags } from '@atlaskit/flag';
import { errorMessage } from './error-message';

export { FlagsProvider };

/** Flags shown at once: a third dismisses the oldest, so they never stack over the page. */
export const MOST_FLAGS = 2;
const shown: Array<() => void> = [];

export function useOutcomeFlags() {
  const { showFlag } = useFlags();
  const show = (flag: Parameters<typeof showFlag>[0]) => {
    shown.push(showFlag(flag));
    while (shown.length > MOST_FLAGS) shown.shift()?.();
  };
  return {
    success: (title: string, description?: ReactNode) => show({ appearance: 'success', title, description, isAutoDismiss: true, headingLevel: 2 }),
    warning: (title: string, description?: ReactNode) => show({ appearance: 'warning', title, description, headingLevel: 2 }),
    failure: (title: string, error: unknown) => show({ appearance: 'error', title, description: errorMessage(error), headingLevel: 2 }),
  };
}
