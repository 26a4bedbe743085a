// What a test process must undo should it end before its teardown: ava
// ends a worker that timed out with SIGTERM, Ctrl-C sends SIGINT, an
// uncaught exception exits at once. Its containers would outlive it (those
// of frameworks with checkpointing outlive their agent on purpose), its
// masters too. Each cleanup here is synchronous, runs once, and is dropped
// by the teardown that made it unneeded. (A process killed outright runs
// none: harness-sweep.ts's sweepStaleHarnesses is for that.)
const pending = new Set<() => void>();
let installed = false;

function runAll(): void {
  for (const cleanup of [...pending]) {
    pending.delete(cleanup);
    try {
      cleanup();
    } catch (error) {
      process.stderr.write(`# a cleanup at exit failed: ${(error as Error).message}\n`);
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', runAll);
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      runAll();
      process.removeListener(signal, onSignal);
      // With no listener left, the signal does what it would have done.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

/** Runs `cleanup` if this process ends before the returned function is called. */
export function onAbruptExit(cleanup: () => void): () => void {
  install();
  pending.add(cleanup);
  return () => void pending.delete(cleanup);
}
