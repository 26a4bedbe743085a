// http(s) downloads with Node's fetch, streamed to a file, progress logged
// for large ones.
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { Logger } from '../log/logger.js';
import { FetchError } from './errors.js';
import { messageOf } from '../errors.js';

const PROGRESS_EVERY_BYTES = 16 * 1024 * 1024;

export async function download(uri: string, destination: string, logger: Logger, signal?: AbortSignal): Promise<void> {
  let response: Response;
  try {
    response = await fetch(uri, { redirect: 'follow', ...(signal && { signal }) });
  } catch (cause) {
    const detail = messageOf((cause as { cause?: unknown }).cause ?? cause);
    throw new FetchError(uri, `the download failed: ${detail}`, { cause });
  }
  if (!response.ok || !response.body) throw new FetchError(uri, `the server answered ${response.status} ${response.statusText}`);
  const total = Number(response.headers.get('content-length') ?? 0);
  let received = 0;
  let nextReport = PROGRESS_EVERY_BYTES;
  const progress = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received >= nextReport) {
        nextReport += PROGRESS_EVERY_BYTES;
        logger.info({ uri, received, total: total || undefined, percent: total ? Math.round((received / total) * 100) : undefined }, 'downloading');
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), progress, createWriteStream(destination), ...(signal ? [{ signal }] : []));
  } catch (cause) {
    throw new FetchError(uri, `the download broke off after ${received} bytes: ${messageOf(cause)}`, { cause });
  }
  logger.info({ uri, bytes: received }, 'downloaded');
}
