/** A Verify report as a space admin sees it: each difference in this side's words, with what Repair does. */
import type { Sync } from '../domain/sync';
import { causeOf, type VerifyReport } from '../domain/verify-report';
import { repairOf } from '../domain/verify-rules';
import type { VerifyReportView } from '../contract/resolvers';

export function verifyView(sync: Sync, report: VerifyReport | undefined, names: Map<string, string>): VerifyReportView {
  if (!report) return { syncId: sync.id, checked: 0, differences: [], more: 0 };
  const by = report.by ? (names.get(report.by) ?? 'someone') : undefined;
  return {
    syncId: sync.id,
    state: report.state,
    startedAt: report.startedAt,
    ...(report.finishedAt ? { finishedAt: report.finishedAt } : {}),
    ...(by ? { by } : {}),
    checked: report.checked,
    ...(report.total !== undefined ? { total: report.total } : {}),
    differences: report.differences.map((d) => {
      const repair = repairOf(d, sync.role);
      return { sourceId: d.sourceId, kind: d.kind, title: d.title, code: d.code, cause: causeOf(d, sync.role), ...(repair ? { repair } : {}), ...(d.repairQueuedAt ? { repairQueuedAt: d.repairQueuedAt } : {}) };
    }),
    more: report.more,
    ...(report.reason ? { reason: report.reason } : {}),
  };
}
