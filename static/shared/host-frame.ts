/**
 * The app's frame on the Confluence page around it. Forge puts iframe-resizer's content-window
 * script (4.x) in every Custom UI page (@forge/cli-shared 9.3.0
 * out/service/iframe-resizer-script-service.js) and the product sizes the frame to the app's
 * content, so the page scrolls and the frame never does. Once the page has started that, the
 * script defines `window.parentIFrame` (iframe-resizer 4.4.5 `setupPublicMethods`); where it is
 * absent (a frame of fixed height, or a product that does not resize it: UNCONFIRMED which
 * Confluence does for each module) everything here does nothing, and the app scrolls in its frame.
 *
 * A dialog needs the frame to be the size of what the person sees: Atlaskit's Modal is fixed to
 * the frame's viewport and sized in `vh` (@atlaskit/modal-dialog 17.1.1 positioner and dialog
 * styles), so in a frame as tall as the content it would open at the top of a frame that may be
 * scrolled away, or be cut short by a frame shorter than the window. So while a dialog is open the
 * frame is the height of the page's window and the page is scrolled to it (`size`,
 * `scrollToOffset`, from the window's size in `getPageInfo`); when the last one closes the frame
 * follows its content again and the page goes back to where it was.
 */
import { useLayoutEffect } from 'react';

/** What iframe-resizer 4.4.5's page side sends as page info (iframeResizer.js `getPageInfo`). */
export interface HostPageInfo {
  iframeHeight: number;
  clientHeight: number;
  offsetTop: number;
  scrollTop: number;
  scrollLeft: number;
}

/** The calls of iframe-resizer 4.4.5's `window.parentIFrame` the app makes. */
interface ParentIFrame {
  autoResize(resize: boolean): boolean;
  size(height?: number): void;
  getPageInfo(callback?: (info: HostPageInfo) => void): void;
  scrollTo(x: number, y: number): void;
  scrollToOffset(x: number, y: number): void;
}

declare global {
  interface Window {
    parentIFrame?: ParentIFrame;
  }
}

/** How long the frame stays fitted after a dialog closes, so one dialog opening another (Create, then its token) does not make the page jump. */
const RELEASE_AFTER_MS = 150;
/** How often, and how long, to look for `window.parentIFrame` (the page starts the resizer after the frame loads). */
const LOOK_EVERY_MS = 100;
const LOOK_FOR_MS = 30_000;
/** How many times to ask the page for the window's height before giving up (something else may keep sizing the frame). */
const SIZE_TRIES = 20;
/**
 * How long after asking the page to scroll to the frame its reports still say where the scroll
 * put the frame. A page that moves reports within ~50 ms (iframe-resizer 4.4.5
 * `sendPageInfoToIframe` debounces 32 ms); one already there sends nothing, so its latest report
 * stands once this has passed. Generous, for a busy machine: a late report read as the user's own
 * scroll would leave the frame the wrong height.
 */
const SCROLL_SETTLES_MS = 1000;
/** How long to wait for the frame to grow back before scrolling the page back anyway (content exactly as tall as the window: the frame does not change). */
const GROW_BACK_MS = 1000;

let frame: ParentIFrame | undefined;
/** The page's latest report: it reports on every scroll and resize of its window. */
let latest: HostPageInfo | undefined;
let holds = 0;
/** Where the page was scrolled before the frame was fitted to its window. */
let before: { left: number; top: number } | undefined;
let releaseTimer: ReturnType<typeof setTimeout> | undefined;
/** After the last dialog closed: where to scroll the page back to, once the frame is no longer the height it had while fitted. */
let restoring: { left: number; top: number; fitted: number; timer: ReturnType<typeof setTimeout> } | undefined;

/** Whether the page has been asked to scroll to the frame during this fit. */
let scrolled = false;
/** While set, the page's reports say where its scroll to the frame put it (SCROLL_SETTLES_MS). */
let settling: ReturnType<typeof setTimeout> | undefined;
/** How far below the window's top the page put the frame when it scrolled to it. */
let pinnedTop = 0;
let sizeTries = 0;

/**
 * Asks the page for page info once, for the whole life of the frame: the page then reports on
 * every scroll and resize of its window. Asking again would leak: iframe-resizer 4.4.5's page side
 * adds a new pair of `scroll`/`resize` listeners for every `pageInfo` message
 * (`startPageInfoMonitor`), and its `stop` removes none. Following from the start also tells a
 * dialog where the page was before it opened: opening one moves the focus into it, and the browser
 * scrolls the page to the focused field before any report of the page could come back.
 */
function follow(found: ParentIFrame): void {
  frame = found;
  found.getPageInfo(report);
  // What the page does not report: the frame's own height. After `size`, the page sets the frame's
  // height, which resizes this window (iframe-resizer 4.4.5 `setSize`).
  window.addEventListener('resize', frameResized);
}

