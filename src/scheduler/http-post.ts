// One POST to the scheduler endpoint, on a kept-alive connection that is not
// the subscription's (as the v1 API requires).
import type { Agent } from 'node:http';
import { request } from 'node:http';

import { messageOf } from '../errors.js';
import { SchedulerError } from './errors.js';

export interface Answer {
  status: number;
  body: string;
}

export function post(url: URL, agent: Agent, body: string, headers: Record<string, string>, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent,
      timeout: timeoutMs,
      headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (cause) => reject(new SchedulerError('MASTER_UNREACHABLE', `cannot reach the master at ${url.host}: ${messageOf(cause)}`, { cause })));
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text.trim() }));
      res.on('error', (cause) => reject(new SchedulerError('MASTER_UNREACHABLE', `the answer from ${url.host} broke off: ${messageOf(cause)}`, { cause })));
    });
    req.end(body);
  });
}
