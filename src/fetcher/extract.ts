// Extracting tar archives into the sandbox with the tar package: gzip
// natively; bzip2 and xz through the system's decompressor (no shell). Every
// entry is checked first; only then is anything written.
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { t as listArchive, x as extractInto } from 'tar';

import { unsafeEntry } from './archive-entries.js';
import { FetchError } from './errors.js';
import { messageOf, oneLine } from '../errors.js';


const DECOMPRESSORS: Array<[RegExp, string[]]> = [
  [/\.(tar\.bz2|tbz2?)$/, ['bzip2', '-dc']],
  [/\.(tar\.xz|txz)$/, ['xz', '-dc']],
];
const TAR = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz)$/;

export function isTarArchive(name: string): boolean {
  return TAR.test(name);
}

export function isArchive(name: string): boolean {
  return isTarArchive(name) || /\.zip$/.test(name);
}

function openArchive(uri: string, file: string): { stream: Readable; done: Promise<void> } {
  const decompressor = DECOMPRESSORS.find(([pattern]) => pattern.test(file))?.[1];
  if (!decompressor) return { stream: createReadStream(file), done: Promise.resolve() };
  const child = spawn(decompressor[0]!, [...decompressor.slice(1), file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (cause) => reject(new FetchError(uri, `cannot run ${decompressor[0]} to decompress it (install it to extract this archive)`, { cause })));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new FetchError(uri, `${decompressor[0]} failed: ${oneLine(stderr) || `exit ${code}`}`))));
  });
  return { stream: child.stdout, done };
}

async function readAll(uri: string, file: string, sink: NodeJS.WritableStream): Promise<void> {
  const { stream, done } = openArchive(uri, file);
  const results = await Promise.allSettled([pipeline(stream, sink), done]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason instanceof FetchError ? failed.reason : new FetchError(uri, `not a readable archive: ${messageOf(failed.reason)}`, { cause: failed.reason });
}

export async function extractArchive(uri: string, file: string, into: string): Promise<void> {
  if (!isTarArchive(file)) throw new FetchError(uri, 'cannot extract a .zip: this build has no zip support (fetch it with extract false)');
  const refused: string[] = [];
  await readAll(uri, file, listArchive({ onReadEntry: (entry) => {
    const why = unsafeEntry({ path: entry.path, type: entry.type, ...(entry.linkpath !== undefined && { linkpath: entry.linkpath }) });
    if (why) refused.push(why);
  } }) as unknown as NodeJS.WritableStream);
  if (refused.length > 0) throw new FetchError(uri, `the archive would write outside the sandbox: ${refused.join('; ')}`);
  await readAll(uri, file, extractInto({ cwd: into, strict: true, preservePaths: false, preserveOwner: false }) as unknown as NodeJS.WritableStream);
}
