/** The token, shown this once: download it as a file or copy it. The main action, Download, is on the right. */
import { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { Modal } from '../../shared/host-modal';
import Button from '@atlaskit/button/new';
import TextArea from '@atlaskit/textarea';
import SectionMessage from '@atlaskit/section-message';
import { Label } from '@atlaskit/form';
import type { IssuedTokenResult } from '../../../src/contract/resolvers';
import { CopyButton } from './copy-button';
import { useFirstField } from '../../shared/first-field';

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
  const first = useFirstField();
  return (
    <Modal onClose={onClose} autoFocus={first.autoFocus}>
      <ModalHeader hasCloseButton>
        <ModalTitle>Hand this token to the other space’s admin</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <div ref={first.within}>
          <SectionMessage appearance="warning" title="Shown this once">
            <p>
              It works once and expires on {new Date(issued.expiresAt).toLocaleString()}. Getting a new token cancels this one. The other admin imports it in their space:
              Space settings → Space Sync → Import token.
            </p>
          </SectionMessage>
          <Label htmlFor="issued-token">Token</Label>
          <TextArea id="issued-token" isReadOnly value={issued.token} minimumRows={4} />
          <p>The file is called {issued.fileName}.</p>
        </div>
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose}>
          Done
        </Button>
        <CopyButton label="Copy token" text={issued.token} />
        <Button appearance="primary" onClick={() => download(issued)}>
          Download token
        </Button>
      </ModalFooter>
    </Modal>
  );
}
