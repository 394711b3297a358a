/** The token, shown this once: download it as a file or copy it. */
import { useState } from 'react';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import Button from '@atlaskit/button/new';
import TextArea from '@atlaskit/textarea';
import SectionMessage from '@atlaskit/section-message';
import type { IssuedTokenResult } from '../../../src/contract/resolvers';

function download(issued: IssuedTokenResult): void {
  const url = URL.createObjectURL(new Blob([issued.token], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = issued.fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

export function TokenDialog({ issued, onClose }: { issued: IssuedTokenResult; onClose(): void }) {
  const [copied, setCopied] = useState(false);
  return (
    <Modal onClose={onClose} label="Token for the other space">
      <ModalHeader>
        <ModalTitle>Hand this token to the other space’s admin</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <SectionMessage appearance="warning">
          <p>
            This is the only time the token is shown. It works once and expires on {new Date(issued.expiresAt).toLocaleString()}. Getting a new
            token cancels this one.
          </p>
        </SectionMessage>
        <TextArea aria-label="Token" isReadOnly value={issued.token} minimumRows={4} />
      </ModalBody>
      <ModalFooter>
        <Button
          onClick={() =>
            void navigator.clipboard
              ?.writeText(issued.token)
              .then(() => setCopied(true))
              .catch(() => setCopied(false))
          }
        >
          {copied ? 'Copied' : 'Copy token'}
        </Button>
        <Button appearance="primary" onClick={() => download(issued)}>
          Download token
        </Button>
        <Button appearance="subtle" onClick={onClose}>
          Done
        </Button>
      </ModalFooter>
    </Modal>
  );
}
