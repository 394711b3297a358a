import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** The benchmark itself is not a timed test; this keeps it runnable (a small space, the same code). */
describe('npm run bench', () => {
  it('runs on small generated spaces, cross-site and same-site, and writes every measure as JSON', async () => {
    const root = join(__dirname, '..', '..');
    const out = join(mkdtempSync(join(tmpdir(), 'bench-')), 'results.json');
    const { stdout } = await promisify(execFile)(join(root, 'node_modules', '.bin', 'tsx'), ['bench/replication-bench.ts'], { cwd: root, env: { ...process.env, BENCH_SIZES: '20,40', BENCH_OUT: out }, timeout: 120_000 });
    for (const heading of ['40 pages, cross-site', '40 pages, same-site', 'First full sync', 'One edit', 'Reconcile, unchanged', 'Largest: queue push', 'Longest invocation', 'Cost per item as the space grows']) expect(stdout).toContain(heading);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.results).toHaveLength(4);
    for (const r of report.results) {
      expect(r.reconcile.destinationWrites).toBe(0);
      expect(r.fullSync.ratio).toBeGreaterThanOrEqual(1);
      // Request counts are deterministic: a new lookup per item would show here (before creating without a title lookup, 1.2).
      expect(r.fullSync.ratio).toBeLessThan(1.1);
      expect(r.edit.eventToCopyMs).toBeGreaterThan(0);
      expect(r.longestInvocations.every((i: { ms: number; timeoutMs: number }) => i.ms < i.timeoutMs)).toBe(true);
    }
    expect(report.scaling.map((s: { pages: number }) => s.pages)).toEqual([20, 40, 20, 40]);
  }, 150_000);
});
