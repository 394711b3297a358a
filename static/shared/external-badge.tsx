/**
 * The EXT lozenge, explained per side: the other space is on another Confluence site, so what this
 * side sends leaves the site, and what it receives comes from outside it. A tooltip says so on
 * hover and focus, and the words are there for screen readers.
 */
import Lozenge from '@atlaskit/lozenge';
import Tooltip from '@atlaskit/tooltip';
import VisuallyHidden from '@atlaskit/visually-hidden';

/** Which way the sync goes from this site: it sends (source) or receives (destination). */
export type Side = 'source' | 'destination';

const WHAT_CROSSES: Record<Side, string> = { source: 'what it sends leaves this site', destination: 'what it receives comes from outside this site' };

/** The footnote under a list of syncs, worded for the sides the listed EXT syncs are on. */
export function externalMeaning(sides: Side[]): string {
  const shown = (['source', 'destination'] as const).filter((s) => sides.includes(s));
  const what = shown.length === 2 ? 'what a sync sends leaves this site, and what it receives comes from outside it' : WHAT_CROSSES[shown[0] ?? 'source'];
  return `EXT: the other space is on another Confluence site, so ${what}.`;
}

export function ExternalBadge({ side }: { side: Side }) {
  return (
    <Tooltip content={externalMeaning([side])} position="top">
      {(tooltip) => (
        <span {...tooltip} tabIndex={0} className="ss-badge">
          <Lozenge appearance="new">EXT</Lozenge>
          <VisuallyHidden> (on another Confluence site)</VisuallyHidden>
        </span>
      )}
    </Tooltip>
  );
}