function report(info: HostPageInfo): void {
  latest = info;
  if (!frame) return;
  if (settling) pinnedTop = pinnedTopOf(info);
  if (holds > 0) fit(frame);
}

function frameResized(): void {
  if (!frame) return;
  if (holds > 0) fit(frame);
  else if (restoring && window.innerHeight !== restoring.fitted) restore(frame);
}

function lookForParentFrame(): void {
  if (window.parentIFrame) return follow(window.parentIFrame);
  const started = Date.now();
  const timer = setInterval(() => {
    if (window.parentIFrame) follow(window.parentIFrame);
    if (window.parentIFrame || Date.now() - started > LOOK_FOR_MS) clearInterval(timer);
  }, LOOK_EVERY_MS);
}

/** Where the frame's top is below the window's top, per a report: under a fixed or sticky bar, the bar's height. */
function pinnedTopOf(info: HostPageInfo): number {
  return Math.max(0, Math.round(info.offsetTop - info.scrollTop));
}

/** The window's height left below whatever the page keeps over its top. */
function fittedHeight(info: HostPageInfo): number {
  return Math.round(info.clientHeight) - pinnedTop;
}

/** Starts fitting: the page stops sizing the frame to its content and remembers where it was. */
function startFit(on: ParentIFrame, at: { left: number; top: number }): void {
  before = at;
  scrolled = false;
  sizeTries = 0;
  on.autoResize(false);
}

/**
 * The frame as tall as the page's window, then the page scrolled to the frame's top: only once
 * the frame has the new height (its window resizes), as the page cannot scroll to a frame that
 * is still short (the resizer may send a size a moment later than asked, iframe-resizer 4.4.5
 * `sizeIFrameThrottled`). Runs again on every report of the page and resize of the frame while
 * a dialog is open, so a window resized meanwhile is followed.
 */
function fit(on: ParentIFrame): void {
  if (!latest) return; // the page's first report calls fit
  if (!before) {
    pinnedTop = 0; // measured once the page has scrolled to the frame
    startFit(on, { left: latest.scrollLeft, top: latest.scrollTop });
  }
  const height = fittedHeight(latest);
  if (window.innerHeight !== height) {
    if (sizeTries++ < SIZE_TRIES) on.size(height); // frameResized calls fit again
  } else if (!scrolled) {
    scrollToFrame(on);
  }
}

/**
 * Where the page keeps something over its top (a fixed or sticky navigation bar), it scrolls the
 * frame to just below it; the frame then takes the height left below that. The scroll makes the
 * page report by itself (its `scroll` listener), and report() measures the bar from it; a page
 * already there does not move and sends nothing, so its latest report is measured once the scroll
 * has had time to settle.
 */
function scrollToFrame(on: ParentIFrame): void {
  scrolled = true;
  settling = setTimeout(() => {
    settling = undefined;
    if (holds === 0 || !latest) return;
    pinnedTop = pinnedTopOf(latest);
    fit(on);
  }, SCROLL_SETTLES_MS);
  on.scrollToOffset(0, 0);
}

function stopSettling(): void {
  if (settling) clearTimeout(settling);
  settling = undefined;
}

/** The frame follows its content again; the page goes back to where it was once the frame has grown back (restore). */
function release(on: ParentIFrame): void {
  releaseTimer = undefined;
  if (holds > 0 || !before) return;
  stopSettling();
  const timer = setTimeout(() => restore(on), GROW_BACK_MS);
  restoring = { ...before, fitted: window.innerHeight, timer };
  before = undefined;
  on.autoResize(true);
  on.size();
}

function restore(on: ParentIFrame): void {
  if (!restoring) return;
  clearTimeout(restoring.timer);
  on.scrollTo(restoring.left, restoring.top);
  restoring = undefined;
}

/** Fits the frame to the page's window until the returned function is called (by every holder). */
export function holdHostViewport(): () => void {
  const on = frame;
  if (!on) return () => undefined;
  holds += 1;
  if (releaseTimer) clearTimeout(releaseTimer);
  releaseTimer = undefined;
  if (restoring && !before) {
    // A dialog again before the page went back: it goes back there later. The page is still where
    // the last dialog put it, so the bar over its top is as measured then.
    clearTimeout(restoring.timer);
    startFit(on, { left: restoring.left, top: restoring.top });
    restoring = undefined;
  }
  fit(on);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holds -= 1;
    if (holds === 0) releaseTimer = setTimeout(() => release(on), RELEASE_AFTER_MS);
  };
}

if (typeof window !== 'undefined') lookForParentFrame();

/** For a dialog: the frame fits the page's window while it is mounted. */
export function useHostViewport(): void {
  // A layout effect: it runs before the dialog's own effects move the focus (and the page) into it.
  useLayoutEffect(() => holdHostViewport(), []);
}
