// Sending messages to one peer, in order: a message is posted only after the
// previous one was answered (or failed), over one kept-alive connection.
// Delivery is at most once, as in Mesos: what must arrive (status updates,
// registration) is retried by its owner, not here.
import { Agent, request } from 'node:http';

import { messageOf } from '../../errors.js';
import { WireError } from './errors.js';

export interface PostResult {
  status: number;
  body: string;
}

const DEFAULT_TIMEOUT_MS = 5000;

export class Outbox {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly url: string,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  /** Posts `message` after those before it; resolves with any HTTP answer, rejects when there is none. */
  post(message: unknown): Promise<PostResult> {
    const body = JSON.stringify(message);
    const sent = this.tail.then(() => this.once(body));
    this.tail = sent.catch(() => undefined);
    return sent;
  }

  /** As post(), but an answer other than 2xx is a WireError (PEER_REJECTED) too. */
  async send(message: unknown): Promise<PostResult> {
    const result = await this.post(message);
    if (result.status >= 200 && result.status < 300) return result;
    throw new WireError('PEER_REJECTED', this.url, `${this.url} refused the message (${result.status}): ${result.body.trim()}`, { status: result.status });
  }

  close(): void {
    this.agent.destroy();
  }

  private once(body: string): Promise<PostResult> {
    return new Promise((resolve, reject) => {
      const req = request(this.url, {
        method: 'POST',
        agent: this.agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: this.timeoutMs,
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (cause) => reject(new WireError('PEER_UNREACHABLE', this.url, `cannot reach ${this.url}: ${messageOf(cause)}`, { cause })));
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', (cause) => reject(new WireError('PEER_UNREACHABLE', this.url, `answer from ${this.url} broke off: ${messageOf(cause)}`, { cause })));
      });
      req.end(body);
    });
  }
}
