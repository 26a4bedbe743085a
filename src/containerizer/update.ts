// update (Mesos's): new cpus and mem for a running container, written into
// its cgroups by the isolators that set them at launch.
import { ContainerizerError, InvalidInputError } from '../errors.js';
import type { Resources } from '../isolators/isolator.js';
import type { ContainerizerContext } from './context.js';
import { RESOURCE_ISOLATORS as OWNERS, validateResources } from './resources.js';
import { withLockedView } from './locked.js';
import { DEFAULTS } from './options.js';
import type { RecordView } from './view.js';
import { requireRecord } from './view.js';

export async function updateContainer(ctx: ContainerizerContext, id: string, resources: Resources): Promise<Resources> {
  validateResources(resources);
  const deadline = ctx.host.now() + DEFAULTS.destroyTimeoutSeconds * 1000;
  return withLockedView(ctx, id, deadline, (view) => updateLocked(ctx, id, requireRecord(view), resources));
}

async function updateLocked(ctx: ContainerizerContext, id: string, { state, phase }: RecordView, resources: Resources): Promise<Resources> {
  if (phase !== 'running') throw new ContainerizerError('CONTAINER_NOT_RUNNING', `container '${id}' is not running (${phase}): there is nothing to update`);
  const given = (Object.keys(OWNERS) as Array<keyof Resources>).filter((name) => resources[name] !== undefined);
  if (given.length === 0) throw new InvalidInputError('INVALID_RESOURCES', 'update needs --cpus or --mem');
  const isolators = ctx.isolatorsNamed(state.isolation);
  for (const name of given) {
    if (!isolators.some((i) => i.name === OWNERS[name])) {
      throw new ContainerizerError('NOT_ISOLATED', `container '${id}' was launched without ${OWNERS[name]}: its ${name} cannot be updated`);
    }
  }
  for (const isolator of isolators) {
    await isolator.update?.({ containerId: id, sandbox: state.sandbox, state: state.isolatorState[isolator.name], logger: ctx.logger }, resources);
  }
  state.resources = { ...state.resources, ...resources };
  ctx.runDir.writeState(state);
  return state.resources;
}
