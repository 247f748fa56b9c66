/**
 * A real SMTP server in the test process (smtp-server), reading what arrives
 * on the wire with mailparser: the application sends through nodemailer over
 * TCP, exactly as to a production server. No mocked transport.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope's recipients (RCPT TO), as the server saw them. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  parsed: ParsedMail;
}

export interface TestSmtp {
  /** `smtp://user:password@127.0.0.1:port`, for SMTP_URL. */
  url: string;
  mails: ReceivedMail[];
  /** The next `n` messages are refused with a temporary error (451). */
  rejectNext(n: number): void;
  /** The mails to an address. */
  to(address: string): ReceivedMail[];
  /** Waits for a mail matching `match` (received before or after the call). */
  waitFor(match: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export const SMTP_USER = 'bilan';
export const SMTP_PASSWORD = 'secret-smtp';

export async function startSmtp(): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  const waiters: Array<() => void> = [];
  let rejecting = 0;
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) return callback(null, { user: auth.username });
      return callback(new Error('Identifiants SMTP refusés'));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          if (rejecting > 0) {
            rejecting--;
            const error = Object.assign(new Error('Boîte temporairement indisponible'), { responseCode: 451 });
            return callback(error);
          }
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            parsed,
          });
          callback();
          for (const w of waiters.splice(0)) w();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${port}`,
    mails,
    rejectNext: (n) => {
      rejecting = n;
    },
    to: (address) => mails.filter((m) => m.to.includes(address.toLowerCase())),
    async waitFor(match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = mails.find(match);
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`Aucun courriel attendu reçu en ${timeoutMs} ms (reçus : ${mails.map((m) => `${m.to.join(',')} « ${m.subject} »`).join(' ; ') || 'aucun'})`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 200));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link of a mail's text (mails put their link first). */
export function firstLink(mail: ReceivedMail): string {
  const url = /https?:\/\/\S+/.exec(mail.text)?.[0];
  if (!url) throw new Error(`Pas de lien dans « ${mail.subject} »`);
  return url;
}
