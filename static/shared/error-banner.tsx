/** The error a dialog or page shows above its content, or nothing. */
import { useEffect, useRef, type RefObject } from 'react';
import SectionMessage from '@atlaskit/section-message';

/**
 * Brings a message into view when it appears or changes. A dialog shows a refusal at the top of
 * its body, which scrolls: pressed at the bottom of a long form (or any form in a 400 px frame),
 * the primary action's refusal would otherwise land out of sight, and nothing seems to happen.
 * The message's role="alert" says it to a screen reader either way.
 */
export function useShownInView(ref: RefObject<HTMLElement>, message: string | undefined): void {
  useEffect(() => {
    if (message) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [ref, message]);
}

export function ErrorBanner({ message, title }: { message?: string; title?: string }) {
  const banner = useRef<HTMLDivElement>(null);
  useShownInView(banner, message);
  if (!message) return null;
  return (
    <div ref={banner}>
      <SectionMessage appearance="error" title={title}>
        <p role="alert">{message}</p>
      </SectionMessage>
    </div>
  );
}
