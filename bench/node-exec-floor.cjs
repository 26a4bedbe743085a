// The floor of a Node CLI that hands over to the init stub: Node itself,
// koffi loaded, and an execve of the stub, nothing else.
const koffi = require(`@koromix/koffi-linux-${process.arch}/linux_${process.arch}/koffi.node`);
const libc = koffi.load(null);
const execve = libc.func('int execve(const char *path, const char **argv, const char **envp)');
const fcntl = libc.func('int fcntl(int fd, int cmd, ...)');
for (const fd of [0, 1, 2]) fcntl(fd, 2 /* F_SETFD */, 'int', 0); // Node marks stdio close-on-exec
const [stub, ...args] = process.argv.slice(2);
execve(stub, [stub, ...args, null], [null]);
process.exitCode = 125;
