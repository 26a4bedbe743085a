// The Node half's command line, runc's flag syntax: what exec and update
// take, and the errors for what they do not.
import test from 'ava';

import { parseFlags } from '../../src/oci/cli/flags.js';
import { parseSize } from '../../src/oci/commands/update.js';

const specs = [
  { name: 'process', short: 'p', takesValue: true },
  { name: 'detach', short: 'd', takesValue: false },
  { name: 'env', short: 'e', takesValue: true, repeatable: true },
];

test('--name value, --name=value, -n value, -nvalue, booleans, repeats', (t) => {
  const parsed = parseFlags('exec', ['--process', 'a.json', '-d', '-e', 'A=1', '--env=B=2', '-eC=3', 'c1'], specs);
  t.deepEqual(parsed.values.get('process'), ['a.json']);
  t.deepEqual(parsed.values.get('env'), ['A=1', 'B=2', 'C=3']);
  t.true(parsed.booleans.has('detach'));
  t.deepEqual(parsed.positional, ['c1']);
});

test('flags end at the first positional: the command keeps its own', (t) => {
  const parsed = parseFlags('exec', ['-d', 'c1', 'sh', '-c', 'echo -e'], specs);
  t.deepEqual(parsed.positional, ['c1', 'sh', '-c', 'echo -e']);
  t.deepEqual(parseFlags('exec', ['--detach=false', '--', '-weird-id'], specs).positional, ['-weird-id']);
  t.false(parseFlags('exec', ['--detach=false', 'c'], specs).booleans.has('detach'));
});

test('an unknown flag, a missing value, a repeated single flag: usage errors naming the flag', (t) => {
  t.throws(() => parseFlags('exec', ['--bogus', 'c1'], specs), { message: "exec: unknown flag '--bogus'", code: 'USAGE' } as never);
  t.throws(() => parseFlags('exec', ['--process'], specs), { message: "exec: flag '--process' needs a value" });
  t.throws(() => parseFlags('exec', ['-p', 'a', '-p', 'b', 'c'], specs), { message: "exec: flag '--process' is given twice" });
  t.throws(() => parseFlags('exec', ['--detach=yes', 'c'], specs), { message: "exec: flag '--detach' takes no value" });
});

test('update sizes: bytes, k/m/g/t suffixes, -1 for unlimited', (t) => {
  t.deepEqual(['1024', '512m', '1g', '2K', '-1', '64mb'].map((s) => parseSize(s, 'memory')), [1024, 512 * 2 ** 20, 2 ** 30, 2048, -1, 64 * 2 ** 20]);
  t.throws(() => parseSize('lots', 'memory'), { message: "update: --memory 'lots' is not a number or a size like 512m" });
});
