/**
 * Emits the Atlassian design-token themes as a static stylesheet, `assets/atlaskit-theme.css`,
 * and links it from index.html.
 *
 * Why: Forge serves a Custom UI page with a Content-Security-Policy whose `style-src` has no
 * 'unsafe-inline' unless the manifest asks for it (@forge/csp 6.3.2; forge-platform.md §8), so
 * the `<style data-theme>` elements that `setGlobalTheme` appends at run time are blocked and
 * every `--ds-*` token is empty. A stylesheet the page links from its own origin is allowed
 * (`style-src 'self'`). shared/mount.tsx still calls `setGlobalTheme`, with a theme loader that
 * loads nothing (its documented second parameter), so that it only sets the <html> attributes
 * the sheets' selectors match and follows the OS colour scheme for `colorMode: 'auto'`.
 *
 * The CSS is what @atlaskit/tokens 20.7.0 `getThemeStyles` returns for `THEME_STATE`: with
 * `colorMode: 'auto'` that is both colour themes (light and dark) plus shape, spacing,
 * typography and motion (utils/get-theme-preferences.js). `virtual:static-theme` hands the app
 * the same theme state and the theme ids the sheet holds, so its loader can name any missing.
 */
import type { Plugin } from 'vite';
import type { getThemeStyles as GetThemeStyles } from '@atlaskit/tokens/get-theme-styles';

const THEME_STATE = { colorMode: 'auto' } as const;
const FILE_NAME = 'assets/atlaskit-theme.css';
const VIRTUAL_ID = 'virtual:static-theme';

/**
 * `@atlaskit/tokens/get-theme-styles` is a folder entry point (its own package.json), which
 * Node's ESM loader cannot import, so the file it names is imported instead.
 */
const GET_THEME_STYLES = '@atlaskit/tokens/dist/cjs/get-theme-styles.js';

export function themeStylesheet(): Plugin {
  let themes: Array<{ id: string; css: string }> = [];
  return {
    name: 'space-sync:theme-stylesheet',
    async buildStart() {
      const { getThemeStyles } = (await import(GET_THEME_STYLES)) as { getThemeStyles: typeof GetThemeStyles };
      themes = (await getThemeStyles(THEME_STATE)).map(({ id, css }) => ({ id, css }));
      if (!themes.some((t) => t.id === 'light') || !themes.some((t) => t.id === 'dark')) {
        this.error(`getThemeStyles returned ${themes.map((t) => t.id).join(', ') || 'nothing'}: expected the light and dark themes`);
      }
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? `\0${VIRTUAL_ID}` : undefined;
    },
    load(id) {
      if (id !== `\0${VIRTUAL_ID}`) return undefined;
      return `export const THEME_STATE = ${JSON.stringify(THEME_STATE)};\nexport const STATIC_THEME_IDS = ${JSON.stringify(themes.map((t) => t.id))};`;
    },
    generateBundle() {
      const source = themes.map((t) => `/* @atlaskit/tokens theme "${t.id}" */\n${t.css}`).join('\n');
      this.emitFile({ type: 'asset', fileName: FILE_NAME, source });
    },
    transformIndexHtml() {
      return [{ tag: 'link', attrs: { rel: 'stylesheet', href: `./${FILE_NAME}` }, injectTo: 'head' }];
    },
  };
}
