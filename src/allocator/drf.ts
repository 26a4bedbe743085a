// Dominant Resource Fairness (Ghodsi et al., as Mesos's default allocator):
// each agent's free resources go to the framework whose largest share of any
// resource in the cluster is the smallest.
import type { Allocator, Offer, Resources } from './allocator.js';
import { addResources, isEmpty, subtractResources } from './allocator.js';

export function createDrfAllocator(): Allocator {
  const frameworks = new Map<string, Resources>(); // framework → what it holds
  const agents = new Map<string, { total: Resources; free: Resources }>();

  const clusterTotal = (): Resources => [...agents.values()].reduce((sum, a) => addResources(sum, a.total), {} as Resources);
  const dominantShare = (held: Resources, total: Resources): number =>
    Math.max(0, ...Object.entries(held).map(([name, amount]) => (total[name] ? amount / total[name]! : 0)));

  return {
    name: 'drf',
    addFramework: (id) => void frameworks.set(id, frameworks.get(id) ?? {}),
    removeFramework: (id) => void frameworks.delete(id),
    addAgent: (id, total) => void agents.set(id, { total: { ...total }, free: { ...total } }),
    removeAgent: (id) => void agents.delete(id),
    recoverResources(frameworkId, agentId, resources) {
      const held = frameworks.get(frameworkId);
      if (held) frameworks.set(frameworkId, subtractResources(held, resources));
      const agent = agents.get(agentId);
      if (agent) agent.free = addResources(agent.free, resources);
    },
    allocate(): Offer[] {
      const offers: Offer[] = [];
      const total = clusterTotal();
      for (const [agentId, agent] of [...agents.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        if (isEmpty(agent.free) || frameworks.size === 0) continue;
        const [frameworkId] = [...frameworks.entries()]
          .map(([id, held]) => [id, dominantShare(held, total)] as const)
          .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0]!;
        const resources = agent.free;
        agent.free = {};
        frameworks.set(frameworkId, addResources(frameworks.get(frameworkId)!, resources));
        offers.push({ frameworkId, agentId, resources });
      }
      return offers;
    },
  };
}
