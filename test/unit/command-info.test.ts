import test from 'ava';

import { commandArgv, parseCommandInfo } from '../../src/mesos/command-info.js';

test('a shell command runs under /bin/sh -c, shell being the default', (t) => {
  const command = parseCommandInfo('{"value":"echo $HOME"}');
  t.deepEqual(command, { value: 'echo $HOME', shell: true });
  t.deepEqual(commandArgv(command), { program: '/bin/sh', argv0: 'sh', args: ['-c', 'echo $HOME'] });
});

test('without shell, value is the program and arguments its whole argv', (t) => {
  const command = parseCommandInfo({ value: '/bin/echo', shell: false, arguments: ['echo', 'a b', '$(x)'] });
  t.deepEqual(commandArgv(command), { program: '/bin/echo', argv0: 'echo', args: ['a b', '$(x)'] });
  t.deepEqual(commandArgv({ value: 'true', shell: false }), { program: 'true', argv0: 'true', args: [] });
});

test('environment, user and uris are read; unknown keys are ignored', (t) => {
  const command = parseCommandInfo({
    value: 'x',
    environment: { variables: [{ name: 'A', value: '1' }, { name: 'B', value: '' }] },
    user: 'nobody',
    uris: [{ value: 'http://example/a.tgz', extract: true, executable: false, output_file: 'a' }],
    container: { ignored: true },
  });
  t.deepEqual(command.environment?.variables, [{ name: 'A', value: '1' }, { name: 'B', value: '' }]);
  t.is(command.user, 'nobody');
  t.deepEqual(command.uris, [{ value: 'http://example/a.tgz', extract: true, executable: false, output_file: 'a' }]);
});

const invalid: Array<[unknown, RegExp]> = [
  ['{nope', /not valid JSON/],
  ['[1]', /'\(top level\)' must be a JSON object/],
  [{}, /'value' is required: the shell command is not specified/],
  [{ shell: false }, /'value' is required: the executable path is not specified/],
  [{ value: 1 }, /'value' must be a string/],
  [{ value: 'x', shell: 'yes' }, /'shell' must be true or false/],
  [{ value: 'x', arguments: ['a', 2] }, /'arguments\[1\]' must be a string/],
  [{ value: 'x', environment: { variables: [{ name: 'A' }] } }, /'environment.variables\[0\].value' is required/],
  [{ value: 'x', environment: { variables: [{ name: 'A=B', value: '' }] } }, /must not contain '='/],
  [{ value: 'x', uris: [{}] }, /'uris\[0\].value' is required/],
];
for (const [input, message] of invalid) {
  test(`rejects ${JSON.stringify(input)}`, (t) => {
    const error = t.throws(() => parseCommandInfo(input), { message });
    t.is((error as { code?: string }).code, 'INVALID_COMMAND');
  });
}
