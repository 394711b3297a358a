/**
 * The EXT lozenge, explained: the other space is on another Confluence site, so what syncs leaves
 * this site. A tooltip says so on hover and focus, and the words are there for screen readers.
 */
import Lozenge from '@atlaskit/lozenge';
import Tooltip from '@atlaskit/tooltip';
import VisuallyHidden from '@atlaskit/visually-hidden';

export const EXTERNAL_MEANING = 'EXT: the other space is on another Confluence site, so what syncs leaves this site.';

export function ExternalBadge() {
  return (
    <Tooltip content={EXTERNAL_MEANING} position="top">
      {(tooltip) => (
        <span {...tooltip} tabIndex={0} className="ss-badge">
          <Lozenge appearance="new">EXT</Lozenge>
          <VisuallyHidden> (on another Confluence site)</VisuallyHidden>
        </span>
      )}
    </Tooltip>
  );
}
