// Resources as Mesos's /state shows them: {"cpus":2,"mem":1024,"ports":"[31000-32000]"}.
import { addResources } from '../../mesos/resources/arithmetic.js';
import type { Resource } from '../../mesos/resources/resource.js';

export type ResourcesJson = Record<string, number | string>;

export function resourcesJson(resources: readonly Resource[]): ResourcesJson {
  const out: ResourcesJson = {};
  for (const r of addResources([], resources)) {
    if (r.type === 'SCALAR') out[r.name] = ((out[r.name] as number | undefined) ?? 0) + (r.scalar?.value ?? 0);
    else if (r.type === 'RANGES') out[r.name] = `[${(r.ranges?.range ?? []).map((x) => `${x.begin}-${x.end}`).join(', ')}]`;
    else out[r.name] = `{${(r.set?.item ?? []).join(', ')}}`;
  }
  return out;
}
