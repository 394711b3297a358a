/**
 * Verify: compares the two spaces item by item and lists every difference with its cause and a
 * Repair button (and Repair all); the latest hourly check, the cheap part of Verify, below it.
 */
import { useCallback, useEffect, useState } from 'react';
import Heading from '@atlaskit/heading';
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import type { ScheduledCheckView, SyncSummary, VerifyDifferenceView, VerifyReportView } from '../../../src/contract/resolvers';
import { callBackend } from '../../shared/backend';
import { useRefreshWhile } from '../../shared/use-refresh-while';
import { errorMessage } from '../../shared/error-message';
import { relativeTime } from '../../shared/relative-time';

/** While a run is under way, the panel reloads this long after each answer. */
const REFRESH_MS = 2000;

type Appearance = 'success' | 'removed' | 'moved' | 'new' | 'default' | 'inprogress';

const DIFFERENCE: Record<string, { text: string; appearance: Appearance }> = {
  missing: { text: 'Not copied', appearance: 'removed' },
  'copy-deleted': { text: 'Copy deleted', appearance: 'removed' },
  'copy-trashed': { text: 'Copy in the trash', appearance: 'removed' },
  'copy-archived': { text: 'Copy archived', appearance: 'moved' },
  ahead: { text: 'Edited at the copy', appearance: 'new' },
  behind: { text: 'Behind', appearance: 'moved' },
  title: { text: 'Title differs', appearance: 'moved' },
  place: { text: 'Elsewhere in the tree', appearance: 'moved' },
  labels: { text: 'Labels missing', appearance: 'moved' },
  'comment-missing': { text: 'Comment missing', appearance: 'moved' },
  'file-missing': { text: 'File missing', appearance: 'moved' },
  orphan: { text: 'Original gone', appearance: 'default' },
  unreadable: { text: 'Cannot read', appearance: 'removed' },
};

const STATE: Record<NonNullable<VerifyReportView['state']>, { text: string; appearance: Appearance }> = {
  requested: { text: 'Asked of the other space', appearance: 'inprogress' },
  queued: { text: 'Queued', appearance: 'inprogress' },
  running: { text: 'Verifying', appearance: 'inprogress' },
  complete: { text: 'Complete', appearance: 'success' },
  failed: { text: 'Failed', appearance: 'removed' },
};

const itemsText = (n: number) => (n === 1 ? '1 item' : `${n} items`);

const underWay = (r?: VerifyReportView) => r?.state === 'requested' || r?.state === 'queued' || r?.state === 'running';

