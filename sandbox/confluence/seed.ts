/**
 * Demo content: two sites with a realistic space each, and a generator of large spaces for the
 * benchmark. Writes go through the site's own rules (as a person would make them), so the
 * seeded state is one Confluence could hold.
 */
import { ConfluenceSite, SITE_ADMINS_GROUP, type Actor } from './site';
import type { Content } from './model';

export interface SeededSite {
  site: ConfluenceSite;
  spaceKey: string;
  admin: string;
  users: Array<{ accountId: string; displayName: string; spaceAdmin: boolean }>;
}

function storageLink(title: string): string {
  return `<ac:link><ri:page ri:content-title="${title}" /></ac:link>`;
}

/**
 * Acme's Engineering Handbook: a tree three levels deep with macros, links, comments, labels,
 * files, a folder with a page in it and a whiteboard, so a first sync shows each kind of node.
 */
export function seedSource(site: ConfluenceSite): SeededSite {
  const admin = site.addUser({ accountId: '5f1a-acme-admin', displayName: 'Ada Admin', accountType: 'atlassian' }).accountId;
  const writer = site.addUser({ accountId: '5f1a-acme-writer', displayName: 'Wes Writer', accountType: 'atlassian' }).accountId;
  site.addGroup(SITE_ADMINS_GROUP, [admin]);
  site.addGroup('engineering', [admin, writer]);
  site.addGroup('docs-team', [writer]);
  const space = site.createSpace('ENG', 'Engineering Handbook', [admin]);
  site.grant(space, writer, ['read', 'write']);
  const as: Actor = { kind: 'user', accountId: writer };
  const page = (title: string, body: string, parent?: Content) => site.createPage(as, { type: 'page', spaceId: space.id, title, body, parentId: parent?.id });

  const onboarding = page('Onboarding', `<p>Start here. See ${storageLink('Dev environment')} and ${storageLink('Code review')}.</p><ac:structured-macro ac:name="toc" />`);
  const devEnv = page('Dev environment', '<h2>Setup</h2><ol><li>Install Node.js 22</li><li>Run <code>npm ci</code></li></ol><ac:structured-macro ac:name="info"><ac:rich-text-body><p>Ask in #dev-help.</p></ac:rich-text-body></ac:structured-macro>', onboarding);
  page('Editor settings', '<p>Use the shared formatter settings.</p>', devEnv);
  const practices = page('Practices', `<p>How we work. Back to ${storageLink('Onboarding')}.</p>`);
  const review = page('Code review', '<p>Every change is reviewed by one other engineer.</p><ac:structured-macro ac:name="code"><ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA[git push origin HEAD]]></ac:plain-text-body></ac:structured-macro>', practices);
  // A folder and a whiteboard: the copy gets the folder as a folder, the whiteboard as an empty one.
  const runbooks = site.createNode(as, { type: 'folder', spaceId: space.id, title: 'Runbooks', parentId: space.homepageId });
  page('Incident response', '<p>Page the on-call engineer, then open an incident channel.</p>', runbooks);
  site.createNode(as, { type: 'whiteboard', spaceId: space.id, title: 'Service map', parentId: practices.id });
  site.createPage(as, { type: 'blogpost', spaceId: space.id, title: 'Handbook launched', body: '<p>The handbook is live.</p>' });

  const question = site.createComment(as, { containerId: review.id, body: '<p>Does this apply to docs changes?</p>' });
  site.createComment({ kind: 'user', accountId: admin }, { parentCommentId: question.id, body: '<p>Yes, docs too.</p>' });
  site.createComment(as, { containerId: devEnv.id, body: '<p>Which version exactly?</p>', inline: { textSelection: 'Install Node.js 22', textSelectionMatchCount: 1, textSelectionMatchIndex: 0 } });
  site.addLabels(as, onboarding.id, ['onboarding', 'start-here']);
  site.addLabels(as, review.id, ['process']);
  site.upload(as, devEnv.id, { name: 'setup.sh', mediaType: 'text/x-shellscript', data: Buffer.from('#!/bin/sh\nnpm ci\n'), comment: 'setup script', minorEdit: true }, 'create');
  site.upload(as, onboarding.id, { name: 'welcome.txt', mediaType: 'text/plain', data: Buffer.from('Welcome aboard!\n'), comment: '', minorEdit: true }, 'create');

  dressUp(site, as, practices);

  return { site, spaceKey: 'ENG', admin, users: [{ accountId: admin, displayName: 'Ada Admin', spaceAdmin: true }, { accountId: writer, displayName: 'Wes Writer', spaceAdmin: false }] };
}

/** A 1×1 PNG of Acme blue, stretched into the cover banner. */
const COVER_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgCDoDAAF0AR/7cUQbAAAAAElFTkSuQmCC', 'base64');

/**
 * Practices gets the whole look a sync copies: an emoji title, a cover that is one of its files,
 * full width (published and draft twins, confluence-real/v2-content-properties-appearance.json),
 * and the space's "In progress" status (which publishes a version, as Confluence does).
 */
