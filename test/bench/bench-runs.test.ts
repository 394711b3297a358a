import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** The benchmark itself is not a timed test; this keeps it runnable (small space, same code). */
describe('npm run bench', () => {
  it('runs on a small generated space and prints every measure', async () => {
    const root = join(__dirname, '..', '..');
    const { stdout } = await promisify(execFile)(join(root, 'node_modules', '.bin', 'tsx'), ['bench/replication-bench.ts'], { cwd: root, env: { ...process.env, BENCH_PAGES: '40' }, timeout: 120_000 });
    expect(stdout).toContain('Generated 40 pages');
    for (const phase of ['First full sync: 40 item(s)', 'One edit: 1 item(s)', 'Reconcile, unchanged space: 40 item(s)', 'queue push', 'KVS write', 'peer message']) expect(stdout).toContain(phase);
    // The reconcile of an unchanged space writes nothing at the destination.
    expect(stdout).toMatch(/Reconcile, unchanged space[^\n]*\n[^\n]*\n\s+destination\s+requests\s+0 /);
  }, 150_000);
});
