/**
 * What a token says before it is imported: the sync, its message, what it claims about where it
 * comes from (anyone can write those words), what is verified (the key that signed it, the inbox
 * its claim goes to), and how long it is valid.
 */
import { forwardRef } from 'react';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import type { TokenPreview as Preview } from '../../../src/contract/resolvers';
import { ExternalBadge } from '../../shared/external-badge';
import { siteHost } from '../../shared/site-host';

/**
 * The ref is the heading's wrapper, focusable by script only: the dialog moves the focus there once
 * the token is read, so what it says is read out first (the check's button or the file input it
 * came from is gone) and Tab goes on to the name field.
 */
export const TokenPreview = forwardRef<HTMLDivElement, { preview: Preview }>(function TokenPreview({ preview }, heading) {
  return (
    <section aria-labelledby="token-preview-heading" data-testid="token-preview">
      <div ref={heading} tabIndex={-1}>
        <Heading size="small" as="h2" id="token-preview-heading">
          {preview.syncName}
        </Heading>
      </div>
      {preview.message && <blockquote>{preview.message}</blockquote>}
      {preview.inheritance && <p>{preview.inheritance.text}</p>}
      <dl className="ss-facts">
        <dt>Says it comes from</dt>
        <dd>
          {preview.claimed.spaceName} ({preview.claimed.spaceKey}) on {siteHost(preview.claimed.siteUrl)}
          {preview.claimed.external && <ExternalBadge side="destination" />}
        </dd>
        <dt>Valid until</dt>
        <dd>{new Date(preview.expiresAt).toLocaleString()}</dd>
      </dl>
      <Heading size="xsmall" as="h3">
        Verified
      </Heading>
      <dl className="ss-facts" aria-label="Verified" data-testid="token-verified">
        <dt>Signed with key</dt>
        <dd>
          <code>{preview.verified.keyFingerprint}</code>
        </dd>
        <dt>Pairs with the inbox at</dt>
        <dd>
          <code>{preview.verified.inboxHost}</code>
        </dd>
      </dl>
      <SectionMessage appearance={preview.verified.sameSite ? 'information' : 'warning'}>
        <p>
          {preview.verified.sameSite
            ? 'This token was signed by this site’s own Space Sync, so it does come from this site.'
            : 'Anyone can write a site and space name into a token. Before you import, ask the source space admin to read you the key fingerprint shown on their sync: it must match the one above.'}
        </p>
      </SectionMessage>
    </section>
  );
});
