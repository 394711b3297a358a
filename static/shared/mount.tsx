/** Mounts a Custom UI app with the Atlassian design tokens applied. */
import { StrictMode, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { setGlobalTheme } from '@atlaskit/tokens/set-global-theme';
import '@atlaskit/css-reset';

export function mount(app: ReactElement): void {
  void setGlobalTheme({ colorMode: 'auto' });
  const root = document.getElementById('root');
  if (!root) throw new Error('Missing #root');
  createRoot(root).render(<StrictMode>{app}</StrictMode>);
}
