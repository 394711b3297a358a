/** The error a dialog or page shows above its content, or nothing. */
import SectionMessage from '@atlaskit/section-message';

export function ErrorBanner({ message, title }: { message?: string; title?: string }) {
  if (!message) return null;
  return (
    <SectionMessage appearance="error" title={title}>
      <p role="alert">{message}</p>
    </SectionMessage>
  );
}
