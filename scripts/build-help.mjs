#!/usr/bin/env node
// Renders every --help and --version line of the four programs ahead of
// time, at each width of HELP_WIDTHS, into dist/help.json: bin/cached-help.cjs
// prints them without loading yargs (~70 ms) or the program. Each text is
// what the program's own yargs parser prints for that line, caught here in
// one process (yargs ends the process after help: its exit is turned into a
// throw); test/integration/cached-help.test.ts holds the programs' cached
// and live answers equal.
import { writeFileSync } from 'node:fs';

import { parseAgentArgs } from '../dist/src/agent/cli/parse-args.js';
import { COMMANDS } from '../dist/src/cli/spec.js';
import { yargsParse } from '../dist/src/cli/yargs-cli.js';
import { EXECUTE_PROGRAM } from '../dist/src/execute/main.js';
import { HELP_WIDTHS } from '../dist/src/flags/help-width.js';
import { parseFlags } from '../dist/src/flags/parse-flags.js';
import { MASTER_PROGRAM } from '../dist/src/master/cli/main.js';

const TOP = [['--help'], ['--version']];
const PROGRAMS = {
  'mesos-containerizer': {
    parse: yargsParse,
    lines: [...TOP, ...Object.entries(COMMANDS).flatMap(([name, spec]) => [[name, '--help'], ...Object.keys(spec.subcommands ?? {}).map((sub) => [name, sub, '--help'])])],
  },
  'mesos-agent': { parse: parseAgentArgs, lines: TOP },
  'mesos-master': { parse: (argv) => parseFlags(MASTER_PROGRAM, argv), lines: TOP },
  'mesos-execute': { parse: (argv) => parseFlags(EXECUTE_PROGRAM, argv), lines: TOP },
};

class Exited extends Error {
  constructor(code) {
    super(`exit ${code}`);
    this.code = code;
  }
}

/** What `parse(line)` prints to stdout before it ends the process with 0. */
async function render(parse, line, width) {
  let text = '';
  const { write } = process.stdout;
  const { exit } = process;
  Object.defineProperty(process.stdout, 'columns', { value: width, configurable: true });
  process.stdout.write = (chunk) => ((text += chunk), true);
  process.exit = (code) => {
    throw new Exited(code);
  };
  try {
    await parse(line);
  } catch (error) {
    if (!(error instanceof Exited) || error.code !== 0) throw new Error(`${line.join(' ')}: ${error}`);
    return text;
  } finally {
    process.stdout.write = write;
    process.exit = exit;
  }
  throw new Error(`${line.join(' ')}: yargs did not answer it and end`);
}

const texts = {};
let count = 0;
for (const [program, { parse, lines }] of Object.entries(PROGRAMS)) {
  texts[program] = {};
  for (const line of lines) {
    const rendered = (texts[program][line.join(' ')] = {});
    for (const width of HELP_WIDTHS) {
      rendered[width] = await render(parse, line, width);
      count++;
    }
  }
}
writeFileSync('dist/help.json', `${JSON.stringify(texts)}\n`);
console.log(`build-help: ${count} texts in dist/help.json`);
// (Some module of the programs leaves a handle open: nothing more to wait for.)
process.exit(0);
