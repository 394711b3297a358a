/**
 * Applies CSS made at run time without a <style> element. Forge's Custom UI policy has no
 * 'unsafe-inline' in `style-src` (@forge/csp 6.3.2; forge-platform.md §8), which blocks
 * <style> elements; a constructed stylesheet in `document.adoptedStyleSheets` is CSSOM, which
 * browsers do not hold to that check (https://github.com/WICG/construct-stylesheets/issues/98;
 * mozilla/pdf.js moved an injected <style> to one for this, https://github.com/mozilla/pdf.js/pull/21416).
 * CSP3 means `style-src` without 'unsafe-eval' to block CSSOM methods that parse CSS strings, but
 * no browser implements that (https://github.com/mdn/content/pull/38502). Chromium applies it
 * under the Forge policy with no violation (test/browser/content-security-policy.test.ts); other
 * browsers are UNCONFIRMED here. Returns the function that removes it.
 */
export function adoptStylesheet(css: string): () => void {
  if (typeof document === 'undefined' || !('adoptedStyleSheets' in document)) return () => {};
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  return () => {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}
