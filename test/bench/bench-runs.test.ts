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
    const { stdout } = await promisify(execFile)(join(root, 'node_modules', '.bin', 'tsx'), ['bench/replication-bench.ts'], { cwd: root, env: { ...process.env, BENCH_SIZES: '20,40', BENCH_OUT: out, BENCH_LATENCY_MS: '1-2', BENCH_KVS_LATENCY_MS: '0', BENCH_WEBTRIGGER_LATENCY_MS: '1' }, timeout: 120_000 });
    for (const heading of ['Latency: REST 1-2 ms, KVS none, web triggers 1 ms', '40 pages, cross-site', '40 pages, same-site', 'First full sync', 'points per page', 'Tier 1 (65,000 points/hour', 'One edit', 'Reconcile, unchanged', 'Storage at most (limits 4,000, 4,000 and 1,000)', 'Largest: queue push', 'Longest invocation', 'Cost per item as the space grows']) expect(stdout).toContain(heading);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.results).toHaveLength(4);
    expect(report.latencyMs).toEqual({ rest: { min: 1, max: 2 }, kvs: null, webTrigger: { min: 1, max: 1 }, seed: 1 });
    for (const r of report.results) {
      expect(r.latencyMs).toEqual(report.latencyMs);
      expect(r.reconcile.destinationWrites).toBe(0);
      // The minimum is the cheapest plan the API documents allow: nothing can do better.
      expect(r.fullSync.ratio).toBeGreaterThanOrEqual(1);
      // Request counts are deterministic: reading per page again would show here (1.14 at 20 pages with bulk reads; per page, 2.3).
      expect(r.fullSync.ratio).toBeLessThan(1.3);
      // An unchanged reconcile reads no listing of the whole space: a few requests, whatever its size.
      // The newest row of the site's footer-comment, inline-comment and attachment listings (3).
      // And the label check: the space's labels (two listings at most) and one count per label. On
      // one site the meter also counts the destination's hourly check (its page and blog post
      // listings), and the site's listings hold the copies' comments and files the full sync just
      // wrote, so each is read one page further (3 more) before the rows are older than the run.
      // And the parts census: one CQL count of the space's comments, one of its attachments (2).
      expect(r.reconcile.source.requests).toBeLessThanOrEqual(4 + 3 + 2 + r.shape.distinctLabels + 2 + (r.mode === 'same-site' ? 2 + 3 : 0));
      for (const phase of [r.fullSync, r.edit, r.reconcile]) for (const key of ['items', 'source', 'destination']) expect(phase).toHaveProperty(key);
      expect(r.fullSync.itemsPerSecond).toBeGreaterThan(0);
      expect(r.fullSync.pagesPerSecond).toBe(r.fullSync.itemsPerSecond);
      expect(r.fullSync.pointsPerItem.source).toBeCloseTo(r.fullSync.source.points / r.fullSync.items, 1);
      expect(Math.abs(r.fullSync.budget.tier1PagesPerHour - 65_000 / ((r.fullSync.source.points + r.fullSync.destination.points) / r.fullSync.items))).toBeLessThanOrEqual(1);
      expect(r.edit.eventToCopyMs).toBeGreaterThan(0);
      expect(r.longestInvocations.every((i: { ms: number; timeoutMs: number }) => i.ms < i.timeoutMs)).toBe(true);
    }
    expect(report.scaling.map((s: { pages: number }) => s.pages)).toEqual([20, 40, 20, 40]);
  }, 150_000);
});
