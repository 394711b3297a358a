/**
 * A link to a Confluence page outside the app's frame (the copy, the original). A Custom UI app
 * lives in an iframe, so it opens pages through the Confluence page around it: `router.open`
 * from @forge/bridge 7.2.0 ("opens a new window to a given URL", prompting first for an external
 * site: https://developer.atlassian.com/platform/forge/custom-ui-bridge/router/). The href stays
 * for copying the address and for a middle click.
 */
import type { ReactNode } from 'react';
import Link from '@atlaskit/link';
import { router } from '@forge/bridge';

export function OpenLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link
      href={href}
      target="_blank"
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        void router.open(href).catch(() => undefined); // declined: the user chose to stay
      }}
    >
      {children}
    </Link>
  );
}
