// An OCI Process to plan words (create's init and exec's process alike):
// the program and its environment are data until the final execve; names
// (capabilities, rlimits) become kernel numbers here.
import { CAPABILITY_NUMBERS } from '../../mesos/capabilities.js';
import type { OciCapabilities, OciProcess } from '../schema/process.js';
import { OciConfigError, OciUnsupportedError } from '../errors.js';
import { RLIMITS } from './linux-constants.js';
import type { PlanWords } from './words.js';

/**
 * Capability names to numbers. A name this runtime does not know is left
 * out with a warning, as runc does: a config written for a newer kernel
 * (or with a typo) still runs, with fewer privileges, never more.
 */
function capabilityNumbers(names: readonly string[] | undefined, field: string, warn: (w: string) => void): string {
  const numbers: number[] = [];
  for (const written of names ?? []) {
    const name = written.toUpperCase().replace(/^CAP_/, '');
    if (Object.hasOwn(CAPABILITY_NUMBERS, name)) numbers.push(CAPABILITY_NUMBERS[name]!);
    else warn(`${field}: unknown capability '${written}' left out`);
  }
  return [...new Set(numbers)].sort((a, b) => a - b).join(',');
}

function capabilityWords(caps: OciCapabilities, words: PlanWords, file: string, field: string, warn: (w: string) => void): void {
  const set = (name: keyof OciCapabilities): string => capabilityNumbers(caps[name], `${file}: ${field}.${name}`, warn);
  words.add('--caps', set('bounding'), set('effective'), set('permitted'), set('inheritable'), set('ambient'));
}

function environmentWords(env: readonly string[], words: PlanWords, file: string, field: string): void {
  env.forEach((entry, i) => {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new OciConfigError(file, `${field}.env[${i}]: '${entry}' is not NAME=VALUE`);
    words.add('--env', entry);
  });
}

/** 2^64-1 (RLIM_INFINITY) comes out of JSON.parse as 2^64. */
const u64 = (n: number): bigint => (BigInt(n) > 0xffffffffffffffffn ? 0xffffffffffffffffn : BigInt(n));

function rlimitWords(process: OciProcess, words: PlanWords, file: string, field: string): void {
  const seen = new Set<string>();
  (process.rlimits ?? []).forEach((rlimit, i) => {
    const resource = Object.hasOwn(RLIMITS, rlimit.type) ? RLIMITS[rlimit.type] : undefined;
    if (resource === undefined) throw new OciUnsupportedError(file, `${field}.rlimits[${i}].type: unknown rlimit '${rlimit.type}'`);
    if (seen.has(rlimit.type)) throw new OciConfigError(file, `${field}.rlimits[${i}]: ${rlimit.type} is given twice`);
    if (rlimit.soft > rlimit.hard) throw new OciConfigError(file, `${field}.rlimits[${i}]: ${rlimit.type} soft limit ${rlimit.soft} is above its hard limit ${rlimit.hard}`);
    seen.add(rlimit.type);
    words.add('--rlimit', resource, u64(rlimit.soft), u64(rlimit.hard));
  });
}

function appArmorEnabled(read: (path: string) => string): boolean {
  try {
    return read('/sys/module/apparmor/parameters/enabled').trim() === 'Y';
  } catch {
    return false;
  }
}

export interface ProcessPlanOptions {
  file: string;
  /** "process" in config.json, "" in a process.json */
  field: string;
  readFile: (path: string) => string;
  warn: (warning: string) => void;
}

export function processWords(process: OciProcess, words: PlanWords, { file, field, readFile, warn }: ProcessPlanOptions): void {
  const at = (name: string): string => (field ? `${field}.${name}` : name);
  if (!process.args?.length) throw new OciConfigError(file, `${at('args')}: the process needs a program (args is empty)`);
  if (!process.cwd.startsWith('/')) throw new OciConfigError(file, `${at('cwd')}: '${process.cwd}' is not an absolute path`);
  if (process.apparmorProfile)
    throw new OciUnsupportedError(file, `${at('apparmorProfile')}: '${process.apparmorProfile}' cannot be applied: ${appArmorEnabled(readFile) ? 'AppArmor profiles are not supported yet' : 'AppArmor is not enabled on this host'}`);
  if (process.oomScoreAdj !== undefined && (process.oomScoreAdj < -1000 || process.oomScoreAdj > 1000))
    throw new OciConfigError(file, `${at('oomScoreAdj')}: ${process.oomScoreAdj} is not between -1000 and 1000`);
  words.add('--cwd', process.cwd);
  if (process.terminal) words.add('--terminal');
  // always: the supplementary groups are the process's, not the caller's
  const user = process.user;
  words.add('--user', user?.uid ?? 0, user?.gid ?? 0);
  if (user?.additionalGids?.length) words.add('--groups', user.additionalGids.join(','));
  if (user?.umask !== undefined) words.add('--umask', user.umask);
  if (process.capabilities) capabilityWords(process.capabilities, words, file, at('capabilities'), warn);
  if (process.noNewPrivileges) words.add('--no-new-privs');
  rlimitWords(process, words, file, field || 'process');
  if (process.oomScoreAdj !== undefined) words.add('--oom-score-adj', process.oomScoreAdj);
  environmentWords(process.env ?? [], words, file, field || 'process');
}

export function programWords(process: OciProcess, words: PlanWords): void {
  words.add('--', ...(process.args ?? []));
}
