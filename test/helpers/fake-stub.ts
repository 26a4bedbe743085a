// The fake init stub: the processes the real one makes (monitor, init, and
// the task once released), in the fake process table, following the same
// contract: the init waits for release; it exits with the task; the monitor
// writes termination.json when the init is gone, then exits.
import { existsSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import { deferred, quietly } from '../../src/launcher/deferred.js';
import { LaunchError } from '../../src/launcher/errors.js';
import type { ForkRequest, ForkedContainer, StubTermination } from '../../src/launcher/linux-launcher.js';
import type { ErrorEvent } from '../../src/launcher/status-events.js';
import type { Exit, FakeHost } from './fake-host.js';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function options(args: string[], name: string): string[] {
  return args.flatMap((a, i) => (a === name ? [args[i + 1]!] : []));
}

export async function startFakeStub(host: FakeHost, request: ForkRequest): Promise<ForkedContainer> {
  const { args, containerId } = request;
  const exitFile = option(args, '--exit-file');
  const program = args[args.indexOf('--') + 1] ?? '?';
  const unsharePid = args.includes('--unshare-pid');
  const pidns = unsharePid ? host.newPidNamespace() : undefined;
  const cgroup = option(args, '--clone-into-cgroup') ?? options(args, '--cgroup')[0];

  const running = deferred<void>();
  const exited = deferred<StubTermination>();
  quietly(running.promise);
  let released = false;
  let settled = false;
  let error: ErrorEvent | undefined;
  let detached = false;

  const monitor = host.spawn({ ppid: host.self().pid, comm: 'mesos-containerizer-init' });
  const init = host.spawn({ ppid: monitor.pid, comm: 'mesos-containerizer-init', ...(cgroup && { cgroup }), ...(pidns && { pidns, nsInit: true }), subreaper: !pidns });
  const finish = (termination: StubTermination): void => {
    if (settled || detached) return; // a launcher that detached has stopped listening
    settled = true;
    running.reject(new LaunchError(containerId, 'monitor', undefined, `container '${containerId}': the init stub ended before the task started`));
    exited.resolve(termination);
  };
  init.onExit = (exit: Exit) => {
    if (!host.alive(monitor.pid)) return;
    if (exitFile && existsSync(dirname(exitFile))) {
      const record = { ...exit, finished_at: host.now(), ...(error && { error: { stage: error.stage, errno: error.errno, message: error.message } }) };
      writeFileSync(exitFile, `${JSON.stringify(record)}\n`);
    }
    host.exit(monitor.pid, { exit_code: exit.exit_code ?? 0, signal: null });
    finish({ ...exit, ...(error && { error }) });
  };
  monitor.onExit = () => finish({ exit_code: null, signal: null });

  let task: ReturnType<FakeHost['spawn']> | undefined;
  const forked: ForkedContainer = {
    monitorPid: monitor.pid,
    signalMonitor: (signal: NodeJS.Signals) => {
      host.calls.push(`forward ${signal} ${containerId}`);
      if (task && host.alive(task.pid)) host.exit(task.pid, { exit_code: null, signal: 15 });
    },
    monitorIdentity: { pid: monitor.pid, startTime: monitor.startTime },
    init: { event: 'init', pid: init.pid, start_time: init.startTime, pid_ns: pidns ?? 4026531836, new_pid_ns: unsharePid },
    running: running.promise,
    exited: exited.promise,
    release: () => {
      host.calls.push(`release ${containerId}`);
      if (released || !host.alive(init.pid)) return;
      released = true;
      if (host.stubBehaviour === 'exec-fails') {
        error = { event: 'error', stage: 'exec', errno: 2, code: 'ENOENT', status: 127, message: `cannot execute '${program}': No such file or directory` };
        running.reject(new LaunchError(containerId, 'exec', 'ENOENT', `container '${containerId}': ${error.message}`));
        host.exit(init.pid, { exit_code: 127, signal: null });
        return;
      }
      task = host.spawn({ ppid: init.pid, comm: program, ...(cgroup && { cgroup }), ...(pidns && { pidns }) });
      task.onExit = (exit) => host.exit(init.pid, exit);
      running.resolve();
    },
    abort: () => {
      host.calls.push(`abort ${containerId}`);
      if (released || !host.alive(init.pid)) return;
      error = { event: 'error', stage: 'sync', errno: 0, code: '', status: 125, message: 'the launcher went away before releasing the container' };
      host.exit(init.pid, { exit_code: 125, signal: null });
    },
    detach: () => {
      detached = true;
    },
  };
  return forked;
}

/** The task of a fake container: its pid, once released. */
export function fakeTask(host: FakeHost, init: number): number | undefined {
  return [...host.processes.values()].find((p) => p.ppid === init && p.comm !== 'mesos-containerizer-init')?.pid;
}
