// Sending messages to one peer, in order, over one kept-alive connection:
// one request at a time; what queues up meanwhile goes in the next request
// as a batch (a JSON array), which the peer handles in order and answers
// message by message. Delivery is at most once, as in Mesos: what must
// arrive (status updates, registration) is retried by its owner, not here.
import { Agent, request } from 'node:http';

import { messageOf } from '../../errors.js';
import { deferred } from '../../launcher/deferred.js';
import type { Deferred } from '../../launcher/deferred.js';
import { WireError } from './errors.js';

export interface PostResult {
  status: number;
  body: string;
}

const DEFAULT_TIMEOUT_MS = 5000;
/** A batch stops growing here (messages are small; a RUN_TASK is the largest). */
const MAX_BATCH = 256;

interface Queued {
  body: string;
  result: Deferred<PostResult>;
}

export class Outbox {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly queue: Queued[] = [];
  private sending = false;

  constructor(
    readonly url: string,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  /** Posts `message` after those before it; resolves with its answer, rejects when there is none. */
  post(message: unknown): Promise<PostResult> {
    const queued = { body: JSON.stringify(message), result: deferred<PostResult>() };
    this.queue.push(queued);
    if (!this.sending) void this.pump();
    return queued.result.promise;
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

  private async pump(): Promise<void> {
    this.sending = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        if (batch.length === 1) {
          batch[0]!.result.resolve(await this.once(batch[0]!.body));
          continue;
        }
        const answer = await this.once(`[${batch.map((q) => q.body).join(',')}]`);
        const results = answer.status === 200 ? (JSON.parse(answer.body) as { results?: PostResult[] }).results : undefined;
        batch.forEach((q, i) => q.result.resolve(results?.[i] ?? answer));
      } catch (error) {
        for (const q of batch) q.result.reject(error);
      }
    }
    this.sending = false;
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
