/** The title a copy takes when a page it did not make holds its original's title. Pure rules, no I/O. */

/** The longest title Confluence keeps (PageSnapshot holds to it too). */
const MAX_TITLE_LENGTH = 255;

/** A clashing copy's title: the source space's key added, the title shortened so that the whole still fits. */
export function clashTitle(title: string, sourceSpaceKey: string): string {
  const suffix = ` (${sourceSpaceKey})`;
  let kept = '';
  // By code point, so a character outside the BMP is never cut in half.
  for (const ch of title) {
    if (kept.length + ch.length + suffix.length > MAX_TITLE_LENGTH) break;
    kept += ch;
  }
  return `${kept}${suffix}`;
}

/** A copy renamed for a clash keeps its clash title while its original keeps the title that clashed. */
export function copyTitle(copyNow: string, sourceTitle: string, sourceSpaceKey: string): string {
  return copyNow.endsWith(`(${sourceSpaceKey})`) && copyNow !== sourceTitle ? copyNow : sourceTitle;
}
