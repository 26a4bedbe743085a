// The floor of any Node CLI that starts a container: Node itself, plus
// child_process spawning the init stub with a status pipe, and nothing else.
const [stub, ...args] = process.argv.slice(2);
const child = require('node:child_process').spawn(stub, args, { stdio: ['inherit', 'inherit', 'inherit', 'pipe'], detached: true });
child.stdio[3].resume();
child.on('close', (code) => {
  process.exitCode = code;
});
