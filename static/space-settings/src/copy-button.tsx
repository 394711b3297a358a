/** Copies text to the clipboard, and says so. */
import { useState } from 'react';
import Button from '@atlaskit/button/new';

export function CopyButton({ label, text, appearance = 'default' }: { label: string; text: string; appearance?: 'default' | 'primary' }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      appearance={appearance}
      onClick={() =>
        void navigator.clipboard
          ?.writeText(text)
          .then(() => setCopied(true))
          .catch(() => setCopied(false))
      }
    >
      {copied ? 'Copied' : label}
    </Button>
  );
}
