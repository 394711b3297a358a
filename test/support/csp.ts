/** What Chromium says about Content-Security-Policy violations in every frame of a context. */
import type { BrowserContext, Frame, Page } from 'playwright-core';

export interface CspWatch {
  /** Each `securitypolicyviolation` event any frame saw, and each console message about the policy. */
  readonly violations: string[];
}

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

/** Listens in every frame (init scripts run in iframes too) from before the page's own scripts. */
export async function watchCsp(context: BrowserContext): Promise<CspWatch> {
  const violations: string[] = [];
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      const line = `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} in ${e.documentURI} (${e.sourceFile}:${e.lineNumber})`;
      window.__cspViolations?.push(line);
      console.error(`[csp-violation] ${line}`);
    });
  });
  context.on('console', (message) => {
    if (/\[csp-violation\]|Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return { violations };
}

/** The violations one frame recorded itself (they reach the console listener a moment later). */
export function frameViolations(frame: Frame): Promise<string[]> {
  return frame.evaluate(() => window.__cspViolations ?? []);
}

/** The frame a Custom UI resource is served in. */
export function appFrame(page: Page): Frame {
  const frame = page.frames().find((f) => f.url().includes('/forge/ui/'));
  if (!frame) throw new Error('No Custom UI frame on the page');
  return frame;
}
