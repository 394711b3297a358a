/** The host's one loopback HTTP server: web triggers, the UI bridge, and whatever the sandbox mounts. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void> | void;

/** Largest request body the server reads; larger ones get 413 before any handler runs. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export class HostHttpServer {
  private readonly routes: Array<{ prefix: string; handler: RouteHandler }> = [];
  private readonly handledListeners: Array<(method: string, path: string) => void> = [];
  private server?: Server;
  private origin?: string;

  /** Routes are matched by path prefix, longest first. */
  mount(prefix: string, handler: RouteHandler): void {
    this.routes.push({ prefix, handler });
    this.routes.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** Hears each request after its route has handled it (the sandbox's world file saves after people's edits). */
  onHandled(listener: (method: string, path: string) => void): void {
    this.handledListeners.push(listener);
  }

  get baseUrl(): string {
    if (!this.origin) throw new Error('The Forge host is not listening yet: call start() first');
    return this.origin;
  }

  async listen(port: number, hostname = '127.0.0.1'): Promise<string> {
    const server = createServer((req, res) => void this.dispatch(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, hostname, () => resolve());
    });
    const address = server.address() as AddressInfo;
    this.origin = `http://${hostname}:${address.port}`;
    return this.origin;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let handledPath: string | undefined;
    try {
      const body = await readBody(req);
      if (body === undefined) {
        res.writeHead(413, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Request body too large' }));
        return;
      }
      const path = new URL(req.url ?? '/', 'http://host').pathname;
      const route = this.routes.find((r) => path.startsWith(r.prefix));
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Not found' }));
        return;
      }
      handledPath = path;
      await route.handler(req, res, body);
    } catch (e) {
      console.error('[forge-host] request failed', e);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Internal error' }));
    } finally {
      // A handler that failed part-way may have changed something too.
      if (handledPath !== undefined) for (const listener of this.handledListeners) listener(req.method ?? 'GET', handledPath);
    }
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
