// The run directory: <runtime_dir>/containers/<id>/, one per container, so
// that any process (another CLI, a restarted agent) can find it.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { errnoCode } from '../errors.js';
import type { Limitation } from '../isolators/isolator.js';
import { ContainerExistsError, UnknownContainerError } from './errors.js';
import type { ContainerState, DestroyRecord, TerminationRecord } from './state.js';

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function writeJsonAtomically(path: string, value: unknown): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(value)}\n`);
  renameSync(temporary, path);
}

export class RunDirectory {
  readonly root: string;

  constructor(runtimeDir: string) {
    this.root = join(runtimeDir, 'containers');
  }

  dir(id: string): string {
    return join(this.root, id);
  }

  terminationFile(id: string): string {
    return join(this.dir(id), 'termination.json');
  }

  /** Claims the id: mkdir is atomic, so two launches of one id cannot both win. */
  create(id: string): void {
    mkdirSync(this.root, { recursive: true, mode: 0o700 });
    try {
      mkdirSync(this.dir(id), { mode: 0o700 });
    } catch (error) {
      if (errnoCode(error) === 'EEXIST') throw new ContainerExistsError(id, this.dir(id), { cause: error });
      throw error;
    }
  }

  writeState(state: ContainerState): void {
    writeJsonAtomically(join(this.dir(state.containerId), 'state.json'), state);
  }

  readState(id: string): ContainerState {
    const state = readJson<ContainerState>(join(this.dir(id), 'state.json'));
    if (!state) throw new UnknownContainerError(id, this.root);
    return state;
  }

  exists(id: string): boolean {
    return readJson<ContainerState>(join(this.dir(id), 'state.json')) !== undefined;
  }

  readTermination(id: string): TerminationRecord | undefined {
    return readJson<TerminationRecord>(this.terminationFile(id));
  }

  writeTermination(id: string, record: TerminationRecord): void {
    writeJsonAtomically(this.terminationFile(id), record);
  }

  readDestroyed(id: string): DestroyRecord | undefined {
    return readJson<DestroyRecord>(join(this.dir(id), 'destroyed.json'));
  }

  markDestroyed(id: string): void {
    if (!this.readDestroyed(id)) writeJsonAtomically(join(this.dir(id), 'destroyed.json'), { requested_at: Date.now() });
  }

  readLimitation(id: string): Limitation | undefined {
    return readJson<Limitation>(join(this.dir(id), 'limitation.json'));
  }

  writeLimitation(id: string, limitation: Limitation): void {
    writeJsonAtomically(join(this.dir(id), 'limitation.json'), limitation);
  }

  list(): string[] {
    try {
      return readdirSync(this.root).sort();
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return [];
      throw error;
    }
  }

  remove(id: string): void {
    rmSync(this.dir(id), { recursive: true, force: true });
  }
}
