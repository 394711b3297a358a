/**
 * What `npm run build:ui` emits stays within Forge's Custom UI policy, which refuses inline
 * scripts and styles (forge-platform.md §8): each resource's index.html loads its code and styles
 * from files, one of them the design-token themes. Runs on the build `npm test` makes first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import { loadManifest } from '../../sandbox/forge-host/manifest';

const root = join(__dirname, '..', '..');
const resources = [...loadManifest(join(root, 'manifest.yml')).resources.entries()];

describe.each(resources)('the built Custom UI resource %s', (_key, path) => {
  const folder = join(root, path);
  const page = () => load(readFileSync(join(folder, 'index.html'), 'utf8'));

  it('has no inline script, <style> element, style attribute or inline event handler in index.html', () => {
    const $ = page();
    expect($('script').length).toBeGreaterThan(0);
    expect($('script:not([src])').length).toBe(0);
    expect($('style').length).toBe(0);
    expect($('[style]').length).toBe(0);
    expect($('*').toArray().flatMap((el) => Object.keys($(el).attr() ?? {}).filter((a) => a.startsWith('on')))).toEqual([]);
  });

  it('links the design-token themes, light and dark, as a stylesheet file', () => {
    const $ = page();
    const links = $('link[rel="stylesheet"]').toArray().map((el) => $(el).attr('href') ?? '');
    expect(links).toContain('./assets/atlaskit-theme.css');
    for (const href of links) expect(existsSync(join(folder, href))).toBe(true);
    const css = readFileSync(join(folder, 'assets', 'atlaskit-theme.css'), 'utf8');
    expect(css).toMatch(/html\[data-color-mode="light"\]\[data-theme~="light:light"\][^{]*\{[^}]*--ds-text:/);
    expect(css).toMatch(/html\[data-color-mode="dark"\]\[data-theme~="dark:dark"\][^{]*\{[^}]*--ds-text:/);
  });
});
