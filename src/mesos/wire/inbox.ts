// Receiving a message over HTTP, the same on both sides: POST, JSON, within
// a size limit, and valid against the receiver's schema; anything else is
// answered with a status and one line naming what is wrong, and dropped.
import type { IncomingMessage, ServerResponse } from 'node:http';

import type * as z from 'zod/mini';

import { messageOf } from '../../errors.js';
import { parseJsonText, parseWith } from '../validate.js';

export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export type Received<T> = { ok: true; message: T } | { ok: false; status: number; error: string };

function readBody(req: IncomingMessage, maxBytes: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size > maxBytes ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function receive<S extends z.ZodMiniType>(req: IncomingMessage, schema: S, document: string, maxBytes = MAX_MESSAGE_BYTES): Promise<Received<z.infer<S>>> {
  if (req.method !== 'POST') return { ok: false, status: 405, error: `${req.url} takes POST, not ${req.method}` };
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) return { ok: false, status: 415, error: `expected content-type application/json, got '${type}'` };
  let text: string | undefined;
  try {
    text = await readBody(req, maxBytes);
  } catch (error) {
    return { ok: false, status: 400, error: `the request broke off: ${messageOf(error)}` };
  }
  if (text === undefined) return { ok: false, status: 413, error: `${document} is larger than ${maxBytes} bytes` };
  try {
    return { ok: true, message: parseWith(schema, parseJsonText(text, document, 'INVALID_MESSAGE'), document, 'INVALID_MESSAGE') };
  } catch (error) {
    return { ok: false, status: 400, error: messageOf(error) };
  }
}

/** Answers with JSON (an object), one line of text (a string), or nothing. */
export function respond(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers).end();
  } else if (typeof body === 'string') {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(`${body}\n`);
  } else {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers }).end(text);
  }
}
