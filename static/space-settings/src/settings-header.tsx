/**
 * The page's heading, what Space Sync does in a sentence, and its two ways in: Create new sync
 * (send this space) and Import token (receive one). For someone who may not manage syncs here
 * both stay disabled, with the sentence why, before any form is filled.
 */
import Heading from '@atlaskit/heading';
import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';

export type Access = { state: 'loading' } | { state: 'admin' } | { state: 'refused'; message: string } | { state: 'failed'; message: string };

export function SettingsHeader({ access, onCreate, onImport }: { access: Access; onCreate(): void; onImport(): void }) {
  const disabled = access.state !== 'admin';
  return (
    <Stack space="space.200">
      <Inline space="space.200" spread="space-between" alignBlock="center" shouldWrap>
        <Heading size="large" as="h1">
          Space Sync
        </Heading>
        <Inline space="space.100" shouldWrap>
          <Button onClick={onImport} isDisabled={disabled}>
            Import token
          </Button>
          <Button appearance="primary" onClick={onCreate} isDisabled={disabled}>
            Create new sync
          </Button>
        </Inline>
      </Inline>
      <Text as="p">
        Keeps another Confluence space in step with this one, on this site or another. Create a sync to send this space, then hand its token to the other
        space’s admin; or import a token you received to receive a space here.
      </Text>
      {access.state === 'refused' && (
        <SectionMessage appearance="information" title="You are not an admin of this space">
          <p>{access.message}</p>
          <p>Create new sync and Import token stay disabled for you. Ask an admin of this space if a sync should be set up.</p>
        </SectionMessage>
      )}
    </Stack>
  );
}
