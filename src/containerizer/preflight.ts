// What the isolation needs from this machine, checked before anything runs
// (an agent refuses to start without it): root, the init stub, the cgroup
// hierarchy containers live in, and the controllers the resource isolators
// use. The first thing missing is thrown, named.
import { locateController } from '../cgroups/controllers.js';
import { ContainerizerError } from '../errors.js';
import { initStubPath } from '../launcher/init-stub.js';
import type { ContainerizerContext } from './context.js';

const CONTROLLERS: Record<string, 'cpu' | 'memory'> = { 'cgroups/cpu': 'cpu', 'cgroups/mem': 'memory' };

export function preflight(ctx: ContainerizerContext): void {
  if (process.getuid?.() !== 0) {
    throw new ContainerizerError('NEEDS_ROOT', `--isolation=${ctx.isolation.join(',')} needs root: containers are made of namespaces, mounts and cgroups`);
  }
  initStubPath();
  ctx.hierarchy();
  for (const name of ctx.isolation) {
    const controller = CONTROLLERS[name];
    if (controller) locateController(controller, ctx.hierarchyChoice);
  }
}
