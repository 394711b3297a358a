/** The frame every Space Sync screen shares: theme, loading and error states. */
import type { ReactNode } from 'react';
import Spinner from '@atlaskit/spinner';
import SectionMessage from '@atlaskit/section-message';
import type { Loadable } from './use-module-context';

export function Loaded<T>({ value, children }: { value: Loadable<T>; children: (v: T) => ReactNode }) {
  if (value.state === 'loading') return <Spinner label="Loading" />;
  if (value.state === 'failed') {
    return (
      <SectionMessage appearance="error" title="Space Sync could not load">
        <p>{value.message}</p>
      </SectionMessage>
    );
  }
  return <>{children(value.value)}</>;
}
