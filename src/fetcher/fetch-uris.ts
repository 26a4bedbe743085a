// Mesos's fetcher: before the task starts, each CommandInfo URI lands in the
// sandbox: a local path or file:// URL copied, an http(s) URL downloaded,
// archives extracted when `extract` is true, `executable` made executable.
import { chmodSync, copyFileSync } from 'node:fs';
import { basename, isAbsolute, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Logger } from '../log/logger.js';
import type { CommandUri } from '../mesos/command-info.js';
import { download } from './download.js';
import { FetchError } from './errors.js';
import { messageOf } from '../errors.js';
import { extractArchive, isArchive } from './extract.js';

function sourceOf(uri: string): { kind: 'local'; path: string } | { kind: 'http'; url: string } {
  if (/^https?:\/\//i.test(uri)) return { kind: 'http', url: uri };
  if (uri.startsWith('file://')) return { kind: 'local', path: fileURLToPath(uri) };
  if (isAbsolute(uri)) return { kind: 'local', path: uri };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) throw new FetchError(uri, 'only local paths, file://, http:// and https:// are supported');
  throw new FetchError(uri, 'a local path must be absolute');
}

function destinationName(uri: CommandUri): string {
  const name = uri.output_file ?? basename(new URL(uri.value, 'file:///').pathname);
  const normal = posix.normalize(name);
  if (!name || normal.startsWith('..') || posix.isAbsolute(normal) || normal === '.') {
    throw new FetchError(uri.value, `output_file '${name}' must be a name inside the sandbox`);
  }
  return normal;
}

export async function fetchUri(uri: CommandUri, sandbox: string, logger: Logger, signal?: AbortSignal): Promise<void> {
  const source = sourceOf(uri.value);
  const destination = join(sandbox, destinationName(uri));
  if (source.kind === 'http') {
    await download(source.url, destination, logger, signal);
  } else {
    try {
      copyFileSync(source.path, destination);
    } catch (cause) {
      throw new FetchError(uri.value, messageOf(cause), { cause });
    }
  }
  // Mesos's default is to extract what is an archive.
  if ((uri.extract ?? true) && isArchive(destination)) {
    await extractArchive(uri.value, destination, sandbox);
  } else if (uri.executable) {
    chmodSync(destination, 0o755);
  }
  logger.info({ uri: uri.value, into: destination }, 'fetched');
}

/** One after the other; `signal` (the launch being destroyed) stops a download at once. */
export async function fetchUris(uris: readonly CommandUri[], sandbox: string, logger: Logger, signal?: AbortSignal): Promise<void> {
  for (const uri of uris) {
    signal?.throwIfAborted();
    await fetchUri(uri, sandbox, logger, signal);
  }
}
