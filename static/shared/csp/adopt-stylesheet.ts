/**
 * Applies CSS made at run time without a <style> element. Forge's Custom UI policy has no
 * 'unsafe-inline' in `style-src` (@forge/csp 6.3.2; forge-platform.md §8), which blocks
 * <style> elements; a constructed stylesheet in `document.adoptedStyleSheets` is CSSOM, which
 * that directive does not govern (CSP Level 3 lists <style> elements and style attributes as
 * the inline styles it restricts; https://www.w3.org/TR/CSP3/#directive-style-src). Chromium
 * applies it under the Forge policy without a violation (test/browser/content-security-policy
 * .test.ts); other browsers' behaviour is UNCONFIRMED. Returns the function that removes it.
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
