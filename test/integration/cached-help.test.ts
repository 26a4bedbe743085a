// --help and --version come from text rendered at build time (dist/help.json,
// bin/cached-help.cjs): each program's cached answer must be the one its yargs
// gives live (MESOS_CACHED_HELP=off), in a pipe and in a terminal of each width.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import test from 'ava';

import { HELP_WIDTHS, helpWidth } from '../../src/flags/help-width.js';

const BIN_DIR = new URL('../../bin/', import.meta.url).pathname;
const texts = JSON.parse(readFileSync(new URL('../../dist/help.json', import.meta.url), 'utf8')) as Record<string, Record<string, Record<string, string>>>;
const cachedHelp = createRequire(import.meta.url)('../../bin/cached-help.cjs') as { helpWidth(columns: number | undefined): number };

function run(program: string, line: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(`${BIN_DIR}${program}`, line, { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The program run in a terminal `columns` wide (script(1) gives it a pty). */
function inTerminal(program: string, line: string[], columns: number, env = '') {
  const command = `stty cols ${columns} rows 40; ${env} ${BIN_DIR}${program} ${line.join(' ')}`;
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout.replaceAll('\r\n', '\n') };
}

test('every program and command has its help and version cached', (t) => {
  t.deepEqual(Object.keys(texts).sort(), ['mesos-agent', 'mesos-containerizer', 'mesos-execute', 'mesos-master']);
  for (const program of Object.keys(texts)) {
    t.regex(texts[program]!['--version']!['110']!, /^\d+\.\d+\.\d+\n$/);
    t.true(Object.keys(texts[program]!).includes('--help'), program);
  }
  t.true(['launch --help', 'destroy --help', 'modules list --help'].every((line) => line in texts['mesos-containerizer']!));
});

for (const [program, lines] of Object.entries(texts)) {
  test(`${program}: the cached answers are yargs's own, in a pipe`, (t) => {
    for (const line of Object.keys(lines)) {
      const words = line.split(' ');
      const live = run(program, words, { MESOS_CACHED_HELP: 'off' });
      const cached = run(program, words);
      t.is(live.status, 0, line);
      t.deepEqual(cached, live, line);
      t.is(cached.stdout, lines[line]!['110'], `${line}: a pipe gets the widest text`);
    }
  });
}

test('in a terminal, the text of its width (80 or 110 columns), as yargs renders it there', (t) => {
  for (const columns of [80, 95, 132]) {
    for (const [program, line] of [['mesos-containerizer', ['launch', '--help']], ['mesos-agent', ['--help']]] as const) {
      const cached = inTerminal(program, [...line], columns);
      const live = inTerminal(program, [...line], columns, 'MESOS_CACHED_HELP=off');
      t.is(cached.status, 0);
      t.is(cached.stdout, live.stdout, `${program} ${line.join(' ')} at ${columns} columns`);
      t.is(cached.stdout, texts[program]![line.join(' ')]![String(helpWidth(columns))], 'the cached text was used');
    }
  }
});

test('a line that was not rendered ahead is answered by yargs', (t) => {
  const result = run('mesos-containerizer', ['launch', '--detach', '--help']);
  t.is(result.status, 0);
  t.is(result.stdout, texts['mesos-containerizer']!['launch --help']!['110']);
  const unknown = run('mesos-containerizer', ['nosuchcommand', '--help']);
  t.is(unknown.status, 2);
  t.regex(unknown.stderr, /unknown command 'nosuchcommand'/);
});

test("bin/ snaps a terminal's width to the rendered ones exactly as the programs' yargs does", (t) => {
  t.deepEqual([...HELP_WIDTHS], [110, 80]);
  for (const columns of [undefined, 0, 1, 40, 79, 80, 81, 109, 110, 111, 300]) t.is(cachedHelp.helpWidth(columns), helpWidth(columns), String(columns));
});
