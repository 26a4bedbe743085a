import { watch } from 'node:fs';

/** Resolves at the next change in `dir` (inotify), or after `ms`, whichever is first. */
export function nextChange(dir: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    let watcher: ReturnType<typeof watch> | undefined;
    const done = (): void => {
      clearTimeout(timer);
      watcher?.close();
      resolve();
    };
    const timer = setTimeout(done, ms);
    try {
      watcher = watch(dir, { persistent: true }, done);
      watcher.on('error', done);
    } catch {
      // The directory is gone: let the caller look again.
      done();
    }
  });
}
