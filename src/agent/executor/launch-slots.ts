// At most N tasks starting at once (checkpoint, TASK_STARTING, container
// launch). Starting is mostly this process's own work (spawning the stub,
// cgroups, files through libuv's four threads), so a thousand tasks started
// together only share the event loop and the threads a thousand ways: each
// runs late, and memory grows. Queued in order (still TASK_STAGING), the
// first tasks run first and the burst as a whole goes faster.
export class LaunchSlots {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly slots: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.slots) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await work();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}
