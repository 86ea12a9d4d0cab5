import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TReceivedMail {
  to: string;
  from: string;
  subject: string;
  text: string;
  /** The HTML part ('' when the message had none). */
  html: string;
}

/**
 * A real SMTP server in this process on a free port (smtp-server), decoding what it is sent
 * (mailparser): the messages it accepted, the attempts it saw, and a switch to refuse the next
 * ones with a temporary error (451), as a busy server does.
 */
export async function startSmtp() {
  const received: TReceivedMail[] = [];
  let attempts = 0;
  let refusing = 0;
  const waiters = new Set<{ n: number; resolve: () => void }>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          attempts += 1;
          if (refusing > 0) {
            refusing -= 1;
            callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
          } else {
            received.push({
              to: mail.to && !Array.isArray(mail.to) ? mail.to.text : '',
              from: mail.from?.text ?? '',
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
            });
            callback();
          }
          for (const w of waiters) if (attempts >= w.n) w.resolve();
        },
        (err: Error) => callback(err),
      );
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    get attempts() {
      return attempts;
    },
    /** Refuses the next `n` messages (451). */
    refuseNext(n: number) {
      refusing = n;
    },
    /** Resolves once the server has seen `n` delivery attempts in all; fails after `ms`. */
    waitForAttempts(n: number, ms = 10_000): Promise<void> {
      if (attempts >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const w = { n, resolve: () => (waiters.delete(w), clearTimeout(timer), resolve()) };
        const timer = setTimeout(
          () => (waiters.delete(w), reject(new Error(`the SMTP server saw ${attempts} of ${n} attempts within ${ms} ms`))),
          ms,
        );
        waiters.add(w);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