function dressUp(site: ConfluenceSite, as: Actor, page: Content): void {
  const cover = site.upload(as, page.id, { name: 'cover.png', mediaType: 'image/png', data: COVER_PNG, comment: 'cover image', minorEdit: true }, 'create');
  for (const twin of ['published', 'draft']) {
    site.setProperty(as, page.id, `emoji-title-${twin}`, '1f9ed');
    site.setProperty(as, page.id, `content-appearance-${twin}`, 'full-width');
    site.setProperty(as, page.id, `cover-picture-id-${twin}`, JSON.stringify({ id: cover.attachment?.fileId }));
  }
  site.setContentState(as, page.id, { id: 1 });
}

/** Globex's Partner Docs: a small space of its own that a sync will fill. */
export function seedDestination(site: ConfluenceSite): SeededSite {
  const admin = site.addUser({ accountId: '7a2b-globex-admin', displayName: 'Gil Admin', accountType: 'atlassian' }).accountId;
  const reader = site.addUser({ accountId: '7a2b-globex-reader', displayName: 'Rita Reader', accountType: 'atlassian' }).accountId;
  site.addGroup(SITE_ADMINS_GROUP, [admin]);
  site.addGroup('partner-editors', [admin]);
  const space = site.createSpace('PARTNER', 'Partner Docs', [admin]);
  site.grant(space, reader, ['read']);
  site.createPage({ kind: 'user', accountId: admin }, { type: 'page', spaceId: space.id, title: 'About this space', body: '<p>Documentation shared with us by Acme.</p>' });
  return { site, spaceKey: 'PARTNER', admin, users: [{ accountId: admin, displayName: 'Gil Admin', spaceAdmin: true }, { accountId: reader, displayName: 'Rita Reader', spaceAdmin: false }] };
}

export interface GeneratedSpace {
  spaceId: string;
  pages: number;
  /** Top-level footer comments. */
  comments: number;
  replies: number;
  inlineComments: number;
  labels: number;
  attachments: number;
  /** Pages with a status (the "In progress" lozenge). */
  statuses: number;
}

/**
 * A large space for the benchmark, in fixed proportions: a tree with up to `fanout` children per
 * page; every 5th page has a comment (every 10th with a reply), every 20th an inline comment,
 * every 2nd a label, every 10th a small attachment. The
 * same arguments always give the same space. No events: this is the state before a sync starts.
 */
export function generateSpace(site: ConfluenceSite, key: string, pages: number, fanout = 8): GeneratedSpace {
  const owner = `gen-${key.toLowerCase()}-owner`;
  site.addUser({ accountId: owner, displayName: `${key} owner`, accountType: 'atlassian' });
  const space = site.createSpace(key, `${key} generated space`, [owner]);
  const as: Actor = { kind: 'user', accountId: owner };
  const created: Content[] = [site.contents.get(space.homepageId) as Content];
  const counts = { comments: 0, replies: 0, inlineComments: 0, labels: 0, attachments: 0, statuses: 0 };
  site.muted(() => {
    for (let i = 1; i <= pages; i++) {
      const parent = created[Math.floor((i - 1) / fanout)];
      const body = `<p>Generated page ${i}.</p><p>See ${storageLink(`${key} page ${Math.max(1, i - 1)}`)}.</p>`;
      const page = site.createPage(as, { type: 'page', spaceId: space.id, title: `${key} page ${i}`, body, parentId: parent.id });
      created.push(page);
      if (i % 5 === 0) {
        const comment = site.createComment(as, { containerId: page.id, body: `<p>Comment on page ${i}</p>` });
        counts.comments++;
        if (i % 10 === 0) {
          site.createComment(as, { containerId: page.id, parentCommentId: comment.id, body: '<p>A reply.</p>' });
          counts.replies++;
        }
      }
      if (i % 20 === 0) {
        site.createComment(as, { containerId: page.id, body: '<p>About this line.</p>', inline: { textSelection: `Generated page ${i}.`, textSelectionMatchCount: 1, textSelectionMatchIndex: 0 } });
        counts.inlineComments++;
      }
      if (i % 2 === 0) {
        site.addLabels(as, page.id, [`topic-${i % 7}`]);
        counts.labels++;
      }
      if (i % 25 === 1) {
        // One page in 25, from the first, has a space state (SPACE_STATES id 1), so even a small
        // space has one; setting it publishes a version, as on Confluence.
        site.setContentState(as, page.id, { id: 1 });
        counts.statuses++;
      }
      if (i % 10 === 0) {
        site.upload(as, page.id, { name: `file-${i}.txt`, mediaType: 'text/plain', data: Buffer.from(`attachment of page ${i}\n`), comment: '', minorEdit: true }, 'create');
        counts.attachments++;
      }
    }
  });
  return { spaceId: space.id, pages, ...counts };
}
