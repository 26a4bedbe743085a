// Errors as one line: the text helpers, the debug switch, and log records.
import test from 'ava';
import { execa } from 'execa';

import { debugRequested, errorLine } from '../../src/cli/error-output.js';
import { jsonErrorOf, messageOf, oneLine } from '../../src/errors.js';

test('oneLine joins lines with a space and shows other control characters escaped', (t) => {
  t.is(oneLine('  first\n  second\r\n\nthird\n'), 'first second third');
  t.is(oneLine('tab\tkept, bell\u0007 and escape\u001b[31m shown'), 'tab\tkept, bell\\x07 and escape\\x1b[31m shown');
  t.is(messageOf(new Error('a\nb')), 'a b');
  t.is(messageOf('plain'), 'plain');
  t.is(errorLine(new Error('x\ny')), 'mesos-containerizer: x y\n');
});

test("JSON.parse's complaint keeps its quoted input on one line, as \\n", (t) => {
  let cause: unknown;
  try {
    JSON.parse('garbage\nmore');
  } catch (error) {
    cause = error;
  }
  t.is(jsonErrorOf(cause), `Unexpected token 'g', "garbage\\nmore" is not valid JSON`);
});

test('--log_level=debug or trace asks for stack traces, from the raw words', (t) => {
  t.true(debugRequested(['status', '--log_level=debug']));
  t.true(debugRequested(['launch', '--log_level', 'trace', '--', 'x']));
  t.false(debugRequested(['launch', '--', 'prog', '--log_level=debug']), "the task's own arguments do not count");
  t.false(debugRequested(['status', '--log_level=info']));
});

const logOne = (level: string): Promise<string> =>
  execa(process.execPath, ['--import=tsx', '--input-type=module', '-e', `
    import { createLogger } from './src/log/logger.ts';
    createLogger('${level}').warn({ container: 'c', err: new Error('undo failed:\\nline two') }, 'undoing a failed launch step failed');
  `], { cwd: new URL('../../', import.meta.url).pathname, env: { NODE_EXTRA_CA_CERTS: '' } }).then((r) => String(r.stderr));

test('a log record carries an error as its one-line message, with its stack only at debug', async (t) => {
  const warn = await logOne('warn');
  t.is(warn.trim().split('\n').length, 1);
  t.like(JSON.parse(warn), { container: 'c', err: 'undo failed: line two', msg: 'undoing a failed launch step failed' });
  const debug = JSON.parse(await logOne('debug')) as { err: { stack: string } };
  t.regex(debug.err.stack, /^Error: undo failed:\nline two\n\s+at /);
});
