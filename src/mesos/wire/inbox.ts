// Receiving messages over HTTP, the same on both sides: POST, JSON, within a
// size limit. A body is one message, or a batch: a JSON array of messages,
// handled in order, each answered on its own (a sender batches what queued
// up while its previous request was out). Each message is checked against
// the receiver's schema; one that fails is answered 400 with one line naming
// the field, and dropped.
import type { IncomingMessage, ServerResponse } from 'node:http';

import type * as z from 'zod/mini';

import { messageOf } from '../../errors.js';
import { parseJsonText, parseWith } from '../validate.js';
import { readBody } from './read-body.js';

export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** The answer to one message: a status and a body (an object is sent as JSON, a string as a line of text). */
export interface Answer {
  status: number;
  body?: unknown;
}

export type Item<T> = { ok: true; message: T } | { ok: false; answer: Answer };

export type Received<T> = { ok: true; batch: boolean; items: Array<Item<T>> } | { ok: false; status: number; error: string };

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
  let json: unknown;
  try {
    json = parseJsonText(text, document, 'INVALID_MESSAGE');
  } catch (error) {
    return { ok: false, status: 400, error: messageOf(error) };
  }
  const batch = Array.isArray(json);
  const items = (batch ? (json as unknown[]) : [json]).map((value, i): Item<z.infer<S>> => {
    try {
      return { ok: true, message: parseWith(schema, value, batch ? `${document} [${i}]` : document, 'INVALID_MESSAGE') };
    } catch (error) {
      return { ok: false, answer: { status: 400, body: messageOf(error) } };
    }
  });
  if (batch && items.length === 0) return { ok: false, status: 400, error: `an empty batch: send one ${document} or a non-empty array of them` };
  return { ok: true, batch, items };
}

function bodyText(body: unknown): string {
  if (body === undefined) return '';
  return typeof body === 'string' ? `${body}\n` : JSON.stringify(body);
}

/** Answers with JSON (an object), one line of text (a string), or nothing. */
export function respond(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const text = bodyText(body);
  const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
  res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(text)), ...headers }).end(text);
}

/** The answer to what receive() gave: one message's answer as is, a batch's as {"results":[{status, body}]}. */
export function respondAll(res: ServerResponse, batch: boolean, answers: Answer[]): void {
  if (!batch) return respond(res, answers[0]!.status, answers[0]!.body);
  respond(res, 200, { results: answers.map((a) => ({ status: a.status, body: bodyText(a.body) })) });
}
