// plan-create --id ID --bundle B: the Node half of `create`, run by the C
// front-end under the container's lock, in the directory it just claimed.
// Reads config.json, writes the state record (before anything is made),
// makes the cgroups and applies the resources, and answers with the plan on
// fd 3. A failure undoes the cgroups made here; the front-end removes the
// directory.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { errnoCode, messageOf } from '../../errors.js';
import { createCgroups, removeMade } from '../cgroups/create.js';
import { applyResources, resourceWrites, v2ControllersNeeded } from '../cgroups/resources.js';
import { writeFileAtomically } from '../../containerizer/run-dir/durable-write.js';
import { OciConfigError } from '../errors.js';
import { linuxHost } from '../host.js';
import type { LogTarget } from '../log.js';
import { writeLog } from '../log.js';
import { createPlan } from '../plan/create-plan.js';
import { writePlan } from '../plan/write-plan.js';
import { ConfigSchema } from '../schema/config.js';
import { parseDocument } from '../schema/parse.js';
import { containerDir, writeStateRecord } from '../state-record.js';

export const PLAN_FD = 3;

export function readConfig(bundle: string): { file: string; text: string } {
  const file = join(bundle, 'config.json');
  try {
    return { file, text: readFileSync(file, 'utf8') };
  } catch (cause) {
    const why = errnoCode(cause) === 'ENOENT' ? 'the bundle has no config.json' : `cannot read it: ${messageOf(cause)}`;
    throw new OciConfigError(file, why, { cause });
  }
}

export function planCreate(root: string, id: string, bundle: string, log: LogTarget): void {
  const { file, text } = readConfig(bundle);
  const config = parseDocument(ConfigSchema, text, file);
  const plan = createPlan(id, resolve(bundle), config, file, linuxHost);
  for (const warning of plan.warnings) writeLog(log, 'warning', warning);
  writeStateRecord(root, plan.record);
  if (plan.hooks) writeFileAtomically(join(containerDir(root, id), 'hooks'), plan.hooks, { durable: false, what: 'the hooks record' });
  const ctx = { file, warn: (m: string) => writeLog(log, 'warning', `${file}: ${m}`), hasControl: (d: string, f: string) => existsSync(join(d, f)) };
  // every value checked before anything is made
  const writes = plan.resources ? resourceWrites(plan.record.cgroups, plan.resources, ctx) : [];
  const made = createCgroups(plan.record.cgroups, v2ControllersNeeded(writes));
  try {
    if (plan.resources) applyResources(plan.record.cgroups, plan.resources, ctx);
  } catch (error) {
    removeMade(made);
    throw error;
  }
  writePlan(PLAN_FD, plan.words.toBuffer());
}
