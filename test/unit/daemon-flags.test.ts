// The daemons' and mesos-execute's command lines: a well-formed one is read by
// the fast parser (no yargs to load), to the same values yargs gives; the rest
// falls to yargs, which names what is wrong.
import test from 'ava';

import { AGENT_FLAGS } from '../../src/agent/cli/flags.js';
import { parseAgentArgs, yargsParseAgentArgs } from '../../src/agent/cli/parse-args.js';
import { EXECUTE_PROGRAM } from '../../src/execute/main.js';
import { fastParse } from '../../src/flags/fast-parse.js';
import { parseFlags, yargsParseFlags } from '../../src/flags/parse-flags.js';
import { MASTER_PROGRAM } from '../../src/master/cli/main.js';

const agentLines = [
  ['--master=127.0.0.1:5050', '--work_dir=/var/lib/mesos'],
  ['--master', '10.0.0.1:5050', '--work_dir', '/w', '--port=5052', '--no-strict', '--recover=cleanup', "--resources=cpus:2;mem:1024"],
  ['--master=m:5050', '--work_dir=/w', '--isolation=namespaces/pid', '--switch_user=false', '--executor_shutdown_grace_period=3secs'],
];
const masterLines = [['--work_dir=/var/lib/mesos/master'], ['--work_dir', '/m', '--port=0', '--ip=0.0.0.0', '--log_level=debug', '--max_completed_tasks_per_framework=10']];
const executeLines = [
  ['--master=127.0.0.1:5050', '--name=hello', '--command=echo hello'],
  ['--master=m:1', '--name=n', '--command', 'sleep 1', '--checkpoint', "--resources=cpus:0.5;mem:64", '--user=nobody'],
];

for (const line of agentLines) {
  test(`mesos-agent: fast and yargs agree on ${line.join(' ')}`, async (t) => {
    const fast = fastParse({ flags: AGENT_FLAGS }, line);
    t.truthy(fast, 'the fast parser answers');
    t.deepEqual(fast, await yargsParseAgentArgs(line));
  });
}
for (const [program, lines] of [[MASTER_PROGRAM, masterLines], [EXECUTE_PROGRAM, executeLines]] as const) {
  for (const line of lines) {
    test(`${program.name}: fast and yargs agree on ${line.join(' ')}`, async (t) => {
      const fast = fastParse(program, line);
      t.truthy(fast, 'the fast parser answers');
      t.deepEqual(fast, await yargsParseFlags(program, line));
    });
  }
}

test('what the fast parser declines, yargs answers or names', async (t) => {
  t.is(fastParse(EXECUTE_PROGRAM, ['--master=m:1', '--name=a', '--name=b', '--command=true']), undefined);
  await t.throwsAsync(parseFlags(EXECUTE_PROGRAM, ['--master=m:1', '--name=a', '--name=b', '--command=true']), { message: /--name was given more than once/ });
  t.is(fastParse(MASTER_PROGRAM, ['--work_dir=/m', '--port=fifty']), undefined);
  await t.throwsAsync(parseFlags(MASTER_PROGRAM, ['--work_dir=/m', '--port=fifty']), { message: /--port needs a number/ });
  await t.throwsAsync(parseFlags(MASTER_PROGRAM, ['--work_dir=/m', '--log_level=loud']), { message: /Invalid values/ });
  await t.throwsAsync(parseFlags(EXECUTE_PROGRAM, ['--master=m:1', '--name=a']), { message: /Missing required argument: command/ });
  await t.throwsAsync(parseAgentArgs(['--master=m:1', '--work_dir=/w', '--bogus=1']), { message: /Unknown argument: bogus/ });
  await t.throwsAsync(parseAgentArgs(['--master=m:1', '--work_dir=/w', 'stray']), { message: /Unknown argument: stray/ });
});