export function VerifyPanel({ sync }: { sync: SyncSummary }) {
  const [report, setReport] = useState<VerifyReportView | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const load = useCallback(
    () =>
      callBackend('verifyReport', { syncId: sync.id })
        .then((r) => {
          setReport(r);
          setError(undefined);
        })
        .catch((e: unknown) => setError(errorMessage(e))),
    [sync.id],
  );
  useEffect(() => void load(), [load]);
  const running = underWay(report);
  useRefreshWhile(running, load, REFRESH_MS);

  const act = (work: () => Promise<unknown>, done: (result: unknown) => string) =>
    work()
      .then((result) => setNotice(done(result)))
      .then(load)
      .catch((e: unknown) => setError(errorMessage(e)));
  const start = () =>
    act(
      () => callBackend('startVerify', { syncId: sync.id }).then(setReport),
      () => (sync.role === 'source' ? 'Verify started: every item is compared with its copy.' : 'Verify asked of the other space: it compares every item with its copy here.'),
    );
  const repair = (d: VerifyDifferenceView) => act(() => callBackend('repairDifference', { syncId: sync.id, sourceId: d.sourceId }), (r) => ((r as { queued: number }).queued ? `“${d.title || d.sourceId}”: repair queued. Run Verify again to check.` : `“${d.title || d.sourceId}” was queued for repair moments ago.`));
  const repairAll = () => act(() => callBackend('repairAllDifferences', { syncId: sync.id }), (r) => `${itemsText((r as { queued: number }).queued)} queued for repair. Run Verify again to check.`);
  const repairable = report?.differences.some((d) => d.repair && !d.repairQueuedAt) ?? false;

  return (
    <section aria-label="Verify" style={{ marginTop: token('space.300') }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <Heading size="small" as="h3">
          Verify
        </Heading>
        <div style={{ display: 'flex', gap: token('space.100') }}>
          {repairable && <Button onClick={repairAll}>Repair all</Button>}
          <Button appearance="primary" isDisabled={running || sync.state !== 'active'} onClick={start}>
            Verify
          </Button>
        </div>
      </div>
      <p>Compares the two spaces item by item: the page tree, titles, bodies, labels, comments and files.</p>
      {error && (
        <SectionMessage appearance="error" title="Something needs your attention">
          <p>{error}</p>
        </SectionMessage>
      )}
      {notice && (
        <SectionMessage appearance="success">
          <p>{notice}</p>
        </SectionMessage>
      )}
      {!report && !error && <Spinner label="Loading the verify report" />}
      {report && <Report report={report} onRepair={repair} />}
      {report?.scheduled && <Hourly check={report.scheduled} role={sync.role} onRepair={repair} />}
    </section>
  );
}

function Report({ report, onRepair }: { report: VerifyReportView; onRepair(d: VerifyDifferenceView): void }) {
  if (!report.state) return <p>Not run yet.</p>;
  const state = STATE[report.state];
  const of = report.total !== undefined ? ` of ${report.total}` : '';
  const when = report.finishedAt ? `finished ${relativeTime(report.finishedAt)}` : report.startedAt ? `started ${relativeTime(report.startedAt)}` : '';
  return (
    <>
      <p>
        <Lozenge appearance={state.appearance}>{state.text}</Lozenge> Checked {report.checked}
        {of} items{when ? `, ${when}` : ''}
        {report.by ? ` by ${report.by}` : ''}.
      </p>
      {underWay(report) && <Spinner label="Verifying" size="small" />}
      {report.state === 'failed' && (
        <SectionMessage appearance="error" title="Verify stopped">
          <p>{report.reason ?? 'The run stopped before it was done.'}</p>
        </SectionMessage>
      )}
      {report.state === 'complete' && report.differences.length === 0 && report.more === 0 && (
        <SectionMessage appearance="success" title="The two spaces match">
          <p>Every item and its copy agree: tree, titles, bodies, labels, comments and files.</p>
        </SectionMessage>
      )}
      {report.differences.length > 0 && <Differences caption="Differences" rows={report.differences} onRepair={onRepair} />}
      {report.more > 0 && <p>And {report.more} more differences not listed here: repair these, then run Verify again.</p>}
    </>
  );
}

function Differences({ caption, rows, onRepair }: { caption: string; rows: VerifyDifferenceView[]; onRepair(d: VerifyDifferenceView): void }) {
  return (
    <DynamicTable
      caption={caption}
      head={{ cells: [{ key: 'item', content: 'Item' }, { key: 'difference', content: 'Difference' }, { key: 'cause', content: 'Cause' }, { key: 'repair', content: '' }] }}
      rows={rows.map((d) => {
        const kind = DIFFERENCE[d.code] ?? { text: d.code, appearance: 'default' as const };
        return {
          key: `${d.sourceId}-${d.code}`,
          cells: [
            { key: 'item', content: d.title || `Page ${d.sourceId}` },
            { key: 'difference', content: <Lozenge appearance={kind.appearance}>{kind.text}</Lozenge> },
            { key: 'cause', content: d.cause },
            { key: 'repair', content: d.repair ? <RepairButton d={d} onRepair={onRepair} /> : '' },
          ],
        };
      })}
    />
  );
}

function RepairButton({ d, onRepair }: { d: VerifyDifferenceView; onRepair(d: VerifyDifferenceView): void }) {
  if (d.repairQueuedAt) return <span>Repair queued {relativeTime(d.repairQueuedAt)}</span>;
  const label = d.repair === 'trash' ? 'Move copy to trash' : 'Repair';
  return (
    <Button aria-label={`${label}: ${d.title || d.sourceId}`} onClick={() => onRepair(d)}>
      {label}
    </Button>
  );
}

/** The hourly check: what the reconcile compared without reading any item. */
function Hourly({ check, role, onRepair }: { check: ScheduledCheckView; role: SyncSummary['role']; onRepair(d: VerifyDifferenceView): void }) {
  const facts =
    role === 'source'
      ? [`${check.queued ?? 0} queued to be sent if changed`, `${check.ahead ?? 0} edited at the copy`, `${check.unreadable ?? 0} Space Sync cannot read`]
      : [`${check.differences.length + check.more} copies edited here since Space Sync wrote them`];
  return (
    <div style={{ marginTop: token('space.200') }}>
      <p>
        <strong>Hourly check</strong> ({relativeTime(check.at)}, {check.checked} items compared without reading them): {facts.join(' · ')}.
      </p>
      {check.differences.length > 0 && <Differences caption="Found by the hourly check" rows={check.differences.map((d) => ({ ...d, repair: undefined }))} onRepair={onRepair} />}
    </div>
  );
}
