// Running hooks at their fixed points. A hook that throws is logged and the
// launch goes on, unless it is declared required.
import { messageOf } from '../errors.js';
import type { ContainerConfig } from '../isolators/isolator.js';
import type { Logger } from '../log/logger.js';
import { ModuleError } from '../modules/errors.js';
import type { DecoratableStatus, Hook, HookLaunchAdditions, LaunchedContainerInfo } from '../modules/hook.js';

async function guarded<T>(hook: Hook, point: string, logger: Logger, run: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    if (hook.required) {
      throw new ModuleError('HOOK_FAILED', `required hook '${hook.name}' failed ${point}: ${messageOf(error)}`, { module: hook.name }, { cause: error });
    }
    logger.warn({ hook: hook.name, err: messageOf(error) }, `hook failed ${point}; going on without it`);
    return undefined;
  }
}

export async function runBeforeLaunch(hooks: readonly Hook[], container: ContainerConfig): Promise<Required<HookLaunchAdditions>> {
  const merged: Required<HookLaunchAdditions> = { env: {}, labels: {} };
  for (const hook of hooks) {
    if (!hook.beforeLaunch) continue;
    const added = await guarded(hook, 'before launch', container.logger, () => hook.beforeLaunch!(container));
    Object.assign(merged.env, added?.env);
    Object.assign(merged.labels, added?.labels);
  }
  return merged;
}

export async function runAfterLaunch(hooks: readonly Hook[], container: LaunchedContainerInfo, logger: Logger): Promise<void> {
  for (const hook of hooks) {
    if (hook.afterLaunch) await guarded(hook, 'after launch', logger, () => hook.afterLaunch!(container));
  }
}

/** For the agent: each hook may decorate a task status update before it is sent. */
export async function decorateStatus<S extends DecoratableStatus>(hooks: readonly Hook[], status: S, logger: Logger): Promise<S> {
  let current = status;
  for (const hook of hooks) {
    if (!hook.decorateStatus) continue;
    const decorated = await guarded(hook, 'decorating a status update', logger, () => hook.decorateStatus!(structuredClone(current)));
    if (decorated) current = decorated as S;
  }
  return current;
}
