/**
 * Verify: compares the two spaces item by item and lists every difference with its cause and a
 * Repair button (and Repair all); the latest hourly check, the cheap part of Verify, below it.
 * Each action shows a spinner while it runs and a flag for what came of it; the tables fold into
 * two columns on a narrow frame.
 */
import { useCallback, useEffect, useState } from 'react';
import Heading from '@atlaskit/heading';
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import type { ScheduledCheckView, SyncSummary, VerifyDifferenceView, VerifyReportView } from '../../../src/contract/resolvers';
import type { DifferenceCode } from '../../../src/domain/verify-rules';
import { callBackend } from '../../shared/backend';
import { useRefreshWhile } from '../../shared/use-refresh-while';
import { errorMessage } from '../../shared/error-message';
import { relativeTime } from '../../shared/relative-time';
import { ErrorBanner } from '../../shared/error-banner';
import { useOutcomeFlags } from '../../shared/outcome-flags';
import { useNarrow } from '../../shared/use-narrow';

/** While a run is under way, the panel reloads this long after each answer. */
const REFRESH_MS = 2000;

type Appearance = 'success' | 'removed' | 'moved' | 'new' | 'default' | 'inprogress';

/** One word per code the server sends: a code without one fails the typecheck. */
const DIFFERENCE: Record<DifferenceCode, { text: string; appearance: Appearance }> = {
  missing: { text: 'Not copied', appearance: 'removed' },
  'copy-deleted': { text: 'Copy deleted', appearance: 'removed' },
  'copy-trashed': { text: 'Copy in the trash', appearance: 'removed' },
  'copy-archived': { text: 'Copy archived', appearance: 'moved' },
  ahead: { text: 'Edited', appearance: 'new' },
  behind: { text: 'Behind', appearance: 'moved' },
  title: { text: 'Title differs', appearance: 'moved' },
  place: { text: 'Elsewhere in the tree', appearance: 'moved' },
  labels: { text: 'Labels missing', appearance: 'moved' },
  'comment-missing': { text: 'Comment missing', appearance: 'moved' },
  'comment-changed': { text: 'Comment edited', appearance: 'new' },
  'file-missing': { text: 'File missing', appearance: 'moved' },
  'file-changed': { text: 'File replaced', appearance: 'new' },
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
  const [starting, setStarting] = useState(false);
  const [repairingAll, setRepairingAll] = useState(false);
  const flags = useOutcomeFlags();
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

  const start = async () => {
    setStarting(true);
    try {
      setReport(await callBackend('startVerify', { syncId: sync.id }));
      flags.success(
        'Verify started',
        sync.role === 'source' ? 'Every item is compared with its copy; the report fills in as it runs.' : 'The other space compares every item with its copy here; the report fills in as it runs.',
      );
    } catch (e) {
      flags.failure('Verify did not start', e);
    } finally {
      setStarting(false);
    }
  };
  const repair = async (d: VerifyDifferenceView) => {
    const name = `“${d.title || d.sourceId}”`;
    try {
      const { queued } = await callBackend('repairDifference', { syncId: sync.id, sourceId: d.sourceId });
      if (queued) flags.success(`${name}: repair queued`, 'Run Verify again to check.');
      else flags.success(`${name} was queued for repair moments ago`);
      await load();
    } catch (e) {
      flags.failure(`${name} could not be repaired`, e);
    }
  };
  const repairAll = async () => {
    setRepairingAll(true);
    try {
      const { queued } = await callBackend('repairAllDifferences', { syncId: sync.id });
      flags.success(`${itemsText(queued)} queued for repair`, 'Run Verify again to check.');
      await load();
    } catch (e) {
      flags.failure('Repair all did not work', e);
    } finally {
      setRepairingAll(false);
    }
  };
  const repairable = report?.differences.some((d) => d.repair && !d.repairQueuedAt) ?? false;
  // The server says whether Verify may run now, and why not (sync-rules.ts).
  const offered = sync.actions.includes('verify');

  return (
    <section aria-labelledby="verify-heading">
      <Stack space="space.100">
        <Inline space="space.100" spread="space-between" alignBlock="center" shouldWrap>
          <Heading size="small" as="h3" id="verify-heading">
            Verify
          </Heading>
          <Inline space="space.100" shouldWrap>
            {repairable && (
              <Button isLoading={repairingAll} onClick={() => void repairAll()}>
                Repair all
              </Button>
            )}
            <Button appearance="primary" isLoading={starting} isDisabled={running || !offered} aria-describedby={offered ? undefined : 'verify-not-offered'} onClick={() => void start()}>
              Verify
            </Button>
          </Inline>
        </Inline>
        <Text as="p">Compares the two spaces item by item: the page tree, titles, bodies, labels, comments and files.</Text>
        {!offered && (
          <Text as="p" id="verify-not-offered" color="color.text.subtle">
            {sync.notOffered.verify}
          </Text>
        )}
        <ErrorBanner message={error} title="The verify report could not load" />
        {!report && !error && <Spinner label="Loading the verify report" />}
        {report && <Report report={report} role={sync.role} onRepair={repair} />}
        {report?.scheduled && <Hourly check={report.scheduled} role={sync.role} onRepair={repair} />}
      </Stack>
    </section>
  );
}

