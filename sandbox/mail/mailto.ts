/**
 * Reading a `mailto:` URL as a mail client does (RFC 6068 §2): the addresses before "?", then
 * name=value header fields split on "&", each percent-decoded once. Part of the sandbox's stand-in
 * for the user's own mail client, not of anything Forge provides.
 */
export interface MailtoDraft {
  to: string[];
  subject: string;
  body: string;
  /** Any other header fields the URL names (cc, bcc, …): shown, never sent. */
  otherFields: Array<[string, string]>;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // a malformed escape stays as written, as a lenient client would show it
  }
}

export function parseMailto(url: string): MailtoDraft | undefined {
  if (!/^mailto:/i.test(url)) return undefined;
  const rest = url.slice('mailto:'.length);
  const q = rest.indexOf('?');
  const fields = (q < 0 ? '' : rest.slice(q + 1))
    .split('&')
    .filter(Boolean)
    .map((field): [string, string] => {
      const eq = field.indexOf('=');
      return eq < 0 ? [decode(field).toLowerCase(), ''] : [decode(field.slice(0, eq)).toLowerCase(), decode(field.slice(eq + 1))];
    });
  const addresses = (list: string) => list.split(',').map((a) => decode(a).trim()).filter(Boolean);
  const first = (name: string) => fields.find(([n]) => n === name)?.[1] ?? '';
  return {
    to: [...addresses(q < 0 ? rest : rest.slice(0, q)), ...fields.filter(([n]) => n === 'to').flatMap(([, v]) => v.split(',').map((a) => a.trim()).filter(Boolean))],
    subject: first('subject'),
    body: first('body'),
    otherFields: fields.filter(([n]) => !['to', 'subject', 'body'].includes(n)),
  };
}
