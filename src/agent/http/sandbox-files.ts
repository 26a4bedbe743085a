// Mesos's sandbox files API: GET /files/browse?path=DIR and
// GET /files/read?path=FILE&offset=N&length=N, confined to the sandboxes of
// this agent's tasks. The agent reads as root what tasks wrote, so nothing
// of theirs is trusted: the path is resolved, the file is opened without
// blocking (a FIFO named stdout must not hang us), and the descriptor's real
// path (/proc/self/fd) must still be inside the sandbox, whatever symbolic
// links or renames the task made meanwhile.
import { constants } from 'node:fs';
import type { Stats } from 'node:fs';
import { lstat, open, readFile, readdir, readlink, realpath } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';

import { errnoCode } from '../../errors.js';

export interface FilesAnswer {
  status: number;
  body: unknown;
}

/** Mesos reads at most 16 pages at a time. */
export const MAX_READ_BYTES = 16 * 4096;

const inside = (path: string, dir: string): boolean => path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);

let names: { users: Map<number, string>; groups: Map<number, string> } | undefined;
async function idNames(): Promise<NonNullable<typeof names>> {
  if (names) return names;
  const table = async (file: string): Promise<Map<number, string>> => {
    const map = new Map<number, string>();
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      const [name, , id] = line.split(':');
      if (name && id !== undefined) map.set(Number(id), name);
    }
    return map;
  };
  names = { users: await table('/etc/passwd'), groups: await table('/etc/group') };
  return names;
}

function modeString(stats: Stats): string {
  const type = stats.isDirectory() ? 'd' : stats.isSymbolicLink() ? 'l' : stats.isFIFO() ? 'p' : stats.isSocket() ? 's' : stats.isCharacterDevice() ? 'c' : stats.isBlockDevice() ? 'b' : '-';
  const bits = 'rwxrwxrwx';
  return type + [...bits].map((c, i) => (stats.mode & (1 << (8 - i)) ? c : '-')).join('');
}

async function fileInfo(virtualPath: string, stats: Stats): Promise<Record<string, unknown>> {
  const { users, groups } = await idNames();
  return {
    path: virtualPath,
    nlink: stats.nlink,
    size: stats.size,
    mtime: Math.floor(stats.mtimeMs / 1000),
    mode: modeString(stats),
    uid: users.get(stats.uid) ?? String(stats.uid),
    gid: groups.get(stats.gid) ?? String(stats.gid),
  };
}

type Opened = { handle: FileHandle; virtualPath: string } | FilesAnswer;

/** Opens `path` if it is in one of `sandboxes`, and checks where the descriptor really is. */
async function openConfined(sandboxes: readonly string[], path: string | null, flags: number): Promise<Opened> {
  if (!path) return { status: 400, body: "Expecting 'path=value' in query." };
  if (!isAbsolute(path)) return { status: 400, body: `'${path}' is not an absolute path` };
  const wanted = resolve(path);
  const sandbox = sandboxes.find((dir) => inside(wanted, dir));
  if (!sandbox) return { status: 404, body: `'${path}' is in no sandbox of this agent` };
  let handle: FileHandle;
  let realSandbox: string;
  try {
    realSandbox = await realpath(sandbox);
    handle = await open(wanted, flags | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 404, body: `'${path}' does not exist` };
    return { status: 400, body: `cannot open '${path}': ${code ?? String(error)}` };
  }
  const real = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => '');
  if (!inside(real, realSandbox)) {
    await handle.close();
    return { status: 403, body: `'${path}' leads out of its sandbox` };
  }
  return { handle, virtualPath: wanted };
}

export async function browse(sandboxes: readonly string[], path: string | null): Promise<FilesAnswer> {
  const opened = await openConfined(sandboxes, path, constants.O_RDONLY);
  if ('status' in opened) return opened;
  const { handle, virtualPath } = opened;
  try {
    const stats = await handle.stat();
    if (!stats.isDirectory()) return { status: 200, body: [await fileInfo(virtualPath, stats)] };
    const dir = `/proc/self/fd/${handle.fd}`;
    const entries = [];
    for (const name of (await readdir(dir)).sort()) {
      const entryStats = await lstat(join(dir, name)).catch(() => undefined);
      if (entryStats) entries.push(await fileInfo(join(virtualPath, name), entryStats));
    }
    return { status: 200, body: entries };
  } finally {
    await handle.close();
  }
}

function parseOffset(text: string | null, name: string, fallback: number): number | string {
  if (text === null || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < -1) return `Failed to parse ${name}: '${text}' is not an integer of -1 or more`;
  return n;
}

/**
 * How many of `buffer`'s bytes end on a whole UTF-8 character: a character
 * cut by the read's length or by the end of what the task has written so
 * far is left for the next read.
 */
export function wholeCharacters(buffer: Buffer): number {
  for (let back = 1; back <= Math.min(3, buffer.length); back++) {
    const byte = buffer[buffer.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const size = byte < 0x80 || byte >= 0xf8 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return size > back ? buffer.length - back : buffer.length;
  }
  return buffer.length; // no character starts in the last three bytes: not UTF-8, taken as it is
}

export async function read(sandboxes: readonly string[], path: string | null, offsetText: string | null, lengthText: string | null): Promise<FilesAnswer> {
  const offset = parseOffset(offsetText, 'offset', -1);
  const length = parseOffset(lengthText, 'length', -1);
  if (typeof offset === 'string') return { status: 400, body: offset };
  if (typeof length === 'string') return { status: 400, body: length };
  const opened = await openConfined(sandboxes, path, constants.O_RDONLY);
  if ('status' in opened) return opened;
  const { handle } = opened;
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) return { status: 400, body: `'${path}' is a directory` };
    if (!stats.isFile()) return { status: 400, body: `'${path}' is not a regular file` };
    // offset -1 asks for the size: where a reader following the file starts.
    if (offset === -1) return { status: 200, body: { data: '', offset: stats.size, length: 0 } };
    const wanted = Math.min(length === -1 ? MAX_READ_BYTES : length, MAX_READ_BYTES, Math.max(0, stats.size - offset));
    const buffer = Buffer.alloc(wanted);
    const { bytesRead } = wanted > 0 ? await handle.read(buffer, 0, wanted, offset) : { bytesRead: 0 };
    // `length`: the bytes `data` stands for, which is where the next read starts
    // (the text's own UTF-8 length differs wherever the file is not UTF-8).
    let covered = wholeCharacters(buffer.subarray(0, bytesRead));
    if (covered === 0 && bytesRead === length && length < 4) covered = bytesRead; // asked for less than one character
    return { status: 200, body: { data: buffer.subarray(0, covered).toString('utf8'), offset, length: covered } };
  } finally {
    await handle.close();
  }
}
