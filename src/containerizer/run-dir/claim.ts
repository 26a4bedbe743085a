// Claiming an id: an entry appears whole. Its first record is written, and
// made durable, in a hidden directory, which is then renamed to the id
// without replacing anything (renameat2 RENAME_NOREPLACE): an entry never
// exists without the claim that made it, and of two launches of one id,
// exactly one gets it.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { renameNoReplace } from '../../../native-bindings/libc.js';
import { errnoCode } from '../../errors.js';
import type { Host } from '../../host/host.js';
import { ContainerExistsError } from '../errors.js';
import { syncDirectory, writeFileAtomically } from './durable-write.js';
import type { EntryLock } from './entry-lock.js';
import { inProcessTurn, lockNewEntry } from './entry-lock.js';
import { RecordWriteError } from './errors.js';
import type { ContainerState } from './records.js';

export const CLAIM_PREFIX = '.claim-';
let claims = 0;

/** Returns the new entry's lock, held. Throws CONTAINER_EXISTS when the id has an entry. */
export async function claimEntry(root: string, host: Host, state: ContainerState, deadline: number): Promise<EntryLock> {
  const id = state.containerId;
  const final = join(root, id);
  // Unique to this process (by pid) and to this claim in it; no crypto needed (and none loaded: it costs ms).
  const temporary = join(root, `${CLAIM_PREFIX}${process.pid}-${Date.now().toString(36)}-${claims++}`);
  try {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    mkdirSync(temporary, { mode: 0o700 });
  } catch (cause) {
    throw new RecordWriteError(root, 'the run directory', cause);
  }
  let lock: EntryLock | undefined;
  try {
    try {
      writeFileAtomically(join(temporary, 'state.json'), `${JSON.stringify(state)}\n`, { durable: true, what: `the record of container '${id}'` });
    } catch (error) {
      throw error instanceof RecordWriteError ? new RecordWriteError(join(final, 'state.json'), `the record of container '${id}'`, error.cause) : error;
    }
    const releaseTurn = await inProcessTurn(final, host, deadline, () => new ContainerExistsError(id, final));
    lock = await lockNewEntry(temporary, releaseTurn);
    try {
      renameNoReplace(temporary, final);
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'EEXIST' || code === 'ENOTEMPTY') throw new ContainerExistsError(id, final, { cause: error });
      throw new RecordWriteError(final, `the entry of container '${id}'`, error);
    }
    syncDirectory(root);
    return lock;
  } catch (error) {
    lock?.release();
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
}
