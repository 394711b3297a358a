/** A Verify report as a space admin sees it: each difference in this side's words, with what Repair does. */
import type { Sync } from '../domain/sync';
import { causeOf, type ItemDifference, type ScheduledCheck, type VerifyReport } from '../domain/verify-report';
import { repairOf } from '../domain/verify-rules';
import type { ScheduledCheckView, VerifyDifferenceView, VerifyReportView } from '../contract/resolvers';

function differenceView(sync: Sync, d: ItemDifference): VerifyDifferenceView {
  const repair = repairOf(d, sync.role);
  return { sourceId: d.sourceId, kind: d.kind, title: d.title, code: d.code, cause: causeOf(d, sync.role), ...(repair ? { repair } : {}), ...(d.repairQueuedAt ? { repairQueuedAt: d.repairQueuedAt } : {}) };
}

function scheduledView(sync: Sync, check: ScheduledCheck): ScheduledCheckView {
  const counts = { ...(check.queued !== undefined ? { queued: check.queued } : {}), ...(check.ahead !== undefined ? { ahead: check.ahead } : {}), ...(check.unreadable !== undefined ? { unreadable: check.unreadable } : {}) };
  return { at: check.at, checked: check.checked, differences: check.differences.map((d) => differenceView(sync, d)), more: check.more, ...counts };
}

export function verifyView(sync: Sync, report: VerifyReport | undefined, names: Map<string, string>, scheduled?: ScheduledCheck): VerifyReportView {
  const hourly = scheduled ? { scheduled: scheduledView(sync, scheduled) } : {};
  if (!report) return { syncId: sync.id, checked: 0, differences: [], more: 0, ...hourly };
  const by = report.by ? (names.get(report.by) ?? 'someone') : undefined;
  return {
    syncId: sync.id,
    state: report.state,
    startedAt: report.startedAt,
    ...(report.finishedAt ? { finishedAt: report.finishedAt } : {}),
    ...(by ? { by } : {}),
    checked: report.checked,
    ...(report.total !== undefined ? { total: report.total } : {}),
    differences: report.differences.map((d) => differenceView(sync, d)),
    more: report.more,
    ...(report.reason ? { reason: report.reason } : {}),
    ...hourly,
  };
}
