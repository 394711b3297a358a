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

let frame: ParentIFrame | undefined;
/** The page's latest report: it reports on every scroll and resize of its window. */
let latest: HostPageInfo | undefined;
let holds = 0;
/** Where the page was scrolled before the frame was fitted to its window. */
let before: { left: number; top: number } | undefined;
let releaseTimer: ReturnType<typeof setTimeout> | undefined;
/** After the last dialog closed: where to scroll the page back to, once the frame is no longer the window's height. */
let restoring: { left: number; top: number; fitted: number; tries: number } | undefined;

/** How many times to ask the page again whether the frame has taken the window's height. */
const FIT_TRIES = 20;

let scrolled = false;
/** How far below the window's top the page put the frame when it scrolled to it. */
let pinnedTop: number | undefined;
let tries = 0;

/**
 * Follows the page's scroll and window from the start, so a dialog knows where the page was
 * before it opened: opening one moves the focus into it, and the browser scrolls the page to
 * the focused field before any report of the page could come back.
 */
function follow(found: ParentIFrame): void {
  frame = found;
  found.getPageInfo(report);
}

function report(info: HostPageInfo): void {
  latest = info;
  if (!frame) return;
  if (holds > 0) fit(frame, info);
  else if (restoring) restore(frame, info);
}

function lookForParentFrame(): void {
  if (window.parentIFrame) return follow(window.parentIFrame);
  const started = Date.now();
  const timer = setInterval(() => {
    if (window.parentIFrame) follow(window.parentIFrame);
    if (window.parentIFrame || Date.now() - started > LOOK_FOR_MS) clearInterval(timer);
  }, LOOK_EVERY_MS);
}

/**
 * The frame as tall as the page's window, then the page scrolled to the frame's top: only once
 * the page reports the new height, as the page cannot scroll to a frame that is still short
 * (the resizer may send a size a moment later than asked, iframe-resizer 4.4.5 `sizeIFrameThrottled`).
 * Where the page keeps something over its top (a fixed or sticky navigation bar), it scrolls
 * the frame to just below it; the frame then takes the height left below that.
 */
function fit(on: ParentIFrame, info: HostPageInfo): void {
  if (!before) {
    before = { left: info.scrollLeft, top: info.scrollTop };
    scrolled = false;
    pinnedTop = 0;
    tries = 0;
    on.autoResize(false);
  }
  if (scrolled && pinnedTop === undefined) pinnedTop = Math.max(0, Math.round(info.offsetTop - info.scrollTop));
  const height = Math.round(info.clientHeight) - (pinnedTop ?? 0);
  if (Math.round(info.iframeHeight) !== height) {
    on.size(height); // first, after the scroll, or the window was resized while the dialog is open
    if (tries++ < FIT_TRIES) on.getPageInfo(report); // asks for a report of the page again
  } else if (!scrolled) {
    scrolled = true;
    pinnedTop = undefined; // measured from the next report
    on.scrollToOffset(0, 0);
    on.getPageInfo(report);
  }
}

/** The frame follows its content again; the page goes back to where it was once the frame has grown back (restore). */
function release(on: ParentIFrame): void {
  releaseTimer = undefined;
  if (holds > 0 || !before) return;
  restoring = { ...before, fitted: Math.round(latest?.clientHeight ?? 0), tries: 0 };
  before = undefined;
  on.autoResize(true);
  on.size();
  on.getPageInfo(report);
}

function restore(on: ParentIFrame, info: HostPageInfo): void {
  if (!restoring) return;
  if (Math.round(info.iframeHeight) === restoring.fitted && restoring.tries++ < FIT_TRIES) return on.getPageInfo(report);
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
    before = { left: restoring.left, top: restoring.top }; // a dialog again before the page went back: it goes back there later
    restoring = undefined;
    scrolled = false;
    tries = 0;
    on.autoResize(false);
  }
  if (latest) fit(on, latest);
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
