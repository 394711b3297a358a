/** Debian's Chromium driven by playwright-core (no downloaded browser), with screenshots saved as artifacts. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = join(__dirname, '..', '..', 'test-artifacts');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

/** Where the README's screenshots live (docs/images, as the README links them). */
export const README_IMAGES_DIR = join(__dirname, '..', '..', 'docs', 'images');

/**
 * A screenshot the README shows, of the viewport at 1280 × 800 px. With README_SCREENSHOTS=1
 * (`npm run screenshots`) it replaces the README's own image in docs/images; otherwise it goes to
 * test-artifacts/readme/, so an ordinary test run takes the same picture but leaves the working
 * tree as it was (the pictures differ in a few pixels from run to run).
 */
export async function readmeScreenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.README_SCREENSHOTS === '1' ? README_IMAGES_DIR : join(ARTIFACTS_DIR, 'readme');
  mkdirSync(dir, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}
