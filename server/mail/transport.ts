/**
 * How a mail leaves: over SMTP (nodemailer, `SMTP_URL`), or, without it, as
 * an .eml file in the outbox beside the database (so that the demonstration
 * works offline and a tester can follow every link). Only the mail worker
 * (services/mail.service.ts) sends: a request never waits for a mail server.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { MailConfig } from '../config.ts';

export interface OutgoingMail {
  /** The queue row's id (names the outbox file). */
  id: number;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'outbox';
  send(mail: OutgoingMail): Promise<{ messageId: string | null }>;
  close(): void;
}

/** The outbox file of a queued mail. */
export const outboxFile = (outboxDir: string, id: number) => join(outboxDir, `courriel-${id}.eml`);

/** SMTP options from `smtp[s]://user:password@host:port`, with timeouts so that a stuck server never holds the worker. */
function smtpOptions(url: string) {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}

export function createMailTransport(config: MailConfig): MailTransport {
  const headers = { 'Auto-Submitted': 'auto-generated' };
  if (config.smtpUrl) {
    const smtp: Transporter = nodemailer.createTransport(smtpOptions(config.smtpUrl));
    return {
      kind: 'smtp',
      async send(mail) {
        const info = await smtp.sendMail({ from: config.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers });
        return { messageId: info.messageId ?? null };
      },
      close: () => smtp.close(),
    };
  }
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'outbox',
    async send(mail) {
      const info = await stream.sendMail({ from: config.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers });
      mkdirSync(config.outboxDir, { recursive: true });
      const file = outboxFile(config.outboxDir, mail.id);
      // Written whole, then renamed: a reader never sees half a mail.
      writeFileSync(`${file}.tmp`, info.message as Buffer);
      renameSync(`${file}.tmp`, file);
      return { messageId: info.messageId ?? null };
    },
    close: () => stream.close(),
  };
}
