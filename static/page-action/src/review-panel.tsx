/**
 * On a copy: "A newer version is waiting". The copy as it is now beside the version of the
 * original that waits (text, line by line, changes marked in words as well as colour), and the
 * two answers. Only for the people the sync lets answer: the server says who, and checks again.
 */
import { useEffect, useState } from 'react';
import Heading from '@atlaskit/heading';
import Button from '@atlaskit/button/new';
import Spinner from '@atlaskit/spinner';
import VisuallyHidden from '@atlaskit/visually-hidden';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import type { DiffRowView, PageSyncState, ReviewDifferenceView } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { errorMessage } from '../../shared/error-message';
import { relativeTime } from '../../shared/relative-time';

interface Props {
  syncId: string;
  review: NonNullable<PageSyncState['review']>;
  /** The answer went through: the card reloads the page's state. */
  onAnswered(outcome: { answer: 'take' | 'keep'; peerNotified: boolean }): void;
  onError(error: unknown): void;
}

function Cell({ text, mark }: { text?: string; mark?: 'removed' | 'added' }) {
  if (text === undefined) return <td className="ss-diff-empty"><VisuallyHidden>Nothing here</VisuallyHidden></td>;
  if (mark === 'removed') return <td className="ss-diff-old"><del><VisuallyHidden>Only in your copy: </VisuallyHidden>{text}</del></td>;
  if (mark === 'added') return <td className="ss-diff-new"><ins><VisuallyHidden>Only in the new version: </VisuallyHidden>{text}</ins></td>;
  return <td>{text}</td>;
}

function Row({ row }: { row: DiffRowView }) {
  switch (row.kind) {
    case 'skipped':
      return (
        <tr>
          <td colSpan={2} className="ss-diff-skipped">{row.count === 1 ? '1 unchanged line' : `${row.count} unchanged lines`}</td>
        </tr>
      );
    case 'same':
      return <tr><Cell text={row.left} /><Cell text={row.right} /></tr>;
    case 'changed':
      return <tr><Cell text={row.left} mark="removed" /><Cell text={row.right} mark="added" /></tr>;
    case 'removed':
      return <tr><Cell text={row.left} mark="removed" /><Cell /></tr>;
    case 'added':
      return <tr><Cell /><Cell text={row.right} mark="added" /></tr>;
  }
}

function DiffTable({ diff }: { diff: ReviewDifferenceView }) {
  const titled = diff.copy.title !== diff.waiting.title;
  return (
    <div className="ss-diff-frame">
      <table className="ss-diff">
        <caption>
          Your copy (version {diff.copy.version}) beside the waiting version ({diff.waiting.version} of the original): {diff.changes === 1 ? '1 line differs' : `${diff.changes} lines differ`}
          {titled ? ', and the title' : ''}.
        </caption>
        <thead>
          <tr>
            <th scope="col">Your copy now</th>
            <th scope="col">The new version</th>
          </tr>
        </thead>
        <tbody>
          {titled && (
            <tr>
              <Cell text={`Title: ${diff.copy.title}`} mark="removed" />
              <Cell text={`Title: ${diff.waiting.title}`} mark="added" />
            </tr>
          )}
          {diff.rows.map((row, i) => (
            <Row key={i} row={row} />
          ))}
        </tbody>
      </table>
      {diff.truncated && <Text as="p" size="small">The page is long: only its first 1,500 lines are compared here.</Text>}
    </div>
  );
}

export function ReviewPanel({ syncId, review, onAnswered, onError }: Props) {
  const [diff, setDiff] = useState<ReviewDifferenceView | undefined>();
  const [failed, setFailed] = useState<string | undefined>();
  const [busy, setBusy] = useState<'take' | 'keep' | undefined>();
  const headingId = `review-${syncId}`;
  useEffect(() => {
    if (review.answer.offered) callBackend('reviewDifference', { syncId }).then(setDiff, (e) => setFailed(errorMessage(e)));
  }, [syncId, review.generation, review.answer.offered]);
  const answer = (kind: 'take' | 'keep') => {
    setBusy(kind);
    callBackend('answerReview', { syncId, generation: review.generation, answer: kind })
      .then(({ peerNotified }) => onAnswered({ answer: kind, peerNotified }))
      .catch(onError)
      .finally(() => setBusy(undefined));
  };
  return (
    <section className="ss-review" aria-labelledby={headingId} data-testid={`review-${syncId}`}>
      <Stack space="space.100">
        <Heading size="xsmall" as="h3" id={headingId}>
          A newer version is waiting
        </Heading>
        <Text as="p">
          Version {review.waitingVersion} of the original arrived {relativeTime(review.since)}. Your copy was edited here, so the new version waits until you take it or keep your edits.
        </Text>
        {!review.answer.offered ? (
          <Text as="p" size="small" color="color.text.subtle">
            {review.answer.message}
          </Text>
        ) : (
          <>
            {failed && <Text as="p">{failed}</Text>}
            {!diff && !failed && <Spinner label="Comparing the two versions" />}
            {diff && <DiffTable diff={diff} />}
            <Inline space="space.100" shouldWrap>
              <Button appearance="primary" isLoading={busy === 'take'} isDisabled={busy !== undefined} onClick={() => answer('take')}>
                Take the new version
              </Button>
              <Button isLoading={busy === 'keep'} isDisabled={busy !== undefined} onClick={() => answer('keep')}>
                Keep my edits
              </Button>
            </Inline>
          </>
        )}
      </Stack>
    </section>
  );
}
