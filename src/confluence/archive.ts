/**
 * Archiving a page: only v1 can (POST /rest/api/content/archive → 202 and a long task;
 * confluence-real row 62, v1.json archivePages and getTask). A v2 PUT with status archived is
 * ignored, so it is never tried.
 */
import { route } from '@forge/api';
import { z } from 'zod';
import { confluence, ConfluenceError } from './client';

/** The 202 body is undocumented (v1.json: "returns a task ID"); only `id` is relied on. INFERRED. */
const Submitted = z.object({ id: z.union([z.string(), z.number()]).transform(String) }).passthrough();
const Task = z.object({ finished: z.boolean(), successful: z.boolean().optional() }).passthrough();

/** Reads of the task before the app says "still running" and leaves it to the next sync. */
const TASK_READS = 3;
const READ_GAP_MS = 1000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function archivePage(id: string): Promise<'archived' | 'running'> {
  const app = confluence('app');
  // v1.json: one page a request off premium editions; ids are int64.
  const task = await app.send(Submitted, 'POST', route`/wiki/rest/api/content/archive`, { pages: [{ id: Number(id) }] });
  for (let read = 0; read < TASK_READS; read++) {
    if (read > 0) await pause(READ_GAP_MS);
    const status = await app.find(Task, route`/wiki/rest/api/longtask/${task.id}`);
    if (status?.finished && status.successful === false) throw new ConfluenceError(500, `Confluence's archive task ${task.id} ended without archiving page ${id}`);
    if (status?.finished) return 'archived';
  }
  return 'running';
}
