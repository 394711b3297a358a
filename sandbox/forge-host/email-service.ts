/**
 * What Forge's email service does with `sendEmail`: reads the multipart request the SDK builds
 * (a `metadata` part with the options, one part per attachment) and delivers it over SMTP to the
 * server the app names. Failures answer with `forge-proxy-error` and the SMTP details, which the
 * SDK turns into a SendEmailError.
 */
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { InvocationLog } from './invocation-log';
import type { Installation } from './installation';

const Address = z.union([z.string(), z.object({ name: z.string().optional(), address: z.string() })]);
const Metadata = z.object({
  host: z.string(),
  port: z.number().int(),
  auth: z.object({ user: z.string(), pass: z.string() }).optional(),
  from: Address,
  to: z.array(Address).optional(),
  cc: z.array(Address).optional(),
  bcc: z.array(Address).optional(),
  subject: z.string().optional(),
  text: z.string().optional(),
  html: z.string().optional(),
  attachments: z.array(z.object({ part: z.string(), filename: z.string().optional(), contentType: z.string().optional(), cid: z.string().optional() })).default([]),
});

const SEND_TIMEOUT_MS = 10_000;

const recipients = (list: z.infer<typeof Address>[] | undefined) => (list ?? []).map((a) => (typeof a === 'string' ? a : a.address));

function parseJson(value: unknown): unknown {
  try {
    return JSON.parse(String(value));
  } catch {
    return undefined;
  }
}

function proxyFailure(status: number, details: Record<string, unknown>): Response {
  return new Response(JSON.stringify(details), { status, headers: { 'content-type': 'application/json', 'forge-proxy-error': 'EMAIL_ERROR' } });
}

/** Forge's email service: `sendEmail` requests from any installation, relayed over SMTP. */
export class EmailService {
  constructor(private readonly log: InvocationLog) {}

  async send(installation: Installation, contentType: string, body: Buffer): Promise<Response> {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData().catch(() => undefined);
    const metadata = Metadata.safeParse(parseJson(form?.get('metadata')));
    const parts = metadata.success ? metadata.data.attachments.map((a) => form?.get(a.part)) : [];
    if (!form || !metadata.success || parts.some((p) => !(p instanceof Blob))) return proxyFailure(400, { code: 'EMESSAGE' });
    const attachments = await Promise.all(metadata.data.attachments.map(async ({ part, ...rest }, i) => ({ ...rest, content: Buffer.from(await (parts[i] as Blob).arrayBuffer()) })));
    const { host, port, auth, attachments: _parts, ...message } = metadata.data; // eslint-disable-line @typescript-eslint/no-unused-vars
    const to = recipients(message.to);
    const transport = nodemailer.createTransport({ host, port, secure: false, ignoreTLS: true, auth, connectionTimeout: SEND_TIMEOUT_MS, socketTimeout: SEND_TIMEOUT_MS });
    try {
      const info = await transport.sendMail({ ...message, attachments });
      this.log.add({ kind: 'email', installationId: installation.id, to, status: 200 });
      return Response.json({ messageId: info.messageId, accepted: info.accepted.map(String), rejected: info.rejected.map(String), response: info.response });
    } catch (e) {
      const error = e as { code?: string; responseCode?: number; command?: string };
      this.log.add({ kind: 'email', installationId: installation.id, to, status: 502 });
      return proxyFailure(502, { code: error.code, responseCode: error.responseCode, command: error.command });
    } finally {
      transport.close();
    }
  }
}
