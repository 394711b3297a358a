/**
 * The fault-injection suite (`npm run test:faults`, and part of `npm test`). Each case pairs a
 * generated space, injects a fault while people edit, lets the system recover (queues, then the
 * scheduled reconcile), and compares the two spaces item by item: nothing lost, nothing doubled.
 * The report (faults, items affected, lost, doubled, time to converge) is printed and saved to
 * test-artifacts/fault-report.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulatedSites, type EmulatedSite } from '../support/emulated-sites';
import { pair, spaceView, type ItemView } from '../support/replication';
import { ARTIFACTS_DIR } from '../support/browser';
import { generateSpace } from '../../sandbox/confluence/seed';
import type { Content } from '../../sandbox/confluence/model';
import type { ForgeHostOptions } from '../../sandbox/forge-host/forge-host';

type Env = Awaited<ReturnType<typeof startEmulatedSites>>;

interface CaseReport {
  case: string;
  faults: number;
  affected: number;
  lost: number;
  doubled: number;
  convergeMs: number;
}

const report: CaseReport[] = [];
/** Recovery rounds: the queues drain, then the scheduled reconcile picks up what gave up. */
const ROUNDS = 4;

interface Workload {
  env: Env;
  spaceId: string;
  /** People's edits during the fault: edits, a new page, comments, a file, a trash. Returns how many items they touched. */
  edit(): number;
}

async function workload(hostOptions: Partial<ForgeHostOptions> = {}): Promise<Workload> {
  const env = await startEmulatedSites(hostOptions);
  const generated = generateSpace(env.source.site, 'FLT', 40);
  const site = env.source.site;
  site.grant(site.spaces.get(generated.spaceId)!, env.source.admin, ['read', 'write', 'administer']);
  await pair(env.host, { site: env.source, spaceId: generated.spaceId }, { site: env.dest });
  const as = { kind: 'user' as const, accountId: env.source.admin };
  const pages = () => [...site.contents.values()].filter((c) => c.type === 'page' && c.spaceId === generated.spaceId && c.status === 'current' && c.title.startsWith('FLT page'));
  return {
    env,
    spaceId: generated.spaceId,
    edit() {
      const list = pages();
      const touched: Content[] = list.slice(3, 9);
      for (const page of touched) site.updatePage(as, page.id, { type: 'page', title: page.title, body: `${page.body}<p>Edited under fault.</p>`, status: 'current', version: page.version.number + 1 });
      site.createComment(as, { containerId: list[10].id, body: '<p>A comment under fault.</p>' });
      site.upload(as, list[11].id, { name: 'under-fault.txt', mediaType: 'text/plain', data: Buffer.from('bytes'), comment: '', minorEdit: true }, 'createOrUpdate');
      site.createPage(as, { type: 'page', spaceId: generated.spaceId, title: 'New under fault', body: '<p>New.</p>', parentId: list[0].id });
      site.trash(as, list[12].id, ['page']);
      return touched.length + 4;
    },
  };
}

/** Items of the source missing or different in the copy, and copies (or comments, files) beyond the source's. */
function compare(source: Record<string, ItemView>, copy: Record<string, ItemView>): { lost: number; doubled: number } {
  let lost = 0;
  let doubled = 0;
  for (const [key, item] of Object.entries(source)) {
    const copied = copy[key];
    if (!copied) {
      lost++;
      continue;
    }
    doubled += Math.max(0, copied.comments.length - item.comments.length) + Math.max(0, copied.files.length - item.files.length);
    if (JSON.stringify({ ...copied, comments: copied.comments.slice(0, item.comments.length), files: copied.files.slice(0, item.files.length) }) !== JSON.stringify(item)) lost++;
  }
  doubled += Object.keys(copy).filter((key) => !source[key]).length;
  return { lost, doubled };
}

