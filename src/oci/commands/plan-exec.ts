// plan-exec -- [runc exec's flags] ID [COMMAND ARGS...]: the Node half of
// `exec`. The process comes from --process (an OCI Process), or from the
// command and flags on top of the container's own process. What the process
// does not say (capabilities, rlimits, no_new_privs) is the container's, as
// runc does. The answer on fd 3 starts with four words the front-end needs
// (id, pid file, detach, console socket), then the process plan.
import { readFileSync } from 'node:fs';

import { UsageError } from '../../cli/usage-error.js';
import { ContainerizerError, errnoCode, messageOf } from '../../errors.js';
import { OciConfigError } from '../errors.js';
import { processWords, programWords } from '../plan/process.js';
import { PlanWords } from '../plan/words.js';
import { writePlan } from '../plan/write-plan.js';
import { ConfigSchema } from '../schema/config.js';
import type { OciProcess } from '../schema/process.js';
import { ProcessSchema } from '../schema/process.js';
import { parseDocument } from '../schema/parse.js';
import { readStateRecord } from '../state-record.js';
import { one, parseFlags } from '../cli/flags.js';
import type { LogTarget } from '../log.js';
import { writeLog } from '../log.js';
import { PLAN_FD, readConfig } from './plan-create.js';

const FLAGS = [
  { name: 'process', short: 'p', takesValue: true },
  { name: 'detach', short: 'd', takesValue: false },
  { name: 'pid-file', takesValue: true },
  { name: 'console-socket', takesValue: true },
  { name: 'tty', short: 't', takesValue: false },
  { name: 'cwd', takesValue: true },
  { name: 'env', short: 'e', takesValue: true, repeatable: true },
  { name: 'user', short: 'u', takesValue: true },
  { name: 'additional-gids', short: 'g', takesValue: true, repeatable: true },
  { name: 'cap', short: 'c', takesValue: true, repeatable: true },
  { name: 'no-new-privs', takesValue: false },
  { name: 'apparmor', takesValue: true },
  { name: 'process-label', takesValue: true },
  { name: 'preserve-fds', takesValue: true },
  { name: 'ignore-paused', takesValue: false },
];

function containerProcess(root: string, id: string): OciProcess {
  const record = readStateRecord(root, id);
  if (record === undefined) throw new ContainerizerError('UNKNOWN_CONTAINER', `container ${id} does not exist`);
  const bundle = JSON.parse(/^bundle=(.*)$/m.exec(record)?.[1] ?? '""') as string;
  const { file, text } = readConfig(bundle);
  const config = parseDocument(ConfigSchema, text, file);
  if (!config.process) throw new OciConfigError(file, 'process: missing');
  return config.process;
}

function processFromFile(path: string): OciProcess {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new OciConfigError(path, errnoCode(cause) === 'ENOENT' ? 'no such file' : `cannot read it: ${messageOf(cause)}`, { cause });
  }
  return parseDocument(ProcessSchema, text, path);
}

function processFromFlags(base: OciProcess, parsed: ReturnType<typeof parseFlags>, command: string[]): OciProcess {
  if (!command.length) throw new UsageError('exec: no command given (a COMMAND after the id, or --process)');
  const env = [...(base.env ?? []), ...(parsed.values.get('env') ?? [])];
  const process: OciProcess = { ...base, args: command, env, terminal: parsed.booleans.has('tty') };
  const cwd = one(parsed, 'cwd');
  if (cwd) process.cwd = cwd;
  const user = one(parsed, 'user');
  if (user) {
    const [uid, gid] = user.split(':');
    if (!/^\d+$/.test(uid ?? '') || (gid !== undefined && !/^\d+$/.test(gid))) throw new UsageError(`exec: --user '${user}' is not UID[:GID]`);
    process.user = { ...base.user, uid: Number(uid), gid: gid === undefined ? 0 : Number(gid) };
  }
  const gids = parsed.values.get('additional-gids');
  if (gids) process.user = { ...(process.user ?? {}), additionalGids: gids.map(Number) };
  const caps = parsed.values.get('cap');
  if (caps && process.capabilities) {
    const add = (list?: string[]): string[] => [...new Set([...(list ?? []), ...caps])];
    const c = process.capabilities;
    process.capabilities = { bounding: add(c.bounding), effective: add(c.effective), permitted: add(c.permitted), inheritable: add(c.inheritable), ambient: add(c.ambient) };
  }
  if (parsed.booleans.has('no-new-privs')) process.noNewPrivileges = true;
  return process;
}

export function planExec(root: string, raw: readonly string[], log: LogTarget): void {
  const parsed = parseFlags('exec', raw, FLAGS);
  const [id, ...command] = parsed.positional;
  if (!id) throw new UsageError('exec: the container id is missing');
  if (one(parsed, 'preserve-fds') && one(parsed, 'preserve-fds') !== '0') throw new UsageError('exec: --preserve-fds is not supported yet');
  if (one(parsed, 'apparmor') || one(parsed, 'process-label')) throw new UsageError('exec: --apparmor and --process-label are not supported (no LSM support yet)');
  const base = containerProcess(root, id);
  const given = one(parsed, 'process');
  let process: OciProcess;
  if (given) {
    process = processFromFile(given);
    if (parsed.booleans.has('tty')) process.terminal = true;
    process.capabilities ??= base.capabilities;
    process.rlimits ??= base.rlimits;
    process.noNewPrivileges ??= base.noNewPrivileges;
  } else {
    process = processFromFlags(base, parsed, command);
  }
  const file = given ?? 'exec';
  const words = new PlanWords(file);
  words.add(id, one(parsed, 'pid-file') ?? '', parsed.booleans.has('detach') ? '1' : '0', one(parsed, 'console-socket') ?? '');
  processWords(process, words, { file, field: given ? '' : 'process', readFile: (p) => readFileSync(p, 'utf8'), warn: (w) => writeLog(log, 'warning', w) });
  programWords(process, words);
  writePlan(PLAN_FD, words.toBuffer());
}
