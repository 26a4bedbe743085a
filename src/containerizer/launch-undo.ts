// Undoing a failed launch: what it started is killed before anything else
// (a cgroup cannot be removed, nor a sandbox safely, while a process of the
// container lives), then each step it made is undone, last first, each
// independent of the others.
import { messageOf } from '../errors.js';
import type { ContainerizerContext } from './context.js';

export type Undo = () => void | Promise<void>;

export class LaunchUndo {
  private readonly steps: Undo[] = [];
  private killStarted: Undo | undefined;

  push(step: Undo): void {
    this.steps.push(step);
  }

  /** Once processes exist: how to kill them. Runs first. */
  onceStarted(kill: Undo): void {
    this.killStarted = kill;
  }

  async run(ctx: ContainerizerContext): Promise<void> {
    for (const step of [...(this.killStarted ? [this.killStarted] : []), ...this.steps.reverse()]) {
      try {
        await step();
      } catch (error) {
        ctx.logger.warn({ err: messageOf(error) }, 'undoing a step of the failed launch failed');
        ctx.logger.debug({ err: error }, 'undo failure');
      }
    }
  }
}
