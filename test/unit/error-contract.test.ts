// The error contract (src/error-codes.ts) is the whole truth: every code
// raised in src/ is listed, every listed code is raised, the CLI's exit
// codes come from it, and the README's table is the one it renders.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

import test from 'ava';

import { exitCodeFor } from '../../src/cli/exit-codes.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { ERROR_CODES } from '../../src/error-codes.js';
import { ContainerizerError, InvalidInputError } from '../../src/errors.js';
import { LaunchError } from '../../src/launcher/errors.js';
import { REASONS } from '../../src/mesos/reason.js';
import { SOURCES } from '../../src/mesos/source.js';
import { TASK_STATES } from '../../src/mesos/task-state.js';
import { ToAgentSchema } from '../../src/mesos/wire/to-agent.js';
import { ToMasterSchema } from '../../src/mesos/wire/to-master.js';
import { renderExitCodes, withExitCodes } from '../../scripts/error-table.js';

const root = new URL('../../', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Words in SCREAMING_SNAKE that are not error codes: the Mesos protocol's
 * own vocabulary (task states, reasons, sources, the wire's message types)
 * and environment variable names (MESOS_*).
 */
const PROTOCOL_WORDS = new Set<string>([
  ...TASK_STATES,
  ...REASONS,
  ...SOURCES,
  ...[ToAgentSchema, ToMasterSchema].flatMap((union) => union.def.options.flatMap((message) => message.def.shape.type.def.values)),
]);
const notACode = (word: string): boolean => PROTOCOL_WORDS.has(word) || word.startsWith('MESOS_');

/** Code-like literals: SCREAMING_SNAKE ones anywhere, and one-word ones given to an error's constructor. */
function raisedCodes(): Map<string, string> {
  const found = new Map<string, string>();
  const files = [...sources(join(root, 'src')), ...sources(join(root, 'native-bindings'))].filter((f) => !f.endsWith('error-codes.ts'));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const where = relative(root, file);
    for (const match of text.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) if (!notACode(match[1]!)) found.set(match[1]!, where);
    for (const match of text.matchAll(/(?:Error|super|refuse|fail)\('([A-Z][A-Z0-9]*)'/g)) found.set(match[1]!, where);
  }
  return found;
}

test('every code raised in src/ is in the contract', (t) => {
  const raised = raisedCodes();
  t.true(raised.size > 50, `the scan finds the codes (${raised.size})`);
  const missing = [...raised].filter(([code]) => !Object.hasOwn(ERROR_CODES, code)).map(([code, file]) => `${code} (${file})`);
  t.deepEqual(missing, [], 'add these to src/error-codes.ts, with their meaning and kind');
});

test('every code in the contract is raised somewhere', (t) => {
  const raised = raisedCodes();
  t.deepEqual(Object.keys(ERROR_CODES).filter((code) => !raised.has(code)), [], 'remove these from src/error-codes.ts, or raise them');
});

test("the README's exit-code tables are the ones the contract renders (npm run docs:errors)", (t) => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  t.true(readme.includes(renderExitCodes()));
  t.is(withExitCodes(readme), readme);
  const codeRows = readme.split('\n').filter((line) => /^\| `[A-Z_]+` \|/.test(line));
  t.is(codeRows.length, Object.keys(ERROR_CODES).length);
});

test('exit codes come from the contract, per command', (t) => {
  const usage = new InvalidInputError('INVALID_DIRECTORY', 'x');
  t.deepEqual(['launch', 'enter', 'status', 'destroy'].map((c) => exitCodeFor(usage, c)), [125, 2, 2, 2]);
  t.deepEqual(['launch', 'enter', 'status'].map((c) => exitCodeFor(new UsageError('x'), c)), [125, 2, 2]);
  const failure = new ContainerizerError('UNKNOWN_CONTAINER', 'x');
  t.deepEqual(['launch', 'enter', 'wait'].map((c) => exitCodeFor(failure, c)), [125, 1, 1]);
  const notFound = new LaunchError('c', 'exec', 'ENOENT', 'x');
  t.deepEqual(['launch', 'enter', 'status'].map((c) => exitCodeFor(notFound, c)), [127, 127, 1]);
  t.deepEqual(['launch', 'enter'].map((c) => exitCodeFor(new LaunchError('c', 'exec', 'EACCES', 'x'), c)), [126, 126]);
  t.is(exitCodeFor(new LaunchError('c', 'oom', 'ENOENT', 'x'), 'launch'), 125);
  t.is(new LaunchError('c', 'oom', 'ENOENT', 'x').code, 'OOM_WATCH_FAILED');
  // Not ours: an errno from Node, or nothing.
  t.deepEqual([exitCodeFor(Object.assign(new Error('x'), { code: 'ENOSPC' }), 'gc'), exitCodeFor('text', 'launch')], [1, 125]);
});
