'use strict';
// What bin/mesos-agent, bin/mesos-master and bin/mesos-execute do: answer
// --help and --version from the build, else load the program's bundle
// (dist/programs, scripts/build-cli.mjs) and run its main(argv).
const path = require('node:path');

const { printCachedHelp } = require('./cached-help.cjs');

/** `exit`: end the process with main's code as soon as it resolves (the agent), rather than when nothing is left to do. */
module.exports = function runProgram(name, { exit = false } = {}) {
  const argv = process.argv.slice(2);
  if (printCachedHelp(name, argv)) process.exit(0);
  let program;
  try {
    program = require(path.join(__dirname, '../dist/programs', `${name}.cjs`));
  } catch (error) {
    process.stderr.write(`${name}: cannot load (run \`npm run build\`): ${error.message}\n`);
    process.exit(1);
  }
  program.main(argv).then((code) => {
    if (exit) process.exit(code);
    process.exitCode = code;
  });
};
