/** The other space: what it claimed, and what was verified (its key and inbox host), to compare with its admin. */
import { Stack, Text } from '@atlaskit/primitives/compiled';
import type { SyncSummary } from '../../../src/contract/resolvers';
import { ExternalBadge } from '../../shared/external-badge';
import { peerText } from './sync-words';

export function SyncPeer({ sync }: { sync: SyncSummary }) {
  if (!sync.peer) {
    return (
      <Stack space="space.050">
        <Text>{sync.state === 'unpaired' ? 'No longer paired' : 'Not paired yet'}</Text>
        {sync.role === 'source' && sync.own && (
          <Text size="small" color="color.text.subtle">
            <span className="ss-wrap">
              Your key fingerprint: <code>{sync.own.keyFingerprint}</code>
            </span>
          </Text>
        )}
      </Stack>
    );
  }
  return (
    <Stack space="space.050">
      <Text>
        <span className="ss-wrap">{peerText(sync.peer)}</span>
        {sync.peer.external && <ExternalBadge side={sync.role} />}
      </Text>
      <Text size="small" color="color.text.subtle" testId="peer-verified">
        <span className="ss-wrap">
          Key <code>{sync.peer.keyFingerprint}</code> · inbox {sync.peer.inboxHost}
        </span>
      </Text>
      {sync.peerProblem && (
        <Text size="small" color="color.text.danger">
          <span role="alert">{sync.peerProblem}</span>
        </Text>
      )}
    </Stack>
  );
}