/** Lets the system recover, then compares; records the case in the report. */
async function converge(name: string, w: Workload, faults: number, affected: number, started: number, extraCopies: string[] = []): Promise<CaseReport> {
  const { env } = w;
  const view = () => {
    const copy = spaceView(env.dest.site, env.dest.spaceId);
    for (const key of extraCopies) delete copy[key]; // pages the destination made itself
    return compare(spaceView(env.source.site, w.spaceId), copy);
  };
  for (let round = 0; round < ROUNDS; round++) {
    await env.host.settled();
    if (view().lost === 0) break;
    await env.host.runScheduledTrigger(env.source.installation, 'reconcile');
  }
  await env.host.settled();
  const result = { case: name, faults, affected, ...view(), convergeMs: Date.now() - started };
  report.push(result);
  return result;
}

describe('fault injection: the spaces converge with nothing lost or doubled', () => {
  let w: Workload | undefined;
  afterEach(async () => {
    await w?.env.host.close();
    w = undefined;
  });
  afterAll(() => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    writeFileSync(join(ARTIFACTS_DIR, 'fault-report.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(['case | faults | affected | lost | doubled | converge ms', ...report.map((r) => `${r.case} | ${r.faults} | ${r.affected} | ${r.lost} | ${r.doubled} | ${r.convergeMs}`)].join('\n'));
  });

  const expectClean = (r: CaseReport) => expect({ lost: r.lost, doubled: r.doubled }).toEqual({ lost: 0, doubled: 0 });
  const statuses = (env: Env, site: EmulatedSite, status: number) => env.host.log.of('product').filter((r) => r.installationId === site.installation.id && r.status === status).length;

  it('Confluence: 429 bursts with Retry-After on both sites', async () => {
    w = await workload();
    const started = Date.now();
    w.env.dest.emulator.meter.injectBurst(6, 2);
    w.env.source.emulator.meter.injectBurst(4, 1);
    const affected = w.edit();
    const r = await converge('429 bursts', w, 10, affected, started);
    expect(statuses(w.env, w.env.dest, 429) + statuses(w.env, w.env.source, 429)).toBe(10);
    expectClean(r);
  });

  it('Confluence: 5xx on page writes, comment writes and uploads', async () => {
    w = await workload();
    const started = Date.now();
    w.env.dest.emulator.failNext('updatePage', 3, 500);
    w.env.dest.emulator.failNext('createFooterComment', 1, 502);
    w.env.dest.emulator.failNext('createOrUpdateAttachments', 1, 503);
    const r = await converge('5xx', w, 5, w.edit(), started);
    expect(statuses(w.env, w.env.dest, 500) + statuses(w.env, w.env.dest, 502) + statuses(w.env, w.env.dest, 503)).toBe(5);
    expectClean(r);
  });

  it('Confluence: slow responses past the inbox and consumer deadlines', async () => {
    // Deadlines shortened so a slow answer outlasts them: the inbox's 55 s and the consumer's 600 s.
    w = await workload({ functionTimeoutsMs: { 'receive-peer-message': 1000, 'outbound-worker': 2000 }, overruns: 'allow' });
    const started = Date.now();
    w.env.dest.emulator.slowNext('updatePage', 1200, 2);
    w.env.source.emulator.slowNext('getPageById', 2200, 1);
    const r = await converge('slow responses', w, 3, w.edit(), started);
    expect(w.env.host.log.of('invocation').filter((i) => i.outcome === 'timeout').length).toBeGreaterThanOrEqual(2);
    expectClean(r);
  });

  it('Confluence: a version conflict from a person editing the copy at the same moment', async () => {
    w = await workload();
    const started = Date.now();
    const dest = w.env.dest;
    dest.emulator.beforeNext('updatePage', () => {
      const copy = [...dest.site.contents.values()].find((c) => c.spaceId === dest.spaceId && c.title === 'FLT page 4');
      if (copy) dest.site.updatePage({ kind: 'user', accountId: dest.admin }, copy.id, { type: 'page', title: copy.title, body: '<p>A person was here.</p>', status: 'current', version: copy.version.number + 1 });
    });
    const r = await converge('version conflict', w, 1, w.edit(), started);
    expect(statuses(w.env, dest, 409)).toBe(1);
    expectClean(r); // source wins: the person's version is overwritten and stays in history
    const copy = [...dest.site.contents.values()].find((c) => c.spaceId === dest.spaceId && c.title === 'FLT page 4') as Content;
    expect(copy.history.some((v) => v.body === '<p>A person was here.</p>')).toBe(true);
  });

  it('Confluence: a title clash with a page the destination made itself', async () => {
    w = await workload();
    const started = Date.now();
    const theirs = w.env.dest.site.createPage({ kind: 'user', accountId: w.env.dest.admin }, { type: 'page', spaceId: w.env.dest.spaceId, title: 'New under fault', body: '<p>Theirs.</p>' });
    const affected = w.edit();
    await w.env.host.settled();
    const copy = spaceView(w.env.dest.site, w.env.dest.spaceId);
    expect(copy['page:New under fault'].body).toBe('<p>Theirs.</p>');
    expect(copy['page:New under fault (FLT)'].body).toBe('<p>New.</p>');
    // Compare with the clash's rename accounted for: the copy is the renamed page.
    copy['page:New under fault'] = { ...copy['page:New under fault (FLT)'], title: 'New under fault' };
    delete copy['page:New under fault (FLT)'];
    const { lost, doubled } = compare(spaceView(w.env.source.site, w.spaceId), copy);
    report.push({ case: 'title clash', faults: 1, affected, lost, doubled, convergeMs: Date.now() - started });
    expect({ lost, doubled }).toEqual({ lost: 0, doubled: 0 });
    expect(w.env.dest.site.contents.get(theirs.id)?.body).toBe('<p>Theirs.</p>');
  });

  it('Platform: duplicated, reordered and delayed deliveries', async () => {
    w = await workload({ queue: { faults: { duplicateRate: 1, reorderSeconds: 20, seed: 3 } } });
    const started = Date.now();
    const r = await converge('duplicated, reordered, delayed deliveries', w, 1, w.edit(), started);
    expect(w.env.host.log.of('queue-delivery').length).toBeGreaterThan(w.env.host.log.of('queue-push').reduce((n, p) => n + p.events, 0));
    expectClean(r);
  });

  it('Platform: the destination crashes halfway through applies (work done, answers lost; a write failing mid-apply)', async () => {
    w = await workload();
    const started = Date.now();
    w.env.host.loseNextWebTriggerAnswers(4);
    w.env.dest.emulator.failNext('createFooterComment', 1, 500);
    const r = await converge('crash mid-apply', w, 5, w.edit(), started);
    expectClean(r);
  });

  it('Platform: the destination dies between a Confluence write and its record (the record write never happens)', async () => {
    w = await workload();
    const { env } = w;
    const started = Date.now();
    const dies = () => env.host.failNextKvsWrites(env.dest.installation, 1);
    env.dest.emulator.beforeNext('createFooterComment', dies);
    env.dest.emulator.beforeNext('createPage', dies);
    env.dest.emulator.beforeNext('createOrUpdateAttachments', dies);
    const r = await converge('crash before recording a write', w, 3, w.edit(), started);
    expect(env.host.log.of('kvs').filter((k) => k.installationId === env.dest.installation.id && k.status === 500)).toHaveLength(3);
    expectClean(r);
  });

  it('Platform: the peer web trigger down for a long time, then back', async () => {
    w = await workload();
    const started = Date.now();
    w.env.host.takeWebTriggersDownFor(1500); // 300 platform seconds: past every retry
    const affected = w.edit();
    await w.env.host.settled();
    const refused = w.env.host.log.of('web-trigger').filter((e) => e.status === 503).length;
    expect(refused).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const r = await converge('peer down, then back', w, refused, affected, started);
    expectClean(r);
  });

  it('Hostile input: titles and bodies with markup, script and odd characters replicate exactly', async () => {
    w = await workload();
    const started = Date.now();
    const as = { kind: 'user' as const, accountId: w.env.source.admin };
    w.env.source.site.createPage(as, { type: 'page', spaceId: w.spaceId, title: '<script>alert("x")</script> & “quotes” ✓', body: '<p>Odd <b>markup<i>nested</i></b> &amp; entities &lt;tag&gt; <![CDATA[raw]]> 🚀</p><ac:structured-macro ac:name="html"><ac:plain-text-body><![CDATA[<script>1</script>]]></ac:plain-text-body></ac:structured-macro>' });
    const r = await converge('odd markup and script', w, 1, 1, started);
    expectClean(r);
  });
});