function Report({ report, role, onRepair }: { report: VerifyReportView; role: SyncSummary['role']; onRepair(d: VerifyDifferenceView): Promise<void> }) {
  // The hourly check is named "below" only when it is shown there (it has run at least once).
  const hourly = report.scheduled ? 'the hourly check below reads no item and runs by itself' : 'an hourly check that reads no item runs by itself, and shows here once it has run';
  if (!report.state) return <Text as="p">{`Not run yet. Verify takes a while on a large space; ${hourly}.`}</Text>;
  const state = STATE[report.state];
  const of = report.total !== undefined ? ` of ${report.total}` : '';
  const when = report.finishedAt ? `finished ${relativeTime(report.finishedAt)}` : report.startedAt ? `started ${relativeTime(report.startedAt)}` : '';
  return (
    <Stack space="space.100">
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <Lozenge appearance={state.appearance}>{state.text}</Lozenge>
        <Text>
          Checked {report.checked}
          {of} items{when ? `, ${when}` : ''}
          {report.by ? ` by ${report.by}` : ''}.
        </Text>
        {underWay(report) && <Spinner label="Verifying" size="small" />}
      </Inline>
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
      {report.differences.length > 0 && <Differences label="Differences" rows={report.differences} role={role} onRepair={onRepair} />}
      {report.more > 0 && <Text as="p">And {report.more} more differences not listed here: repair these, then run Verify again.</Text>}
    </Stack>
  );
}

const differenceOf = (d: VerifyDifferenceView, role: SyncSummary['role']) => {
  const kind = (DIFFERENCE as Record<string, { text: string; appearance: Appearance } | undefined>)[d.code] ?? { text: d.code, appearance: 'default' as const };
  if (d.code === 'ahead') return { ...kind, text: role === 'source' ? 'Edited at the copy' : 'Edited here' };
  return kind;
};

function Differences({ label, rows, role, onRepair }: { label: string; rows: VerifyDifferenceView[]; role: SyncSummary['role']; onRepair(d: VerifyDifferenceView): Promise<void> }) {
  const narrow = useNarrow();
  const item = (d: VerifyDifferenceView) => d.title || `Item ${d.sourceId}`;
  const lozenge = (d: VerifyDifferenceView) => {
    const kind = differenceOf(d, role);
    return <Lozenge appearance={kind.appearance}>{kind.text}</Lozenge>;
  };
  const action = (d: VerifyDifferenceView) => (d.repair ? <RepairButton d={d} onRepair={onRepair} /> : '');
  if (narrow) {
    return (
      <DynamicTable
        label={label}
        head={{ cells: [{ key: 'item', content: 'Item' }, { key: 'repair', content: 'Repair', width: 35 }] }}
        rows={rows.map((d) => ({
          key: `${d.sourceId}-${d.code}`,
          cells: [
            {
              key: 'item',
              content: (
                <Stack space="space.050">
                  <Text weight="semibold">{item(d)}</Text>
                  {lozenge(d)}
                  <Text size="small">{d.cause}</Text>
                </Stack>
              ),
            },
            { key: 'repair', content: action(d) },
          ],
        }))}
      />
    );
  }
  return (
    <DynamicTable
      label={label}
      head={{ cells: [{ key: 'item', content: 'Item' }, { key: 'difference', content: 'Difference' }, { key: 'cause', content: 'Cause' }, { key: 'repair', content: 'Repair' }] }}
      rows={rows.map((d) => ({
        key: `${d.sourceId}-${d.code}`,
        cells: [
          { key: 'item', content: item(d) },
          { key: 'difference', content: lozenge(d) },
          { key: 'cause', content: d.cause },
          { key: 'repair', content: action(d) },
        ],
      }))}
    />
  );
}

function RepairButton({ d, onRepair }: { d: VerifyDifferenceView; onRepair(d: VerifyDifferenceView): Promise<void> }) {
  const [busy, setBusy] = useState(false);
  if (d.repairQueuedAt) return <Text size="small">Repair queued {relativeTime(d.repairQueuedAt)}</Text>;
  const label = d.repair === 'trash' ? 'Move copy to trash' : 'Repair';
  return (
    <Button
      aria-label={`${label}: ${d.title || d.sourceId}`}
      isLoading={busy}
      onClick={() => {
        setBusy(true);
        void onRepair(d).finally(() => setBusy(false));
      }}
    >
      {label}
    </Button>
  );
}

/** The hourly check: what the reconcile compared without reading any item. */
function Hourly({ check, role, onRepair }: { check: ScheduledCheckView; role: SyncSummary['role']; onRepair(d: VerifyDifferenceView): Promise<void> }) {
  const facts =
    role === 'source'
      ? [`${check.queued ?? 0} queued to be sent if changed`, `${check.ahead ?? 0} edited at the copy`, `${check.unreadable ?? 0} Space Sync cannot read`]
      : [`${check.differences.length + check.more} copies edited here since Space Sync wrote them`];
  return (
    <Stack space="space.100">
      <Heading size="xsmall" as="h4">
        Hourly check
      </Heading>
      <Text as="p">
        {relativeTime(check.at)}, {check.checked} items compared without reading them: {facts.join(' · ')}.
      </Text>
      {check.differences.length > 0 && <Differences label="Found by the hourly check" rows={check.differences.map((d) => ({ ...d, repair: undefined }))} role={role} onRepair={onRepair} />}
    </Stack>
  );
}
