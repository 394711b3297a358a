/** "Import token": drop the file or paste the token, see where it comes from, then import. */
import { useState } from 'react';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import Button from '@atlaskit/button/new';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import Lozenge from '@atlaskit/lozenge';
import type { TokenPreview, PersonOption } from '../../../src/contract/resolvers';
import { PageSyncPicker, toPageSync } from './page-sync-picker';
import { callBackend } from '../../shared/backend';
import { ErrorBanner } from '../../shared/error-banner';
import { useAction } from '../../shared/use-action';

export function ImportDialog({ onClose, onImported }: { onClose(): void; onImported(): void }) {
  const [tokenText, setTokenText] = useState('');
  const [preview, setPreview] = useState<TokenPreview | undefined>();
  const [name, setName] = useState('');
  const [people, setPeople] = useState<PersonOption[]>([]);
  const { busy, failure: error, run } = useAction();

  const check = (text: string) =>
    run(async () => {
      const read = await callBackend('previewToken', { token: text });
      setPreview(read);
      setName(read.syncName);
    });

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    const text = (await file.text()).trim();
    setTokenText(text);
    await check(text);
  };

  return (
    <Modal onClose={onClose} label="Import token">
      <ModalHeader>
        <ModalTitle>Import a sync token</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <ErrorBanner message={error} />
        <div
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => {
            e.preventDefault();
            void readFile(e.dataTransfer.files[0]);
          }}
          style={{ border: '2px dashed var(--ds-border, #dfe1e6)', padding: 16, marginBottom: 12 }}
        >
          <label htmlFor="token-file">Drop the token file here, or choose it: </label>
          <input id="token-file" type="file" accept=".spacesync-token,text/plain" onChange={(e) => void readFile(e.currentTarget.files?.[0])} />
        </div>
        <TextArea aria-label="Or paste the token" placeholder="Or paste the token" value={tokenText} onChange={(e) => setTokenText(e.currentTarget.value)} />
        {preview && (
          <section aria-label="Token details" style={{ marginTop: 16 }}>
            <p>
              Says it comes from <strong>{preview.claimed.spaceName}</strong> ({preview.claimed.spaceKey}) on {preview.claimed.siteUrl}{' '}
              {preview.claimed.external && <Lozenge appearance="new">EXT</Lozenge>}
            </p>
            <dl aria-label="Verified" data-testid="token-verified">
              <dt>Signed with key</dt>
              <dd>
                <code>{preview.verified.keyFingerprint}</code>
              </dd>
              <dt>Pairs with the inbox at</dt>
              <dd>
                <code>{preview.verified.inboxHost}</code>
              </dd>
            </dl>
            <p>
              {preview.verified.sameSite
                ? 'This token was signed by this site’s own Space Sync, so it does come from this site.'
                : 'Anyone can write a site and space name into a token. Before you import, ask the source space admin to read you the key fingerprint shown on their sync: it must match the one above.'}
            </p>
            <p>Sync: {preview.syncName}</p>
            {preview.message && <blockquote>{preview.message}</blockquote>}
            {preview.inheritance && <p>{preview.inheritance.text}</p>}
            <p>Valid until {new Date(preview.expiresAt).toLocaleString()}</p>
            <label htmlFor="import-name">Name of the sync in this space</label>
            <Textfield id="import-name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <PageSyncPicker value={people} onChange={setPeople} />
          </section>
        )}
      </ModalBody>
      <ModalFooter>
        <Button appearance="subtle" onClick={onClose}>
          Cancel
        </Button>
        {preview ? (
          <Button appearance="primary" isDisabled={busy} onClick={() => void run(async () => { await callBackend('importToken', { token: tokenText, name, pageSync: toPageSync(people) }); onImported(); })}>
            Import
          </Button>
        ) : (
          <Button appearance="primary" isDisabled={busy || !tokenText.trim()} onClick={() => void check(tokenText)}>
            Check token
          </Button>
        )}
      </ModalFooter>
    </Modal>
  );
}
