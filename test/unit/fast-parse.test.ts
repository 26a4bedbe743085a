// The fast parser must agree with yargs wherever it answers, and decline
// (so yargs answers) wherever it is unsure.
import test from 'ava';

import { fastParse } from '../../src/flags/fast-parse.js';
import { COMMANDS } from '../../src/cli/spec.js';
import { yargsParse } from '../../src/cli/yargs-cli.js';

const agree: string[][] = [
  ['launch', '--container_id=a', '--', 'sleep', '1'],
  ['launch', '--container_id', 'a', '--detach', '--', 'true'],
  ['launch', '--container_id=a', '--no-detach', '--command={"value":"x"}'],
  ['launch', '--container_id=a', '--detach=false', '--command={"value":"x"}'],
  ['launch', '--container_id=a', '--env=A=1', '--env', 'B=2=3', '--isolation=posix', '--', 'env'],
  ['launch', '--container_id=a', '--user=nobody', '--work_dir=/w', '--runtime_dir=/r', '--cgroups_root=x/y', '--cgroups_hierarchy=v1', '--', 'a', '--b', '-c'],
  ['launch', '--container_id=a', '--isolation=posix,linux/capabilities', '--effective_capabilities=', '--bounding_capabilities=CHOWN,KILL', '--', 'id'],
  ['destroy', '--container_id=a', '--timeout=2.5'],
  ['destroy', '--container_id=a', '--timeout', '7'],
  ['status', '--container_id=a', '--log_level=debug'],
  ['list'],
  ['list', '--json'],
  ['ps', '--container_id=a', '--json=true'],
  ['wait', '--container_id=a'],
];

for (const argv of agree) {
  test(`fast and yargs agree on: ${argv.join(' ')}`, async (t) => {
    const fast = fastParse(COMMANDS[argv[0]!]!, argv.slice(1));
    t.truthy(fast, 'the fast parser answers');
    const slow = await yargsParse(argv);
    t.deepEqual(fast, slow?.args);
  });
}

const declined: string[][] = [
  ['launch', '--help'],
  ['launch', '--container_id=a', 'stray', '--', 'true'],
  ['launch', '--bogus=1', '--container_id=a'],
  ['launch', '--container_id='],
  ['launch', '--detach'],
  ['launch', '--container_id=a', '--cgroups_hierarchy=v3'],
  ['destroy', '--container_id=a', '--timeout=soon'],
  ['status', '--container_id'],
  ['status', '-c', 'a'],
  ['list', '--', 'x'],
  ['launch', '--container_id=a', '--container_id=b', '--', 'true'],
];

for (const argv of declined) {
  test(`the fast parser declines: ${argv.join(' ')}`, (t) => {
    t.is(fastParse(COMMANDS[argv[0]!]!, argv.slice(1)), undefined);
  });
}

test('yargs names the problem in what the fast parser declined', async (t) => {
  await t.throwsAsync(yargsParse(['launch', '--container_id=a', 'stray', '--', 'true']), { message: /unexpected argument 'stray': put the program after '--'/ });
  await t.throwsAsync(yargsParse(['destroy', '--container_id=a', '--timeout=soon']), { message: /--timeout needs a number/ });
  await t.throwsAsync(yargsParse(['status']), { message: /Missing required argument: container_id/ });
  await t.throwsAsync(yargsParse(['launch', '--container_id=a', '--cgroups_hierarchy=v3']), { message: /Invalid values/ });
  await t.throwsAsync(yargsParse(['launch', '--container_id=a', '--container_id=b', '--', 'true']), { message: /--container_id was given more than once/ });
});
