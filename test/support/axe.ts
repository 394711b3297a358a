/**
 * axe-core in a Custom UI frame, under Forge's Content-Security-Policy. The page's policy allows
 * no inline script, so axe is not added as a <script> element: its source is evaluated in the
 * frame through the DevTools protocol (Playwright's `evaluate`), which a page's CSP does not
 * govern, and `axe.run` is then called the same way. The browser tests fail on any CSP violation
 * (test/support/sandbox.ts), so this shows axe itself raises none either.
 */
import { readFileSync } from 'node:fs';
import type { Frame } from 'playwright-core';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Impacts the tests refuse: moderate and worse. */
const REFUSED = new Set(['moderate', 'serious', 'critical']);

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
  /** The start of each node's markup, to find it. */
  html: string[];
}

declare global {
  interface Window {
    axe?: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; html: string; failureSummary?: string }> }> }> };
  }
}

/**
 * Lets Atlaskit's motions and colour transitions finish (not a spinner's endless turn), so axe
 * reads what a person sees rather than a button halfway through its colour change.
 */
export function settleMotion(frame: Frame): Promise<void> {
  return frame.evaluate(async () => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const finite = document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity);
    await Promise.race([Promise.all(finite.map((a) => a.finished.catch(() => undefined))), new Promise((resolve) => setTimeout(resolve, 3000))]);
  });
}

/** Every axe violation of moderate impact or worse in the frame's document, once its motions have settled. */
export async function axeViolations(frame: Frame): Promise<AxeFinding[]> {
  await settleMotion(frame);
  if (!(await frame.evaluate(() => Boolean(window.axe)))) await frame.evaluate(AXE_SOURCE);
  const { violations } = await frame.evaluate(() => window.axe!.run(document, { resultTypes: ['violations'] }));
  return violations
    .filter((v) => REFUSED.has(v.impact ?? ''))
    .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')), html: v.nodes.map((n) => `${n.html.slice(0, 160)} ${n.failureSummary ?? ''}`.trim()) }));
}
