// The run directory: <runtime_dir>/containers/<id>/, one entry per container,
// so that any process (another CLI, a restarted agent) can find it.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { errnoCode } from '../../errors.js';
import type { Host } from '../../host/host.js';
import type { Limitation } from '../../isolators/isolator.js';
import { UnknownContainerError } from '../errors.js';
import { CLAIM_PREFIX, claimEntry } from './claim.js';
import { writeFileAtomically } from './durable-write.js';
import type { EntryLock } from './entry-lock.js';
import { lockEntry } from './entry-lock.js';
import type { Parsed } from './record-schemas.js';
import { parseContainerState, parseTermination } from './record-schemas.js';
import type { ContainerState, TerminationRecord } from './records.js';

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * For the files that are usually absent (destroyed.json, limitation.json,
 * termination.json while a container runs): absent is answered without a
 * thrown ENOENT, whose Error and stack cost more than the read. Absent also
 * when a path component is not a directory (a torn entry).
 */
function readOptionalText(path: string): string | undefined {
  return existsSync(path) ? readText(path) : undefined;
}

const WRITTEN_KEPT = 4096;

export class RunDirectory {
  readonly root: string;
  /**
   * The record this process last wrote, by id: read back unchanged, it needs
   * no schema check (we made it); any other text (another process wrote
   * since, or a torn file) is checked as always.
   */
  private readonly written = new Map<string, string>();

  constructor(runtimeDir: string) {
    this.root = join(runtimeDir, 'containers');
  }

  dir(id: string): string {
    return join(this.root, id);
  }

  file(id: string, name: 'state.json' | 'termination.json' | 'destroyed.json' | 'limitation.json'): string {
    return join(this.dir(id), name);
  }

  terminationFile(id: string): string {
    return this.file(id, 'termination.json');
  }

  /**
   * Claims the id with its first record, written durably, and returns the
   * entry's lock, held. Throws CONTAINER_EXISTS when the id has an entry.
   */
  claim(host: Host, state: ContainerState, deadline: number): Promise<EntryLock> {
    return claimEntry(this.root, host, state, deadline);
  }

  lock(host: Host, id: string, deadline: number, holder: () => string): Promise<EntryLock | undefined> {
    return lockEntry(host, this.dir(id), id, deadline, holder);
  }

  /** The record, or what is wrong with it. Throws UNKNOWN_CONTAINER when there is no entry. */
  readState(id: string): Parsed<ContainerState> {
    let text: string | undefined;
    try {
      text = readText(this.file(id, 'state.json'));
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOTDIR') return { problem: `${this.dir(id)} is not a directory` };
      return { problem: `state.json cannot be read (${code ?? String(error)})` };
    }
    if (text === undefined) {
      if (!this.exists(id)) throw new UnknownContainerError(id, this.root);
      return { problem: 'state.json is missing (the entry was not made by a launch, or was emptied)' };
    }
    if (this.written.get(id) === text) return { value: JSON.parse(text) as ContainerState };
    return parseContainerState(text, id);
  }

  /**
   * Durably, every time: a rename that is not fsynced may leave an empty
   * file after a power cut (on xfs, say), and this record is what names the
   * sandbox and cgroups to clean up. (On a tmpfs /run, fsync costs nothing.)
   */
  writeState(state: ContainerState): void {
    const id = state.containerId;
    const text = `${JSON.stringify(state)}\n`;
    this.written.delete(id);
    writeFileAtomically(this.file(id, 'state.json'), text, { durable: true, what: `the record of container '${id}'` });
    this.written.set(id, text);
    // Bounded: a process that launches and never forgets (a CLI loop) keeps the newest only.
    if (this.written.size > WRITTEN_KEPT) this.written.delete(this.written.keys().next().value!);
  }

  exists(id: string): boolean {
    try {
      readdirSync(this.dir(id));
      return true;
    } catch (error) {
      return errnoCode(error) === 'ENOTDIR'; // a stray file under the id: an entry, torn
    }
  }

  /** undefined: not written (yet). */
  readTermination(id: string): Parsed<TerminationRecord> | undefined {
    let text: string | undefined;
    try {
      text = readOptionalText(this.terminationFile(id));
    } catch (error) {
      return { problem: `termination.json cannot be read (${errnoCode(error) ?? String(error)})` };
    }
    return text === undefined ? undefined : parseTermination(text);
  }

  /** A destroy was requested: the file's presence says so, whatever it holds. */
  destroyRequested(id: string): boolean {
    try {
      return readOptionalText(this.file(id, 'destroyed.json')) !== undefined;
    } catch (error) {
      return errnoCode(error) !== 'ENOTDIR'; // there, but unreadable: asked for all the same
    }
  }

  requestDestroy(host: Host, id: string): void {
    if (this.destroyRequested(id)) return;
    writeFileAtomically(this.file(id, 'destroyed.json'), `${JSON.stringify({ requested_at: host.now() })}\n`, {
      durable: false,
      what: `the destroy request of container '${id}'`,
    });
  }

  readLimitation(id: string): Limitation | undefined {
    try {
      const text = readOptionalText(this.file(id, 'limitation.json'));
      const value = text === undefined ? undefined : (JSON.parse(text) as Partial<Limitation>);
      return typeof value?.resource === 'string' && typeof value.message === 'string' ? (value as Limitation) : undefined;
    } catch {
      return undefined; // unreadable: no limitation we could name
    }
  }

  writeLimitation(id: string, limitation: Limitation): void {
    writeFileAtomically(this.file(id, 'limitation.json'), `${JSON.stringify(limitation)}\n`, { durable: false, what: `the limitation of container '${id}'` });
  }

  /** Every entry: ids, whatever their record holds. */
  list(): string[] {
    return this.names().filter((name) => !name.startsWith('.'));
  }

  /** Hidden claim directories: a launch is making one now, or died making it. */
  claimsInProgress(): Array<{ path: string; pid: number }> {
    return this.names()
      .filter((name) => name.startsWith(CLAIM_PREFIX))
      .map((name) => ({ path: join(this.root, name), pid: Number(name.slice(CLAIM_PREFIX.length).split('-')[0]) }));
  }

  private names(): string[] {
    try {
      return readdirSync(this.root).sort();
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return [];
      throw error;
    }
  }

  remove(id: string): void {
    this.written.delete(id);
    rmSync(this.dir(id), { recursive: true, force: true });
  }
}
