/**
 * "Import token": the token first (dropped, chosen or pasted, found even inside a whole pasted
 * email), then what it says (the sync, its message, where it claims to come from, what is
 * verified, how long it is valid) above the name field, then Import. Refusals are told apart by
 * their code (import-problem.ts).
 */
import { useEffect, useRef, useState } from 'react';
import { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import { Modal } from '../../shared/host-modal';
import Button from '@atlaskit/button/new';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import SectionMessage from '@atlaskit/section-message';
import Form, { Field, HelperMessage, Label } from '@atlaskit/form';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import type { PersonOption, SyncSummary, TokenPreview as Preview } from '../../../src/contract/resolvers';
import { PageSyncPicker, toPageSync } from './page-sync-picker';
import { callBackend, errorCode, ResolverCallError } from '../../shared/backend';
import { errorMessage } from '../../shared/error-message';
import { TokenDropZone } from './token-drop-zone';
import { TokenPreview } from './token-preview';
import { findToken, type FileReading } from './token-text';
import { IMPORT_PROBLEMS } from './import-problem';
import { useFirstField } from '../../shared/first-field';
import { useShownInView } from '../../shared/error-banner';

interface Values extends Record<string, unknown> {
  name?: string;
  people?: PersonOption[];
}

type Problem = { title?: string; message: string; advice?: string; appearance: 'warning' | 'error' };

function problemOf(error: unknown): Problem {
  const known = IMPORT_PROBLEMS[errorCode(error) ?? 'internal'];
  return { message: errorMessage(error), ...(known ?? { appearance: 'error' as const }) };
}

export function ImportDialog({ onClose, onImported }: { onClose(): void; onImported(sync: SyncSummary, preview: Preview): void }) {
  const [token, setToken] = useState<string | undefined>();
  const [preview, setPreview] = useState<Preview | undefined>();
  const [pasted, setPasted] = useState('');
  const first = useFirstField();
  /** Which way the token being checked came: only that button spins. */
  const [checking, setChecking] = useState<'file' | 'paste' | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  /**
   * The import under way: it completes on the server whatever the dialog does, so the dialog
   * stays until it answers (a Cancel then would close on a sync that was made after all).
   */
  const [importing, setImporting] = useState(false);
  const previewHeading = useRef<HTMLDivElement>(null);
  const pasteField = useRef<HTMLTextAreaElement>(null);
  const problemBox = useRef<HTMLDivElement>(null);
  useShownInView(problemBox, problem && `${problem.title ?? ''} ${problem.message}`);
  /** Where the focus goes once the dialog's body changes: the preview's heading, or back to the paste field. */
  const [focusTo, setFocusTo] = useState<'preview' | 'paste' | undefined>();
  // The element that had the focus (Check token, the file input, Use another token) is replaced as
  // the body changes: without this the focus falls to the first focusable element (the EXT
  // lozenge), or stays on the footer's primary button, now Import, so a second Enter imports a
  // token nobody read.
  useEffect(() => {
    if (!focusTo) return;
    (focusTo === 'preview' ? previewHeading.current : pasteField.current)?.focus();
    setFocusTo(undefined);
  }, [focusTo, preview]);

  const check = async (found: string, from: 'file' | 'paste') => {
    setChecking(from);
    setProblem(undefined);
    try {
      setPreview(await callBackend('previewToken', { token: found }));
      setToken(found);
      setFocusTo('preview');
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setChecking(undefined);
    }
  };
  const fromFile = (reading: FileReading) => {
    if (reading.kind === 'refused') return setProblem({ title: 'That file is not a token', message: reading.reason, appearance: 'error' });
    void check(reading.token, 'file');
  };
  const fromPaste = () => {
    const found = findToken(pasted);
    if (!found) return setProblem({ title: 'No token found', message: 'What you pasted holds no Space Sync token. Paste the token, or the whole email it came in.', appearance: 'error' });
    void check(found, 'paste');
  };
  // A new try: the refusal of the last one (a PNG dropped, no token found) no longer applies.
  const paste = (text: string) => {
    setPasted(text);
    setProblem(undefined);
  };
  const startOver = () => {
    setPreview(undefined);
    setToken(undefined);
    setProblem(undefined);
    setFocusTo('paste');
  };
  const importIt = async (values: Values) => {
    if (!token || !preview) return undefined;
    setProblem(undefined);
    setImporting(true);
    try {
      const sync = await callBackend('importToken', { token, name: values.name ?? preview.syncName, pageSync: toPageSync(values.people ?? []) });
      onImported(sync, preview);
      return undefined;
    } catch (e) {
      if (e instanceof ResolverCallError && e.field === 'name') return { name: e.message };
      setProblem(problemOf(e));
      return undefined;
    } finally {
      setImporting(false);
    }
  };
  // Escape and the header's close button ask the Modal to close: not while the import is under way.
  const close = () => {
    if (!importing) onClose();
  };

  return (
    <Modal onClose={close} autoFocus={first.autoFocus}>
      <Form<Values> onSubmit={importIt}>
        {({ formProps, submitting }) => (
          <form {...formProps}>
            <ModalHeader hasCloseButton>
              <ModalTitle>Import a sync token</ModalTitle>
            </ModalHeader>
            <ModalBody>
              <div ref={first.within}>
                {problem && (
                  <div ref={problemBox} className="ss-problem">
                    <SectionMessage appearance={problem.appearance} title={problem.title}>
                      <p role="alert">{problem.message}</p>
                      {problem.advice && <p>{problem.advice}</p>}
                    </SectionMessage>
                  </div>
                )}
                {preview ? (
                  <Stack space="space.200">
                    <TokenPreview preview={preview} ref={previewHeading} />
                    <Field name="name" label="Name of the sync in this space" isRequired defaultValue={preview.syncName} component={({ fieldProps }) => <Textfield {...fieldProps} />} />
                    <PageSyncPicker />
                  </Stack>
                ) : (
                  <Stack space="space.200">
                    <Text as="p">This space receives the other space’s pages. Give Space Sync the token its admin sent you.</Text>
                    <TokenDropZone onRead={fromFile} busy={checking === 'file'} disabled={checking === 'paste'} />
                    <div>
                      <Label htmlFor="token-paste">Or paste the token</Label>
                      <TextArea ref={pasteField} id="token-paste" aria-describedby="token-paste-help" value={pasted} minimumRows={3} resize="vertical" onChange={(e) => paste(e.currentTarget.value)} />
                      <HelperMessage>
                        <span id="token-paste-help">Line breaks are fine, and so is the whole email the token came in.</span>
                      </HelperMessage>
                    </div>
                  </Stack>
                )}
              </div>
            </ModalBody>
            <ModalFooter>
              {preview && (
                <Button appearance="subtle" onClick={startOver} isDisabled={submitting}>
                  Use another token
                </Button>
              )}
              <Button appearance="subtle" onClick={onClose} isDisabled={submitting}>
                Cancel
              </Button>
              {preview ? (
                <Button appearance="primary" type="submit" isLoading={submitting}>
                  Import
                </Button>
              ) : (
                <Button appearance="primary" onClick={fromPaste} isLoading={checking === 'paste'} isDisabled={!pasted.trim() || checking === 'file'}>
                  Check token
                </Button>
              )}
            </ModalFooter>
          </form>
        )}
      </Form>
    </Modal>
  );
}
