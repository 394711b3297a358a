/**
 * Where the sandbox's mail client delivers: an in-memory mailbox the shell shows. It stands in
 * for the user's own mail client and the recipient's inbox, not for Forge: the app sends no mail,
 * it hands a `mailto:` URL to the mail client (src/pairing/email-token.ts).
 */
export interface SentMail {
  id: number;
  sentAt: string;
  to: string[];
  subject: string;
  body: string;
}

export class Mailbox {
  readonly messages: SentMail[] = [];

  deliver(mail: Omit<SentMail, 'id' | 'sentAt'>): SentMail {
    const sent = { ...mail, id: this.messages.length + 1, sentAt: new Date().toISOString() };
    this.messages.push(sent);
    return sent;
  }
}

/**
 * The sandbox mail client's state: the mailbox, and what the page around the app does when the
 * app opens a `mailto:` URL with `router.open`. Whether Forge opens one is UNCONFIRMED, so the
 * shell can do either: open the sandbox mail client, or refuse (the app's promise is rejected).
 */
export class SandboxMail {
  readonly mailbox = new Mailbox();
  mailtoLinks: 'open' | 'refuse' = 'open';
}
