/** Written by vite-plugins/theme-stylesheet.mts: the theme state the linked assets/atlaskit-theme.css was made for, and its theme ids. */
declare module 'virtual:static-theme' {
  import type { ThemeState } from '@atlaskit/tokens/theme-state';
  export const THEME_STATE: Partial<ThemeState>;
  export const STATIC_THEME_IDS: string[];
}
